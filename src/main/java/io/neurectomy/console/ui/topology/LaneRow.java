package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.cluster.Resources;
import java.util.List;

/**
 * One lane of the topology: a node and the chips of its pods, or the lane of unscheduled pods. A value: records
 * compare by content, so an unchanged lane is not re-rendered.
 *
 * @param key           stable identity in the list: the node name, or {@link #UNSCHEDULED_KEY}
 * @param node          node name; empty for the unscheduled lane
 * @param unscheduled   whether this is the lane of pods without a node
 * @param ready         the node's Ready condition (true for the unscheduled lane)
 * @param cordoned      whether the node is cordoned
 * @param zone          the node's zone, or empty
 * @param readyMessage  why the node is not ready, or empty
 * @param allocatable   the node's allocatable CPU and memory
 * @param stackRequests what the stack's pods on it request
 * @param podRequests   what all watched pods on it request
 * @param pods          chips of the pods shown (those matching the search)
 * @param hiddenPods    pods of the lane that the search hides
 */
public record LaneRow(String key, String node, boolean unscheduled, boolean ready, boolean cordoned, String zone,
                      String readyMessage, Resources allocatable, Resources stackRequests, Resources podRequests,
                      List<PodChip> pods, int hiddenPods) {
    /** The key of the lane of pods without a node; no node name can contain a space. */
    public static final String UNSCHEDULED_KEY = "unscheduled pods";

    public LaneRow {
        pods = List.copyOf(pods);
    }

    /** Share of allocatable CPU that the stack requests here, 0..1 (more when overcommitted), or -1 if unknown. */
    public double stackCpuShare() {
        return share(stackRequests.cpuMillis(), allocatable.cpuMillis());
    }

    /** Share of allocatable memory that the stack requests here, or -1 if unknown. */
    public double stackMemoryShare() {
        return share(stackRequests.memoryBytes(), allocatable.memoryBytes());
    }

    /** "CPU 4.5/8": what the stack requests of what the node can give. */
    public String cpuText() {
        return "CPU " + ResourceText.cores(Math.max(0, stackRequests.cpuMillis())) + "/"
                + ResourceText.cores(allocatable.cpuMillis());
    }

    /** "Mem 18Gi/31Gi". */
    public String memoryText() {
        return "Mem " + ResourceText.memory(Math.max(0, stackRequests.memoryBytes())) + "/"
                + ResourceText.memory(allocatable.memoryBytes());
    }

    private static double share(long used, long total) {
        return total <= 0 ? -1 : Math.max(0, used) / (double) total;
    }
}
