package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.stack.StackComponent;
import java.util.List;
import java.util.Optional;

/**
 * One workload's card in the workload strip.
 *
 * @param key           {@code namespace/name}, or the name when the namespace is not known
 * @param name          workload name
 * @param kind          StatefulSet, Deployment or DaemonSet
 * @param component     stack component (empty outside the stack), for the colour
 * @param present       false for a stack workload that is not deployed
 * @param desired       replicas asked for
 * @param current       replicas that exist
 * @param ready         replicas that are ready
 * @param updated       replicas on the current template
 * @param images        images its pods run (or its template's, without pods)
 * @param mixedVersions whether its pods run different images of one container
 * @param pdb           "PDB minAvailable 1 · 1 disruption allowed", or "no PDB"
 * @param pdbBlocks     whether its PDB allows no disruption now (a drain would stall)
 * @param health        colour of the counts
 */
public record StripRow(String key, String name, String kind, Optional<StackComponent> component, boolean present,
                       int desired, int current, int ready, int updated, List<String> images, boolean mixedVersions,
                       String pdb, boolean pdbBlocks, Health health) {
    public StripRow {
        images = List.copyOf(images);
    }
}
