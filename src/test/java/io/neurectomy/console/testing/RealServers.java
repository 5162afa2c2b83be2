package io.neurectomy.console.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real programs that real-server tests drive: Prometheus, Alertmanager, their tools, and kubectl.
 *
 * <p>Without one a test is skipped with a loud message (on the build's console too, see {@link SkippedTestsReport}),
 * unless {@code -Dconsole.requireRealServers=true} (set by {@code .ci/run}) turns the missing program into a failure.
 */
public final class RealServers {
    public static final String PROMETHEUS = "prometheus";
    public static final String ALERTMANAGER = "prometheus-alertmanager";
    public static final String PROMTOOL = "promtool";
    public static final String AMTOOL = "amtool";
    public static final String KUBECTL = "kubectl";

    private RealServers() {
    }

    /** Whether a missing binary fails the test instead of skipping it. */
    public static boolean required() {
        return Boolean.getBoolean("console.requireRealServers");
    }

    /** The binary's path on PATH, if any. */
    public static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The binary's path; skips (or, when required, fails) the calling test when it is missing. */
    public static Path require(String name) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            String message = "Real-server test needs '" + name + "' on PATH (" + installHint(name) + "); "
                    + (required() ? "failing" : "SKIPPING") + " because it is missing.";
            if (required()) {
                throw new AssertionError(message);
            }
            System.err.println("*** " + message);
            Assumptions.abort(message);
        }
        return found.get();
    }

    private static String installHint(String name) {
        return name.equals(KUBECTL) ? "kubectl 1.31 or later; .ci/run installs it"
                : "apt-get install prometheus prometheus-alertmanager";
    }
}
