package io.neurectomy.console.logging;

import io.neurectomy.console.core.AppDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Points logback at the user's state directory; must run before the first logger is created. */
public final class LogSetup {
    /** System property read by {@code logback.xml}. */
    public static final String LOG_DIR_PROPERTY = "console.logDir";

    /** Held so the JDK keeps the level set on it: JUL loggers are weakly referenced. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private LogSetup() {
    }

    /** Sets the log directory (creating it) unless one was given on the command line, and returns it. */
    public static Path init() {
        String given = System.getProperty(LOG_DIR_PROPERTY);
        Path dir = given != null && !given.isBlank() ? Path.of(given) : AppDirs.current().logDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            // Logging must never stop the console from starting: fall back to the temp directory.
            dir = Path.of(System.getProperty("java.io.tmpdir"), "monitoring-console-logs");
        }
        System.setProperty(LOG_DIR_PROPERTY, dir.toString());
        // The sandbox's API server logs every request through java.util.logging onto the terminal.
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        return dir;
    }
}
