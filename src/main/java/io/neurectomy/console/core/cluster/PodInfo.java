package io.neurectomy.console.core.cluster;

import java.time.Instant;

/**
 * What the overview shows of one pod; a plain value, free of fabric8 types.
 *
 * @param name            pod name
 * @param node            node it is scheduled on, or empty when unscheduled
 * @param status          what {@code kubectl get pods} prints in STATUS: the phase, or the container state reason
 *                        that explains it (CrashLoopBackOff, OOMKilled, ImagePullBackOff, Terminating, …)
 * @param readyContainers containers that are ready
 * @param containers      containers in the pod
 * @param restarts        restarts summed over the containers
 * @param created         creation time, or null when unknown
 * @param workload        name of the owning StatefulSet, Deployment (through its ReplicaSet) or other owner, or
 *                        empty
 */
public record PodInfo(String name, String node, String status, int readyContainers, int containers, int restarts,
                      Instant created, String workload) {

    /** Whether every container is ready. */
    public boolean ready() {
        return containers > 0 && readyContainers == containers;
    }
}
