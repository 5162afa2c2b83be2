package io.neurectomy.console.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
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
 * @param volumes     the pod's persistent volumes as they are when asked (read when {@code df} runs)
 */
public record PodRuntime(String namespace, String name, Path root, Map<Integer, Integer> ports, Path logFile,
        String unavailable, Supplier<List<PodVolume>> volumes) {

    public PodRuntime {
        ports = Map.copyOf(ports);
        volumes = volumes == null ? List::of : volumes;
    }

    /** A stand-in without persistent volumes. */
    public PodRuntime(String namespace, String name, Path root, Map<Integer, Integer> ports, Path logFile,
            String unavailable) {
        this(namespace, name, root, ports, logFile, unavailable, List::of);
    }

    /** The loopback port that serves the container port, if a process serves it. */
    public Optional<Integer> localPort(int containerPort) {
        return Optional.ofNullable(ports.get(containerPort));
    }

    /** Whether a real local process stands in for the pod. */
    public boolean available() {
        return unavailable == null;
    }

    /**
     * The same stand-in: the same pod, directory, ports, log and availability. {@code volumes} is left out: it reads
     * the volumes' use when asked, and every look-up hands out a new reader, so comparing it would make a stand-in
     * differ from itself (a followed log would end at once, taking its container for replaced).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof PodRuntime r && namespace.equals(r.namespace) && name.equals(r.name)
                && root.equals(r.root) && ports.equals(r.ports) && Objects.equals(logFile, r.logFile)
                && Objects.equals(unavailable, r.unavailable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, name, root, ports, logFile, unavailable);
    }
}
