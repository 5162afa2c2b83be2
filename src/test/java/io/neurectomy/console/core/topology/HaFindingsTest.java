package io.neurectomy.console.core.topology;

import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Finding;
import static io.neurectomy.console.core.topology.Snapshots.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.SyncState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HaFindingsTest {

    /** Three nodes in three zones, the seed's replica counts spread one per node, kube-prometheus's PDBs. */
    private static Snapshots.Cluster healthy() {
        return cluster()
                .node("node-a", n -> n.zone("zone-1"))
                .node("node-b", n -> n.zone("zone-2"))
                .node("node-c", n -> n.zone("zone-3"))
                .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-b"))
                .deployment("grafana", 2, w -> w.pods("node-b", "node-c"))
                .statefulSet("alertmanager", 3, w -> w.pods("node-a", "node-b", "node-c"))
                .pdb("prometheus-pdb", "prometheus", p -> p.minAvailable("1"))
                .pdb("alertmanager-pdb", "alertmanager", p -> p.maxUnavailable("1"));
    }

    private static Arguments row(String name, Supplier<StackSnapshot> snapshot, Optional<AlertmanagerPeers> peers,
                                 String... expected) {
        return Arguments.of(name, snapshot, peers, List.of(expected));
    }

    private static Arguments row(String name, Supplier<StackSnapshot> snapshot, String... expected) {
        return row(name, snapshot, Optional.empty(), expected);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                row("healthy stack", () -> healthy().build(),
                        Optional.of(new AlertmanagerPeers("alertmanager-0", 3, "ready"))),
                row("two replicas on one node, another node free", () -> cluster().nodes("node-a", "node-b")
                                .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-a")).build(),
                        "WARNING replicas-share-node prometheus"),
                row("three replicas on two nodes", () -> cluster().nodes("node-a", "node-b")
                                .statefulSet("alertmanager", 3, w -> w.pods("node-a", "node-b", "node-b")).build(),
                        "WARNING replicas-share-node alertmanager"),
                row("terminating pod beside its replacement", () -> cluster().nodes("node-a", "node-b")
                        .deployment("grafana", 2, w -> w.pod("node-a").pod("node-a", p -> p.terminating())
                                .pod("node-b")).build()),
                row("DaemonSet pods are one per node anyway", () -> cluster().nodes("node-a")
                        .daemonSet("node-exporter", w -> w.pods("node-a", "node-a")).build()),
                row("all replicas in one zone of several", () -> cluster()
                                .nodesInZone("zone-1", "node-a", "node-b").nodesInZone("zone-2", "node-c")
                                .statefulSet("alertmanager", 2, w -> w.pods("node-a", "node-b")).build(),
                        "WARNING single-zone alertmanager"),
                row("no zone labels, no zone finding", () -> cluster().nodes("node-a", "node-b", "node-c")
                        .statefulSet("alertmanager", 2, w -> w.pods("node-a", "node-b")).build()),
                row("a cluster of one zone, no zone finding", () -> cluster()
                        .nodesInZone("zone-1", "node-a", "node-b")
                        .statefulSet("alertmanager", 2, w -> w.pods("node-a", "node-b")).build()),
                row("replicas in two zones", () -> cluster()
                        .nodesInZone("zone-1", "node-a").nodesInZone("zone-2", "node-b")
                        .statefulSet("alertmanager", 2, w -> w.pods("node-a", "node-b")).build()),
                row("below its PDB (maxUnavailable 1 of 3)", () -> cluster().nodes("node-a", "node-b", "node-c")
                                .statefulSet("alertmanager", 3, w -> w.pod("node-a")
                                        .pod("node-b", p -> p.crashLooping()).pod("node-c", p -> p.crashLooping()))
                                .pdb("alertmanager-pdb", "alertmanager", p -> p.maxUnavailable("1")).build(),
                        "WARNING below-pdb alertmanager",
                        "WARNING pod-crashloop alertmanager-1",
                        "WARNING pod-crashloop alertmanager-2"),
                row("below its PDB (minAvailable 75% of 4 rounds up to 3)", () -> cluster()
                                .nodes("node-a", "node-b", "node-c", "node-d")
                                .deployment("grafana", 4, w -> w.pods("node-a", "node-b")
                                        .pod("node-c", p -> p.notReady()).pod("node-d", p -> p.notReady()))
                                .pdb("grafana-pdb", "grafana", p -> p.minAvailable("75%")).build(),
                        "WARNING below-pdb grafana",
                        "WARNING pod-not-ready grafana-6d4cf56db6-cx2",
                        "WARNING pod-not-ready grafana-6d4cf56db6-dx3"),
                row("at its PDB exactly (minAvailable 50% of 3 rounds up to 2)", () -> cluster()
                                .nodes("node-a", "node-b", "node-c")
                                .statefulSet("alertmanager", 3, w -> w.pods("node-a", "node-b")
                                        .pod("node-c", p -> p.notReady()))
                                .pdb("alertmanager-pdb", "alertmanager", p -> p.minAvailable("50%")).build(),
                        "WARNING pod-not-ready alertmanager-2"),
                row("PDB minAvailable equal to the replicas blocks every drain", () -> cluster()
                                .nodes("node-a", "node-b")
                                .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-b"))
                                .pdb("prometheus-pdb", "prometheus", p -> p.minAvailable("2")).build(),
                        "WARNING pdb-blocks-drain prometheus"),
                row("PDB maxUnavailable 0% blocks every drain", () -> cluster().nodes("node-a", "node-b")
                                .deployment("grafana", 2, w -> w.pods("node-a", "node-b"))
                                .pdb("grafana-pdb", "grafana", p -> p.maxUnavailable("0%")).build(),
                        "WARNING pdb-blocks-drain grafana"),
                row("NotReady node with stack pods", () -> cluster().nodes("node-a")
                                .node("node-b", n -> n.notReady("Kubelet stopped posting node status."))
                                .deployment("grafana", 2, w -> w.pod("node-a").pod("node-b", p -> p.notReady()))
                                .build(),
                        "CRITICAL node-not-ready node-b"),
                row("NotReady node without stack pods", () -> cluster().nodes("node-a")
                                .node("node-b", n -> n.notReady("Kubelet stopped posting node status."))
                                .deployment("web", 2, w -> w.pod("node-a").pod("node-b", p -> p.notReady()))
                                .build(),
                        "INFO node-not-ready node-b"),
                row("Alertmanager cluster smaller than its ready pods", () -> healthy().build(),
                        Optional.of(new AlertmanagerPeers("alertmanager-0", 2, "ready")),
                        "WARNING alertmanager-split alertmanager"),
                row("Alertmanager cluster counting a peer that is down", () -> cluster()
                                .nodes("node-a", "node-b", "node-c")
                                .statefulSet("alertmanager", 3, w -> w.pods("node-a", "node-b")
                                        .pod("node-c", p -> p.notReady())).build(),
                        Optional.of(new AlertmanagerPeers("alertmanager-0", 3, "ready")),
                        "WARNING alertmanager-split alertmanager",
                        "WARNING pod-not-ready alertmanager-2"),
                row("Alertmanager clustering disabled", () -> healthy().build(),
                        Optional.of(new AlertmanagerPeers("alertmanager-0", 3, "disabled")),
                        "WARNING alertmanager-split alertmanager"),
                row("one Prometheus replica down", () -> cluster().nodes("node-a", "node-b")
                                .statefulSet("prometheus", 2, w -> w.pod("node-a")
                                        .pod("node-b", p -> p.crashLooping())).build(),
                        "WARNING prometheus-replica-down prometheus-1"),
                row("every Prometheus replica down", () -> cluster().nodes("node-a", "node-b")
                                .statefulSet("prometheus", 2, w -> w.pod("node-a", p -> p.oomKilled())
                                        .pod("node-b", p -> p.crashLooping())).build(),
                        "CRITICAL prometheus-replica-down prometheus-0",
                        "CRITICAL prometheus-replica-down prometheus-1"),
                row("a Prometheus replica never created", () -> cluster().nodes("node-a", "node-b")
                                .statefulSet("prometheus", 2, w -> w.pods("node-a")).build(),
                        "WARNING prometheus-replica-down prometheus"),
                row("Grafana with no ready replica", () -> cluster().nodes("node-a", "node-b")
                                .deployment("grafana", 2, w -> w.pod("node-a", p -> p.imagePullFailing())
                                        .pod("node-b", p -> p.imagePullFailing())).build(),
                        "CRITICAL workload-unavailable grafana",
                        "WARNING pod-image-pull grafana-6d4cf56db6-ax0",
                        "WARNING pod-image-pull grafana-6d4cf56db6-bx1"),
                row("a pod that cannot be scheduled", () -> cluster().nodes("node-a", "node-b")
                                .statefulSet("alertmanager", 3, w -> w.pods("node-a", "node-b")
                                        .pod("", p -> p.pending("0/2 nodes are available: 2 Insufficient memory.")))
                                .build(),
                        "WARNING pod-pending alertmanager-2"),
                row("OOMKilled, ready again", () -> cluster().nodes("node-a", "node-b")
                                .statefulSet("prometheus", 2, w -> w.pod("node-a", p -> p.oomKilledBefore())
                                        .pod("node-b")).build(),
                        "WARNING pod-oom-killed prometheus-0"),
                row("a stack volume claim Pending", () -> cluster().nodes("node-a", "node-b")
                                .statefulSet("prometheus", 2, w -> w.pod("node-a")
                                        .pod("", p -> p.pending("pod has unbound immediate PersistentVolumeClaims")
                                                .claim("prometheus-storage-prometheus-1")))
                                .pvc("prometheus-storage-prometheus-0", "Bound")
                                .pvc("prometheus-storage-prometheus-1", "Pending").build(),
                        "WARNING prometheus-replica-down prometheus-1",
                        "WARNING pvc-not-bound prometheus-storage-prometheus-1"),
                row("a stack volume claim Lost, mounted by no pod", () -> cluster().nodes("node-a")
                                .statefulSet("prometheus", 1, w -> w.pods("node-a"))
                                .pvc("prometheus-storage-prometheus-3", "Lost").build(),
                        "CRITICAL pvc-not-bound prometheus-storage-prometheus-3"),
                row("a cordoned node that still runs stack pods", () -> cluster().nodes("node-a", "node-b")
                                .node("node-c", n -> n.cordoned())
                                .statefulSet("alertmanager", 3, w -> w.pods("node-a", "node-b", "node-c")).build(),
                        "INFO node-cordoned node-c"),
                row("a stack workload not deployed", () -> cluster().nodes("node-a", "node-b")
                                .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-b"))
                                .missing("grafana").build(),
                        "WARNING stack-workload-missing grafana"),
                row("nothing of the stack deployed", () -> cluster().nodes("node-a")
                                .missing("prometheus").missing("grafana").missing("alertmanager").build(),
                        "INFO stack-not-deployed stack"),
                row("not deployed is not said before the first sync", () -> cluster().sync(SyncState.SYNCING)
                        .missing("prometheus").missing("grafana").missing("alertmanager").build()),
                row("another namespace's workload: one step less severe", () -> cluster().allNamespaces()
                                .nodes("node-a", "node-b")
                                .deployment("web", 2, w -> w.namespace("shop").pods("node-a", "node-a"))
                                .deployment("api", 2, w -> w.namespace("shop").pod("node-a", p -> p.crashLooping())
                                        .pod("node-b", p -> p.crashLooping())).build(),
                        "WARNING workload-unavailable shop/api",
                        "INFO replicas-share-node shop/web",
                        "INFO pod-crashloop shop/api-6d4cf56db6-ax0",
                        "INFO pod-crashloop shop/api-6d4cf56db6-bx1"),
                row("a team's own prometheus is not the stack's", () -> cluster().allNamespaces()
                                .nodes("node-a", "node-b")
                                .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-b"))
                                .statefulSet("prometheus", 2, w -> w.namespace("team-a").pod("node-a")
                                        .pod("node-b", p -> p.crashLooping())).build(),
                        "INFO pod-crashloop team-a/prometheus-1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void findsWhatAnAdminWouldExpect(String name, Supplier<StackSnapshot> snapshot,
                                     Optional<AlertmanagerPeers> peers, List<String> expected) {
        List<Finding> findings = HaFindings.evaluate(snapshot.get(), peers);

        assertThat(findings).extracting(f -> f.severity() + " " + f.code() + " " + f.subject())
                .containsExactlyElementsOf(expected);
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.message()).isNotBlank().doesNotContain("\n");
            assertThat(f.detail()).isNotBlank().endsWith(".");
            assertThat(f.fix()).isNotBlank().endsWith(".");
        });
    }

    @Test
    void sharingANodeOffersToDeleteTheNewestReplica() {
        StackSnapshot s = cluster().nodes("node-a", "node-b")
                .statefulSet("prometheus", 2, w -> w
                        .pod("node-a", p -> p.created(Instant.parse("2026-11-21T10:00:00Z")))
                        .pod("node-a", p -> p.created(Instant.parse("2026-11-20T10:00:00Z"))))
                .build();

        Finding f = HaFindings.evaluate(s, Optional.empty()).get(0);

        assertThat(f.message()).isEqualTo("2 prometheus replicas on node-a");
        assertThat(f.detail()).contains("loses all 2 replicas", "prometheus-0 and prometheus-1");
        assertThat(f.fix()).contains("Delete pod prometheus-0 (the newest)");
        assertThat(f.action()).contains(new FixAction(FixAction.DELETE_POD, "monitoring/prometheus-0",
                "Delete pod prometheus-0"));
    }

    @Test
    void sharingANodeWithNowhereElseToGoAsksForANode() {
        StackSnapshot s = cluster().nodes("node-a", "node-b").node("node-c", n -> n.cordoned())
                .statefulSet("alertmanager", 3, w -> w.pods("node-a", "node-b", "node-b"))
                .build();

        Finding f = HaFindings.evaluate(s, Optional.empty()).get(0);

        assertThat(f.detail()).contains("loses 2 of 3 replicas");
        assertThat(f.fix()).startsWith("Every other schedulable node already runs a replica");
        assertThat(f.action()).contains(new FixAction(FixAction.SHOW_NODE, "node-b", "Show node node-b"));
    }

    @Test
    void aPrometheusReplicaDownSaysWhichPodAndWhy() {
        StackSnapshot s = cluster().nodes("node-a", "node-b")
                .statefulSet("prometheus", 2, w -> w.pod("node-a").pod("node-b", p -> p.crashLooping()))
                .build();

        Finding f = HaFindings.evaluate(s, Optional.empty()).get(0);

        assertThat(f.message()).isEqualTo("Prometheus replica prometheus-1 is down: CrashLoopBackOff");
        assertThat(f.detail()).contains("Container prometheus of pod prometheus-1 keeps crashing",
                "last exit: Error", "restarted 7 times", "1 of 2 Prometheus replicas is serving");
        assertThat(f.fix()).contains("logs of its previous run");
        assertThat(f.action()).contains(new FixAction(FixAction.SHOW_POD, "monitoring/prometheus-1",
                "Show pod prometheus-1"));
    }

    static Stream<Arguments> prometheusReasons() {
        return Stream.of(
                Arguments.of((java.util.function.Consumer<Snapshots.PodSpec>) Snapshots.PodSpec::oomKilled,
                        "OOMKilled", "running out of memory", "memory limit"),
                Arguments.of((java.util.function.Consumer<Snapshots.PodSpec>) Snapshots.PodSpec::imagePullFailing,
                        "image pull failed", "cannot pull its image registry.example/prometheus:1.0", "image name"),
                Arguments.of((java.util.function.Consumer<Snapshots.PodSpec>) Snapshots.PodSpec::notReady,
                        "Running, not ready", "0 of 1 containers ready", "readiness probe"),
                Arguments.of((java.util.function.Consumer<Snapshots.PodSpec>) p -> p.pending(
                                "0/3 nodes are available: 1 node(s) had volume node affinity conflict."),
                        "not scheduled", "volume node affinity conflict", "Its volume ties it"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("prometheusReasons")
    void everyPrometheusReplicaDownIsCriticalAndExplained(java.util.function.Consumer<Snapshots.PodSpec> trouble,
                                                          String shortReason, String why, String fix) {
        StackSnapshot s = cluster().nodes("node-a", "node-b")
                .statefulSet("prometheus", 1, w -> w.pod("node-a", trouble))
                .build();

        Finding f = HaFindings.evaluate(s, Optional.empty()).get(0);

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).isEqualTo("Prometheus replica prometheus-0 is down: " + shortReason);
        assertThat(f.detail()).contains(why, "No Prometheus replica is serving");
        assertThat(f.fix()).contains(fix);
    }

    @Test
    void aPrometheusReplicaOnANotReadyNodePointsAtTheNode() {
        StackSnapshot s = cluster().nodes("node-a")
                .node("node-b", n -> n.notReady("NodeStatusUnknown: Kubelet stopped posting node status."))
                .statefulSet("prometheus", 2, w -> w.pod("node-a").pod("node-b", p -> p.notReady()))
                .build();

        List<Finding> findings = HaFindings.evaluate(s, Optional.empty());

        assertThat(findings).extracting(Finding::code).containsExactly("node-not-ready", "prometheus-replica-down");
        Finding node = findings.get(0);
        assertThat(node.message()).isEqualTo("Node node-b is NotReady with 1 stack pod");
        assertThat(node.detail()).contains("prometheus-1 on it is not serving",
                "(NodeStatusUnknown: Kubelet stopped posting node status)");
        assertThat(node.action()).contains(new FixAction(FixAction.SHOW_NODE, "node-b", "Show node node-b"));
        assertThat(findings.get(1).detail()).contains("on node node-b, which is NotReady");
        assertThat(findings.get(1).action().map(FixAction::operation)).contains(FixAction.SHOW_NODE);
    }

    @Test
    void replicasDoubledUpOnSeveralNodesAreOneFinding() {
        StackSnapshot s = cluster().nodes("node-a", "node-b", "node-c")
                .deployment("grafana", 5, w -> w.pods("node-b", "node-a", "node-b", "node-a", "node-a"))
                .build();

        List<Finding> findings = HaFindings.evaluate(s, Optional.empty());

        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.message()).isEqualTo("grafana replicas share nodes: 3 on node-a, 2 on node-b");
        assertThat(f.detail()).contains("If node node-a fails, grafana loses 3 of 5 replicas");
        assertThat(f.action()).contains(new FixAction(FixAction.DELETE_POD,
                "monitoring/grafana-6d4cf56db6-ex4", "Delete pod grafana-6d4cf56db6-ex4"));
    }

    @Test
    void belowPdbNamesTheBudgetAndItsArithmetic() {
        StackSnapshot s = cluster().nodes("node-a", "node-b", "node-c", "node-d")
                .deployment("grafana", 4, w -> w.pods("node-a", "node-b").pod("node-c", p -> p.notReady())
                        .pod("node-d", p -> p.notReady()))
                .pdb("grafana-pdb", "grafana", p -> p.minAvailable("75%"))
                .build();

        Finding f = HaFindings.evaluate(s, Optional.empty()).get(0);

        assertThat(f.code()).isEqualTo("below-pdb");
        assertThat(f.message()).isEqualTo("grafana: 2 ready, its PDB needs 3");
        assertThat(f.detail()).contains("grafana-pdb (minAvailable 75% of 4)");
        assertThat(f.action()).contains(new FixAction(FixAction.SHOW_WORKLOAD, "monitoring/grafana",
                "Show grafana"));
    }

    @Test
    void aPendingPodCarriesTheSchedulersReason() {
        StackSnapshot s = cluster().nodes("node-a")
                .deployment("grafana", 1, w -> w.pod("", p -> p.pending(
                        "0/1 nodes are available: 1 Insufficient cpu.")))
                .build();

        List<Finding> findings = HaFindings.evaluate(s, Optional.empty());

        assertThat(findings).extracting(Finding::code).containsExactly("workload-unavailable", "pod-pending");
        Finding f = findings.get(1);
        assertThat(f.detail()).contains("cannot be scheduled: 0/1 nodes are available: 1 Insufficient cpu.");
        assertThat(f.fix()).startsWith("Free capacity");
    }

    @Test
    void theSplitSaysHowManyEachSideSees() {
        Finding f = HaFindings.evaluate(healthy().build(),
                Optional.of(new AlertmanagerPeers("alertmanager-1", 1, "settling"))).get(0);

        assertThat(f.message()).isEqualTo("Alertmanager cluster split: alertmanager-1 sees 1 member, 3 pods are ready");
        assertThat(f.detail()).contains("duplicates", "still settling");
        assertThat(f.fix()).contains("9094");
    }

    @Test
    void missingReplicasQuoteTheControllersLastWarning() {
        StackSnapshot s = cluster().nodes("node-a", "node-b", "node-c")
                .statefulSet("alertmanager", 3, w -> w.pods("node-a", "node-b"))
                .warning("StatefulSet", "alertmanager", "FailedCreate", "exceeded quota: pods.")
                .build();

        Finding f = HaFindings.evaluate(s, Optional.empty()).get(0);

        assertThat(f.code()).isEqualTo("replicas-missing");
        assertThat(f.message()).isEqualTo("Only 2 of 3 alertmanager replicas exist");
        assertThat(f.detail()).contains("(last warning: FailedCreate, exceeded quota: pods)");
    }

    @Test
    void mostSevereFirstThenTheStackFirst() {
        StackSnapshot s = cluster().allNamespaces().nodes("node-a", "node-b")
                .node("node-c", n -> n.notReady("down"))
                .deployment("web", 2, w -> w.namespace("shop").pods("node-a", "node-a"))
                .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-a"))
                .deployment("grafana", 1, w -> w.pod("node-c", p -> p.notReady()))
                .deployment("db", 1, w -> w.namespace("shop").pod("node-b", p -> p.crashLooping()))
                .build();

        List<Finding> findings = HaFindings.evaluate(s, Optional.empty());

        assertThat(findings).extracting(f -> f.severity() + " " + f.code() + " " + f.subject()).containsExactly(
                "CRITICAL node-not-ready node-c",
                "CRITICAL workload-unavailable monitoring/grafana",
                "WARNING replicas-share-node monitoring/prometheus",
                "WARNING workload-unavailable shop/db",
                "INFO replicas-share-node shop/web",
                "INFO pod-crashloop shop/db-6d4cf56db6-ax0");
        assertThat(findings).isSortedAccordingTo(java.util.Comparator.comparing(Finding::severity));
    }

    @Test
    void theSamePictureGivesTheSameFindingsWhateverTheOrderOfItsObjects() {
        StackSnapshot s = healthy().deployment("grafana", 3, w -> w.pods("node-a", "node-a", "node-a")).build();
        StackSnapshot reordered = new StackSnapshot(s.version(), s.syncState(), s.syncDetail(),
                reversed(s.workloads()), reversed(s.pods()), reversed(s.nodes()), s.nodesHidden(), reversed(s.pdbs()),
                reversed(s.pvcs()), reversed(s.events()), s.allNamespaces());

        List<String> expected = List.of("WARNING replicas-share-node grafana");
        assertThat(HaFindings.evaluate(s, Optional.empty())).extracting(f -> f.severity() + " " + f.code() + " "
                + f.subject()).isEqualTo(expected);
        assertThat(HaFindings.evaluate(reordered, Optional.empty())).extracting(f -> f.severity() + " " + f.code()
                + " " + f.subject()).isEqualTo(expected);
        assertThat(HaFindings.evaluate(reordered, Optional.empty())).extracting(Finding::toString)
                .isEqualTo(HaFindings.evaluate(s, Optional.empty()).stream().map(Finding::toString).toList());
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}
