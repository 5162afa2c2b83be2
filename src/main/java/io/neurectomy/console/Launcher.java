package io.neurectomy.console;

import io.neurectomy.console.cli.ConsoleCommand;
import io.neurectomy.console.cli.SandboxCommand;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.logging.LogSetup;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.ui.shell.ConsoleApp;
import io.neurectomy.console.ui.shell.ConsoleServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
        // Only window options: open it at once, without building every command's model first.
        Optional<ConsoleCommand.GuiOptions> window = ConsoleCommand.windowOnly(args);
        if (window.isPresent()) {
            try {
                openWindow(window.get());
                System.exit(0);
            } catch (RuntimeException e) {
                // Said as the full command line says it (its error handler, exit code): the window failed there.
                System.exit(ConsoleCommand.commandLine(options -> {
                    throw e;
                }, Launcher::startSandbox).execute(args));
            }
        }
        int code = ConsoleCommand.commandLine(Launcher::openWindow, Launcher::startSandbox).execute(args);
        System.exit(code);
    }

    /** The {@code sandbox} command's door into the sandbox: starts an embedded cluster. */
    static SandboxCommand.Running startSandbox(boolean empty, Duration propagationDelay) {
        SandboxCluster sandbox = SandboxCluster.start(empty, SandboxCluster.Options.defaults()
                .withPropagationDelay(propagationDelay));
        return new SandboxCommand.Running(sandbox.url(), sandbox.kubeconfig(), sandbox::close,
                SandboxCluster.ENVIRONMENT, sandbox.valuesFile());
    }

    /**
     * Whether the window opens on a fresh sandbox: when asked to, or for a newcomer without any kubeconfig (none
     * given, none remembered, none of kubectl's default files exists), who sees a live stack at once instead of an
     * empty screen.
     *
     * @param defaultKubeconfigs the files kubectl would read ({@link KubeconfigLoader#defaultFiles()})
     */
    static boolean opensTheSandbox(ConsoleCommand.GuiOptions options, ConsoleSettings settings,
                                   List<Path> defaultKubeconfigs) {
        return options.sandbox() || options.kubeconfig() == null && settings.lastKubeconfigFile().isEmpty()
                && defaultKubeconfigs.stream().noneMatch(Files::isRegularFile);
    }

    /** Opens the window and returns when it is closed. Options given on the command line win over remembered ones. */
    private static void openWindow(ConsoleCommand.GuiOptions options) {
        ConsoleSettings settings = ConsoleSettings.load();
        if (opensTheSandbox(options, settings, KubeconfigLoader.defaultFiles())) {
            openSandboxWindow();
            return;
        }
        // Only preselections: they are saved like any choice once a connection with them succeeds.
        if (options.kubeconfig() != null) {
            settings.setLastKubeconfigFile(options.kubeconfig().toAbsolutePath());
        }
        if (options.context() != null) {
            settings.setLastContext(options.context());
        }
        if (options.namespace() != null) {
            settings.setLastNamespace(options.namespace());
        }
        OnDemandSandbox sandbox = new OnDemandSandbox();
        ConsoleApp.launch(ConsoleServices.production(settings, sandbox::kubeconfig, sandbox::close));
    }

    /** The sandbox behind the connect screen's "Sandbox cluster" button: started on first use, once. */
    private static final class OnDemandSandbox {
        private SandboxCluster sandbox;

        synchronized Path kubeconfig() {
            if (sandbox == null) {
                sandbox = SandboxCluster.start(false);
            }
            return sandbox.kubeconfig();
        }

        synchronized void close() {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    /**
     * A fresh sandbox cluster, stopped with the window (or by the shutdown hook if the JVM is killed). The window
     * comes first and says that the sandbox is starting; the sandbox starts in the background (several seconds).
     */
    private static void openSandboxWindow() {
        OnDemandSandbox sandbox = new OnDemandSandbox();
        ConsoleApp.launch(ConsoleServices.sandbox(sandbox::kubeconfig, SandboxCluster.CONTEXT, sandbox::close));
    }
}
