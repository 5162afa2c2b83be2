package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.StackObjects;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes of objects that the cluster also writes (a pod's status, a workload's) meet 409 Conflict when the object
 * changed between the read and the write; the console reads and writes again instead of failing the operation.
 */
class ConflictRetryTest {
    private static final String NS = MockCluster.NAMESPACE;

    private MockCluster cluster;
    private KubernetesMockServer server;
    private KubernetesClient admin;
    private ClusterSession session;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        server = cluster.server();
        admin = cluster.adminClient();
        admin.apps().statefulSets().resource(StackObjects.statefulSet("prometheus", 1, 1)).create();
        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 0, "node-a")).create();
        admin.services().resource(new ServiceBuilder().withNewMetadata().withName("prometheus").withNamespace(NS)
                .endMetadata().withNewSpec().addToSelector("app", "prometheus").endSpec().build()).create();
        session = cluster.unstartedSession("test");
    }

    @AfterEach
    void stop() {
        session.close();
        cluster.close();
    }

    private void conflictsOn(String path, int times) {
        server.expect().patch().withPath(path).andReturn(409, new StatusBuilder().withCode(409)
                .withReason("Conflict").withMessage("Operation cannot be fulfilled: the object has been modified")
                .build()).times(times);
    }

    private static KubernetesClientException status(int code) {
        return new KubernetesClientException("refused", code, null);
    }

    @Test
    void aWriteRefusedWithAConflictIsMadeAgainUntilTheServerTakesIt() {
        AtomicInteger calls = new AtomicInteger();
        ConflictRetry.write("edit", () -> {
            if (calls.incrementAndGet() < 3) {
                throw status(409);
            }
        });
        assertThat(calls).hasValue(3);
    }

    @Test
    void anyOtherRefusalIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ConflictRetry.write("edit", () -> {
            calls.incrementAndGet();
            throw status(403);
        })).isInstanceOf(KubernetesClientException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aConflictThatPersistsIsThrownAfterAFewAttempts() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ConflictRetry.write("edit", () -> {
            calls.incrementAndGet();
            throw status(409);
        })).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(calls).hasValue(ConflictRetry.ATTEMPTS);
    }

    @Test
    void aBlueGreenSwitchOfAServiceThatChangedMeanwhileStillSwitches() {
        conflictsOn("/api/v1/namespaces/" + NS + "/services/prometheus", 2);

        new BlueGreen(session).select("prometheus", Map.of("app", "prometheus", "version", "v3"), null);

        assertThat(admin.services().inNamespace(NS).withName("prometheus").get().getSpec().getSelector())
                .containsEntry("version", "v3");
    }

    @Test
    void aPodThatChangedMeanwhileIsStillLabelledWithItsVersion() {
        conflictsOn("/api/v1/namespaces/" + NS + "/pods/prometheus-0", 2);

        int labelled = new BlueGreen(session).labelPods("prometheus", "v2");

        assertThat(labelled).isEqualTo(1);
        assertThat(admin.pods().inNamespace(NS).withName("prometheus-0").get().getMetadata().getLabels())
                .containsEntry(BlueGreen.VERSION_LABEL, "v2");
    }
}
