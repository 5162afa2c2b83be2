package io.neurectomy.console.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import java.util.function.BiConsumer;

/** What the reconciler asks of the sandbox kubelet: run or stop the stand-in of a pod, and report on it. */
public interface PodProcesses {
    /** Starts the stand-in of a pod bound to a node; idempotent. */
    void start(Pod pod);

    /** Stops the stand-in of a pod, if one runs. */
    void stop(String namespace, String name);

    /**
     * Holds the pod's running process (SIGSTOP), as a hung server: its ports still accept connections, nothing
     * answers, and its readiness fails. Until the pod is deleted; does nothing when no process runs.
     */
    default void hang(String namespace, String name) {
    }

    /**
     * Empties the pod's persistent volumes, as a failed or replaced disk leaves them: stops its process, deletes the
     * files of the claims it mounts (projected ConfigMaps and Secrets stay) and starts the process again, one restart
     * more. All or nothing: when the process cannot be stopped now, or is between two runs, nothing changes.
     *
     * @return whether the volumes were emptied; false asks for another try on a later pass
     */
    default boolean wipeVolumes(String namespace, String name) {
        return false;
    }

    /** The last known state of the pod's stand-in; empty when none runs. */
    Optional<RuntimeStatus> status(String namespace, String name);

    /** Called with {@code namespace/name} whenever a stand-in's status changes. */
    void addListener(BiConsumer<String, RuntimeStatus> listener);
}
