package io.neurectomy.console.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The console's version, which the build writes into the jar: shown by {@code --version}, written into archives. */
public final class AppVersion {
    private AppVersion() {
    }

    /** The console's version, e.g. {@code 0.1.0}, or {@code unknown} when run from unpacked classes. */
    public static String current() {
        try (InputStream in = AppVersion.class.getResourceAsStream("/console-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
