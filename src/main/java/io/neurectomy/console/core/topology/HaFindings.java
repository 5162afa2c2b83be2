package io.neurectomy.console.core.topology;

import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.cluster.ContainerInfo;
import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.PvcInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * High-availability findings: a pure function of a snapshot (and, when known, the Alertmanager cluster view).
 *
 * <p>Every namespace's workloads are looked at, but a finding about something outside the monitoring stack is one
 * step less severe than the same finding about the stack (a CRITICAL becomes a WARNING, a WARNING an INFO).
 *
 * <table>
 *   <caption>Findings (severity for the stack)</caption>
 *   <tr><th>code</th><th>severity</th><th>when</th></tr>
 *   <tr><td>node-not-ready</td><td>CRITICAL (INFO without stack pods)</td><td>a NotReady node holds pods</td></tr>
 *   <tr><td>prometheus-replica-down</td><td>CRITICAL when none is ready, else WARNING</td>
 *       <td>a Prometheus pod is not ready or missing</td></tr>
 *   <tr><td>workload-unavailable</td><td>CRITICAL</td><td>a workload has no ready replica</td></tr>
 *   <tr><td>alertmanager-split</td><td>WARNING</td><td>cluster members differ from ready Alertmanager pods</td></tr>
 *   <tr><td>below-pdb</td><td>WARNING</td><td>fewer ready replicas than the PDB requires</td></tr>
 *   <tr><td>replicas-share-node</td><td>WARNING</td><td>two or more replicas on one node</td></tr>
 *   <tr><td>single-zone</td><td>WARNING</td><td>all replicas in one zone of a cluster with several</td></tr>
 *   <tr><td>pdb-blocks-drain</td><td>WARNING</td><td>the PDB never allows an eviction</td></tr>
 *   <tr><td>replicas-missing</td><td>WARNING</td><td>a stack workload has fewer pods than it asks for</td></tr>
 *   <tr><td>pod-pending, pod-crashloop, pod-oom-killed, pod-image-pull, pod-not-ready</td><td>WARNING</td>
 *       <td>a pod is not serving, by cause (OOMKilled also for a pod that is ready again)</td></tr>
 *   <tr><td>pvc-not-bound</td><td>CRITICAL when Lost, WARNING when Pending</td>
 *       <td>a volume claim is not bound</td></tr>
 *   <tr><td>stack-workload-missing</td><td>WARNING</td><td>a stack workload is not deployed (once synced)</td></tr>
 *   <tr><td>stack-not-deployed</td><td>INFO</td><td>no stack workload is deployed (once synced)</td></tr>
 *   <tr><td>node-cordoned</td><td>INFO</td><td>a cordoned node still runs stack pods</td></tr>
 * </table>
 *
 * <p>Findings come most severe first; among equals, the stack's first, then in the order of the table.
 */
public final class HaFindings {
    /** Code: A NotReady node holds pods. */
    public static final String NODE_NOT_READY = "node-not-ready";
    /** Code: A Prometheus replica is not ready, or was never created. */
    public static final String PROMETHEUS_REPLICA_DOWN = "prometheus-replica-down";
    /** Code: A workload has no ready replica. */
    public static final String WORKLOAD_UNAVAILABLE = "workload-unavailable";
    /** Code: Alertmanager cluster members differ from its ready pods. */
    public static final String ALERTMANAGER_SPLIT = "alertmanager-split";
    /** Code: Fewer ready replicas than the PodDisruptionBudget requires. */
    public static final String BELOW_PDB = "below-pdb";
    /** Code: Two or more replicas of a workload on one node. */
    public static final String REPLICAS_SHARE_NODE = "replicas-share-node";
    /** Code: All replicas of a workload in one zone of a cluster that has several. */
    public static final String SINGLE_ZONE = "single-zone";
    /** Code: A PodDisruptionBudget that never allows an eviction. */
    public static final String PDB_BLOCKS_DRAIN = "pdb-blocks-drain";
    /** Code: A stack workload has fewer pods than it asks for. */
    public static final String REPLICAS_MISSING = "replicas-missing";
    /** Code: A pod is not scheduled. */
    public static final String POD_PENDING = "pod-pending";
    /** Code: A pod is in CrashLoopBackOff. */
    public static final String POD_CRASHLOOP = "pod-crashloop";
    /** Code: A container was killed for running out of memory. */
    public static final String POD_OOM_KILLED = "pod-oom-killed";
    /** Code: A pod cannot pull its image. */
    public static final String POD_IMAGE_PULL = "pod-image-pull";
    /** Code: A pod is not ready for another reason (probe failing, still starting, node NotReady). */
    public static final String POD_NOT_READY = "pod-not-ready";
    /** Code: A PersistentVolumeClaim is Pending or Lost. */
    public static final String PVC_NOT_BOUND = "pvc-not-bound";
    /** Code: A stack workload is not deployed. */
    public static final String STACK_WORKLOAD_MISSING = "stack-workload-missing";
    /** Code: No stack workload is deployed. */
    public static final String STACK_NOT_DEPLOYED = "stack-not-deployed";
    /** Code: A cordoned node still runs stack pods. */
    public static final String NODE_CORDONED = "node-cordoned";

    private HaFindings() {
    }

    /** The findings, most severe first. */
    public static List<Finding> evaluate(StackSnapshot snapshot, Optional<AlertmanagerPeers> alertmanager) {
        return new Evaluation(snapshot, alertmanager).run();
    }

    /** A finding with what orders it: stack first, then the order it was found in. */
    private record Ranked(Finding finding, boolean stack, int sequence) {
    }

    /** One evaluation of one snapshot. */
    private static final class Evaluation {
        private final SnapshotIndex index;
        private final StackSnapshot snapshot;
        private final Optional<AlertmanagerPeers> alertmanager;
        private final List<Ranked> found = new ArrayList<>();
        /** Pods whose trouble a more specific finding already explains. */
        private final Set<PodInfo> explained = Collections.newSetFromMap(new IdentityHashMap<>());

        Evaluation(StackSnapshot snapshot, Optional<AlertmanagerPeers> alertmanager) {
            this.snapshot = snapshot;
            this.index = SnapshotIndex.of(snapshot);
            this.alertmanager = alertmanager;
        }

        List<Finding> run() {
            nodesNotReady();
            prometheus();
            unavailableWorkloads();
            alertmanagerCluster();
            workloadChecks();
            missingReplicas();
            pods();
            volumeClaims();
            cordonedNodes();
            missingStack();
            found.sort(Comparator.comparing((Ranked r) -> r.finding().severity())
                    .thenComparing(r -> !r.stack())
                    .thenComparingInt(Ranked::sequence));
            return found.stream().map(Ranked::finding).toList();
        }

        private void add(boolean stack, Severity base, String code, String subject, String title, String meaning,
                         String fix, FixAction action) {
            Severity severity = !stack && base == Severity.CRITICAL ? Severity.WARNING
                    : !stack ? Severity.INFO : base;
            found.add(new Ranked(new Finding(severity, code, subject, title, meaning, fix, "", "",
                    Optional.ofNullable(action)),
                    stack, found.size()));
        }

        // ---- nodes ----

        private void nodesNotReady() {
            for (NodeInfo node : sortedNodes()) {
                if (node.ready()) {
                    continue;
                }
                List<PodInfo> pods = index.podsOn(node.name()).stream().filter(SnapshotIndex::live).toList();
                List<PodInfo> stackPods = pods.stream().filter(index::isStack).toList();
                explained.addAll(pods);
                String why = node.readyMessage().isEmpty() ? "" : " (" + PodTrouble.trimStop(node.readyMessage()) + ")";
                FixAction show = new FixAction(FixAction.SHOW_NODE, node.name(), "Show node " + node.name());
                if (!stackPods.isEmpty()) {
                    add(true, Severity.CRITICAL, NODE_NOT_READY, node.name(),
                            "Node " + node.name() + " is NotReady with " + count(stackPods.size(), "stack pod"),
                            names(stackPods) + " on it " + (stackPods.size() == 1 ? "is" : "are")
                                    + " not serving" + why + "; StatefulSet pods are not replaced until the node "
                                    + "returns or the pod is deleted, Deployment pods only after about 5 minutes.",
                            "Bring node " + node.name() + " back (kubelet, network, machine); if it stays down, "
                                    + "delete its stack pods so that they are recreated on other nodes.",
                            show);
                } else {
                    add(false, Severity.WARNING, NODE_NOT_READY, node.name(),
                            "Node " + node.name() + " is NotReady",
                            (pods.isEmpty() ? "No watched pod runs on it" : count(pods.size(), "pod") + " on it "
                                    + (pods.size() == 1 ? "is" : "are") + " not serving") + why
                                    + "; the cluster has one node less to schedule on.",
                            "Bring node " + node.name() + " back, or remove it from the cluster.", show);
                }
            }
        }

        private void cordonedNodes() {
            for (NodeInfo node : sortedNodes()) {
                if (!node.ready() || !node.unschedulable()) {
                    continue;
                }
                List<PodInfo> stackPods = index.podsOn(node.name()).stream()
                        .filter(SnapshotIndex::live).filter(index::isStack).toList();
                if (stackPods.isEmpty()) {
                    continue;
                }
                add(true, Severity.INFO, NODE_CORDONED, node.name(),
                        "Node " + node.name() + " is cordoned and still runs " + count(stackPods.size(), "stack pod"),
                        "No new pod lands there; if a drain is under way it has not finished yet (a "
                                + "PodDisruptionBudget may be holding " + names(stackPods) + ").",
                        "Finish the drain (see What if… → Drain for what holds it), or uncordon the node.",
                        new FixAction(FixAction.SHOW_NODE, node.name(), "Show node " + node.name()));
            }
        }

        // ---- workloads ----

        private void prometheus() {
            for (WorkloadInfo w : index.workloads()) {
                if (!w.stack() || !w.present() || !runs(w, StackComponent.PROMETHEUS)) {
                    continue;
                }
                List<PodInfo> live = live(w);
                long ready = live.stream().filter(PodInfo::ready).count();
                int desired = Math.max(w.desired(), live.size());
                Severity severity = ready == 0 ? Severity.CRITICAL : Severity.WARNING;
                String serving = ready == 0
                        ? "No Prometheus replica is serving: alerts are not evaluated and dashboards show no data."
                        : ready + " of " + desired + " Prometheus replicas " + (ready == 1 ? "is" : "are")
                                + " serving, so alerts still fire, but without redundancy for scrapes and rules.";
                for (PodInfo pod : live) {
                    if (pod.ready()) {
                        continue;
                    }
                    explained.add(pod);
                    PodTrouble trouble = PodTrouble.of(pod, index.node(pod.node()), pod.name());
                    add(true, severity, PROMETHEUS_REPLICA_DOWN, index.display(pod),
                            "Prometheus replica " + pod.name() + " is down: " + shortReason(pod, trouble),
                            trouble.why() + " " + serving, trouble.fix(), podAction(pod, trouble));
                }
                if (live.size() < w.desired()) {
                    int missing = w.desired() - live.size();
                    add(true, severity, PROMETHEUS_REPLICA_DOWN, index.display(w),
                            "Only " + live.size() + " of " + w.desired() + " Prometheus replicas exist",
                            "The StatefulSet has not created " + count(missing, "replica") + lastWarning(w) + ". "
                                    + serving,
                            "Look at the StatefulSet's events: a missing volume claim, a quota or a failed "
                                    + "earlier pod usually stops it.",
                            showWorkload(w));
                }
            }
        }

        private void unavailableWorkloads() {
            for (WorkloadInfo w : index.workloads()) {
                if (!w.present() || w.desired() <= 0
                        || (w.stack() && runs(w, StackComponent.PROMETHEUS))) {
                    continue;
                }
                List<PodInfo> live = live(w);
                if (live.stream().anyMatch(PodInfo::ready)) {
                    continue;
                }
                add(w.stack(), Severity.CRITICAL, WORKLOAD_UNAVAILABLE, index.display(w),
                        index.display(w) + " has no ready replica (0 of " + w.desired() + ")",
                        unavailableMeaning(w) + (live.isEmpty() ? " It has no pod at all" + lastWarning(w) + "."
                                : " Its " + count(live.size(), "pod") + " are listed below with their reasons."),
                        live.isEmpty() ? "Look at the " + w.kind() + "'s events for why it creates no pod."
                                : "Fix the pods' causes below; the " + w.kind() + " recovers by itself once one is "
                                + "ready.",
                        showWorkload(w));
            }
        }

        private String unavailableMeaning(WorkloadInfo w) {
            if (!w.stack()) {
                return "Nothing serves it.";
            }
            return StackComponent.ofWorkload(w.name()).map(c -> switch (c) {
                case GRAFANA -> "Grafana is down: no dashboard can be opened.";
                case ALERTMANAGER -> "Alertmanager is down: alerts fire but no notification is sent.";
                case PROMETHEUS -> "Nothing serves it.";
            }).orElse("Nothing serves it.");
        }

        private void missingReplicas() {
            for (WorkloadInfo w : index.workloads()) {
                if (!w.stack() || !w.present() || runs(w, StackComponent.PROMETHEUS)) {
                    continue;
                }
                List<PodInfo> live = live(w);
                if (live.isEmpty() || live.size() >= w.desired()) {
                    continue;
                }
                add(true, Severity.WARNING, REPLICAS_MISSING, index.display(w),
                        "Only " + live.size() + " of " + w.desired() + " " + w.name() + " replicas exist",
                        "The " + w.kind() + " has not created " + count(w.desired() - live.size(), "replica")
                                + lastWarning(w) + ", so it runs with less redundancy than asked for.",
                        "Look at the " + w.kind() + "'s events: a quota, a missing volume claim or an admission "
                                + "webhook usually stops it.",
                        showWorkload(w));
            }
        }

        private void alertmanagerCluster() {
            if (alertmanager.isEmpty()) {
                return;
            }
            AlertmanagerPeers peers = alertmanager.get();
            for (WorkloadInfo w : index.workloads()) {
                if (!w.stack() || !w.present() || !runs(w, StackComponent.ALERTMANAGER)) {
                    continue;
                }
                long ready = index.readyPods(w);
                boolean disabled = "disabled".equalsIgnoreCase(peers.status());
                if (peers.members() == ready && !(disabled && ready > 1)) {
                    return;
                }
                String title;
                String meaning;
                if (disabled) {
                    title = "Alertmanager clustering is disabled (" + ready + " ready pods)";
                    meaning = peers.pod() + " runs without a cluster, so every replica sends its own notifications "
                            + "(duplicates) and silences do not reach the others.";
                } else if (peers.members() < ready) {
                    title = "Alertmanager cluster split: " + peers.pod() + " sees " + count(peers.members(), "member")
                            + ", " + ready + " pods are ready";
                    meaning = "The replicas outside " + peers.pod() + "'s cluster send their own notifications "
                            + "(duplicates) and do not share silences with it"
                            + ("settling".equalsIgnoreCase(peers.status()) ? "; the cluster is still settling." : ".");
                } else {
                    title = "Alertmanager cluster counts " + count(peers.members(), "member") + ", only " + ready
                            + " pods are ready";
                    meaning = peers.pod() + " still counts peers that are not ready (they may have just gone down): "
                            + "notifications and silences reach fewer replicas than it thinks.";
                }
                add(true, Severity.WARNING, ALERTMANAGER_SPLIT, index.display(w), title, meaning,
                        disabled ? "Start the replicas with --cluster.peer flags naming each other (a headless "
                                + "Service), and --cluster.listen-address set."
                                : "Check the --cluster.peer flags and that port 9094 (TCP and UDP) is open between "
                                + "the pods; restart the replica that stays alone.",
                        showWorkload(w));
                return;
            }
        }

        /** Budgets and spreading, workload by workload. */
        private void workloadChecks() {
            Set<String> zones = new TreeSet<>();
            for (NodeInfo n : snapshot.nodes()) {
                if (n.ready() && !n.unschedulable() && !n.zone().isEmpty()) {
                    zones.add(n.zone());
                }
            }
            List<Runnable> spread = new ArrayList<>();
            List<Runnable> zoneChecks = new ArrayList<>();
            List<Runnable> drains = new ArrayList<>();
            for (WorkloadInfo w : index.workloads()) {
                if (!w.present()) {
                    continue;
                }
                List<PodInfo> live = live(w);
                Optional<DisruptionBudget> budget = index.budget(w);
                if (budget.isPresent() && !live.isEmpty()) {
                    belowBudget(w, budget.get());
                }
                if (budget.isPresent() && budget.get().blocksEveryDrain()) {
                    drains.add(() -> blocksDrain(w, budget.get()));
                }
                if ("DaemonSet".equals(w.kind())) {
                    continue;
                }
                if (live.size() < 2) {
                    continue;
                }
                List<PodInfo> scheduled = new ArrayList<>(live.size());
                boolean shared = false;
                Set<String> seen = new HashSet<>();
                for (PodInfo p : live) {
                    if (!p.node().isEmpty()) {
                        scheduled.add(p);
                        shared |= !seen.add(p.node());
                    }
                }
                if (scheduled.size() < 2) {
                    continue;
                }
                if (shared) {
                    Map<String, List<PodInfo>> byNode = new TreeMap<>();
                    scheduled.forEach(p -> byNode.computeIfAbsent(p.node(), k -> new ArrayList<>()).add(p));
                    spread.add(() -> shareNode(w, scheduled, byNode));
                }
                if (zones.size() >= 2 && seen.size() >= 2) {
                    zoneChecks.add(() -> singleZone(w, scheduled));
                }
            }
            spread.forEach(Runnable::run);
            zoneChecks.forEach(Runnable::run);
            drains.forEach(Runnable::run);
        }

        private void belowBudget(WorkloadInfo w, DisruptionBudget budget) {
            int ready = index.readyPods(w);
            if (ready >= budget.minHealthy()) {
                return;
            }
            add(w.stack(), Severity.WARNING, BELOW_PDB, index.display(w),
                    index.display(w) + ": " + ready + " ready, its PDB needs " + budget.minHealthy(),
                    "PodDisruptionBudget " + budget.pdb().name() + " (" + budget.rule() + " of " + budget.expectedPods()
                            + ") allows no eviction now, so node drains and upgrades that would move its pods wait.",
                    "Get its missing replicas ready first (see its pods), and do not drain nodes that run it "
                            + "meanwhile.",
                    showWorkload(w));
        }

        private void blocksDrain(WorkloadInfo w, DisruptionBudget budget) {
            PdbInfo pdb = budget.pdb();
            add(w.stack(), Severity.WARNING, PDB_BLOCKS_DRAIN, index.display(w),
                    "PDB " + pdb.name() + " blocks every drain of " + index.display(w),
                    "It requires " + budget.minHealthy() + " of " + budget.expectedPods() + " replicas healthy ("
                            + budget.rule() + "), so none can ever be evicted: draining a node that runs one waits "
                            + "for ever.",
                    budget.expectedPods() == 1
                            ? "Run a second replica, or let the budget allow one disruption (maxUnavailable: 1)."
                            : "Lower minAvailable below " + budget.expectedPods() + " (or set maxUnavailable: 1).",
                    showWorkload(w));
        }

        /** One finding per workload: the node where most of its replicas share, and any others. */
        private void shareNode(WorkloadInfo w, List<PodInfo> scheduled, Map<String, List<PodInfo>> byNode) {
            List<Map.Entry<String, List<PodInfo>>> shared = byNode.entrySet().stream()
                    .filter(e -> e.getValue().size() >= 2)
                    .sorted(Comparator.comparing((Map.Entry<String, List<PodInfo>> e) -> -e.getValue().size())
                            .thenComparing(Map.Entry::getKey))
                    .toList();
            if (shared.isEmpty()) {
                return;
            }
            Set<String> occupied = byNode.keySet();
            boolean roomElsewhere = snapshot.nodes().stream()
                    .anyMatch(n -> n.ready() && !n.unschedulable() && !occupied.contains(n.name()));
            String node = shared.get(0).getKey();
            List<PodInfo> together = shared.get(0).getValue();
            PodInfo newest = newest(together);
            boolean all = together.size() == scheduled.size();
            String title = shared.size() == 1
                    ? together.size() + " " + w.name() + " replicas on " + node
                    : w.name() + " replicas share nodes: " + shared.stream()
                    .map(e -> e.getValue().size() + " on " + e.getKey()).collect(Collectors.joining(", "));
            String meaning = "If node " + node + " fails, " + index.display(w) + " loses "
                    + (all ? "all " + together.size() : together.size() + " of " + scheduled.size())
                    + " replicas at once (" + names(together) + "): anti-affinity is not keeping them apart.";
            if (roomElsewhere) {
                add(w.stack(), Severity.WARNING, REPLICAS_SHARE_NODE, index.display(w), title, meaning,
                        "Delete pod " + newest.name() + " (the newest) so that it is scheduled on another node, "
                                + "or add nodes.",
                        new FixAction(FixAction.DELETE_POD, newest.key(), "Delete pod " + newest.name()));
            } else {
                add(w.stack(), Severity.WARNING, REPLICAS_SHARE_NODE, index.display(w), title, meaning,
                        "Every other schedulable node already runs a replica (or there is none): add a node or "
                                + "uncordon one, then delete pod " + newest.name() + " so that it moves there.",
                        new FixAction(FixAction.SHOW_NODE, node, "Show node " + node));
            }
        }

        private void singleZone(WorkloadInfo w, List<PodInfo> scheduled) {
            String zone = null;
            for (PodInfo p : scheduled) {
                if (!index.nodeListed(p.node())) {
                    return;
                }
                String z = index.node(p.node()).zone();
                if (z.isEmpty() || (zone != null && !zone.equals(z))) {
                    return;
                }
                zone = z;
            }
            add(w.stack(), Severity.WARNING, SINGLE_ZONE, index.display(w),
                    "All " + scheduled.size() + " " + w.name() + " replicas in zone " + zone,
                    "An outage of zone " + zone + " takes " + index.display(w) + " down completely, although the "
                            + "cluster has nodes in other zones.",
                    "Spread it across zones (topologySpreadConstraints or anti-affinity on "
                            + "topology.kubernetes.io/zone), then delete one pod so that it moves.",
                    showWorkload(w));
        }

        // ---- pods ----

        private void pods() {
            for (PodInfo pod : snapshot.pods()) {
                if (!SnapshotIndex.live(pod)) {
                    continue;
                }
                boolean stack = index.isStack(pod);
                if (!pod.ready() && !explained.contains(pod)) {
                    PodTrouble trouble = PodTrouble.of(pod, index.node(pod.node()), pod.name());
                    String subject = index.display(pod);
                    String title = switch (trouble.cause()) {
                        case UNSCHEDULED -> "Pod " + pod.name() + " is Pending: not scheduled";
                        case OOM_KILLED -> "Pod " + pod.name() + " was OOMKilled";
                        case CRASH_LOOP -> "Pod " + pod.name() + " is in CrashLoopBackOff";
                        case IMAGE_PULL -> "Pod " + pod.name() + " cannot pull its image";
                        case NODE_NOT_READY, NOT_READY -> "Pod " + pod.name() + " is not ready (" + pod.status() + ")";
                    };
                    add(stack, Severity.WARNING, trouble.cause().code, subject, title,
                            trouble.why() + " " + owner(pod), trouble.fix(), podAction(pod, trouble));
                    continue;
                }
                if (pod.ready()) {
                    Optional<ContainerInfo> oom = PodTrouble.oomKilled(pod);
                    if (oom.isPresent()) {
                        ContainerInfo c = oom.get();
                        add(stack, Severity.WARNING, POD_OOM_KILLED, index.display(pod),
                                "Pod " + pod.name() + " was OOMKilled and restarted",
                                "Container " + c.name() + " of pod " + pod.name() + " was killed for running out "
                                        + "of memory and restarted (" + count(c.restarts(), "restart") + "); it is "
                                        + "ready again but will likely be killed again under the same load.",
                                "Raise its memory limit, or lower its load (fewer series, shorter retention, "
                                        + "lighter queries).",
                                new FixAction(FixAction.SHOW_POD, pod.key(), "Show pod " + pod.name()));
                    }
                }
            }
        }

        private String owner(PodInfo pod) {
            if (pod.workload().isEmpty()) {
                return "It has no controller: nothing recreates it if it is deleted.";
            }
            Optional<WorkloadInfo> w = index.workload(index.owner(pod));
            if (w.isEmpty()) {
                return "It belongs to " + pod.workload() + ".";
            }
            long ready = live(w.get()).stream().filter(PodInfo::ready).count();
            return "Its workload " + index.display(w.get()) + " has " + ready + " of " + w.get().desired()
                    + " replicas ready.";
        }

        private void volumeClaims() {
            Map<SnapshotIndex.Ref, List<PodInfo>> claimedBy = new HashMap<>();
            for (PodInfo pod : snapshot.pods()) {
                for (String claim : pod.claims()) {
                    claimedBy.computeIfAbsent(index.ref(pod.namespace(), claim), k -> new ArrayList<>()).add(pod);
                }
            }
            for (PvcInfo pvc : snapshot.pvcs()) {
                if ("Bound".equals(pvc.phase())) {
                    continue;
                }
                List<PodInfo> users = claimedBy.getOrDefault(index.ref(pvc.namespace(), pvc.name()), List.of());
                boolean stack = users.stream().anyMatch(index::isStack) || (users.isEmpty() && stackClaim(pvc));
                boolean lost = "Lost".equals(pvc.phase());
                String who = users.isEmpty() ? "no pod mounts it now" : names(users) + " cannot start without it";
                String storage = pvc.storageClass().isEmpty() ? "the default storage class"
                        : "storage class " + pvc.storageClass();
                add(stack, lost ? Severity.CRITICAL : Severity.WARNING, PVC_NOT_BOUND,
                        pvc.namespace().isEmpty() || !snapshot.allNamespaces() ? pvc.name()
                                : pvc.namespace() + "/" + pvc.name(),
                        "Volume claim " + pvc.name() + " is " + (pvc.phase().isEmpty() ? "not bound" : pvc.phase()),
                        lost ? "Its volume is gone, with the data on it; " + who + "."
                                : "It has no volume yet (" + pvc.capacity() + " from " + storage + "); " + who + ".",
                        lost ? "Restore from a backup onto a new claim, then delete the lost claim."
                                : "Check that " + storage + " exists and can provision in the pod's zone, and read "
                                + "the claim's events.",
                        users.isEmpty() ? null
                                : new FixAction(FixAction.SHOW_POD, users.get(0).key(),
                                "Show pod " + users.get(0).name()));
            }
        }

        /** A claim nobody mounts belongs to the stack when it is named after a stack StatefulSet's pod. */
        private boolean stackClaim(PvcInfo pvc) {
            for (WorkloadInfo w : index.workloads()) {
                if (w.stack() && (snapshot.allNamespaces() ? w.namespace().equals(pvc.namespace()) : true)
                        && pvc.name().matches(".*-" + Pattern.quote(w.name()) + "-\\d+")) {
                    return true;
                }
            }
            return false;
        }

        private void missingStack() {
            if (snapshot.syncState() != SyncState.SYNCED && snapshot.syncState() != SyncState.RECONNECTING) {
                return;
            }
            int stackWorkloads = 0;
            List<WorkloadInfo> missing = new ArrayList<>();
            for (WorkloadInfo w : index.workloads()) {
                if (w.stack()) {
                    stackWorkloads++;
                    if (!w.present()) {
                        missing.add(w);
                    }
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            if (missing.size() == stackWorkloads) {
                add(true, Severity.INFO, STACK_NOT_DEPLOYED, "stack",
                        "The monitoring stack is not deployed here",
                        "None of " + missing.stream().map(WorkloadInfo::name).collect(Collectors.joining(", "))
                                + " exists in this namespace.",
                        "Deploy the stack, or connect to the namespace where it runs.", null);
                return;
            }
            for (WorkloadInfo w : missing) {
                add(true, Severity.WARNING, STACK_WORKLOAD_MISSING, index.display(w),
                        w.name() + " is not deployed",
                        "The stack's " + w.kind() + " " + w.name() + " does not exist, so "
                                + StackComponent.ofWorkload(w.name()).map(c -> switch (c) {
                                    case PROMETHEUS -> "nothing is scraped and no alert is evaluated.";
                                    case GRAFANA -> "there are no dashboards.";
                                    case ALERTMANAGER -> "alerts send no notification.";
                                }).orElse("part of the stack is missing."),
                        "Deploy it again (Deploy…); the other components keep running meanwhile.", null);
            }
        }

        // ---- helpers ----

        /** Whether {@code w} is named as the workload of {@code component}. */
        private static boolean runs(WorkloadInfo w, StackComponent component) {
            return StackComponent.ofWorkload(w.name()).filter(component::equals).isPresent();
        }

        private List<PodInfo> live(WorkloadInfo w) {
            return index.livePods(w);
        }

        private List<NodeInfo> sortedNodes() {
            List<NodeInfo> nodes = new ArrayList<>(snapshot.nodes());
            nodes.sort(Comparator.comparing(NodeInfo::name));
            return nodes;
        }

        private String lastWarning(WorkloadInfo w) {
            return snapshot.events().stream()
                    .filter(e -> "Warning".equals(e.type()) && w.name().equals(e.involvedName())
                            && w.kind().equals(e.involvedKind())
                            && (w.namespace().isEmpty() || e.namespace().isEmpty()
                            || w.namespace().equals(e.namespace())))
                    .findFirst()
                    .map(e -> " (last warning: " + e.reason() + ", " + PodTrouble.trimStop(e.message()) + ")")
                    .orElse("");
        }

        private static String shortReason(PodInfo pod, PodTrouble trouble) {
            return switch (trouble.cause()) {
                case UNSCHEDULED -> "not scheduled";
                case NODE_NOT_READY -> "node " + pod.node() + " is NotReady";
                case OOM_KILLED -> "OOMKilled";
                case CRASH_LOOP -> "CrashLoopBackOff";
                case IMAGE_PULL -> "image pull failed";
                case NOT_READY -> pod.status().isEmpty() ? "not ready" : pod.status() + ", not ready";
            };
        }

        private static FixAction podAction(PodInfo pod, PodTrouble trouble) {
            if (trouble.cause() == PodTrouble.Cause.NODE_NOT_READY) {
                return new FixAction(FixAction.SHOW_NODE, pod.node(), "Show node " + pod.node());
            }
            return new FixAction(FixAction.SHOW_POD, pod.key(), "Show pod " + pod.name());
        }

        private static FixAction showWorkload(WorkloadInfo w) {
            return new FixAction(FixAction.SHOW_WORKLOAD, SnapshotIndex.target(w), "Show " + w.name());
        }

        /** The most recently created pod; pods of unknown age count as oldest, ties go to the last name. */
        private static PodInfo newest(List<PodInfo> pods) {
            return pods.stream().max(Comparator
                    .comparing((PodInfo p) -> p.created() == null ? Instant.MIN : p.created())
                    .thenComparing(PodInfo::name)).orElseThrow();
        }
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Pod names joined for a sentence: "a", "a and b", "a, b and c", or the first three and how many more. */
    static String names(List<PodInfo> pods) {
        List<String> names = pods.stream().map(PodInfo::name).toList();
        if (names.size() > 4) {
            return String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
        }
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
