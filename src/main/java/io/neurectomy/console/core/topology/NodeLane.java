package io.neurectomy.console.core.topology;

import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.Resources;
import io.neurectomy.console.core.stack.StackComponent;
import java.util.List;

/**
 * One node and the pods scheduled on it.
 *
 * @param node          the node
 * @param pods          pods on it, stack pods first (by component), then by name
 * @param stackRequests CPU and memory requested by the stack's pods on this node
 * @param podRequests   CPU and memory requested by all the watched pods on this node
 */
public record NodeLane(NodeInfo node, List<PodInfo> pods, Resources stackRequests, Resources podRequests) {
    public NodeLane {
        pods = List.copyOf(pods);
    }

    /** Whether any pod of the monitoring stack runs here. */
    public boolean holdsStackPods() {
        return pods.stream().anyMatch(p -> StackComponent.ofWorkload(p.workload()).isPresent());
    }
}
