package io.neurectomy.console.core.cluster;

import java.util.List;

/**
 * An immutable, versioned picture of the stack's namespace and the cluster's nodes.
 *
 * @param version    increases with every change the informers report
 * @param syncState  how far the picture can be trusted
 * @param syncDetail why the state is what it is (for RECONNECTING: the last watch error), or empty
 * @param workloads  stack workloads first (prometheus, grafana, alertmanager), then the others by name
 * @param pods       pods of the namespace, by name
 * @param nodes      all nodes of the cluster, by name
 * @param nodesHidden why the nodes cannot be shown (listing them cluster-wide is forbidden), or empty
 */
public record StackSnapshot(long version, SyncState syncState, String syncDetail, List<WorkloadInfo> workloads,
                            List<PodInfo> pods, List<NodeInfo> nodes, String nodesHidden) {

    public StackSnapshot {
        workloads = List.copyOf(workloads);
        pods = List.copyOf(pods);
        nodes = List.copyOf(nodes);
    }

    /** The picture before anything is known. */
    public static StackSnapshot empty(SyncState state) {
        return new StackSnapshot(0, state, "", List.of(), List.of(), List.of(), "");
    }
}
