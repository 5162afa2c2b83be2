package io.neurectomy.console.core.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.testing.MockCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancel between steps, a deploy that changes nothing, and refused or broken writes, on the fabric8 mock server. */
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

    private DeployOperation deploy() {
        return new DeployOperation(session, current -> stack, Duration.ZERO);
    }

    /** A listener that runs {@code action} when the {@code n}th step has finished with {@code detail}. */
    private static ProgressListener after(int n, String detail, Runnable action) {
        return e -> {
            if (e instanceof ProgressEvent.StepFinished f && f.index() == n - 1
                    && f.outcome().detail().equals(detail)) {
                action.run();
            }
        };
    }

    @Test
    void cancelStopsBetweenTwoObjectsAndSaysWhatWasNotApplied() {
        DeployOperation deploy = deploy();
        Plan plan = deploy.plan(Cancellation.none());
        int objects = plan.steps().size() - 2;
        Cancellation cancel = new Cancellation();

        OperationResult<DeployOperation.Report> result = deploy.run(plan, after(3, "created", cancel::cancel),
                cancel);

        assertThat(result.cancelled()).isTrue();
        assertThat(result.steps()).hasSize(objects + 2);
        assertThat(result.steps().subList(0, 3)).allMatch(s -> s.outcome().status() == StepOutcome.Status.DONE);
        assertThat(result.notDone()).hasSize(objects - 3 + 2)
                .allMatch(s -> s.outcome().status() == StepOutcome.Status.NOT_RUN);
        assertThat(result.outcome(DeployOperation.ROLLOUT).status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(result.summary()).startsWith("Cancelled: 3 of " + (objects + 2) + " steps done");
        // Planning again continues where it stopped.
        long created = result.steps().subList(0, 3).stream().filter(s -> s.outcome().detail().equals("created"))
                .count();
        assertThat(new StackDeployer(session).plan(stack, Cancellation.none()).count(ObjectChange.Action.CREATE))
                .isEqualTo(deploy.deployPlan().count(ObjectChange.Action.CREATE) - created);
    }

    @Test
    void aPlanOfAnAlreadyDeployedStackChangesNothingAndStillWaitsForTheRollouts() {
        DeployOperation first = deploy();
        first.run(first.plan(Cancellation.none()), ProgressListener.none(), Cancellation.none());
        DeployOperation again = deploy();

        Plan plan = again.plan(Cancellation.none());
        OperationResult<DeployOperation.Report> result = again.run(plan, ProgressListener.none(),
                Cancellation.none());

        assertThat(plan.changesNothing()).isTrue();
        assertThat(plan.steps()).extracting(Step::id).containsExactly(DeployOperation.ROLLOUT, DeployOperation.HEALTH);
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("Nothing to change"));
        // No controller runs in the mock: the rollout ends at its deadline, failed, and the health still runs.
        assertThat(result.outcome(DeployOperation.ROLLOUT).status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(result.outcome(DeployOperation.ROLLOUT).detail()).startsWith("Not every replica is ready");
        assertThat(result.outcome(DeployOperation.HEALTH).status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(result.value().health()).anySatisfy(f -> {
            assertThat(f.subject()).isEqualTo("StatefulSet/prometheus");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).isEqualTo("ready 0/2");
        });
    }

    @Test
    void forbiddenSaysWhichVerbAndResourceAndWhatToAskForAndWhatTheServerHolds() {
        // The API server refuses to create StatefulSets in the namespace; everything else it accepts.
        cluster.server().expect().post().withPath("/apis/apps/v1/namespaces/monitoring/statefulsets")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(
                        "statefulsets.apps is forbidden: User \"jane\" cannot create resource \"statefulsets\"")
                        .build()).always();
        DeployOperation deploy = deploy();

        OperationResult<DeployOperation.Report> result = deploy.run(deploy.plan(Cancellation.none()),
                ProgressListener.none(), Cancellation.none());

        assertThat(result.status()).isEqualTo(OperationResult.Status.FAILED);
        DeployException e = (DeployException) result.failure();
        assertThat(e.getMessage()).startsWith("Forbidden: your account (context test) may not create statefulsets"
                + " in namespace monitoring.").contains("Role in monitoring that allows 'create' on statefulsets");
        // What the report says was applied is what the server holds; what it says was not, the server lacks.
        List<String> onServer = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (HasMetadata object : stack.resources()) {
            String key = object.getKind() + "/" + object.getMetadata().getName();
            (cluster.adminClient().resource(object).get() != null ? onServer : missing).add(key);
        }
        assertThat(e.done()).isNotEmpty().containsExactlyInAnyOrderElementsOf(onServer);
        assertThat(missing).anyMatch(k -> k.startsWith("StatefulSet/"));
        assertThat(e.notDone()).containsAll(missing.stream().filter(k -> k.startsWith("StatefulSet/")).toList())
                .doesNotContainAnyElementsOf(onServer);
        assertThat(e.getMessage()).contains("Applied before the failure (" + onServer.size() + ")");
    }

    @Test
    void aLostConnectionMidApplySaysWhatWasAppliedAndWhatNot() {
        DeployOperation deploy = deploy();
        Plan plan = deploy.plan(Cancellation.none());
        int objects = plan.steps().size() - 2;

        OperationResult<DeployOperation.Report> result = deploy.run(plan, after(2, "created", cluster::close),
                Cancellation.none());

        assertThat(result.status()).isEqualTo(OperationResult.Status.FAILED);
        assertThat(result.steps().get(2).outcome().status()).isEqualTo(StepOutcome.Status.FAILED);
        DeployException e = (DeployException) result.failure();
        assertThat(e.done()).hasSize(2);
        assertThat(e.notDone()).hasSize(objects - 2);
        assertThat(e.getMessage()).contains("could not be reached").contains("Applied before the failure (2)")
                .contains("continues where it stopped");
    }
}
