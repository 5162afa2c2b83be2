package io.neurectomy.console.core.cluster;

import java.util.Map;

/**
 * A cluster node as the overview and the topology need it.
 *
 * @param name          node name
 * @param ready         whether the Ready condition is True
 * @param unschedulable whether the node is cordoned
 * @param zone          the {@code topology.kubernetes.io/zone} label, or empty
 * @param allocatable   allocatable CPU and memory ({@link Resources#NONE} parts when not reported)
 * @param readyMessage  the Ready condition's reason and message when the node is not ready, or empty
 * @param labels        the node's labels
 */
public record NodeInfo(String name, boolean ready, boolean unschedulable, String zone, Resources allocatable,
                       String readyMessage, Map<String, String> labels) {

    public NodeInfo {
        labels = Map.copyOf(labels);
    }

    /** A node known only by its name and state. */
    public NodeInfo(String name, boolean ready, boolean unschedulable) {
        this(name, ready, unschedulable, "", Resources.NONE, "", Map.of());
    }
}
