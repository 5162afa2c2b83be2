package io.neurectomy.console.core.cluster;

import java.util.List;

/**
 * An immutable, versioned picture of the stack's namespace (or of all namespaces) and the cluster's nodes.
 *
 * @param version       increases with every change the informers report
 * @param syncState     how far the picture can be trusted
 * @param syncDetail    why the state is what it is (for RECONNECTING: the last watch error), or empty
 * @param workloads     stack workloads first (prometheus, grafana, alertmanager — those of the session's namespace,
 *                      present or not), then the others by name, kind and namespace
 * @param pods          pods of the watched namespace(s), by namespace and name
 * @param nodes         all nodes of the cluster, by name
 * @param nodesHidden   why the nodes cannot be shown (listing them cluster-wide is forbidden), or empty
 * @param pdbs          PodDisruptionBudgets, by namespace and name
 * @param pvcs          PersistentVolumeClaims, by namespace and name
 * @param events        recent events, newest first (last seen; unknown times last), at most
 *                      {@value ClusterState#EVENTS_PER_OBJECT} per involved object and
 *                      {@value ClusterState#EVENTS_TOTAL} in all
 * @param allNamespaces whether pods and workloads of every namespace are watched, not only the stack's
 */
public record StackSnapshot(long version, SyncState syncState, String syncDetail, List<WorkloadInfo> workloads,
                            List<PodInfo> pods, List<NodeInfo> nodes, String nodesHidden, List<PdbInfo> pdbs,
                            List<PvcInfo> pvcs, List<EventInfo> events, boolean allNamespaces) {

    public StackSnapshot {
        workloads = List.copyOf(workloads);
        pods = List.copyOf(pods);
        nodes = List.copyOf(nodes);
        pdbs = List.copyOf(pdbs);
        pvcs = List.copyOf(pvcs);
        events = List.copyOf(events);
    }

    /** A picture without PDBs, PVCs and events, of one namespace. */
    public StackSnapshot(long version, SyncState syncState, String syncDetail, List<WorkloadInfo> workloads,
                         List<PodInfo> pods, List<NodeInfo> nodes, String nodesHidden) {
        this(version, syncState, syncDetail, workloads, pods, nodes, nodesHidden, List.of(), List.of(), List.of(),
                false);
    }

    /** The picture before anything is known. */
    public static StackSnapshot empty(SyncState state) {
        return new StackSnapshot(0, state, "", List.of(), List.of(), List.of(), "");
    }
}
