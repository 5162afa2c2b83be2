package io.neurectomy.console.sandbox;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The local stand-in of one pod, as the kubelet relay (port-forward, exec, log) sees it.
 *
 * @param namespace   the pod's namespace
 * @param name        the pod's name
 * @param root        the directory that stands in for the pod's filesystem: an absolute path {@code /x/y} inside the
 *                    pod is {@code root/x/y} here (volumes are "mounted" below it)
 * @param ports       container port to the loopback port of the local process that serves it
 * @param logFile     the process's combined stdout and stderr (may not exist yet)
 * @param unavailable null when a real process stands in for the pod; otherwise the sentence to answer port-forward
 *                    and exec with, e.g. "Grafana is not available in the sandbox (it has no Debian package)."
 */
public record PodRuntime(String namespace, String name, Path root, Map<Integer, Integer> ports, Path logFile,
        String unavailable) {

    public PodRuntime {
        ports = Map.copyOf(ports);
    }

    /** The loopback port that serves the container port, if a process serves it. */
    public Optional<Integer> localPort(int containerPort) {
        return Optional.ofNullable(ports.get(containerPort));
    }

    /** Whether a real local process stands in for the pod. */
    public boolean available() {
        return unavailable == null;
    }
}
