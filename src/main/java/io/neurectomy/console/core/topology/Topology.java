package io.neurectomy.console.core.topology;

import io.neurectomy.console.core.cluster.ContainerInfo;
import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.Resources;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    private static final Comparator<PodInfo> POD_ORDER = Comparator
            .comparing((PodInfo p) -> WorkloadGroup.of(p.workload()))
            .thenComparing(PodInfo::namespace)
            .thenComparing(PodInfo::name);

    /** Lays out a snapshot. */
    public static Topology of(StackSnapshot snapshot) {
        Map<String, List<PodInfo>> byNode = new HashMap<>();
        List<PodInfo> unscheduled = new ArrayList<>();
        for (PodInfo pod : snapshot.pods()) {
            if (pod.node().isEmpty()) {
                unscheduled.add(pod);
            } else {
                byNode.computeIfAbsent(pod.node(), n -> new ArrayList<>()).add(pod);
            }
        }
        Map<String, NodeInfo> nodes = new LinkedHashMap<>();
        snapshot.nodes().forEach(n -> nodes.put(n.name(), n));
        new TreeSet<>(byNode.keySet()).forEach(n -> nodes.putIfAbsent(n, new NodeInfo(n, true, false)));
        List<NodeLane> lanes = new ArrayList<>(nodes.size());
        nodes.values().stream().sorted(Comparator.comparing(NodeInfo::name)).forEach(node -> {
            List<PodInfo> pods = byNode.getOrDefault(node.name(), List.of());
            List<PodInfo> sorted = new ArrayList<>(pods);
            sorted.sort(POD_ORDER);
            Resources stack = Resources.NONE;
            Resources all = Resources.NONE;
            for (PodInfo pod : sorted) {
                Resources r = requests(pod);
                all = all.plus(r);
                if (WorkloadGroup.of(pod.workload()) != WorkloadGroup.OTHER) {
                    stack = stack.plus(r);
                }
            }
            lanes.add(new NodeLane(node, sorted, stack, all));
        });
        unscheduled.sort(POD_ORDER);

        Map<String, List<PodInfo>> byWorkload = new HashMap<>();
        for (PodInfo pod : snapshot.pods()) {
            byWorkload.computeIfAbsent(pod.namespace() + "/" + pod.workload(), k -> new ArrayList<>()).add(pod);
        }
        List<WorkloadStrip> strips = new ArrayList<>();
        for (WorkloadInfo w : snapshot.workloads()) {
            List<PodInfo> pods = byWorkload.getOrDefault(w.namespace() + "/" + w.name(), List.of());
            strips.add(strip(w, pods, snapshot.pdbs()));
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

    private static WorkloadStrip strip(WorkloadInfo w, List<PodInfo> pods, List<PdbInfo> pdbs) {
        TreeSet<String> images = new TreeSet<>();
        Map<String, TreeSet<String>> perContainer = new HashMap<>();
        for (PodInfo pod : pods) {
            for (ContainerInfo c : pod.containerDetails()) {
                images.add(c.image());
                perContainer.computeIfAbsent(c.name(), k -> new TreeSet<>()).add(c.image());
            }
        }
        boolean mixed = perContainer.values().stream().anyMatch(s -> s.size() > 1);
        return new WorkloadStrip(w, WorkloadGroup.of(w.name()), List.copyOf(images), mixed, pdbFor(w, pods, pdbs));
    }

    /** The PDB whose selector matches the workload's pods (or, without pods, its own selector). */
    static Optional<PdbInfo> pdbFor(WorkloadInfo w, List<PodInfo> pods, List<PdbInfo> pdbs) {
        for (PdbInfo pdb : pdbs) {
            if (!w.namespace().isEmpty() && !pdb.namespace().isEmpty() && !w.namespace().equals(pdb.namespace())) {
                continue;
            }
            if (pdb.selector().isEmpty()) {
                continue;
            }
            boolean matches = pods.isEmpty()
                    ? w.selector().entrySet().containsAll(pdb.selector().entrySet()) && !w.selector().isEmpty()
                    : pods.stream().allMatch(p -> p.labels().entrySet().containsAll(pdb.selector().entrySet()));
            if (matches) {
                return Optional.of(pdb);
            }
        }
        return Optional.empty();
    }
}
