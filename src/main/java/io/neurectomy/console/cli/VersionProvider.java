package io.neurectomy.console.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the console version that the build writes into the jar. */
public final class VersionProvider implements IVersionProvider {

    /** The console's version, e.g. {@code 0.1.0}, or {@code unknown} when run from unpacked classes. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/console-version.properties")) {
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

    @Override
    public String[] getVersion() {
        return new String[] {"monitoring-console " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
