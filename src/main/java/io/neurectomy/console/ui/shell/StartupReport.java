package io.neurectomy.console.ui.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the moment the window is first shown, for measuring the start time ({@code bench/startup.sh}): when the
 * environment variable {@value #ENV} (or the system property {@value #PROPERTY}) names a file, at the end of the
 * first pulse of the shown window (its first frame laid out and handed to the renderer) one line is appended to it:
 * {@code window-shown <epoch milliseconds> <title>}. Without them nothing is written.
 */
public final class StartupReport {
    /** The environment variable that names the report file. */
    public static final String ENV = "MONITORING_CONSOLE_REPORT_SHOWN";
    /** The system property that names the report file (wins over the environment variable). */
    public static final String PROPERTY = "console.reportShown";

    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);
    private static boolean reported;

    private StartupReport() {
    }

    /** Called after the first pulse of a shown window; reports the first one when asked to. */
    static synchronized void windowShown(String title) {
        String file = System.getProperty(PROPERTY, System.getenv(ENV));
        if (reported || file == null || file.isBlank()) {
            return;
        }
        reported = true;
        String line = "window-shown " + System.currentTimeMillis() + " " + title + "\n";
        try {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not write the start-up report to {}: {}", file, e.getMessage());
        }
    }
}
