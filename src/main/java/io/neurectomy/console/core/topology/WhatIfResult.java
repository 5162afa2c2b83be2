package io.neurectomy.console.core.topology;

import java.util.List;

/**
 * The computed outcome of failing or draining one node; nothing is executed.
 *
 * @param node         the node
 * @param mode         failure or drain
 * @param impacts      one per workload with pods on the node, stack workloads first
 * @param drainBlocked (drain) whether the drain would not finish by itself
 * @param summary      one sentence for the panel's heading
 */
public record WhatIfResult(String node, WhatIfMode mode, List<WorkloadImpact> impacts, boolean drainBlocked,
                           String summary) {
    public WhatIfResult {
        impacts = List.copyOf(impacts);
    }
}
