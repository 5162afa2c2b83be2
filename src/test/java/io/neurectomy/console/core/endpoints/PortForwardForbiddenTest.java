package io.neurectomy.console.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.StackObjects;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A user who may read pods but not port-forward to them: the forward says so and gives up (FAILED). */
class PortForwardForbiddenTest {
    private KubernetesMockServer server;
    private KubernetesClient admin;
    private ClusterSession session;

    @BeforeEach
    void start() {
        server = MockCluster.crudServer();
        server.init();
        admin = server.createClient();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("monitoring").endMetadata()
                .build()).create();
        admin.pods().inNamespace("monitoring").resource(StackObjects.pod("prometheus-0", "node-a", true, 0,
                Instant.now())).create();
        server.expect().get().withPath("/api/v1/namespaces/monitoring/pods/prometheus-0/portforward?ports=9090")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                        .withMessage("pods \"prometheus-0\" is forbidden: User \"dev\" cannot create resource"
                                + " \"pods/portforward\" in the namespace \"monitoring\"").build())
                .always();
        session = new ClusterSession(server.createClient(), "dev@prod", "monitoring", "v1.30.2").start();
    }

    @AfterEach
    void stop() {
        session.close();
        admin.close();
        server.destroy();
    }

    @Test
    void forbiddenPortForwardFailsWithThePermissionToAskFor() throws Exception {
        Set<Thread> before = ForwardTestSupport.threads("port-forward-");
        try (PortForwardManager manager = new PortForwardManager(session)) {
            Forward forward = manager.start(ForwardSpec.parse("prometheus-0", "monitoring"));

            ForwardStatus failed = Poll.until(Duration.ofSeconds(120), forward::status,
                    s -> s.state() == ForwardState.FAILED, "FAILED on 403");

            assertThat(failed.reason()).contains("Forbidden (403)").contains("'create' on 'pods/portforward'")
                    .contains("monitoring");
            assertThat(failed.lastProbe().passed()).isFalse();
            assertThat(failed.localPort()).as("the port is released").isPositive();
            assertThat(ForwardTestSupport.listeningHere(failed.localPort())).as("the forward still listens").isFalse();
            Poll.until(Duration.ofSeconds(120), "the forward's threads ended",
                    () -> ForwardTestSupport.newThreads("port-forward-", before).isEmpty());
        }
    }
}
