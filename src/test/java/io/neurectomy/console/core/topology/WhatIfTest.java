package io.neurectomy.console.core.topology;

import static io.neurectomy.console.core.topology.Snapshots.cluster;
import static io.neurectomy.console.core.topology.WhatIfMode.DRAIN;
import static io.neurectomy.console.core.topology.WhatIfMode.FAILURE;
import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.StackSnapshot;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class WhatIfTest {

    /** The seed's stack on three nodes, one replica per node, kube-prometheus's PDBs; node-d is empty. */
    private static Snapshots.Cluster seed() {
        return cluster().nodes("node-a", "node-b", "node-c", "node-d")
                .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-b"))
                .deployment("grafana", 2, w -> w.pods("node-b", "node-c"))
                .statefulSet("alertmanager", 3, w -> w.pods("node-a", "node-b", "node-c"))
                .pdb("prometheus-pdb", "prometheus", p -> p.minAvailable("1"))
                .pdb("alertmanager-pdb", "alertmanager", p -> p.maxUnavailable("1"));
    }

    /**
     * One row: the snapshot, the node, the mode, whether the drain is blocked, and per workload
     * "name before->after pdb=N [loses] [below] [blocks]".
     */
    private static Arguments row(String name, Supplier<StackSnapshot> s, String node, WhatIfMode mode,
                                 boolean blocked, String... impacts) {
        return Arguments.of(name, s, node, mode, blocked, List.of(impacts));
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                // ---- failure ----
                row("failure: one replica of each is lost", () -> seed().build(), "node-b", FAILURE, false,
                        "prometheus 2->1 pdb=1",
                        "grafana 2->1 pdb=-1",
                        "alertmanager 3->2 pdb=2"),
                row("failure: both Grafana replicas on the node", () -> cluster().nodes("node-a", "node-b")
                                .deployment("grafana", 2, w -> w.pods("node-a", "node-a")).build(),
                        "node-a", FAILURE, false,
                        "grafana 2->0 pdb=-1 loses"),
                row("failure: below the PDB while another replica is already down", () -> cluster()
                                .nodes("node-a", "node-b", "node-c")
                                .statefulSet("alertmanager", 3, w -> w.pod("node-a").pod("node-b")
                                        .pod("node-c", p -> p.crashLooping()))
                                .pdb("alertmanager-pdb", "alertmanager", p -> p.maxUnavailable("1")).build(),
                        "node-a", FAILURE, false,
                        "alertmanager 2->1 pdb=2 below"),
                row("failure: percentages round up (minAvailable 60% of 3 needs 2)", () -> cluster()
                                .nodes("node-a", "node-b", "node-c")
                                .statefulSet("alertmanager", 3, w -> w.pods("node-a", "node-a", "node-b"))
                                .pdb("alertmanager-pdb", "alertmanager", p -> p.minAvailable("60%")).build(),
                        "node-a", FAILURE, false,
                        "alertmanager 3->1 pdb=2 below"),
                row("failure: a pod that was not ready changes nothing", () -> cluster().nodes("node-a", "node-b")
                                .statefulSet("prometheus", 2, w -> w.pod("node-a", p -> p.crashLooping())
                                        .pod("node-b")).build(),
                        "node-a", FAILURE, false,
                        "prometheus 1->1 pdb=-1"),
                row("failure: a DaemonSet loses this node's pod", () -> cluster().nodes("node-a", "node-b")
                                .daemonSet("node-exporter", w -> w.pods("node-a", "node-b")).build(),
                        "node-a", FAILURE, false,
                        "node-exporter 2->1 pdb=-1"),
                row("failure: a pod without controller is lost", () -> cluster().nodes("node-a")
                                .pod("debug", "node-a", p -> { }).build(),
                        "node-a", FAILURE, false,
                        "debug 1->0 pdb=-1 loses"),
                row("failure: an empty node", () -> seed().build(), "node-d", FAILURE, false),

                // ---- drain ----
                row("drain: every PDB allows one, replacements fit elsewhere", () -> seed().build(),
                        "node-a", DRAIN, false,
                        "prometheus 2->1 pdb=1",
                        "alertmanager 3->2 pdb=2"),
                row("drain: a PDB allowing no disruption blocks", () -> cluster().nodes("node-a", "node-b", "node-c")
                                .statefulSet("prometheus", 2, w -> w.pod("node-a").pod("node-b", p -> p.notReady()))
                                .pdb("prometheus-pdb", "prometheus", p -> p.minAvailable("1")).build(),
                        "node-a", DRAIN, true,
                        "prometheus 1->1 pdb=1 blocks"),
                row("drain: minAvailable equal to the replicas blocks", () -> cluster()
                                .nodes("node-a", "node-b", "node-c")
                                .deployment("grafana", 2, w -> w.pods("node-a", "node-b"))
                                .pdb("grafana-pdb", "grafana", p -> p.minAvailable("2")).build(),
                        "node-a", DRAIN, true,
                        "grafana 2->2 pdb=2 blocks"),
                row("drain: maxUnavailable 0% blocks", () -> cluster().nodes("node-a", "node-b", "node-c")
                                .deployment("grafana", 2, w -> w.pods("node-a", "node-b"))
                                .pdb("grafana-pdb", "grafana", p -> p.maxUnavailable("0%")).build(),
                        "node-a", DRAIN, true,
                        "grafana 2->2 pdb=2 blocks"),
                row("drain: already below its PDB blocks, and says so", () -> cluster()
                                .nodes("node-a", "node-b", "node-c")
                                .statefulSet("alertmanager", 3, w -> w.pod("node-a")
                                        .pod("node-b", p -> p.crashLooping()).pod("node-c", p -> p.crashLooping()))
                                .pdb("alertmanager-pdb", "alertmanager", p -> p.maxUnavailable("1")).build(),
                        "node-a", DRAIN, true,
                        "alertmanager 1->1 pdb=2 below blocks"),
                row("drain: without a PDB everything goes at once", () -> cluster().nodes("node-a", "node-b")
                                .deployment("grafana", 2, w -> w.pods("node-a", "node-a")).build(),
                        "node-a", DRAIN, false,
                        "grafana 2->0 pdb=-1 loses"),
                row("drain: nowhere for the replacement, the second pod waits", () -> cluster().nodes("node-a")
                                .node("node-b", n -> n.cordoned())
                                .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-a"))
                                .pdb("prometheus-pdb", "prometheus", p -> p.minAvailable("1")).build(),
                        "node-a", DRAIN, true,
                        "prometheus 2->1 pdb=1 blocks"),
                row("drain: nowhere for the replacement of the only pod here", () -> cluster().nodes("node-a")
                                .node("node-b", n -> n.notReady("down"))
                                .statefulSet("alertmanager", 2, w -> w.pods("node-a", "node-b"))
                                .pdb("alertmanager-pdb", "alertmanager", p -> p.maxUnavailable("1")
                                        .allowing(1)).build(),
                        "node-a", DRAIN, false,
                        "alertmanager 2->1 pdb=1"),
                row("drain: two allowed, two pods here go together", () -> cluster()
                                .nodes("node-a", "node-b", "node-c")
                                .deployment("web", 5, w -> w.namespace("monitoring")
                                        .pods("node-a", "node-a", "node-a", "node-b", "node-c"))
                                .pdb("web-pdb", "web", p -> p.maxUnavailable("40%")).build(),
                        "node-a", DRAIN, false,
                        "web 5->3 pdb=3"),
                row("drain: DaemonSet pods are left alone", () -> cluster().nodes("node-a", "node-b")
                                .daemonSet("node-exporter", w -> w.pods("node-a", "node-b")).build(),
                        "node-a", DRAIN, false,
                        "node-exporter 2->2 pdb=-1"),
                row("drain: a pod without controller blocks", () -> cluster().nodes("node-a", "node-b")
                                .pod("debug", "node-a", p -> { }).build(),
                        "node-a", DRAIN, true,
                        "debug 1->1 pdb=-1 blocks"),
                row("drain: an unready pod goes while its budget is healthy", () -> cluster()
                                .nodes("node-a", "node-b", "node-c")
                                .statefulSet("alertmanager", 3, w -> w.pods("node-b", "node-c")
                                        .pod("node-a", p -> p.notReady()))
                                .pdb("alertmanager-pdb", "alertmanager", p -> p.minAvailable("2")).build(),
                        "node-a", DRAIN, false,
                        "alertmanager 2->2 pdb=2"),
                row("drain: an unready pod is held by an unhealthy budget", () -> cluster()
                                .nodes("node-a", "node-b", "node-c")
                                .statefulSet("alertmanager", 3, w -> w.pod("node-b").pod("node-c", p -> p.notReady())
                                        .pod("node-a", p -> p.notReady()))
                                .pdb("alertmanager-pdb", "alertmanager", p -> p.minAvailable("2")).build(),
                        "node-a", DRAIN, true,
                        "alertmanager 1->1 pdb=2 below blocks"),
                // The API server lets an unready pod go without the budget only while the budget is met AND
                // requires at least one healthy pod (pkg/registry/core/pod/storage/eviction.go: "CurrentHealthy >=
                // DesiredHealthy && DesiredHealthy > 0"); otherwise the eviction needs an allowed disruption.
                row("drain: minAvailable 0 and no ready replica: an unready pod is held all the same", () -> cluster()
                                .nodes("node-a", "node-b", "node-c")
                                .deployment("grafana", 2, w -> w.pod("node-a", p -> p.crashLooping())
                                        .pod("node-b", p -> p.crashLooping()))
                                .pdb("grafana-pdb", "grafana", p -> p.minAvailable("0")).build(),
                        "node-a", DRAIN, true,
                        "grafana 0->0 pdb=0 blocks"),
                row("drain: minAvailable 0 with a ready replica: an unready pod goes against the allowance",
                        () -> cluster().nodes("node-a", "node-b", "node-c")
                                .deployment("grafana", 2, w -> w.pod("node-a", p -> p.crashLooping())
                                        .pod("node-b"))
                                .pdb("grafana-pdb", "grafana", p -> p.minAvailable("0")).build(),
                        "node-a", DRAIN, false,
                        "grafana 1->1 pdb=0"),
                row("drain: a pod that never started goes even so", () -> cluster()
                                .nodes("node-a", "node-b", "node-c")
                                .statefulSet("alertmanager", 3, w -> w.pod("node-b").pod("node-c", p -> p.notReady())
                                        .pod("node-a", p -> p.imagePullFailing()))
                                .pdb("alertmanager-pdb", "alertmanager", p -> p.minAvailable("2")).build(),
                        "node-a", DRAIN, false,
                        "alertmanager 1->1 pdb=2 below"),
                row("drain: an empty node", () -> seed().build(), "node-d", DRAIN, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void computesEachWorkloadsReplicas(String name, Supplier<StackSnapshot> snapshot, String node,
                                       WhatIfMode mode, boolean blocked, List<String> impacts) {
        WhatIfResult r = WhatIf.simulate(snapshot.get(), node, mode);

        assertThat(r.node()).isEqualTo(node);
        assertThat(r.mode()).isEqualTo(mode);
        assertThat(r.drainBlocked()).isEqualTo(blocked);
        assertThat(r.impacts()).extracting(i -> i.workload() + " " + i.readyBefore() + "->" + i.readyAfter()
                        + " pdb=" + i.pdbMinHealthy() + (i.losesAvailability() ? " loses" : "")
                        + (i.belowPdb() ? " below" : "") + (i.blocksDrain() ? " blocks" : ""))
                .containsExactlyElementsOf(impacts);
        assertThat(r.summary()).startsWith(mode == FAILURE ? (r.impacts().isEmpty() ? "Failing" : "If node")
                : "Draining").endsWith(".");
        assertThat(r.impacts()).allSatisfy(i -> assertThat(i.explanation()).endsWith("."));
    }

    @Test
    void failureExplainsWhenReplacementsCome() {
        WhatIfResult r = WhatIf.simulate(seed().build(), "node-b", FAILURE);

        assertThat(r.summary()).isEqualTo("If node node-b fails, 3 pods stop serving at once; every workload keeps "
                + "a ready replica.");
        assertThat(r.impacts().get(0).explanation()).isEqualTo("prometheus-1 stops serving at once, leaving 1 of 2 "
                + "ready; a StatefulSet does not replace a pod on a NotReady node until the node returns or the pod "
                + "is deleted by hand.");
        assertThat(r.impacts().get(1).explanation()).contains("the Deployment replaces them only after the eviction "
                + "timeout (about 5 minutes)");
        assertThat(r.impacts().get(1).podsOnNode()).containsExactly("grafana-6d4cf56db6-ax0");
    }

    @Test
    void failureSummaryNamesWhatLosesAvailabilityAndWhatDropsBelowItsPdb() {
        StackSnapshot s = cluster().nodes("node-a", "node-b", "node-c")
                .deployment("grafana", 2, w -> w.pods("node-a", "node-a"))
                .statefulSet("alertmanager", 3, w -> w.pods("node-a", "node-a", "node-b"))
                .pdb("alertmanager-pdb", "alertmanager", p -> p.maxUnavailable("1"))
                .build();

        WhatIfResult r = WhatIf.simulate(s, "node-a", FAILURE);

        assertThat(r.summary()).isEqualTo("If node node-a fails, 4 pods stop serving at once; grafana has no ready "
                + "replica left; alertmanager drops below its PDB.");
    }

    @Test
    void drainSummaryNamesWhatBlocks() {
        StackSnapshot s = seed().pdb("grafana-pdb", "grafana", p -> p.minAvailable("100%")).build();

        WhatIfResult r = WhatIf.simulate(s, "node-b", DRAIN);

        assertThat(r.drainBlocked()).isTrue();
        assertThat(r.summary()).isEqualTo("Draining node node-b would not finish: grafana cannot be evicted; every "
                + "workload keeps a ready replica.");
        WorkloadImpact grafana = r.impacts().get(1);
        assertThat(grafana.explanation()).isEqualTo("Its PDB grafana-pdb (minAvailable 100%) allows no disruption "
                + "now (2 healthy, needs 2): evicting grafana-6d4cf56db6-ax0 is refused, so the drain waits until "
                + "the budget is changed.");
    }

    @Test
    void drainThatFinishesSaysSo() {
        WhatIfResult r = WhatIf.simulate(seed().build(), "node-a", DRAIN);

        assertThat(r.summary()).isEqualTo("Draining node node-a would finish, evicting 2 pods without breaking a "
                + "PDB; every workload keeps a ready replica.");
        assertThat(r.impacts().get(0).explanation()).isEqualTo("Its PDB prometheus-pdb (minAvailable 1) allows 1 "
                + "disruption: prometheus-0 is evicted and its replacement starts on another node, so it keeps at "
                + "least 1 of 2 ready.");
    }

    @Test
    void aReplacementThatMustShareANodeIsNoted() {
        StackSnapshot s = cluster().nodes("node-a", "node-b", "node-c")
                .statefulSet("alertmanager", 3, w -> w.pods("node-a", "node-b", "node-c"))
                .pdb("alertmanager-pdb", "alertmanager", p -> p.maxUnavailable("1"))
                .build();

        WhatIfResult r = WhatIf.simulate(s, "node-a", DRAIN);

        assertThat(r.drainBlocked()).isFalse();
        assertThat(r.impacts().get(0).explanation()).contains("Every other schedulable node already runs a replica",
                "preferred anti-affinity gives way", "required anti-affinity it would stay Pending");
    }

    @Test
    void noteIsLeftOutWhenAFreeNodeExists() {
        WhatIfResult r = WhatIf.simulate(seed().build(), "node-a", DRAIN);

        assertThat(r.impacts()).allSatisfy(i -> assertThat(i.explanation()).doesNotContain("anti-affinity"));
    }

    @Test
    void drainWithNowhereToGoWaits() {
        StackSnapshot s = cluster().nodes("node-a").node("node-b", n -> n.cordoned())
                .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-a"))
                .pdb("prometheus-pdb", "prometheus", p -> p.minAvailable("1"))
                .build();

        WorkloadImpact i = WhatIf.simulate(s, "node-a", DRAIN).impacts().get(0);

        assertThat(i.explanation()).isEqualTo("Its PDB prometheus-pdb (minAvailable 1) lets 1 pod go, but no other "
                + "node is Ready and schedulable, so the replacement stays Pending and it keeps 1 of 2 ready; "
                + "prometheus-1 then cannot be evicted and the drain waits.");
    }

    @Test
    void stackWorkloadsComeFirst() {
        StackSnapshot s = cluster().nodes("node-a", "node-b")
                .deployment("api", 1, w -> w.pods("node-a"))
                .statefulSet("alertmanager", 1, w -> w.pods("node-a"))
                .deployment("cache", 1, w -> w.pods("node-a"))
                .statefulSet("prometheus", 1, w -> w.pods("node-a"))
                .pod("debug", "node-a", p -> { })
                .build();

        WhatIfResult r = WhatIf.simulate(s, "node-a", FAILURE);

        assertThat(r.impacts()).extracting(WorkloadImpact::workload)
                .containsExactly("prometheus", "alertmanager", "api", "cache", "debug");
    }

    @Test
    void onlyDaemonSetPodsMeanNothingToEvict() {
        StackSnapshot s = cluster().nodes("node-a", "node-b")
                .daemonSet("node-exporter", w -> w.pods("node-a", "node-b")).build();

        assertThat(WhatIf.simulate(s, "node-a", DRAIN).summary()).isEqualTo("Draining node node-a evicts nothing: "
                + "only DaemonSet pods run there, and drain leaves them.");
    }

    @ParameterizedTest
    @EnumSource(WhatIfMode.class)
    void anUnknownNodeHasNoImpact(WhatIfMode mode) {
        WhatIfResult r = WhatIf.simulate(seed().build(), "node-z", mode);

        assertThat(r.impacts()).isEmpty();
        assertThat(r.drainBlocked()).isFalse();
        assertThat(r.summary()).isEqualTo("Node node-z is not in the cluster as the console sees it.");
    }

    @Test
    void aNodeAlreadyNotReadyIsSaidSo() {
        StackSnapshot s = cluster().nodes("node-a").node("node-b", n -> n.notReady("down"))
                .statefulSet("prometheus", 2, w -> w.pod("node-a").pod("node-b", p -> p.notReady()))
                .build();

        WhatIfResult r = WhatIf.simulate(s, "node-b", FAILURE);

        assertThat(r.summary()).isEqualTo("Node node-b is already NotReady, so the 1 pod on it is not serving; "
                + "every workload keeps a ready replica.");
        assertThat(r.impacts().get(0).explanation()).contains("not ready already (the node is NotReady)");
    }

    @Test
    void withNodesHiddenThePodsNodesStandIn() {
        StackSnapshot s = cluster().nodesHidden("nodes is forbidden")
                .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-b"))
                .pdb("prometheus-pdb", "prometheus", p -> p.minAvailable("1"))
                .build();

        WhatIfResult r = WhatIf.simulate(s, "node-a", DRAIN);

        assertThat(r.drainBlocked()).isFalse();
        assertThat(r.impacts().get(0).readyAfter()).isEqualTo(1);
    }
}
