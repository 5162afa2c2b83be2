package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.SandboxMarker;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.StackObjects;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pod deletion and node faults, as operations against the CRUD mock, with the errors a person sees. */
class DeletePodAndNodeFaultTest {
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
        admin.nodes().resource(StackObjects.node("node-a", true)).create();
        admin.pods().resource(StackObjects.statefulSetPod("prometheus", 0, "node-a")).create();
        // Not started: the operations need only the client.
        session = cluster.unstartedSession("test");
    }

    @AfterEach
    void stop() {
        session.close();
        cluster.close();
    }

    private static OperationResult<Void> run(Operation<Void> operation) {
        return operation.run(operation.plan(Cancellation.none()), ProgressListener.none(), Cancellation.none());
    }

    private static OperationResult<Void> delete(ClusterSession on, String pod) {
        return run(new DeletePod(on, NS, pod, "prometheus"));
    }

    @Test
    void deletesThePodInOneStepAfterAYes() {
        DeletePod delete = new DeletePod(session, NS, "prometheus-0", "prometheus");
        var plan = delete.plan(Cancellation.none());
        assertThat(plan.confirmation().kind()).isEqualTo(Confirmation.Kind.YES);
        assertThat(plan.confirmation().prompt()).isEqualTo("Delete pod monitoring/prometheus-0?");
        assertThat(plan.notes()).containsExactly("prometheus will create a replacement; until it is ready,"
                + " prometheus runs with one replica less.");

        OperationResult<Void> result = delete.run(plan, ProgressListener.none(), Cancellation.none());

        assertThat(result.succeeded()).isTrue();
        assertThat(result.outcome(DeletePod.STEP_DELETE).status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(admin.pods().inNamespace(NS).withName("prometheus-0").get()).isNull();
    }

    @Test
    void aPodThatIsGoneSaysSo() {
        OperationResult<Void> result = delete(session, "prometheus-9");
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).startsWith("Pod prometheus-9 no longer exists in namespace monitoring");
    }

    @Test
    void aForbiddenDeletionNamesTheMissingPermission() {
        server.expect().delete().withPath("/api/v1/namespaces/" + NS + "/pods/prometheus-0")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(
                        "pods \"prometheus-0\" is forbidden: User \"dev\" cannot delete resource \"pods\"").build())
                .always();

        assertThat(delete(session, "prometheus-0").error())
                .startsWith("Your account may not delete pods in monitoring (RBAC)")
                .contains("Ask for a Role");
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
            assertThat(delete(cut, "prometheus-0").error())
                    .contains("could not be reached")
                    .contains("Check the VPN");
        }
    }

    @Test
    void aClosedSessionSaysToConnectAgain() {
        session.close();
        assertThat(delete(session, "prometheus-0").error()).contains("connection to context test is closed");
    }

    @Test
    void nodeFailureIsRefusedOnAClusterWithoutNodeFaults() {
        OperationResult<Void> result = run(new NodeFault(session, "node-a", true));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("only possible on a cluster that offers node fault injection")
                .contains("nothing was changed");
        assertThat(admin.nodes().withName("node-a").get().getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void nodeFailureSetsAndRemovesTheFaultAnnotation() {
        session.withSandbox(new SandboxMarker(true, ""));

        OperationResult<Void> fail = run(new NodeFault(session, "node-a", true));
        assertThat(fail.outcome(NodeFault.STEP_FAIL).status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(annotations()).containsEntry(SandboxMarker.NODE_FAILED_ANNOTATION, "true");

        OperationResult<Void> recover = run(new NodeFault(session, "node-a", false));
        assertThat(recover.outcome(NodeFault.STEP_RECOVER).status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(annotations()).doesNotContainKey(SandboxMarker.NODE_FAILED_ANNOTATION);
    }

    @Test
    void aNodeThatChangedMeanwhileIsReadAndWrittenAgain() {
        session.withSandbox(new SandboxMarker(true, ""));
        // The node's status moved on between the read and the write, twice: the server answers 409 Conflict.
        server.expect().patch().withPath("/api/v1/nodes/node-a")
                .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict").withMessage(
                        "Operation cannot be fulfilled on nodes \"node-a\": the object has been modified").build())
                .times(2);

        OperationResult<Void> fail = run(new NodeFault(session, "node-a", true));

        assertThat(fail.succeeded()).as(fail.error()).isTrue();
        assertThat(annotations()).containsEntry(SandboxMarker.NODE_FAILED_ANNOTATION, "true");
    }

    @Test
    void failingAMissingNodeSaysItIsGone() {
        session.withSandbox(new SandboxMarker(true, ""));
        assertThat(run(new NodeFault(session, "node-z", true)).error())
                .startsWith("Node node-z does not exist in the cluster");
    }

    private Map<String, String> annotations() {
        Map<String, String> a = admin.nodes().withName("node-a").get().getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }
}
