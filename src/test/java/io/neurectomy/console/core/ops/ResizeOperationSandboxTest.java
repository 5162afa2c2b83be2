package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.testing.AlertmanagerHttp;
import io.neurectomy.console.testing.Conflicts;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resize on the sandbox with real Alertmanager processes: a size the nodes cannot hold (the guide's High load
 * preset for Prometheus asks 32Gi of nodes that have 31Gi) is a critical finding and changes nothing, and a size
 * that fits replaces every replica with the new resources, the cluster whole again at the end. Each test leaves
 * the stack as it found it.
 */
class ResizeOperationSandboxTest {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String NS = HealthSandbox.NS;

    private static HealthSandbox sandbox;
    private static KubernetesClient admin;
    private static AlertmanagerHttp http;

    @BeforeAll
    static void start() throws InterruptedException {
        sandbox = HealthSandbox.start(WAIT, RealServers.PROMETHEUS, RealServers.ALERTMANAGER);
        admin = sandbox.admin();
        http = new AlertmanagerHttp(admin, NS);
        http.awaitCluster(WAIT, 3);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Puts Alertmanager back at the guide's defaults, as an admin would by hand, and waits for a whole cluster. */
    @AfterEach
    void putBack() {
        ResourceRequest defaults = ResourceRequest.Preset.DEFAULT.of(StackComponent.ALERTMANAGER);
        if (!ResizeOperation.of(template("alertmanager").getResources()).sameAs(defaults)) {
            Conflicts.retry(WAIT, "the defaults written back", () -> admin.apps().statefulSets().inNamespace(NS)
                    .withName("alertmanager").edit(s -> {
                        s.getSpec().getTemplate().getSpec().getContainers().get(0).setResources(
                                requirements(defaults));
                        return s;
                    }));
            Poll.until(WAIT, "every Alertmanager back at the defaults", () -> pods("alertmanager").size() == 3
                    && pods("alertmanager").stream().allMatch(p -> ResizeOperation.of(p.getSpec().getContainers()
                    .get(0).getResources()).sameAs(defaults) && StatefulSetPods.ready(p)));
        }
        http.awaitCluster(WAIT, 3);
    }

    private static ResourceRequirements requirements(ResourceRequest r) {
        return new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity(r.cpuRequest()), "memory", new Quantity(r.memoryRequest())))
                .withLimits(Map.of("cpu", new Quantity(r.cpuLimit()), "memory", new Quantity(r.memoryLimit())))
                .build();
    }

    private static Container template(String sts) {
        return admin.apps().statefulSets().inNamespace(NS).withName(sts).get().getSpec().getTemplate().getSpec()
                .getContainers().get(0);
    }

    private static List<Pod> pods(String app) {
        return admin.pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static Map<String, String> uids(String app) {
        return pods(app).stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                p -> p.getMetadata().getUid()));
    }

    private static ResizeOperation resize(StackComponent c, ResourceRequest r, boolean force) {
        return new ResizeOperation(sandbox.session(), c, r, force, WAIT, Duration.ofMillis(500));
    }

    @Test
    void theHighLoadPresetForPrometheusDoesNotFitTheNodesAndChangesNothingWithoutTheOverride() {
        ResourceRequirements before = template("prometheus").getResources();
        Map<String, String> podsBefore = uids("prometheus");
        ResizeOperation op = resize(StackComponent.PROMETHEUS, ResourceRequest.Preset.HIGH.of(
                StackComponent.PROMETHEUS), false);

        Plan plan = op.plan(Cancellation.none());

        assertThat(plan.changes()).filteredOn(c -> c.subject().equals("StatefulSet/prometheus container prometheus"))
                .singleElement().satisfies(c -> {
                    assertThat(c.action()).isEqualTo(Change.Action.UPDATE);
                    assertThat(c.detail()).isEqualTo("cpu 2/4, memory 8Gi/16Gi → cpu 8/8, memory 32Gi/32Gi"
                            + " (request/limit)");
                });
        assertThat(op.lacksRoom()).isTrue();
        assertThat(op.room()).filteredOn(f -> f.severity() == Severity.CRITICAL).extracting(Finding::subject)
                .contains("prometheus-0");
        assertThat(op.room()).allSatisfy(f -> assertThat(f.evidence()).contains("allocatable 8 CPU, 31 GiB"));
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("Room on the nodes (critical): prometheus-0 would"
                + " request 8 CPU, 32 GiB"));

        OperationResult<ResizeOperation.Result> result = op.run(plan, ProgressListener.none(), Cancellation.none());

        assertThat(result.status()).isEqualTo(OperationResult.Status.FAILED);
        assertThat(result.outcome("room").status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(result.outcome("patch").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(result.error()).contains("The nodes cannot hold Prometheus", "Nothing was changed", "--force");
        assertThat(template("prometheus").getResources()).isEqualTo(before);
        assertThat(uids("prometheus")).isEqualTo(podsBefore);
    }

    @Test
    void aResizeThatFitsReplacesEveryReplicaWithTheNewResourcesAndTheClusterIsWholeAgain() {
        Map<String, String> podsBefore = uids("alertmanager");
        ResourceRequest smaller = ResourceRequest.custom("250m:1", "512Mi:1Gi");
        ResizeOperation op = resize(StackComponent.ALERTMANAGER, smaller, false);
        Plan plan = op.plan(Cancellation.none());
        assertThat(op.lacksRoom()).isFalse();
        assertThat(op.room()).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.OK));
        assertThat(plan.changes()).extracting(Change::action, Change::subject).contains(
                org.assertj.core.groups.Tuple.tuple(Change.Action.UPDATE,
                        "StatefulSet/alertmanager container alertmanager"),
                org.assertj.core.groups.Tuple.tuple(Change.Action.RESTART, "StatefulSet/alertmanager"));

        OperationResult<ResizeOperation.Result> result = op.run(plan, ProgressListener.none(), Cancellation.none());

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.steps()).extracting(s -> s.step().id()).containsExactly("room", "patch", "rollout",
                "verify");
        assertThat(ResizeOperation.of(template("alertmanager").getResources()).sameAs(smaller)).isTrue();
        List<Pod> now = pods("alertmanager");
        assertThat(now).hasSize(3).allSatisfy(p -> {
            assertThat(podsBefore).doesNotContainValue(p.getMetadata().getUid());
            assertThat(p.getSpec().getContainers().get(0).getResources().getRequests())
                    .containsEntry("memory", new Quantity("512Mi")).containsEntry("cpu", new Quantity("250m"));
            assertThat(p.getSpec().getContainers().get(0).getResources().getLimits())
                    .containsEntry("memory", new Quantity("1Gi"));
        });
        // What the replicas say themselves (a read through a port-forward may fail once: polled).
        http.awaitCluster(WAIT, 3);
    }
}
