package io.neurectomy.console;

import io.neurectomy.console.cli.ConsoleCommand;
import io.neurectomy.console.logging.LogSetup;

/**
 * Entry point of {@code monitoring-console.jar}.
 *
 * <p>It deliberately does not extend {@code javafx.application.Application}: started from a class-path jar, a main
 * class that does would be refused ("JavaFX runtime components are missing").
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        LogSetup.init();
        int code = ConsoleCommand.commandLine(Launcher::openWindow).execute(args);
        System.exit(code);
    }

    private static void openWindow(ConsoleCommand.GuiOptions options) {
        throw new UnsupportedOperationException("window pending");
    }
}
