package io.neurectomy.console.core.topology;

import static io.neurectomy.console.core.topology.Snapshots.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.Resources;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.stack.StackComponent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopologyTest {

    private static final long MI = 1L << 20;

    private static StackSnapshot stack() {
        return cluster()
                .nodes("node-c", "node-a", "node-b")
                .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-b"))
                .deployment("grafana", 2, w -> w.pod("node-a").pod("", p -> p.pending("0/3 nodes are available")))
                .statefulSet("alertmanager", 3, w -> w.pods("node-a", "node-b", "node-c"))
                .deployment("api", 1, w -> w.namespace("monitoring").pod("node-a", p -> p.requests(500, 1024 * MI)))
                .build();
    }

    @Test
    void oneLanePerNodeByNameWithStackPodsFirst() {
        Topology t = Topology.of(stack());

        assertThat(t.lanes()).extracting(l -> l.node().name()).containsExactly("node-a", "node-b", "node-c");
        assertThat(t.lanes().get(0).pods()).extracting(PodInfo::name)
                .containsExactly("prometheus-0", "grafana-6d4cf56db6-ax0", "alertmanager-0", "api-6d4cf56db6-ax0");
        assertThat(t.lanes().get(2).pods()).extracting(PodInfo::name).containsExactly("alertmanager-2");
        assertThat(t.version()).isEqualTo(1);
    }

    @Test
    void unscheduledPodsHaveTheirOwnLane() {
        Topology t = Topology.of(stack());

        assertThat(t.unscheduled()).extracting(PodInfo::name).containsExactly("grafana-6d4cf56db6-bx1");
        assertThat(t.lanes()).flatExtracting(NodeLane::pods).extracting(PodInfo::name)
                .doesNotContain("grafana-6d4cf56db6-bx1");
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                // pods on node-a: what each requests -> stack sum, all sum
                Arguments.of("defaults only", (UnaryOperator<Snapshots.Cluster>) c -> c
                                .statefulSet("prometheus", 1, w -> w.pods("node-a")),
                        new Resources(100, 128 * MI), new Resources(100, 128 * MI)),
                Arguments.of("stack and other", (UnaryOperator<Snapshots.Cluster>) c -> c
                                .statefulSet("prometheus", 1, w -> w.pod("node-a", p -> p.requests(2000, 8192 * MI))),
                        new Resources(2000, 8192 * MI), new Resources(2000, 8192 * MI)),
                Arguments.of("other pods count only in the total", (UnaryOperator<Snapshots.Cluster>) c -> c
                                .statefulSet("prometheus", 1, w -> w.pods("node-a"))
                                .deployment("web", 2, w -> w.namespace("monitoring").pods("node-a", "node-a")),
                        new Resources(100, 128 * MI), new Resources(300, 384 * MI)),
                Arguments.of("containers add up, unset parts count as zero", (UnaryOperator<Snapshots.Cluster>) c -> c
                                .statefulSet("alertmanager", 1, w -> w.pod("node-a", p -> p
                                        .container("config-reloader", "reloader:1", new Resources(10, Resources.UNSET))
                                        .container("sidecar", "sidecar:1", Resources.NONE))),
                        new Resources(110, 128 * MI), new Resources(110, 128 * MI)),
                Arguments.of("nothing requested", (UnaryOperator<Snapshots.Cluster>) c -> c
                                .deployment("web", 1, w -> w.pod("node-a", p -> p.requests(Resources.UNSET,
                                        Resources.UNSET))),
                        Resources.NONE, Resources.NONE),
                Arguments.of("no pods", (UnaryOperator<Snapshots.Cluster>) c -> c, Resources.NONE, Resources.NONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void lanesSumRequestsOfStackPodsAndOfAllPods(String name, UnaryOperator<Snapshots.Cluster> pods,
                                                 Resources stack, Resources all) {
        Topology t = Topology.of(pods.apply(cluster().nodes("node-a", "node-b")).build());

        NodeLane lane = t.lanes().get(0);
        assertThat(lane.node().name()).isEqualTo("node-a");
        assertThat(lane.stackRequests()).isEqualTo(stack);
        assertThat(lane.podRequests()).isEqualTo(all);
        assertThat(t.lanes().get(1).podRequests()).isEqualTo(Resources.NONE);
    }

    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of("one image", (UnaryOperator<Snapshots.Cluster>) c -> c
                        .statefulSet("prometheus", 2, w -> w.image("prom:2.53").pods("node-a", "node-b")),
                        List.of("prom:2.53"), false),
                Arguments.of("upgrade under way", (UnaryOperator<Snapshots.Cluster>) c -> c
                        .statefulSet("prometheus", 2, w -> w.image("prom:2.54").pod("node-a")
                                .pod("node-b", p -> p.image("prom:2.53"))),
                        List.of("prom:2.53", "prom:2.54"), true),
                Arguments.of("different containers are not mixed versions", (UnaryOperator<Snapshots.Cluster>) c -> c
                        .statefulSet("prometheus", 2, w -> w.image("prom:2.53")
                                .pod("node-a", p -> p.container("reloader", "reloader:0.7", Resources.NONE))
                                .pod("node-b", p -> p.container("reloader", "reloader:0.7", Resources.NONE))),
                        List.of("prom:2.53", "reloader:0.7"), false),
                Arguments.of("sidecar upgrade", (UnaryOperator<Snapshots.Cluster>) c -> c
                        .statefulSet("prometheus", 2, w -> w.image("prom:2.53")
                                .pod("node-a", p -> p.container("reloader", "reloader:0.7", Resources.NONE))
                                .pod("node-b", p -> p.container("reloader", "reloader:0.8", Resources.NONE))),
                        List.of("prom:2.53", "reloader:0.7", "reloader:0.8"), true),
                Arguments.of("no pods", (UnaryOperator<Snapshots.Cluster>) c -> c
                        .statefulSet("prometheus", 2, w -> w.image("prom:2.53")), List.of(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void stripsListPodImagesAndSpotMixedVersions(String name, UnaryOperator<Snapshots.Cluster> spec,
                                                 List<String> images, boolean mixed) {
        Topology t = Topology.of(spec.apply(cluster().nodes("node-a", "node-b")).build());

        WorkloadStrip strip = t.strips().get(0);
        assertThat(strip.workload().name()).isEqualTo("prometheus");
        assertThat(strip.component()).contains(StackComponent.PROMETHEUS);
        assertThat(strip.podImages()).isEqualTo(images);
        assertThat(strip.mixedVersions()).isEqualTo(mixed);
    }

    static Stream<Arguments> pdbs() {
        return Stream.of(
                Arguments.of("selector matches the pods", (UnaryOperator<Snapshots.Cluster>) c -> c
                        .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-b"))
                        .pdb("prometheus-pdb", "prometheus", p -> p.minAvailable("1")), Optional.of("prometheus-pdb")),
                Arguments.of("selector with a label the pods lack", (UnaryOperator<Snapshots.Cluster>) c -> c
                        .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-b"))
                        .pdb("other", "prometheus", p -> p.selector(Map.of("app", "prometheus", "tier", "x"))),
                        Optional.empty()),
                Arguments.of("a subset of the pods' labels", (UnaryOperator<Snapshots.Cluster>) c -> c
                        .statefulSet("prometheus", 2, w -> w.pod("node-a", p -> p.label("tier", "metrics"))
                                .pod("node-b", p -> p.label("tier", "metrics")))
                        .pdb("tier-pdb", "prometheus", p -> p.selector(Map.of("tier", "metrics"))),
                        Optional.of("tier-pdb")),
                Arguments.of("only some pods match", (UnaryOperator<Snapshots.Cluster>) c -> c
                        .statefulSet("prometheus", 2, w -> w.pod("node-a", p -> p.label("tier", "metrics"))
                                .pod("node-b"))
                        .pdb("tier-pdb", "prometheus", p -> p.selector(Map.of("tier", "metrics"))),
                        Optional.empty()),
                Arguments.of("empty selector is ignored", (UnaryOperator<Snapshots.Cluster>) c -> c
                        .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-b"))
                        .pdb("all", "prometheus", p -> p.selector(Map.of())), Optional.empty()),
                Arguments.of("without pods, the workload's selector", (UnaryOperator<Snapshots.Cluster>) c -> c
                        .statefulSet("prometheus", 2, w -> { })
                        .pdb("prometheus-pdb", "prometheus", p -> p.minAvailable("1")), Optional.of("prometheus-pdb")),
                Arguments.of("first matching budget wins", (UnaryOperator<Snapshots.Cluster>) c -> c
                        .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-b"))
                        .pdb("a-pdb", "prometheus", p -> p.minAvailable("1"))
                        .pdb("b-pdb", "prometheus", p -> p.minAvailable("2")), Optional.of("a-pdb")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pdbs")
    void stripsCarryTheMatchingPdb(String name, UnaryOperator<Snapshots.Cluster> spec, Optional<String> pdb) {
        Topology t = Topology.of(spec.apply(cluster().nodes("node-a", "node-b")).build());

        assertThat(t.strips().get(0).pdb().map(PdbInfo::name)).isEqualTo(pdb);
    }

    @Test
    void aPdbOfAnotherNamespaceDoesNotMatch() {
        StackSnapshot s = cluster().allNamespaces().nodes("node-a")
                .deployment("web", 1, w -> w.namespace("shop").pods("node-a"))
                .deployment("web", 1, w -> w.namespace("blog").pods("node-a"))
                .pdb("web-pdb", "web", p -> p.minAvailable("1"))   // built in the first "web"'s namespace: shop
                .build();

        Topology t = Topology.of(s);

        assertThat(t.strips()).extracting(st -> st.workload().namespace() + ":" + st.pdb().map(PdbInfo::name)
                .orElse("-")).containsExactlyInAnyOrder("blog:-", "shop:web-pdb");
    }

    @Test
    void aPdbOfUnknownNamespaceMatchesInAnyNamespaceAndTheFirstInOrderWins() {
        StackSnapshot built = cluster().allNamespaces().nodes("node-a")
                .deployment("web", 1, w -> w.namespace("shop").pods("node-a"))
                .deployment("api", 1, w -> w.namespace("shop").pod("node-a", p -> p.label("tier", "front")))
                .build();
        List<PdbInfo> pdbs = List.of(
                new PdbInfo("shop", "api-tier", Map.of("tier", "front", "app", "api"), "1", "", 1, 1, 0, 1),
                new PdbInfo("", "any-web", Map.of("app", "web"), "1", "", 1, 1, 0, 1),
                new PdbInfo("shop", "api-app", Map.of("app", "api"), "1", "", 1, 1, 0, 1),
                new PdbInfo("blog", "web-blog", Map.of("app", "web"), "1", "", 1, 1, 0, 1));
        StackSnapshot s = new StackSnapshot(1, built.syncState(), "", built.workloads(), built.pods(),
                built.nodes(), "", pdbs, List.of(), List.of(), true);

        Topology t = Topology.of(s);

        assertThat(t.strips()).extracting(st -> st.workload().name() + ":" + st.pdb().map(PdbInfo::name)
                .orElse("-")).containsExactly("api:api-tier", "web:any-web");
    }

    @Test
    void nodesKnownOnlyFromTheirPodsGetANameOnlyLane() {
        StackSnapshot s = cluster().nodesHidden("nodes is forbidden")
                .statefulSet("prometheus", 2, w -> w.pods("node-b", "node-a"))
                .build();

        Topology t = Topology.of(s);

        assertThat(t.lanes()).extracting(NodeLane::node)
                .containsExactly(new NodeInfo("node-a", true, false), new NodeInfo("node-b", true, false));
    }

    @Test
    void acrossNamespacesOnlyTheStacksOwnWorkloadsAreColouredAsTheStack() {
        StackSnapshot s = cluster().allNamespaces().nodes("node-a")
                .statefulSet("prometheus", 1, w -> w.pods("node-a"))
                .statefulSet("prometheus", 1, w -> w.namespace("team-a").pods("node-a"))
                .build();

        Topology t = Topology.of(s);

        assertThat(t.strips()).extracting(st -> st.workload().namespace() + ":" + st.component()
                .map(StackComponent::name)
                .orElse("OTHER"))
                .containsExactly("monitoring:PROMETHEUS", "team-a:OTHER");
        assertThat(t.lanes().get(0).pods()).extracting(PodInfo::key)
                .containsExactly("monitoring/prometheus-0", "team-a/prometheus-0");
        assertThat(t.lanes().get(0).stackRequests()).isEqualTo(Snapshots.DEFAULT_REQUESTS);
        assertThat(t.lanes().get(0).podRequests()).isEqualTo(new Resources(200, 256 * MI));
    }

    @Test
    void podsAndWorkloadsMatchByNameWhenOneSideLacksTheNamespace() {
        // A single-namespace source may leave the namespace empty on the workloads.
        StackSnapshot built = cluster().nodes("node-a")
                .statefulSet("prometheus", 2, w -> w.image("prom:1").pod("node-a").pod("node-a", p -> p
                        .image("prom:2")))
                .build();
        StackSnapshot s = new StackSnapshot(1, built.syncState(), "", built.workloads().stream()
                .map(w -> new io.neurectomy.console.core.cluster.WorkloadInfo(w.kind(), w.name(), w.desired(),
                        w.current(), w.ready(), w.updated(), w.stack(), w.present()))
                .toList(), built.pods(), built.nodes(), "");

        assertThat(Topology.of(s).strips().get(0).mixedVersions()).isTrue();
    }

    @Test
    void anEmptySnapshotHasNoLanes() {
        Topology t = Topology.of(StackSnapshot.empty(io.neurectomy.console.core.cluster.SyncState.SYNCING));

        assertThat(t.lanes()).isEmpty();
        assertThat(t.unscheduled()).isEmpty();
        assertThat(t.strips()).isEmpty();
    }
}
