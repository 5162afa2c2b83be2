package io.neurectomy.console.core.topology;

import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lookups over one snapshot shared by the topology, the findings and the what-if: pods by workload and by node,
 * which pods belong to the stack, and each workload's PodDisruptionBudget.
 *
 * <p>In a snapshot of one namespace, workloads and pods are matched by name alone (some sources leave the namespace
 * empty on one side); across namespaces, by namespace and name.
 */
final class SnapshotIndex {
    /** Pod statuses of pods that are gone or going: they count for nothing. */
    private static final Set<String> FINISHED = Set.of("Terminating", "Succeeded", "Completed", "Failed", "Evicted");

    final StackSnapshot snapshot;
    private final Map<String, WorkloadInfo> workloads = new LinkedHashMap<>();
    private final Map<String, Integer> workloadOrder = new HashMap<>();
    private final Map<String, List<PodInfo>> podsByWorkload = new HashMap<>();
    private final Map<String, List<PodInfo>> podsByNode = new HashMap<>();
    private final Map<String, NodeInfo> nodes = new HashMap<>();
    private final Map<String, List<PdbInfo>> pdbsByNamespace = new HashMap<>();
    private final Map<String, Optional<PdbInfo>> pdbCache = new HashMap<>();

    SnapshotIndex(StackSnapshot snapshot) {
        this.snapshot = snapshot;
        for (WorkloadInfo w : snapshot.workloads()) {
            String key = key(w.namespace(), w.name());
            if (workloads.putIfAbsent(key, w) == null) {
                workloadOrder.put(key, workloadOrder.size());
            }
        }
        for (PodInfo pod : snapshot.pods()) {
            if (!pod.workload().isEmpty()) {
                podsByWorkload.computeIfAbsent(key(pod.namespace(), pod.workload()), k -> new ArrayList<>()).add(pod);
            }
            if (!pod.node().isEmpty()) {
                podsByNode.computeIfAbsent(pod.node(), k -> new ArrayList<>()).add(pod);
            }
        }
        snapshot.nodes().forEach(n -> nodes.put(n.name(), n));
    }

    /** The key of a workload (or of a pod's owner) in this snapshot. */
    String key(String namespace, String name) {
        return snapshot.allNamespaces() ? namespace + "/" + name : name;
    }

    String key(WorkloadInfo w) {
        return key(w.namespace(), w.name());
    }

    /** The key of the workload a pod belongs to, or empty for a pod without owner. */
    String workloadKey(PodInfo pod) {
        return pod.workload().isEmpty() ? "" : key(pod.namespace(), pod.workload());
    }

    /** The workloads, in the snapshot's order (stack first). */
    Iterable<WorkloadInfo> workloads() {
        return workloads.values();
    }

    Optional<WorkloadInfo> workload(String key) {
        return Optional.ofNullable(workloads.get(key));
    }

    /** Position of a workload in the snapshot's order, or {@link Integer#MAX_VALUE} for one not listed. */
    int order(String key) {
        return workloadOrder.getOrDefault(key, Integer.MAX_VALUE);
    }

    /** Every pod of a workload, in the snapshot's order. */
    List<PodInfo> pods(WorkloadInfo w) {
        return podsByWorkload.getOrDefault(key(w), List.of());
    }

    List<PodInfo> podsWithOwner(String key) {
        return podsByWorkload.getOrDefault(key, List.of());
    }

    /** Pods scheduled on a node, in the snapshot's order. */
    List<PodInfo> podsOn(String node) {
        return podsByNode.getOrDefault(node, List.of());
    }

    /** Names of nodes that have pods, in no order. */
    Set<String> nodesWithPods() {
        return podsByNode.keySet();
    }

    /** A node by name; a node known only from its pods (nodes hidden) is taken as ready and schedulable. */
    NodeInfo node(String name) {
        NodeInfo n = nodes.get(name);
        return n != null ? n : new NodeInfo(name, true, false);
    }

    boolean nodeListed(String name) {
        return nodes.containsKey(name);
    }

    /** Whether a workload is one of the monitoring stack's own. */
    static boolean isStack(WorkloadInfo w) {
        return w.stack();
    }

    /**
     * Whether a pod belongs to the monitoring stack: its workload is a stack workload, or, for an owner the snapshot
     * does not list, its owner has a stack component's name.
     */
    boolean isStack(PodInfo pod) {
        if (pod.workload().isEmpty()) {
            return false;
        }
        WorkloadInfo w = workloads.get(workloadKey(pod));
        if (w != null) {
            return w.stack();
        }
        return !snapshot.allNamespaces() && WorkloadGroup.of(pod.workload()) != WorkloadGroup.OTHER;
    }

    /** The colour group of a pod: its stack component, or OTHER for anything outside the stack. */
    WorkloadGroup group(PodInfo pod) {
        return isStack(pod) ? WorkloadGroup.of(pod.workload()) : WorkloadGroup.OTHER;
    }

    /** Whether a pod still counts: not terminating, not finished. */
    static boolean live(PodInfo pod) {
        return !FINISHED.contains(pod.status());
    }

    /** The PodDisruptionBudget that selects a workload's pods, if any. */
    Optional<PdbInfo> pdb(WorkloadInfo w) {
        return pdbCache.computeIfAbsent(key(w), k -> Topology.pdbFor(w, pods(w), pdbsFor(w.namespace())));
    }

    /** The budget of a workload, sized by the replicas it asks for. */
    Optional<DisruptionBudget> budget(WorkloadInfo w) {
        return pdb(w).map(p -> DisruptionBudget.of(p, expected(w)));
    }

    /** Replicas a workload asks for; for one known only from its pods, how many live pods it has. */
    int expected(WorkloadInfo w) {
        if (w.present() && w.desired() > 0) {
            return w.desired();
        }
        return (int) pods(w).stream().filter(SnapshotIndex::live).count();
    }

    /** Budgets that may apply in a namespace, in the snapshot's order. */
    private List<PdbInfo> pdbsFor(String namespace) {
        if (!snapshot.allNamespaces() || namespace.isEmpty()) {
            return snapshot.pdbs();
        }
        return pdbsByNamespace.computeIfAbsent(namespace, ns -> snapshot.pdbs().stream()
                .filter(p -> p.namespace().isEmpty() || p.namespace().equals(ns)).toList());
    }

    /** How a workload is named to a person: with its namespace when several namespaces are shown. */
    String display(WorkloadInfo w) {
        return snapshot.allNamespaces() && !w.namespace().isEmpty() ? w.namespace() + "/" + w.name() : w.name();
    }

    /** How a pod is named to a person. */
    String display(PodInfo pod) {
        return snapshot.allNamespaces() && !pod.namespace().isEmpty() ? pod.key() : pod.name();
    }

    /** The target of a SHOW_WORKLOAD action: {@code namespace/workload}, or the name when the namespace is unknown. */
    static String target(WorkloadInfo w) {
        return w.namespace().isEmpty() ? w.name() : w.namespace() + "/" + w.name();
    }
}
