package io.neurectomy.console.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.StackObjects;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real session's informers against the CRUD mock: what the topology needs arrives in the snapshot. */
class ClusterSessionInformersTest {
    private static final String NS = MockCluster.NAMESPACE;
    private static final String OTHER = "team-a";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private KubernetesMockServer server;
    private KubernetesClient admin;
    private ClusterSession session;

    @BeforeEach
    void startServer() {
        server = MockCluster.crudServer();
        server.init();
        admin = server.createClient();
        for (String ns : List.of(NS, OTHER)) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
        }
        admin.nodes().resource(new NodeBuilder(StackObjects.node("node-a", true)).editMetadata()
                .addToLabels("topology.kubernetes.io/zone", "zone-a").endMetadata().build()).create();
        admin.nodes().resource(StackObjects.node("node-b", true)).create();
        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 0, "node-a")).create();
        admin.pods().resource(new PodBuilder(StackObjects.pod("web-0", "node-b", true, 0, null)).editMetadata()
                .withNamespace(OTHER).endMetadata().build()).create();
    }

    @AfterEach
    void stop() {
        if (session != null) {
            session.close();
        }
        admin.close();
        MockCluster.stopQuietly(server);
    }

    private void startSession() {
        session = new ClusterSession(server.createClient(), "test", NS, "v1.30.0").start();
        await("synced", s -> s.syncState() == SyncState.SYNCED);
    }

    private StackSnapshot await(String what, Predicate<StackSnapshot> condition) {
        return Poll.until(WAIT, () -> session.state().snapshot(), condition, what);
    }

    private static PodInfo pod(StackSnapshot s, String name) {
        return s.pods().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    void podAddedDeletedAndMovedToAnotherNode() {
        startSession();
        assertThat(session.state().snapshot().pods()).extracting(PodInfo::key)
                .containsExactly("monitoring/prometheus-0");

        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 1, "node-a")).create();
        await("prometheus-1 on node-a", s -> pod(s, "prometheus-1") != null
                && pod(s, "prometheus-1").node().equals("node-a"));

        // A StatefulSet pod rescheduled: deleted, then recreated with the same name on another node.
        admin.pods().inNamespace(NS).withName("prometheus-1").delete();
        await("prometheus-1 gone", s -> pod(s, "prometheus-1") == null);
        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 1, "node-b")).create();
        StackSnapshot moved = await("prometheus-1 on node-b", s -> pod(s, "prometheus-1") != null
                && pod(s, "prometheus-1").node().equals("node-b"));
        assertThat(moved.pods()).extracting(PodInfo::name).containsExactly("prometheus-0", "prometheus-1");

        admin.pods().inNamespace(NS).withName("prometheus-0").delete();
        assertThat(await("prometheus-0 gone", s -> pod(s, "prometheus-0") == null).pods())
                .extracting(PodInfo::name).containsExactly("prometheus-1");
    }

    @Test
    void nodeTurningNotReadyShowsWhy() {
        startSession();
        assertThat(session.state().snapshot().nodes()).extracting(NodeInfo::zone).containsExactly("zone-a", "");

        admin.nodes().withName("node-a").edit(n -> new NodeBuilder(n).editStatus().withConditions()
                .addNewCondition().withType("Ready").withStatus("Unknown").withReason("NodeStatusUnknown")
                .withMessage("Kubelet stopped posting node status.").endCondition().endStatus().build());

        StackSnapshot snap = await("node-a not ready", s -> !s.nodes().get(0).ready());
        assertThat(snap.nodes().get(0).readyMessage())
                .isEqualTo("NodeStatusUnknown: Kubelet stopped posting node status.");
        assertThat(snap.nodes().get(1).ready()).isTrue();
    }

    @Test
    void pdbPvcAndEventArrive() {
        startSession();

        admin.policy().v1().podDisruptionBudget().resource(new PodDisruptionBudgetBuilder().withNewMetadata()
                .withName("prometheus-pdb").withNamespace(NS).endMetadata().withNewSpec()
                .withMinAvailable(new IntOrString(1)).withNewSelector().addToMatchLabels("app", "prometheus")
                .endSelector().endSpec().build()).create();
        admin.persistentVolumeClaims().resource(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName("storage-prometheus-0").withNamespace(NS).endMetadata().withNewSpec()
                .withNewResources().addToRequests("storage", new Quantity("200Gi")).endResources().endSpec()
                .withNewStatus().withPhase("Bound").addToCapacity("storage", new Quantity("200Gi")).endStatus()
                .build()).create();
        admin.v1().events().resource(new EventBuilder().withNewMetadata().withName("prometheus-0.1")
                .withNamespace(NS).endMetadata().withNewInvolvedObject().withKind("Pod").withName("prometheus-0")
                .withNamespace(NS).endInvolvedObject().withType("Warning").withReason("BackOff")
                .withMessage("Back-off restarting failed container").withCount(2)
                .withLastTimestamp(Instant.now().toString()).build()).create();

        StackSnapshot snap = await("PDB, PVC and event", s -> !s.pdbs().isEmpty() && !s.pvcs().isEmpty()
                && !s.events().isEmpty());
        assertThat(snap.pdbs().get(0)).extracting(PdbInfo::name, PdbInfo::minAvailable)
                .containsExactly("prometheus-pdb", "1");
        assertThat(snap.pvcs().get(0)).extracting(PvcInfo::name, PvcInfo::phase, PvcInfo::capacity)
                .containsExactly("storage-prometheus-0", "Bound", "200Gi");
        assertThat(snap.events().get(0)).extracting(EventInfo::involvedName, EventInfo::reason, EventInfo::count)
                .containsExactly("prometheus-0", "BackOff", 2);
    }

    @Test
    void allNamespacesShowsOtherNamespacesAndBack() {
        admin.v1().events().resource(new EventBuilder().withNewMetadata().withName("web-0.1").withNamespace(OTHER)
                .endMetadata().withNewInvolvedObject().withKind("Pod").withName("web-0").withNamespace(OTHER)
                .endInvolvedObject().withType("Normal").withReason("Started").withMessage("Started container")
                .build()).create();
        startSession();
        assertThat(session.allNamespaces()).isFalse();
        assertThat(session.state().snapshot().pods()).extracting(PodInfo::key)
                .containsExactly("monitoring/prometheus-0");
        List<SyncState> states = new CopyOnWriteArrayList<>();
        session.state().addListener(() -> states.add(session.state().snapshot().syncState()));

        session.setAllNamespaces(true);

        StackSnapshot all = await("pods of every namespace", s -> s.syncState() == SyncState.SYNCED
                && s.allNamespaces() && s.pods().size() == 2);
        assertThat(session.allNamespaces()).isTrue();
        assertThat(all.pods()).extracting(PodInfo::key).containsExactly("monitoring/prometheus-0", "team-a/web-0");
        assertThat(all.events()).extracting(EventInfo::involvedName).containsExactly("web-0");
        assertThat(all.nodes()).hasSize(2);
        assertThat(states).as("synchronizing, then synced").containsSubsequence(SyncState.SYNCING, SyncState.SYNCED);

        admin.pods().resource(new PodBuilder(StackObjects.pod("web-1", "node-a", true, 0, null)).editMetadata()
                .withNamespace(OTHER).endMetadata().build()).create();
        await("a new pod of another namespace", s -> pod(s, "web-1") != null);

        states.clear();
        session.setAllNamespaces(false);

        StackSnapshot back = await("only the namespace again", s -> s.syncState() == SyncState.SYNCED
                && !s.allNamespaces() && s.pods().size() == 1);
        assertThat(back.pods()).extracting(PodInfo::key).containsExactly("monitoring/prometheus-0");
        assertThat(back.events()).isEmpty();
        assertThat(states).containsSubsequence(SyncState.SYNCING, SyncState.SYNCED);

        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 1, "node-b")).create();
        admin.pods().resource(new PodBuilder(StackObjects.pod("web-2", "node-a", true, 0, null)).editMetadata()
                .withNamespace(OTHER).endMetadata().build()).create();
        StackSnapshot later = await("a new pod of the namespace", s -> pod(s, "prometheus-1") != null);
        assertThat(later.pods()).extracting(PodInfo::namespace).containsOnly(NS);
    }

    @Test
    void closingAfterASwitchStopsEverything() {
        startSession();
        session.setAllNamespaces(true);
        await("synced in all namespaces", s -> s.syncState() == SyncState.SYNCED && s.allNamespaces());

        session.close();

        assertThat(session.state().snapshot().syncState()).isEqualTo(SyncState.CLOSED);
        long version = session.state().snapshot().version();
        admin.pods().resource(new PodBuilder(StackObjects.pod("web-9", "node-a", true, 0, null)).editMetadata()
                .withNamespace(OTHER).endMetadata().build()).create();
        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 7, "node-a")).create();
        assertThat(admin.pods().inAnyNamespace().list().getItems()).hasSize(4);
        assertThat(session.state().snapshot().version()).isEqualTo(version);
        session.setAllNamespaces(false);
        assertThat(session.allNamespaces()).as("a closed session does not switch").isTrue();
    }

    @Test
    void forbiddenPdbsPvcsAndEventsStillSync() {
        forbid("/apis/policy/v1/namespaces/" + NS + "/poddisruptionbudgets", "poddisruptionbudgets", "policy");
        forbid("/api/v1/namespaces/" + NS + "/persistentvolumeclaims", "persistentvolumeclaims", "");
        forbid("/api/v1/namespaces/" + NS + "/events", "events", "");
        admin.persistentVolumeClaims().resource(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName("hidden").withNamespace(NS).endMetadata().build()).create();

        startSession();

        StackSnapshot snap = session.state().snapshot();
        assertThat(snap.pods()).extracting(PodInfo::name).containsExactly("prometheus-0");
        assertThat(snap.pdbs()).isEmpty();
        assertThat(snap.pvcs()).isEmpty();
        assertThat(snap.events()).isEmpty();
        assertThat(snap.syncDetail()).isEmpty();
        // The monitor does not count the informers that gave up as lost watches.
        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 1, "node-b")).create();
        await("still live and synced", s -> pod(s, "prometheus-1") != null && s.syncState() == SyncState.SYNCED);
        Poll.until(WAIT, "a watch check after the informers gave up",
                () -> session.state().snapshot().syncState() == SyncState.SYNCED);
    }

    @Test
    void forbiddenPodsInAllNamespacesSaySoWhileSynchronizing() {
        forbid("/api/v1/pods", "pods", "");
        startSession();

        session.setAllNamespaces(true);

        StackSnapshot snap = await("an explanation", s -> s.syncState() == SyncState.SYNCING
                && !s.syncDetail().isEmpty());
        assertThat(snap.syncDetail()).contains("may not list pods in all namespaces (RBAC)")
                .contains("Switch back to namespace monitoring");
        session.setAllNamespaces(false);
        await("synced in the namespace again", s -> s.syncState() == SyncState.SYNCED && s.pods().size() == 1);
    }

    private void forbid(String path, String resource, String group) {
        var status = new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(resource
                + " is forbidden: User \"dev\" cannot list resource \"" + resource + "\" in API group \"" + group
                + "\"").build();
        for (String p : List.of(path, path + "?resourceVersion=0")) {
            server.expect().get().withPath(p).andReturn(403, status).always();
        }
    }
}
