package io.neurectomy.console.core.topology;

import java.util.List;

/**
 * What a what-if does to one workload that has pods on the node.
 *
 * @param namespace          namespace of the workload
 * @param workload           workload name
 * @param podsOnNode         its pods on the node, by name
 * @param desired            replicas asked for
 * @param readyBefore        ready replicas now
 * @param readyAfter         ready replicas right after the failure (before any replacement); for a drain, the fewest
 *                           ready at any moment of it (while an evicted pod's replacement starts, or for good when
 *                           it cannot be placed)
 * @param pdbMinHealthy      healthy pods its PDB requires, or -1 without a PDB
 * @param losesAvailability  no ready replica left
 * @param belowPdb           fewer ready replicas than the PDB requires
 * @param blocksDrain        (drain) at least one of its pods cannot be evicted
 * @param explanation        one sentence for the panel
 */
public record WorkloadImpact(String namespace, String workload, List<String> podsOnNode, int desired,
                             int readyBefore, int readyAfter, int pdbMinHealthy, boolean losesAvailability,
                             boolean belowPdb, boolean blocksDrain, String explanation) {
    public WorkloadImpact {
        podsOnNode = List.copyOf(podsOnNode);
    }
}
