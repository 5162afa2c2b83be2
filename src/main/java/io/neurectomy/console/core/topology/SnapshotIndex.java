package io.neurectomy.console.core.topology;

import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import io.neurectomy.console.core.stack.StackComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

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

    /** A workload (or a pod's owner) as this snapshot identifies it. */
    record Ref(String namespace, String name) {
        /**
         * Mixes the namespace's hash so that names numbered alike in namespaces numbered alike do not collide (the
         * record's default, 31 × namespace + name, collides for team-01/app-10 and team-02/app-0z, and so on).
         */
        @Override
        public int hashCode() {
            return namespace.hashCode() * 0x9E3779B9 + name.hashCode();
        }

        @Override
        public String toString() {
            return namespace.isEmpty() ? name : namespace + "/" + name;
        }
    }

    /** One label of one namespace, as budgets are indexed. */
    private record LabelKey(String namespace, String key, String value) {
        @Override
        public int hashCode() {
            return (namespace.hashCode() * 0x9E3779B9 + key.hashCode()) * 0x85EBCA6B + value.hashCode();
        }
    }

    /** A pod owner while the index is built: its workload record (if listed), all its pods and the live ones. */
    private static final class Owner {
        final Ref ref;
        final WorkloadInfo workload;
        final List<PodInfo> pods = new ArrayList<>();
        final List<PodInfo> live = new ArrayList<>();

        Owner(Ref ref, WorkloadInfo workload) {
            this.ref = ref;
            this.workload = workload;
        }
    }

    /** A PDB and its position in the snapshot (the first matching budget wins). */
    private record RankedPdb(int rank, PdbInfo pdb) {
    }

    final StackSnapshot snapshot;
    private final Map<Ref, WorkloadInfo> workloads;
    private final Map<Ref, Integer> workloadOrder;
    private final Map<Ref, List<PodInfo>> podsByWorkload;
    private final Map<Ref, List<PodInfo>> livePods;
    private final Map<String, List<PodInfo>> podsByNode;
    private final Map<String, NodeInfo> nodes;
    private final Map<PodInfo, Ref> podOwner;
    /** The snapshot's own workload records, looked up by identity: no key to build, no equals to run. */
    private final Map<WorkloadInfo, Ref> workloadRef;
    /** Every pod and the live pods of each of the snapshot's workload records, by identity. */
    private final Map<WorkloadInfo, List<PodInfo>> podsOfWorkload;
    private final Map<WorkloadInfo, List<PodInfo>> liveOfWorkload;
    /** Each pod's stack component (empty outside the stack), decided once. */
    private final Map<PodInfo, Optional<StackComponent>> podComponent;
    /** Budgets by namespace and one entry of their selector: a budget can only select pods carrying that label. */
    private final Map<LabelKey, List<RankedPdb>> pdbIndex = new HashMap<>();
    /** Budgets that apply in every namespace (namespace unknown). */
    private final List<RankedPdb> pdbAnywhere = new ArrayList<>();
    private final Map<Ref, Optional<PdbInfo>> pdbCache = new ConcurrentHashMap<>();

    /**
     * The index of the snapshot last asked for is kept: the topology, the findings and the what-if of one refresh
     * all read the same snapshot, and building the index is most of their cost on a big cluster.
     */
    private static volatile SnapshotIndex last;

    /** The index of a snapshot, shared with the previous caller when it asked for the same snapshot. */
    static SnapshotIndex of(StackSnapshot snapshot) {
        SnapshotIndex index = last;
        if (index == null || index.snapshot != snapshot) {
            index = new SnapshotIndex(snapshot);
            last = index;
        }
        return index;
    }

    private SnapshotIndex(StackSnapshot snapshot) {
        this.snapshot = snapshot;
        // Sized up front: rehashing maps of ten thousand entries is a good part of the cost on a big cluster.
        int owners = Math.max(16, snapshot.workloads().size() * 2);
        workloads = new LinkedHashMap<>(capacity(owners));
        workloadOrder = new HashMap<>(capacity(owners));
        podsByWorkload = new HashMap<>(capacity(owners));
        livePods = new HashMap<>(capacity(owners));
        podsByNode = new HashMap<>(capacity(Math.max(16, snapshot.nodes().size() + 1)));
        nodes = new HashMap<>(capacity(Math.max(16, snapshot.nodes().size())));
        podOwner = new IdentityHashMap<>(Math.max(16, snapshot.pods().size()));
        workloadRef = new IdentityHashMap<>(owners);
        podsOfWorkload = new IdentityHashMap<>(owners);
        liveOfWorkload = new IdentityHashMap<>(owners);
        podComponent = new IdentityHashMap<>(Math.max(16, snapshot.pods().size()));
        for (WorkloadInfo w : snapshot.workloads()) {
            Ref ref = ref(w.namespace(), w.name());
            workloadRef.put(w, ref);
            if (workloads.putIfAbsent(ref, w) == null) {
                workloadOrder.put(ref, workloadOrder.size());
            }
        }
        // One lookup per pod: the owner's lists and its stack membership travel together.
        Map<Ref, Owner> byRef = new HashMap<>(capacity(owners));
        for (PodInfo pod : snapshot.pods()) {
            Optional<StackComponent> component = Optional.empty();
            if (!pod.workload().isEmpty()) {
                Ref ref = ref(pod.namespace(), pod.workload());
                Owner owner = byRef.get(ref);
                if (owner == null) {
                    owner = new Owner(ref, workloads.get(ref));
                    byRef.put(ref, owner);
                }
                podOwner.put(pod, owner.ref);
                owner.pods.add(pod);
                if (live(pod)) {
                    owner.live.add(pod);
                }
                boolean stack = owner.workload != null ? owner.workload.stack()
                        : !snapshot.allNamespaces() && StackComponent.ofWorkload(pod.workload()).isPresent();
                if (stack) {
                    component = StackComponent.ofWorkload(pod.workload());
                }
            }
            podComponent.put(pod, component);
            if (!pod.node().isEmpty()) {
                podsByNode.computeIfAbsent(pod.node(), k -> new ArrayList<>()).add(pod);
            }
        }
        for (Owner owner : byRef.values()) {
            podsByWorkload.put(owner.ref, owner.pods);
            if (!owner.live.isEmpty()) {
                livePods.put(owner.ref, owner.live);
            }
        }
        workloadRef.forEach((w, ref) -> {
            Owner owner = byRef.get(ref);
            podsOfWorkload.put(w, owner == null ? List.of() : owner.pods);
            liveOfWorkload.put(w, owner == null || owner.live.isEmpty() ? List.of() : owner.live);
        });
        snapshot.nodes().forEach(n -> nodes.put(n.name(), n));
        List<PdbInfo> pdbs = snapshot.pdbs();
        for (int i = 0; i < pdbs.size(); i++) {
            PdbInfo pdb = pdbs.get(i);
            if (pdb.selector().isEmpty()) {
                continue;
            }
            RankedPdb ranked = new RankedPdb(i, pdb);
            if (snapshot.allNamespaces() && pdb.namespace().isEmpty()) {
                pdbAnywhere.add(ranked);
            } else {
                // Any one entry will do: a budget selects a pod only if every entry matches.
                Map.Entry<String, String> e = new TreeSet<>(pdb.selector().keySet()).stream().findFirst()
                        .map(k -> Map.entry(k, pdb.selector().get(k))).orElseThrow();
                pdbIndex.computeIfAbsent(labelKey(pdb.namespace(), e.getKey(), e.getValue()),
                        k -> new ArrayList<>()).add(ranked);
            }
        }
    }

    /** A hash map capacity that holds {@code entries} without rehashing. */
    private static int capacity(int entries) {
        return (int) (entries / 0.75f) + 1;
    }

    /** How a workload (or pod owner) of a namespace is identified in this snapshot. */
    Ref ref(String namespace, String name) {
        return new Ref(snapshot.allNamespaces() ? namespace : "", name);
    }

    Ref ref(WorkloadInfo w) {
        Ref known = workloadRef.get(w);
        return known != null ? known : ref(w.namespace(), w.name());
    }

    /** The workload a pod belongs to, or null for a pod without owner. */
    Ref owner(PodInfo pod) {
        Ref r = podOwner.get(pod);
        if (r == null && !pod.workload().isEmpty()) {
            r = ref(pod.namespace(), pod.workload());
        }
        return r;
    }

    private LabelKey labelKey(String namespace, String key, String value) {
        return new LabelKey(snapshot.allNamespaces() ? namespace : "", key, value);
    }

    /** The workloads, in the snapshot's order (stack first). */
    Iterable<WorkloadInfo> workloads() {
        return workloads.values();
    }

    Optional<WorkloadInfo> workload(Ref ref) {
        return Optional.ofNullable(ref == null ? null : workloads.get(ref));
    }

    /** Position of a workload in the snapshot's order, or {@link Integer#MAX_VALUE} for one not listed. */
    int order(Ref ref) {
        return workloadOrder.getOrDefault(ref, Integer.MAX_VALUE);
    }

    /** Every pod of a workload, in the snapshot's order. */
    List<PodInfo> pods(WorkloadInfo w) {
        List<PodInfo> known = podsOfWorkload.get(w);
        return known != null ? known : podsByWorkload.getOrDefault(ref(w), List.of());
    }

    /** The pods of a workload that still count (see {@link #live(PodInfo)}), in the snapshot's order. */
    List<PodInfo> livePods(WorkloadInfo w) {
        List<PodInfo> known = liveOfWorkload.get(w);
        return known != null ? known : livePods.getOrDefault(ref(w), List.of());
    }

    /** How many of a workload's live pods are ready. */
    int readyPods(WorkloadInfo w) {
        int n = 0;
        for (PodInfo p : livePods(w)) {
            if (p.ready()) {
                n++;
            }
        }
        return n;
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

    /**
     * Whether a pod belongs to the monitoring stack: its workload is a stack workload, or, for an owner the snapshot
     * does not list (one namespace only), its owner has a stack component's name.
     */
    boolean isStack(PodInfo pod) {
        Optional<StackComponent> known = podComponent.get(pod);
        return known != null ? known.isPresent() : decideStack(pod);
    }

    private boolean decideStack(PodInfo pod) {
        Ref ref = owner(pod);
        if (ref == null) {
            return false;
        }
        WorkloadInfo w = workloads.get(ref);
        if (w != null) {
            return w.stack();
        }
        return !snapshot.allNamespaces() && StackComponent.ofWorkload(pod.workload()).isPresent();
    }

    /** The stack component of a pod; empty for anything outside the stack. */
    Optional<StackComponent> component(PodInfo pod) {
        Optional<StackComponent> known = podComponent.get(pod);
        if (known != null) {
            return known;
        }
        return decideStack(pod) ? StackComponent.ofWorkload(pod.workload()) : Optional.empty();
    }

    /** Whether a pod still counts: not terminating, not finished. */
    static boolean live(PodInfo pod) {
        return !FINISHED.contains(pod.status());
    }

    /** The PodDisruptionBudget that selects a workload's pods, if any (the first in the snapshot's order). */
    Optional<PdbInfo> pdb(WorkloadInfo w) {
        Ref ref = ref(w);
        Optional<PdbInfo> cached = pdbCache.get(ref);
        if (cached == null) {
            cached = Topology.pdbFor(w, pods(w), pdbCandidates(w));
            pdbCache.put(ref, cached);
        }
        return cached;
    }

    /** Budgets that could select the workload's pods, in the snapshot's order. */
    private List<PdbInfo> pdbCandidates(WorkloadInfo w) {
        List<PodInfo> pods = pods(w);
        Map<String, String> labels = pods.isEmpty() ? w.selector() : pods.get(0).labels();
        String namespace = pods.isEmpty() ? w.namespace() : pods.get(0).namespace();
        if (snapshot.allNamespaces() && namespace.isEmpty()) {
            // A workload of unknown namespace may be selected by a budget of any namespace.
            return snapshot.pdbs();
        }
        List<RankedPdb> found = new ArrayList<>(pdbAnywhere);
        for (Map.Entry<String, String> label : labels.entrySet()) {
            List<RankedPdb> hits = pdbIndex.get(labelKey(namespace, label.getKey(), label.getValue()));
            if (hits != null) {
                found.addAll(hits);
            }
        }
        if (found.isEmpty()) {
            return List.of();
        }
        found.sort((a, b) -> Integer.compare(a.rank(), b.rank()));
        List<PdbInfo> result = new ArrayList<>(found.size());
        int last = -1;
        for (RankedPdb r : found) {
            if (r.rank() != last) {
                result.add(r.pdb());
                last = r.rank();
            }
        }
        return result;
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
        return livePods(w).size();
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
