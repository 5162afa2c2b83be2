package io.neurectomy.console.core.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.ops.Progress;
import io.neurectomy.console.core.ops.deploy.StackDeployer.Outcome;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.testing.MockCluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancel between steps and the messages of refused or broken writes, on the fabric8 mock server. */
class StackDeployerMockTest {
    private MockCluster cluster;
    private ClusterSession session;
    private final RenderedStack stack = DeployTestStacks.rendered("staging", Map.of());

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        session = cluster.openSession("test");
    }

    @AfterEach
    void stop() {
        session.close();
        cluster.close();
    }

    @Test
    void cancelStopsBetweenTwoObjectsAndSaysWhatWasNotApplied() {
        StackDeployer deployer = new StackDeployer(session);
        DeployPlan plan = deployer.plan(stack, Cancellation.none());
        Cancellation cancel = new Cancellation();
        Progress cancelAfterThree = (done, total, message) -> {
            if (done == 3 && message.endsWith("created")) {
                cancel.cancel();
            }
        };

        StackDeployer.ApplyResult result = deployer.apply(plan, cancelAfterThree, cancel);

        assertThat(result.cancelled()).isTrue();
        assertThat(result.steps()).hasSize(plan.changes().size());
        assertThat(result.steps().subList(0, 3)).allMatch(s -> s.outcome() != Outcome.NOT_RUN);
        assertThat(result.steps().subList(3, result.steps().size())).allMatch(s -> s.outcome() == Outcome.NOT_RUN);
        assertThat(result.summary()).contains("cancelled, " + (plan.changes().size() - 3) + " not applied");
        // Planning again continues where it stopped.
        assertThat(deployer.plan(stack, Cancellation.none()).count(ObjectChange.Action.CREATE))
                .isEqualTo(plan.changes().size() - 3);
    }

    @Test
    void forbiddenSaysWhichVerbAndResourceAndWhatToAskFor() {
        KubernetesClientException forbidden = new KubernetesClientException(new StatusBuilder().withCode(403)
                .withMessage("statefulsets.apps is forbidden").build());

        DeployException e = ApiFailures.map(session, forbidden, "create", "statefulsets/prometheus", "monitoring",
                List.of("Namespace/monitoring", "ConfigMap/prometheus-config"), List.of("StatefulSet/prometheus",
                        "Ingress/prometheus"));

        assertThat(e.getMessage()).startsWith("Forbidden: your account (context test) may not create statefulsets"
                + " in namespace monitoring.").contains("Applied before the failure (2): Namespace/monitoring,"
                + " ConfigMap/prometheus-config").contains("Not applied (2): StatefulSet/prometheus,"
                + " Ingress/prometheus").contains("Role in monitoring that allows 'create' on statefulsets");
        assertThat(e.done()).hasSize(2);
    }

    @Test
    void aLostConnectionMidApplySaysWhatWasAppliedAndWhatNot() {
        StackDeployer deployer = new StackDeployer(session);
        DeployPlan plan = deployer.plan(stack, Cancellation.none());
        Progress closeAfterTwo = (done, total, message) -> {
            if (done == 2 && message.endsWith("created")) {
                cluster.close();
            }
        };

        DeployException e = catchThrowableOfType(DeployException.class,
                () -> deployer.apply(plan, closeAfterTwo, Cancellation.none()));

        assertThat(e.done()).hasSize(2);
        assertThat(e.notDone()).hasSize(plan.changes().size() - 2);
        assertThat(e.getMessage()).contains("could not be reached").contains("Applied before the failure (2)")
                .contains("continues where it stopped");
    }
}
