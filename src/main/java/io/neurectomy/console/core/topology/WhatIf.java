package io.neurectomy.console.core.topology;

import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Computes what failing or draining a node would do, without doing it.
 *
 * <p><b>Failure</b>: the node's pods stop being ready at once. A StatefulSet does not replace a pod on a NotReady
 * node (until the node returns or the pod is deleted); a Deployment replaces it only after the eviction timeout
 * (about 5 minutes). So {@link WorkloadImpact#readyAfter()} is the immediate effect.
 *
 * <p><b>Drain</b> (as {@code kubectl drain --ignore-daemonsets}): the node is cordoned and each pod is evicted
 * through the Eviction API. A pod covered by a PodDisruptionBudget is evicted only while the budget's
 * {@code disruptionsAllowed} is above 0, and then the next waits for the replacement to become ready on another
 * node; a budget that allows 0 blocks the drain. A ready pod's replacement needs another Ready, schedulable node;
 * when every such node already runs a replica, preferred anti-affinity gives way and the replacement shares a node
 * (required anti-affinity, which the snapshot does not show, would leave it Pending). Pods without a budget are all
 * evicted at once. Pods that are not ready are evicted freely when their budget is healthy and requires at least
 * one healthy pod, otherwise only against an allowed disruption; pods that never started (Pending) always.
 * DaemonSet pods are left alone; a pod without a controller blocks the drain (kubectl refuses it without
 * {@code --force}). For a drain, {@link WorkloadImpact#readyAfter()} is the fewest ready replicas at any
 * moment of it. Free CPU and memory on the other nodes are not checked.
 */
public final class WhatIf {
    private static final Set<String> NEVER_STARTED = Set.of("Pending", "ContainerCreating", "PodInitializing",
            "ImagePullBackOff", "ErrImagePull", "InvalidImageName");

    private WhatIf() {
    }

    /** What failing or draining {@code node} would do to each workload that has pods there. */
    public static WhatIfResult simulate(StackSnapshot snapshot, String node, WhatIfMode mode) {
        SnapshotIndex index = SnapshotIndex.of(snapshot);
        List<PodInfo> here = index.podsOn(node).stream().filter(SnapshotIndex::live).toList();
        if (!index.nodeListed(node) && here.isEmpty()) {
            return new WhatIfResult(node, mode, List.of(), false,
                    "Node " + node + " is not in the cluster as the console sees it.");
        }
        NodeInfo target = index.node(node);
        List<String> elsewhere = schedulableNodes(snapshot, index, node);

        // Pods by owner; a pod without owner is a group of its own.
        Map<Object, List<PodInfo>> groups = new LinkedHashMap<>();
        for (PodInfo pod : here) {
            Object key = pod.workload().isEmpty() ? pod.key() : index.owner(pod);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(pod);
        }
        record Group(Object key, boolean stack, List<PodInfo> pods) {
            int order(SnapshotIndex index) {
                return key instanceof SnapshotIndex.Ref ref ? index.order(ref) : Integer.MAX_VALUE;
            }
        }
        List<Group> ordered = new ArrayList<>();
        groups.forEach((k, pods) -> ordered.add(new Group(k, index.isStack(pods.get(0)), pods)));
        ordered.sort(Comparator.comparing((Group g) -> !g.stack())
                .thenComparingInt(g -> g.order(index))
                .thenComparing(g -> g.key().toString()));

        List<WorkloadImpact> impacts = new ArrayList<>();
        int daemonPods = 0;
        for (Group g : ordered) {
            List<PodInfo> pods = new ArrayList<>(g.pods());
            pods.sort(Comparator.comparing(PodInfo::name));
            PodInfo first = pods.get(0);
            if (first.workload().isEmpty()) {
                impacts.add(bare(first, target, mode));
                continue;
            }
            WorkloadInfo w = index.workload(index.owner(first)).orElseGet(() -> new WorkloadInfo("", first.workload(),
                    0, 0, 0, 0, false, false, first.namespace(), List.of(), Map.of()));
            if ("DaemonSet".equals(w.kind())) {
                daemonPods += pods.size();
            }
            impacts.add(mode == WhatIfMode.FAILURE
                    ? failure(index, w, pods, target, elsewhere)
                    : drain(index, w, pods, node, elsewhere));
        }
        boolean blocked = mode == WhatIfMode.DRAIN && impacts.stream().anyMatch(WorkloadImpact::blocksDrain);
        String summary = mode == WhatIfMode.FAILURE
                ? failureSummary(target, here.size(), impacts)
                : drainSummary(node, here.size() - daemonPods, daemonPods, impacts, blocked);
        return new WhatIfResult(node, mode, impacts, blocked, summary);
    }

    /** Ready, schedulable nodes other than the one in question, by name. */
    private static List<String> schedulableNodes(StackSnapshot snapshot, SnapshotIndex index, String node) {
        if (!snapshot.nodes().isEmpty()) {
            return snapshot.nodes().stream()
                    .filter(n -> n.ready() && !n.unschedulable() && !n.name().equals(node))
                    .map(NodeInfo::name).sorted().toList();
        }
        // Nodes hidden: the nodes known from pods are all we know of.
        return index.nodesWithPods().stream().filter(n -> !n.equals(node)).sorted().toList();
    }

    private static WorkloadImpact failure(SnapshotIndex index, WorkloadInfo w, List<PodInfo> here, NodeInfo node,
                                          List<String> elsewhere) {
        Counts c = Counts.of(index, w, here);
        int after = c.readyBefore - c.readyHere;
        String pods = HaFindings.names(here);
        String explanation;
        if (c.readyHere == 0) {
            explanation = (here.size() == 1 ? "Its pod " + pods + " is" : "Its pods " + pods + " are")
                    + " not ready already" + (node.ready() ? "" : " (the node is NotReady)")
                    + "; nothing changes for it.";
        } else if ("DaemonSet".equals(w.kind())) {
            explanation = "Its pod " + pods + " stops; a DaemonSet runs one pod per node and does not move it.";
        } else {
            String left = ", leaving " + after + " of " + c.desired + " ready";
            String stop = pods + (here.size() == 1 ? " stops" : " stop") + " serving at once" + left;
            if ("StatefulSet".equals(w.kind())) {
                explanation = stop + "; a StatefulSet does not replace a pod on a NotReady node until the node "
                        + "returns or the pod is deleted by hand.";
            } else {
                String controller = w.kind().isEmpty() ? "its controller" : "the " + w.kind();
                explanation = stop + "; " + controller + " replaces them only after the eviction timeout (about 5 "
                        + "minutes)" + (elsewhere.isEmpty() ? ", and then only if a node can take them: none is "
                        + "Ready and schedulable." : ".");
            }
        }
        boolean below = c.budget.isPresent() && after < c.budget.get().minHealthy();
        if (below && c.readyHere > 0) {
            explanation += " That is below its PDB's " + c.budget.get().minHealthy()
                    + ", so drains of other nodes that run it wait until it recovers.";
        }
        return impact(w, here, c, after, below, false, explanation);
    }

    private static WorkloadImpact drain(SnapshotIndex index, WorkloadInfo w, List<PodInfo> here, String node,
                                        List<String> elsewhere) {
        Counts c = Counts.of(index, w, here);
        if ("DaemonSet".equals(w.kind())) {
            return impact(w, here, c, c.readyBefore, c.budget.isPresent()
                            && c.readyBefore < c.budget.get().minHealthy(), false,
                    "Drain leaves DaemonSet pods alone (--ignore-daemonsets): " + HaFindings.names(here)
                            + " keeps running on the cordoned node.");
        }
        List<PodInfo> readyHere = here.stream().filter(PodInfo::ready).toList();
        List<PodInfo> notReadyHere = here.stream().filter(p -> !p.ready()).toList();
        boolean canPlace = !elsewhere.isEmpty();
        Set<String> replicaNodes = index.pods(w).stream().filter(SnapshotIndex::live)
                .map(PodInfo::node).filter(n -> !n.isEmpty() && !n.equals(node)).collect(Collectors.toSet());
        boolean sharesNode = canPlace && replicaNodes.containsAll(elsewhere);
        String shareNote = sharesNode && !readyHere.isEmpty()
                ? " Every other schedulable node already runs a replica, so the replacement shares one (preferred "
                + "anti-affinity gives way; with required anti-affinity it would stay Pending and the drain wait)."
                : "";

        if (c.budget.isEmpty()) {
            int lowest = c.readyBefore - readyHere.size();
            String explanation = "Without a PDB " + (here.size() == 1 ? HaFindings.names(here) + " is"
                    : "all " + here.size() + " of its pods here are") + " evicted at once, leaving " + lowest + " of "
                    + c.desired + " ready until "
                    + (canPlace ? (here.size() == 1 ? "its replacement is" : "their replacements are")
                    + " ready on another node." + shareNote
                    : (here.size() == 1 ? "its replacement" : "their replacements")
                    + " can be scheduled: no other node is Ready and schedulable, so "
                    + (here.size() == 1 ? "it stays" : "they stay") + " Pending.");
            return impact(w, here, c, lowest, false, false, explanation);
        }

        DisruptionBudget budget = c.budget.get();
        PdbInfo pdb = budget.pdb();
        int allowed = Math.max(0, pdb.disruptionsAllowed());
        // The API server lets an unready pod go without the budget only while the budget is met and requires at
        // least one healthy pod; otherwise evicting it needs (and spends) an allowed disruption.
        boolean budgetHealthy = pdb.currentHealthy() >= pdb.desiredHealthy();
        boolean unreadyGoFreely = budgetHealthy && pdb.desiredHealthy() > 0;
        List<PodInfo> stuck = new ArrayList<>();
        for (PodInfo p : notReadyHere) {
            if (!unreadyGoFreely && allowed == 0 && !NEVER_STARTED.contains(p.status())) {
                stuck.add(p);
            }
        }
        int lowest = c.readyBefore;
        String explanation;
        String rule = "Its PDB " + pdb.name() + " (" + budget.rule() + ")";
        if (readyHere.isEmpty()) {
            explanation = stuck.isEmpty()
                    ? "Its pods here are not ready, and eviction lets them go; nothing changes for it."
                    : budgetHealthy
                    ? rule + " requires no healthy pod, so an unready pod goes only against an allowed disruption, "
                    + "and with no ready replica none is allowed: even its unready pod " + HaFindings.names(stuck)
                    + " cannot be evicted, and the drain waits."
                    : rule + " is not met (" + pdb.currentHealthy() + " healthy, needs " + pdb.desiredHealthy()
                    + "), so even its unready pod " + HaFindings.names(stuck) + " cannot be evicted: the drain "
                    + "waits.";
        } else if (allowed == 0) {
            stuck.addAll(readyHere);
            explanation = rule + " allows no disruption now (" + pdb.currentHealthy() + " healthy, needs "
                    + budget.minHealthy() + "): evicting " + HaFindings.names(readyHere) + " is refused, so the "
                    + "drain waits until " + (budget.blocksEveryDrain() ? "the budget is changed."
                    : "another replica is ready.");
        } else if (canPlace) {
            int wave = Math.min(allowed, readyHere.size());
            lowest = c.readyBefore - wave;
            explanation = rule + " allows " + HaFindings.count(allowed, "disruption") + ": "
                    + (readyHere.size() == 1 ? HaFindings.names(readyHere) + " is evicted"
                    : wave == 1 ? "its pods here go one at a time, each after the previous replacement is ready"
                    : "its pods here go " + wave + " at a time")
                    + (readyHere.size() == 1 ? " and its replacement starts" : "") + " on another node, so it keeps "
                    + "at least " + lowest + " of " + c.desired + " ready." + shareNote;
        } else {
            int evicted = Math.min(allowed, readyHere.size());
            lowest = c.readyBefore - evicted;
            stuck.addAll(readyHere.subList(evicted, readyHere.size()));
            explanation = rule + " lets " + HaFindings.count(evicted, "pod") + " go, but no other node is Ready "
                    + "and schedulable, so the replacement stays Pending and it keeps " + lowest + " of "
                    + c.desired + " ready" + (stuck.isEmpty() ? "." : "; " + HaFindings.names(stuck)
                    + " then cannot be evicted and the drain waits.");
        }
        boolean below = lowest < budget.minHealthy();
        return impact(w, here, c, lowest, below, !stuck.isEmpty(), explanation);
    }

    private static WorkloadImpact bare(PodInfo pod, NodeInfo node, WhatIfMode mode) {
        int before = pod.ready() ? 1 : 0;
        if (mode == WhatIfMode.FAILURE) {
            return new WorkloadImpact(pod.namespace(), pod.name(), List.of(pod.name()), 1, before, 0, -1,
                    before > 0, false, false,
                    "Pod " + pod.name() + " has no controller: it stops, and nothing recreates it.");
        }
        return new WorkloadImpact(pod.namespace(), pod.name(), List.of(pod.name()), 1, before, before, -1, false,
                false, true, "Pod " + pod.name() + " has no controller: kubectl drain refuses it without --force "
                + "(which deletes it for good), so the drain stops there.");
    }

    private static WorkloadImpact impact(WorkloadInfo w, List<PodInfo> here, Counts c, int readyAfter,
                                         boolean belowPdb, boolean blocks, String explanation) {
        int after = Math.max(0, readyAfter);
        return new WorkloadImpact(w.namespace(), w.name(), here.stream().map(PodInfo::name).toList(), c.desired,
                c.readyBefore, after, c.budget.map(DisruptionBudget::minHealthy).orElse(-1),
                c.readyBefore > 0 && after == 0, belowPdb, blocks, explanation);
    }

    /** A workload's replicas before the what-if. */
    private record Counts(int desired, int readyBefore, int readyHere, Optional<DisruptionBudget> budget) {
        static Counts of(SnapshotIndex index, WorkloadInfo w, List<PodInfo> here) {
            List<PodInfo> live = index.pods(w).stream().filter(SnapshotIndex::live).toList();
            int ready = (int) live.stream().filter(PodInfo::ready).count();
            int readyHere = (int) here.stream().filter(PodInfo::ready).count();
            int desired = w.present() && w.desired() > 0 ? w.desired() : live.size();
            return new Counts(desired, ready, readyHere, index.budget(w));
        }
    }

    private static String failureSummary(NodeInfo node, int pods, List<WorkloadImpact> impacts) {
        if (pods == 0) {
            return "Failing node " + node.name() + " affects no pod: none runs there.";
        }
        String lead = node.ready()
                ? "If node " + node.name() + " fails, " + HaFindings.count(pods, "pod")
                + (pods == 1 ? " stops" : " stop") + " serving at once"
                : "Node " + node.name() + " is already NotReady, so the " + HaFindings.count(pods, "pod")
                + " on it " + (pods == 1 ? "is" : "are") + " not serving";
        return lead + outcome(impacts, "no ready replica left");
    }

    private static String drainSummary(String node, int evicted, int daemonPods, List<WorkloadImpact> impacts,
                                       boolean blocked) {
        if (evicted == 0) {
            return "Draining node " + node + " evicts nothing: " + (daemonPods == 0 ? "no pod runs there."
                    : "only DaemonSet pods run there, and drain leaves them.");
        }
        if (blocked) {
            String blockers = join(impacts.stream().filter(WorkloadImpact::blocksDrain)
                    .map(WorkloadImpact::workload).distinct().toList());
            return "Draining node " + node + " would not finish: " + blockers + " cannot be evicted"
                    + outcome(impacts, "no ready replica while the drain waits");
        }
        return "Draining node " + node + " would finish, evicting " + HaFindings.count(evicted, "pod")
                + " without breaking a PDB" + outcome(impacts, "no ready replica until its replacement is ready");
    }

    /** "; a and b lose …; c drops below its PDB." or "; every workload keeps a ready replica." */
    private static String outcome(List<WorkloadImpact> impacts, String lossWording) {
        List<String> lose = impacts.stream().filter(WorkloadImpact::losesAvailability)
                .map(WorkloadImpact::workload).distinct().toList();
        List<String> below = impacts.stream().filter(i -> i.belowPdb() && !i.losesAvailability())
                .map(WorkloadImpact::workload).distinct().toList();
        List<String> parts = new ArrayList<>();
        if (!lose.isEmpty()) {
            parts.add(join(lose) + (lose.size() == 1 ? " has " : " have ") + lossWording);
        }
        if (!below.isEmpty()) {
            parts.add(join(below) + (below.size() == 1 ? " drops" : " drop") + " below "
                    + (below.size() == 1 ? "its PDB" : "their PDBs"));
        }
        if (parts.isEmpty()) {
            return "; every workload keeps a ready replica.";
        }
        return "; " + String.join("; ", parts) + ".";
    }

    private static String join(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
