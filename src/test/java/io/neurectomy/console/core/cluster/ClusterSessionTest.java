package io.neurectomy.console.core.cluster;


import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.StackObjects;
import io.neurectomy.console.testing.Poll;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterSessionTest {
    private static final String NS = MockCluster.NAMESPACE;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private KubernetesMockServer server;
    private KubernetesClient admin;
    private ClusterSession session;

    @BeforeEach
    void startServer() {
        server = MockCluster.crudServer();
        server.init();
        admin = server.createClient();
        createNamespace();
        admin.nodes().resource(StackObjects.node("node-a", true)).create();
        admin.nodes().resource(StackObjects.node("node-b", false)).create();
        admin.apps().statefulSets().resource(StackObjects.statefulSet("prometheus", 2, 1)).create();
        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 0, "node-a")).create();
    }

    @AfterEach
    void stop() {
        if (session != null) {
            session.close();
        }
        admin.close();
        server.destroy();
    }

    private void createNamespace() {
        admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(NS).endMetadata().build()).create();
    }

    private StackSnapshot awaitSnapshot(String what, Predicate<StackSnapshot> condition) {
        return Poll.until(WAIT, () -> session.state().snapshot(), condition, what);
    }

    @Test
    void reportsSynchronizingUntilInformersHaveListedThenShowsTheNamespace() {
        session = new ClusterSession(server.createClient(), "test", NS, "v1.30.0");
        assertThat(session.state().snapshot().syncState()).isEqualTo(SyncState.SYNCING);

        session.start();
        StackSnapshot snap = awaitSnapshot("synced", s -> s.syncState() == SyncState.SYNCED);

        assertThat(snap.pods()).extracting(PodInfo::name).containsExactly("prometheus-0");
        PodInfo pod = snap.pods().get(0);
        assertThat(pod.node()).isEqualTo("node-a");
        assertThat(pod.status()).isEqualTo("Running");
        assertThat(pod.ready()).isTrue();
        assertThat(pod.workload()).isEqualTo("prometheus");
        assertThat(snap.nodes()).extracting(NodeInfo::name, NodeInfo::ready)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("node-a", true),
                        org.assertj.core.groups.Tuple.tuple("node-b", false));
        assertThat(snap.workloads()).extracting(WorkloadInfo::name)
                .startsWith("prometheus", "grafana", "alertmanager");
        WorkloadInfo prometheus = snap.workloads().get(0);
        assertThat(prometheus.present()).isTrue();
        assertThat(prometheus.desired()).isEqualTo(2);
        assertThat(prometheus.ready()).isEqualTo(1);
        assertThat(snap.workloads().get(1).present()).as("grafana is not deployed").isFalse();
    }

    @Test
    void followsPodsCreatedAndDeletedAndReplicaChanges() {
        session = new ClusterSession(server.createClient(), "test", NS, "v1.30.0").start();
        awaitSnapshot("synced", s -> s.syncState() == SyncState.SYNCED);

        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 1, "node-b")).create();
        awaitSnapshot("prometheus-1 appears", s -> s.pods().size() == 2);

        admin.pods().inNamespace(NS).withName("prometheus-0").delete();
        StackSnapshot snap = awaitSnapshot("prometheus-0 disappears",
                s -> s.pods().stream().noneMatch(p -> p.name().equals("prometheus-0")));
        assertThat(snap.pods()).extracting(PodInfo::name).containsExactly("prometheus-1");

        admin.apps().statefulSets().inNamespace(NS).withName("prometheus").scale(3);
        awaitSnapshot("desired replicas 3", s -> s.workloads().get(0).desired() == 3);
    }

    @Test
    void showsReconnectingWhenTheServerGoesAwayAndRecoversWhenItReturns() throws Exception {
        int port = server.getPort();
        session = new ClusterSession(server.createClient(), "test", NS, "v1.30.0").start();
        awaitSnapshot("synced", s -> s.syncState() == SyncState.SYNCED);

        server.destroy();
        StackSnapshot lost = awaitSnapshot("reconnecting", s -> s.syncState() == SyncState.RECONNECTING);
        assertThat(lost.syncDetail()).isNotBlank();

        // A new server on the same port stands in for the API server coming back (same store, plus a change
        // made while the console was cut off).
        server = MockCluster.crudServer();
        server.init(java.net.InetAddress.getByName("127.0.0.1"), port);
        admin.close();
        admin = server.createClient();
        createNamespace();
        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 0, "node-a")).create();
        admin.pods().resource(StackObjects.statefulSetPod("alertmanager", 0, "node-c")).create();

        StackSnapshot back = awaitSnapshot("synced again with the new content",
                s -> s.syncState() == SyncState.SYNCED
                        && s.pods().stream().anyMatch(p -> p.name().equals("alertmanager-0")));
        assertThat(back.pods()).extracting(PodInfo::name).containsExactly("alertmanager-0", "prometheus-0");
        assertThat(back.syncDetail()).isEmpty();
    }

    @Test
    void closingStopsInformersThreadsAndClient() {
        session = new ClusterSession(server.createClient(), "test", NS, "v1.30.0").start();
        awaitSnapshot("synced", s -> s.syncState() == SyncState.SYNCED);

        session.close();

        assertThat(session.isClosed()).isTrue();
        assertThat(session.state().snapshot().syncState()).isEqualTo(SyncState.CLOSED);
        Poll.until(WAIT, "watch monitor thread gone", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("watch-monitor-test") && t.isAlive()));
        // Changes after close no longer reach the state.
        long version = session.state().snapshot().version();
        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 5, "node-a")).create();
        assertThat(admin.pods().inNamespace(NS).list().getItems()).hasSize(2);
        assertThat(session.state().snapshot().version()).isEqualTo(version);
    }

    @Test
    void forbiddenNodeListingStillSyncsAndSaysWhyNodesAreHidden() {
        server.expect().get().withPath("/api/v1/nodes?resourceVersion=0")
                .andReturn(403, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403)
                        .withReason("Forbidden").withMessage("nodes is forbidden: User \"dev\" cannot list resource"
                                + " \"nodes\" in API group \"\" at the cluster scope").build())
                .always();
        server.expect().get().withPath("/api/v1/nodes")
                .andReturn(403, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403)
                        .withReason("Forbidden").build())
                .always();
        session = new ClusterSession(server.createClient(), "test", NS, "v1.30.0").start();

        StackSnapshot snap = awaitSnapshot("synced without nodes", s -> s.syncState() == SyncState.SYNCED);

        assertThat(snap.nodes()).isEmpty();
        assertThat(snap.nodesHidden()).contains("may not list nodes");
        assertThat(snap.pods()).extracting(PodInfo::name).containsExactly("prometheus-0");
    }
}
