package io.neurectomy.console.cli;

import io.neurectomy.console.core.AppVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the console version that the build writes into the jar, and the Java runtime. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"monitoring-console " + AppVersion.current(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
