package io.neurectomy.console.core.cluster;

/**
 * Replica counts of one workload in the namespace.
 *
 * @param kind     {@code StatefulSet}, {@code Deployment} or {@code DaemonSet}
 * @param name     workload name
 * @param desired  replicas asked for in the spec
 * @param current  replicas that exist
 * @param ready    replicas that are ready
 * @param updated  replicas that run the current template
 * @param stack    whether it is one of the monitoring stack's own workloads
 * @param present  false for a stack workload that the namespace does not have (not deployed)
 */
public record WorkloadInfo(String kind, String name, int desired, int current, int ready, int updated,
                           boolean stack, boolean present) {
}
