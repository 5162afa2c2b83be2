package io.neurectomy.console.core.topology;

import io.neurectomy.console.core.cluster.ContainerInfo;
import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.Resources;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import io.neurectomy.console.core.stack.StackComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where everything runs: one lane per node with its pods, a lane of pods that are not scheduled, and the
 * workload strip. A pure function of a {@link StackSnapshot}.
 *
 * @param version     the snapshot version it was built from
 * @param lanes       one per node, by node name; nodes whose pods are known but that are not listed (nodes hidden by
 *                    RBAC) get a lane with a name-only node
 * @param unscheduled pods without a node, by name
 * @param strips      one per workload, in the snapshot's order
 */
public record Topology(long version, List<NodeLane> lanes, List<PodInfo> unscheduled, List<WorkloadStrip> strips) {
    public Topology {
        lanes = List.copyOf(lanes);
        unscheduled = List.copyOf(unscheduled);
        strips = List.copyOf(strips);
    }

    /** Lays out a snapshot. */
    public static Topology of(StackSnapshot snapshot) {
        SnapshotIndex index = SnapshotIndex.of(snapshot);
        // A pod's component is looked up once, not on every comparison of the sort; the stack's come first, in the
        // registry's order, then everything else.
        Map<PodInfo, Integer> ranks = new IdentityHashMap<>();
        for (PodInfo pod : snapshot.pods()) {
            ranks.put(pod, index.component(pod).map(Enum::ordinal).orElse(StackComponent.values().length));
        }
        Comparator<PodInfo> podOrder = Comparator.comparing((PodInfo p) -> ranks.get(p))
                .thenComparing(PodInfo::namespace)
                .thenComparing(PodInfo::name);

        List<PodInfo> unscheduled = new ArrayList<>();
        for (PodInfo pod : snapshot.pods()) {
            if (pod.node().isEmpty()) {
                unscheduled.add(pod);
            }
        }
        Map<String, NodeInfo> nodes = new HashMap<>();
        snapshot.nodes().forEach(n -> nodes.put(n.name(), n));
        index.nodesWithPods().forEach(n -> nodes.putIfAbsent(n, new NodeInfo(n, true, false)));
        List<NodeInfo> sortedNodes = new ArrayList<>(nodes.values());
        sortedNodes.sort(Comparator.comparing(NodeInfo::name));
        List<NodeLane> lanes = new ArrayList<>(sortedNodes.size());
        for (NodeInfo node : sortedNodes) {
            List<PodInfo> sorted = new ArrayList<>(index.podsOn(node.name()));
            sorted.sort(podOrder);
            Resources stack = Resources.NONE;
            Resources all = Resources.NONE;
            for (PodInfo pod : sorted) {
                Resources r = requests(pod);
                all = all.plus(r);
                if (ranks.get(pod) < StackComponent.values().length) {
                    stack = stack.plus(r);
                }
            }
            lanes.add(new NodeLane(node, sorted, stack, all));
        }
        unscheduled.sort(podOrder);

        List<WorkloadStrip> strips = new ArrayList<>(snapshot.workloads().size());
        for (WorkloadInfo w : snapshot.workloads()) {
            strips.add(strip(w, index.pods(w), index.pdb(w)));
        }
        return new Topology(snapshot.version(), lanes, unscheduled, strips);
    }

    /** The sum of a pod's container requests. */
    public static Resources requests(PodInfo pod) {
        Resources sum = Resources.NONE;
        for (ContainerInfo c : pod.containerDetails()) {
            sum = sum.plus(c.requests());
        }
        return sum;
    }

    private static WorkloadStrip strip(WorkloadInfo w, List<PodInfo> pods, Optional<PdbInfo> pdb) {
        TreeSet<String> images = new TreeSet<>();
        Map<String, TreeSet<String>> perContainer = new HashMap<>();
        for (PodInfo pod : pods) {
            for (ContainerInfo c : pod.containerDetails()) {
                images.add(c.image());
                perContainer.computeIfAbsent(c.name(), k -> new TreeSet<>()).add(c.image());
            }
        }
        boolean mixed = perContainer.values().stream().anyMatch(s -> s.size() > 1);
        Optional<StackComponent> component = w.stack() ? StackComponent.ofWorkload(w.name()) : Optional.empty();
        return new WorkloadStrip(w, component, List.copyOf(images), mixed, pdb);
    }

    /**
     * The first PDB (of {@code pdbs}, in their order) whose selector matches all of the workload's pods, or, for a
     * workload without pods, its own selector. Budgets of another namespace and budgets with an empty selector are
     * skipped.
     */
    static Optional<PdbInfo> pdbFor(WorkloadInfo w, List<PodInfo> pods, List<PdbInfo> pdbs) {
        for (PdbInfo pdb : pdbs) {
            if (!w.namespace().isEmpty() && !pdb.namespace().isEmpty() && !w.namespace().equals(pdb.namespace())) {
                continue;
            }
            if (pdb.selector().isEmpty()) {
                continue;
            }
            boolean matches;
            if (pods.isEmpty()) {
                matches = selects(pdb.selector(), w.selector());
            } else {
                matches = true;
                for (PodInfo p : pods) {
                    if (!selects(pdb.selector(), p.labels())) {
                        matches = false;
                        break;
                    }
                }
            }
            if (matches) {
                return Optional.of(pdb);
            }
        }
        return Optional.empty();
    }

    /** Whether every entry of a {@code matchLabels} selector is among the labels. */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
