package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.SandboxMarker;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.StackObjects;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pod deletion and sandbox node failure against the CRUD mock, with the errors a person sees. */
class PodOperationsTest {
    private static final String NS = MockCluster.NAMESPACE;

    private KubernetesMockServer server;
    private KubernetesClient admin;
    private ClusterSession session;

    @BeforeEach
    void start() {
        server = MockCluster.crudServer();
        server.init();
        admin = server.createClient();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        admin.nodes().resource(StackObjects.node("node-a", true)).create();
        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 0, "node-a")).create();
        // Not started: the operations need only the client.
        session = new ClusterSession(server.createClient(), "test", NS, "v1.30.0");
    }

    @AfterEach
    void stop() {
        session.close();
        admin.close();
        MockCluster.stopQuietly(server);
    }

    @Test
    void deletesThePod() {
        PodOperations.deletePod(session, NS, "prometheus-0");
        assertThat(admin.pods().inNamespace(NS).withName("prometheus-0").get()).isNull();
    }

    @Test
    void aPodThatIsGoneSaysSo() {
        assertThatThrownBy(() -> PodOperations.deletePod(session, NS, "prometheus-9"))
                .isInstanceOf(ConsoleException.class)
                .hasMessageStartingWith("Pod prometheus-9 no longer exists in namespace monitoring");
    }

    @Test
    void aForbiddenDeletionNamesTheMissingPermission() {
        server.expect().delete().withPath("/api/v1/namespaces/" + NS + "/pods/prometheus-0")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(
                        "pods \"prometheus-0\" is forbidden: User \"dev\" cannot delete resource \"pods\"").build())
                .always();

        assertThatThrownBy(() -> PodOperations.deletePod(session, NS, "prometheus-0"))
                .isInstanceOf(ConsoleException.class)
                .hasMessageStartingWith("Your account may not delete pods in monitoring (RBAC)")
                .hasMessageContaining("Ask for a Role");
        assertThat(admin.pods().inNamespace(NS).withName("prometheus-0").get()).isNotNull();
    }

    @Test
    void anUnreachableServerSaysToCheckTheConnection() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port).withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2000).withRequestTimeout(2000).build()).build();
        try (ClusterSession cut = new ClusterSession(unreachable, "vpn-down", NS, "v1.30.0")) {
            assertThatThrownBy(() -> PodOperations.deletePod(cut, NS, "prometheus-0"))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("could not be reached")
                    .hasMessageContaining("Check the VPN");
        }
    }

    @Test
    void aClosedSessionSaysToConnectAgain() {
        session.close();
        assertThatThrownBy(() -> PodOperations.deletePod(session, NS, "prometheus-0"))
                .hasMessageContaining("connection to context test is closed");
    }

    @Test
    void nodeFailureIsRefusedOnARealCluster() {
        assertThatThrownBy(() -> PodOperations.setSandboxNodeFailed(session, "node-a", true))
                .isInstanceOf(ConsoleException.class)
                .hasMessageContaining("only possible on the console's sandbox")
                .hasMessageContaining("nothing was changed");
        assertThat(admin.nodes().withName("node-a").get().getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void nodeFailureSetsAndRemovesTheSandboxAnnotation() {
        session.withSandbox(new SandboxMarker(true, ""));

        PodOperations.setSandboxNodeFailed(session, "node-a", true);
        assertThat(annotations()).containsEntry(SandboxMarker.NODE_FAILED_ANNOTATION, "true");

        PodOperations.setSandboxNodeFailed(session, "node-a", false);
        assertThat(annotations()).doesNotContainKey(SandboxMarker.NODE_FAILED_ANNOTATION);
    }

    @Test
    void failingAMissingSandboxNodeSaysItIsGone() {
        session.withSandbox(new SandboxMarker(true, ""));
        assertThatThrownBy(() -> PodOperations.setSandboxNodeFailed(session, "node-z", true))
                .isInstanceOf(ConsoleException.class)
                .hasMessageStartingWith("Node node-z does not exist in the sandbox");
    }

    private Map<String, String> annotations() {
        Map<String, String> a = admin.nodes().withName("node-a").get().getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }
}
