package io.neurectomy.console.sandbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real programs the sandbox kubelet runs in place of containers: Debian's {@code prometheus} and
 * {@code prometheus-alertmanager}, plus their command-line tools for exec.
 *
 * @param prometheus   the Prometheus server
 * @param alertmanager the Alertmanager (Debian names it {@code prometheus-alertmanager})
 * @param promtool     Prometheus's checker
 * @param amtool       Alertmanager's checker
 */
public record Binaries(Optional<Path> prometheus, Optional<Path> alertmanager, Optional<Path> promtool,
        Optional<Path> amtool) {

    /** Finds the programs on PATH (Debian names first, upstream {@code alertmanager} as a fallback). */
    public static Binaries fromPath() {
        return new Binaries(onPath("prometheus"), onPath("prometheus-alertmanager").or(() -> onPath("alertmanager")),
                onPath("promtool"), onPath("amtool"));
    }

    /** No programs at all: the sandbox then only stores API objects and runs no processes. */
    public static Binaries none() {
        return new Binaries(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
