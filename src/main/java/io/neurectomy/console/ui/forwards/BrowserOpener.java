package io.neurectomy.console.ui.forwards;

import java.awt.Desktop;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import javafx.application.HostServices;

/**
 * Opens a URL in the user's browser. The view model calls it on a background thread (starting a browser may take a
 * moment); tests record the URL instead.
 */
@FunctionalInterface
public interface BrowserOpener {

    /**
     * Opens {@code url}.
     *
     * @throws IOException when no browser could be started
     */
    void open(String url) throws IOException;

    /** Through the application's {@link HostServices} (what a JavaFX application has at hand). */
    static BrowserOpener using(HostServices hostServices) {
        return hostServices::showDocument;
    }

    /**
     * The desktop's browser: AWT's {@link Desktop} where it can browse, otherwise the platform's opener command
     * ({@code xdg-open}, {@code open}, {@code rundll32}).
     */
    static BrowserOpener desktop() {
        return url -> {
            if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(URI.create(url));
                return;
            }
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            List<String> command = os.contains("win") ? List.of("rundll32", "url.dll,FileProtocolHandler", url)
                    : os.contains("mac") ? List.of("open", url) : List.of("xdg-open", url);
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        };
    }
}
