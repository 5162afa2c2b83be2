package io.neurectomy.console.core.cluster;

import java.util.List;
import java.util.Map;

/**
 * Replica counts of one workload in the namespace.
 *
 * @param kind      {@code StatefulSet}, {@code Deployment} or {@code DaemonSet}
 * @param name      workload name
 * @param desired   replicas asked for in the spec
 * @param current   replicas that exist
 * @param ready     replicas that are ready
 * @param updated   replicas that run the current template
 * @param stack     whether it is one of the monitoring stack's own workloads
 * @param present   false for a stack workload that the namespace does not have (not deployed)
 * @param namespace namespace, or empty when not known
 * @param images    images of the pod template's containers, in order
 * @param selector  the selector's {@code matchLabels}
 */
public record WorkloadInfo(String kind, String name, int desired, int current, int ready, int updated,
                           boolean stack, boolean present, String namespace, List<String> images,
                           Map<String, String> selector) {

    public WorkloadInfo {
        images = List.copyOf(images);
        selector = Map.copyOf(selector);
    }

    /** A workload known only by its counts. */
    public WorkloadInfo(String kind, String name, int desired, int current, int ready, int updated,
                        boolean stack, boolean present) {
        this(kind, name, desired, current, ready, updated, stack, present, "", List.of(), Map.of());
    }
}
