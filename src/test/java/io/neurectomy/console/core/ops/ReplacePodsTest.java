package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.StackObjects;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replacing stuck pods against the CRUD mock, where the test plays the controller: the pod is deleted, and the step
 * ends only when a new pod of the same name (a new UID) is ready; a replacement that does not come fails the step.
 */
class ReplacePodsTest {
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
        admin.pods().resource(readyPod(0)).create();
        session = cluster.unstartedSession("test");
    }

    @AfterEach
    void stop() {
        session.close();
        cluster.close();
    }

    private static Pod readyPod(int ordinal) {
        return new PodBuilder(StackObjects.statefulSetPod("prometheus", ordinal, "node-a")).editStatus()
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
    }

    private Pod pod(String name) {
        return admin.pods().inNamespace(NS).withName(name).get();
    }

    private static OperationResult<List<String>> run(ReplacePods op) {
        Plan plan = op.plan(Cancellation.none());
        return op.run(plan, ProgressListener.none(), Cancellation.none());
    }

    @Test
    void aPodIsDeletedAndTheStepEndsWhenItsReadyReplacementRuns() {
        String before = pod("prometheus-0").getMetadata().getUid();
        ReplacePods op = new ReplacePods(session, List.of("prometheus-0"), Duration.ofSeconds(180),
                Duration.ofMillis(20));

        CompletableFuture<OperationResult<List<String>>> running = CompletableFuture.supplyAsync(() -> run(op));
        Poll.until(Duration.ofSeconds(180), "prometheus-0 deleted", () -> pod("prometheus-0") == null);
        assertThat(running).as("still waiting for the replacement").isNotDone();
        admin.pods().resource(readyPod(0)).create();
        OperationResult<List<String>> result = running.join();

        assertThat(result.status()).as(result.error()).isEqualTo(OperationResult.Status.SUCCEEDED);
        assertThat(result.value()).containsExactly("prometheus-0");
        assertThat(pod("prometheus-0").getMetadata().getUid()).isNotEqualTo(before);
        assertThat(result.outcome(ReplacePods.stepId("prometheus-0")).detail())
                .startsWith("prometheus-0 replaced and ready (uid ");
    }

    private static Pod readyGrafana(String name) {
        return new PodBuilder(StackObjects.pod(name, "node-a", true, 0, null)).editMetadata()
                .addToLabels("app", "grafana").endMetadata().editStatus().addNewCondition().withType("Ready")
                .withStatus("True").endCondition().endStatus().build();
    }

    @Test
    void aDeploymentsPodIsReplacedByANewReadyPodOfAnotherNameNotByTheReplicaThatWasAlreadyThere() {
        admin.pods().resource(readyGrafana("grafana-5d8f7-abcde")).create();
        admin.pods().resource(readyGrafana("grafana-5d8f7-fghij")).create();
        ReplacePods op = new ReplacePods(session, List.of("grafana-5d8f7-abcde"), Duration.ofSeconds(180),
                Duration.ofMillis(20));

        CompletableFuture<OperationResult<List<String>>> running = CompletableFuture.supplyAsync(() -> run(op));
        Poll.until(Duration.ofSeconds(180), "grafana-5d8f7-abcde deleted", () -> pod("grafana-5d8f7-abcde") == null);
        assertThat(running).as("the other replica is no replacement").isNotDone();
        admin.pods().resource(readyGrafana("grafana-5d8f7-klmno")).create();
        OperationResult<List<String>> result = running.join();

        assertThat(result.status()).as(result.error()).isEqualTo(OperationResult.Status.SUCCEEDED);
        assertThat(result.outcome(ReplacePods.stepId("grafana-5d8f7-abcde")).detail())
                .isEqualTo("grafana-5d8f7-abcde replaced by grafana-5d8f7-klmno, ready");
    }

    @Test
    void aReplacementThatDoesNotComeFailsTheStepSayingWhere() {
        ReplacePods op = new ReplacePods(session, List.of("prometheus-0"), Duration.ZERO, Duration.ofMillis(20));

        OperationResult<List<String>> result = run(op);

        assertThat(result.status()).isEqualTo(OperationResult.Status.FAILED);
        assertThat(result.outcome(ReplacePods.stepId("prometheus-0")).status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(result.error()).startsWith("Waited 0 s for a ready replacement of prometheus-0 of"
                + " StatefulSet/prometheus: prometheus-0 not re-created yet.");
    }

    @Test
    void aPodThatIsNotTheStacksIsRefusedBeforeAnythingIsDeleted() {
        admin.pods().resource(new PodBuilder(StackObjects.pod("nginx-0", "node-a", true, 0, null)).build()).create();
        ReplacePods op = new ReplacePods(session, List.of("nginx-0"), Duration.ofSeconds(1), Duration.ofMillis(20));

        assertThatThrownBy(() -> op.plan(Cancellation.none())).isInstanceOf(ConsoleException.class)
                .hasMessage("nginx-0 is not a pod of the monitoring stack (Prometheus, Alertmanager or Grafana);"
                        + " nothing was changed.");
        assertThat(pod("nginx-0")).isNotNull();
    }

    @Test
    void aForcedReplacementSaysSoInThePlanAndDeletesThePod() {
        ReplacePods op = new ReplacePods(session, List.of("prometheus-0"), Duration.ZERO, Duration.ofMillis(20))
                .forced();

        Plan plan = op.plan(Cancellation.none());
        OperationResult<List<String>> result = op.run(plan, ProgressListener.none(), Cancellation.none());

        assertThat(plan.notes()).containsExactly("Deleted without a grace period (their node is down): nothing waits"
                + " for the old processes to stop.");
        assertThat(pod("prometheus-0")).as("deleted").isNull();
        assertThat(result.error()).startsWith("Waited 0 s for a ready replacement of prometheus-0");
    }
}
