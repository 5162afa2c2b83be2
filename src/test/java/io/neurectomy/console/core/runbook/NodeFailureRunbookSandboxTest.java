package io.neurectomy.console.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.ops.NodeFault;
import io.neurectomy.console.core.ops.StatefulSetPods;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node-failure runbook on the full sandbox, with the test as the person at the manual checkpoint (it recovers
 * the failed node and uncordons it): the runbook cordons the failed node, the stack's pods on it are replaced by
 * ready pods on other nodes, and the verification passes.
 */
class NodeFailureRunbookSandboxTest {
    /** Only catches hangs. */
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = HealthSandbox.NS;

    private static HealthSandbox ground;

    @BeforeAll
    static void start() throws InterruptedException {
        ground = HealthSandbox.startHealthy(WAIT, RealServers.PROMETHEUS, RealServers.ALERTMANAGER);
    }

    @AfterAll
    static void stop() {
        if (ground != null) {
            ground.close();
        }
    }

    private static void nodeFault(String node, boolean fail) {
        NodeFault fault = new NodeFault(ground.session(), node, fail);
        OperationResult<Void> r = fault.run(fault.plan(Cancellation.none()), ProgressListener.none(),
                Cancellation.none());
        assertThat(r.succeeded()).as(r.error()).isTrue();
    }

    private static void cordon(String node, boolean unschedulable) {
        ground.admin().nodes().withName(node).edit(n -> {
            if (n.getSpec() == null) {
                n.setSpec(new NodeSpec());
            }
            n.getSpec().setUnschedulable(unschedulable);
            return n;
        });
    }

    private static Map<String, Pod> stackPods() {
        return ground.admin().pods().inNamespace(NS).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().matches("(prometheus|alertmanager)-\\d+"))
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
    }

    @Test
    void thePodsOfAFailedNodeRunReadyElsewhereAndTheRecoveryIsVerified() {
        String node = stackPods().get("prometheus-1").getSpec().getNodeName();
        Map<String, String> before = stackPods().values().stream().filter(p -> node.equals(p.getSpec()
                .getNodeName())).collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata()
                .getUid()));
        nodeFault(node, true);
        Poll.until(WAIT, ground::check, r -> r.status() != HealthStatus.HEALTHY, "the health check seeing " + node
                + " fail");
        List<String> checkpoints = new ArrayList<>();
        List<Boolean> cordonedBeforeRepair = new ArrayList<>();
        ManualGate person = (step, ns, c) -> {
            checkpoints.add(step.id());
            if (step.id().equals("repair-node")) {
                cordonedBeforeRepair.add(Boolean.TRUE.equals(ground.admin().nodes().withName(node).get().getSpec()
                        .getUnschedulable()));
                nodeFault(node, false);
                cordon(node, false);
            }
            return true;
        };
        Scenario scenario = RunbookCatalog.named("node-failure").orElseThrow();
        RunbookOperation op = new RunbookOperation(ground.session(), scenario, HealthChecker.standard(), person,
                Clock.systemUTC(), WAIT, WAIT, Duration.ofSeconds(1));

        Plan plan = op.plan(Cancellation.none());
        OperationResult<Timeline> result = op.run(plan, ProgressListener.none(), Cancellation.none());

        assertThat(result.status()).as(result.error() + "\n" + op.timeline().markdown())
                .isEqualTo(OperationResult.Status.SUCCEEDED);
        assertThat(checkpoints).containsExactly("repair-node");
        assertThat(cordonedBeforeRepair).as("the runbook cordoned " + node).containsExactly(true);
        assertThat(result.outcome("cordon-failed-nodes").detail()).isEqualTo("cordoned: " + node);
        Map<String, Pod> after = stackPods();
        for (Map.Entry<String, String> moved : before.entrySet()) {
            Pod now = after.get(moved.getKey());
            assertThat(now.getMetadata().getUid()).as(moved.getKey() + " replaced").isNotEqualTo(moved.getValue());
            assertThat(StatefulSetPods.ready(now)).as(moved.getKey() + " ready").isTrue();
            assertThat(now.getSpec().getNodeName()).as(moved.getKey() + " moved off " + node).isNotEqualTo(node);
        }
        assertThat(result.outcome("replace-pods-on-failed-nodes").detail())
                .isEqualTo("replaced and ready: " + String.join(", ", before.keySet().stream().sorted().toList()));
    }
}
