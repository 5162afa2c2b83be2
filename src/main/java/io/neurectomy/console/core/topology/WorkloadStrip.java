package io.neurectomy.console.core.topology;

import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import io.neurectomy.console.core.stack.StackComponent;
import java.util.List;
import java.util.Optional;

/**
 * One workload's line in the workload strip.
 *
 * @param workload      counts and template images
 * @param component     its stack component; empty for anything outside the stack
 * @param podImages     distinct images its pods run, sorted; more than one per container means an upgrade is under
 *                      way (or stuck)
 * @param mixedVersions whether its pods run different images of the same container
 * @param pdb           the PodDisruptionBudget that selects its pods, if any
 */
public record WorkloadStrip(WorkloadInfo workload, Optional<StackComponent> component, List<String> podImages,
                            boolean mixedVersions, Optional<PdbInfo> pdb) {
    public WorkloadStrip {
        podImages = List.copyOf(podImages);
    }
}
