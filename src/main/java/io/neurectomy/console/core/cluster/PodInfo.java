package io.neurectomy.console.core.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the overview and the topology show of one pod; a plain value, free of fabric8 types.
 *
 * @param name              pod name
 * @param node              node it is scheduled on, or empty when unscheduled
 * @param status            what {@code kubectl get pods} prints in STATUS: the phase, or the container state
 *                          reason that explains it (CrashLoopBackOff, OOMKilled, ImagePullBackOff, Terminating, …)
 * @param readyContainers   containers that are ready
 * @param containers        containers in the pod
 * @param restarts          restarts summed over the containers
 * @param created           creation time, or null when unknown
 * @param workload          name of the owning StatefulSet, Deployment (through its ReplicaSet) or other owner, or
 *                          empty
 * @param namespace         namespace, or empty when not known
 * @param labels            the pod's labels
 * @param containerDetails  each container (init containers excluded), in spec order
 * @param conditions        the pod's conditions
 * @param claims            names of the PersistentVolumeClaims its volumes mount
 * @param schedulingMessage why the pod is not scheduled (the PodScheduled condition's message), or empty
 * @param uid               the API server's identity of this pod instance (a re-created pod of the same name gets a
 *                          new one), or empty when not known
 */
public record PodInfo(String name, String node, String status, int readyContainers, int containers, int restarts,
                      Instant created, String workload, String namespace, Map<String, String> labels,
                      List<ContainerInfo> containerDetails, List<ConditionInfo> conditions, List<String> claims,
                      String schedulingMessage, String uid) {

    public PodInfo {
        labels = Map.copyOf(labels);
        containerDetails = List.copyOf(containerDetails);
        conditions = List.copyOf(conditions);
        claims = List.copyOf(claims);
    }

    /** A pod without a known identity ({@code uid} empty). */
    public PodInfo(String name, String node, String status, int readyContainers, int containers, int restarts,
                   Instant created, String workload, String namespace, Map<String, String> labels,
                   List<ContainerInfo> containerDetails, List<ConditionInfo> conditions, List<String> claims,
                   String schedulingMessage) {
        this(name, node, status, readyContainers, containers, restarts, created, workload, namespace, labels,
                containerDetails, conditions, claims, schedulingMessage, "");
    }

    /** A pod known only by its summary (no namespace, labels or container details). */
    public PodInfo(String name, String node, String status, int readyContainers, int containers, int restarts,
                   Instant created, String workload) {
        this(name, node, status, readyContainers, containers, restarts, created, workload, "", Map.of(), List.of(),
                List.of(), List.of(), "", "");
    }

    /** Whether every container is ready. */
    public boolean ready() {
        return containers > 0 && readyContainers == containers;
    }

    /**
     * Which instance of the pod this is: its uid, or (when the uid is not known) its creation time. Two values
     * differ when a pod was deleted and created again under the same name.
     */
    public String instance() {
        return !uid.isEmpty() ? uid : String.valueOf(created);
    }

    /** {@code namespace/name}, unique across namespaces. */
    public String key() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
