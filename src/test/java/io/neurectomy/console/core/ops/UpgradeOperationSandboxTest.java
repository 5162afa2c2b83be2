package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.sandbox.SandboxImages;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.WorkloadImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade and the rollback on the sandbox with real Prometheus processes (two replicas): a good version reaches
 * every replica, a crash-looping one is stopped at the first replica and rolled back without touching the other, a
 * cancel midway rolls back, and a rollback on its own returns to the previous revision. Each test starts from the
 * stack as deployed and puts it back.
 */
class UpgradeOperationSandboxTest {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String NS = HealthSandbox.NS;
    private static final String REVISION_LABEL = "controller-revision-hash";

    private static HealthSandbox sandbox;
    private static KubernetesClient admin;
    private static WorkloadImages prometheus;
    private static String original;

    @TempDir
    Path backups;

    @BeforeAll
    static void start() throws InterruptedException {
        sandbox = HealthSandbox.start(WAIT, RealServers.PROMETHEUS);
        admin = sandbox.admin();
        prometheus = new WorkloadImages(admin, NS, "prometheus", 2);
        original = prometheus.templateImage();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void stackAsDeployed() {
        prometheus.awaitAllOn(original, WAIT);
    }

    @AfterEach
    void putBack() {
        prometheus.putBack(original, WAIT);
    }

    private static String templateImage() {
        return prometheus.templateImage();
    }

    private static List<Pod> pods() {
        return prometheus.pods();
    }

    private static Pod pod(String name) {
        return prometheus.pod(name);
    }

    private static String image(Pod pod) {
        return WorkloadImages.image(pod);
    }

    private static boolean allOn(String image) {
        return prometheus.allOn(image);
    }

    private static String withTag(String tag) {
        return WorkloadImages.withTag(original, tag);
    }

    private UpgradeOperation upgrade(String tag, Path dir) {
        return new UpgradeOperation(sandbox.session(), StackComponent.PROMETHEUS, tag, dir, WAIT,
                Duration.ofMillis(500));
    }

    @Test
    void aGoodUpgradeLeavesEveryReplicaOnTheNewImageAndHealthy() throws Exception {
        String tag = "v2.55.1";
        UpgradeOperation op = upgrade(tag, backups);
        Plan plan = op.plan(Cancellation.none());
        assertThat(plan.steps()).extracting(s -> s.id()).containsExactly("backup", "image",
                "replica-prometheus-1", "replica-prometheus-0", "rollback");
        assertThat(plan.backupFirst()).isTrue();
        assertThat(plan.notes()).noneMatch(n -> n.contains("not one of the versions known"));

        OperationResult<UpgradeOperation.Result> result = op.run(plan, ProgressListener.none(), Cancellation.none());

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.outcome("rollback").status()).isEqualTo(StepOutcome.Status.SKIPPED);
        // What the cluster and the servers say, right after the operation said it was done.
        assertThat(pods()).hasSize(2).allSatisfy(p -> {
            assertThat(image(p)).isEqualTo(withTag(tag));
            assertThat(StatefulSetPods.ready(p)).isTrue();
        });
        assertThat(templateImage()).isEqualTo(withTag(tag));
        for (String replica : List.of("prometheus-0", "prometheus-1")) {
            assertThat(ready(replica)).as("%s answers /-/ready", replica).isEqualTo(200);
        }
        assertThat(result.value().backup()).isNotNull();
        assertThat(Files.size(result.value().backup())).isPositive();
    }

    @Test
    void aFailingUpgradeStopsAfterTheFirstReplicaRollsBackAndLeavesTheOtherUntouched() {
        Pod zero = pod("prometheus-0");
        Pod one = pod("prometheus-1");
        String broken = "v2.99.0" + SandboxImages.CRASH_LOOP;
        UpgradeOperation op = upgrade(broken, null);
        Plan plan = op.plan(Cancellation.none());
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("WARNING: " + broken + " is not one of the versions"));

        OperationResult<UpgradeOperation.Result> result = op.run(plan, ProgressListener.none(), Cancellation.none());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.cancelled()).isFalse();
        assertThat(result.error()).contains("prometheus-1").contains("CrashLoopBackOff").contains("Rolled back");
        assertThat(result.outcome("replica-prometheus-1").status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(result.outcome("replica-prometheus-0").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(result.outcome("rollback").status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(result.notes()).anyMatch(n -> n.contains("prometheus-0 " + tagOf(original))
                && n.contains("prometheus-1 " + tagOf(original)));
        // Right after the operation returned: both on the old version and ready, prometheus-0 never touched.
        assertThat(allOn(original)).isTrue();
        assertThat(templateImage()).isEqualTo(original);
        Pod untouched = pod("prometheus-0");
        assertThat(untouched.getMetadata().getUid()).isEqualTo(zero.getMetadata().getUid());
        assertThat(untouched.getStatus().getStartTime()).isEqualTo(zero.getStatus().getStartTime());
        Pod replaced = pod("prometheus-1");
        assertThat(replaced.getMetadata().getUid()).isNotEqualTo(one.getMetadata().getUid());
        assertThat(replaced.getMetadata().getLabels().get(REVISION_LABEL))
                .isEqualTo(one.getMetadata().getLabels().get(REVISION_LABEL));
    }

    @Test
    void cancellingMidwayRollsBack() {
        Pod zero = pod("prometheus-0");
        String tag = "v2.54.1";
        UpgradeOperation op = upgrade(tag, null);
        Plan plan = op.plan(Cancellation.none());
        Cancellation cancel = new Cancellation();
        String[] upgradedUid = new String[1];
        ProgressListener cancelAfterFirstReplica = e -> {
            if (e instanceof ProgressEvent.StepFinished f && f.step().id().equals("replica-prometheus-1")
                    && f.outcome().status() == StepOutcome.Status.DONE) {
                Pod one = pod("prometheus-1");
                upgradedUid[0] = one.getMetadata().getUid();
                assertThat(image(one)).isEqualTo(withTag(tag));
                cancel.cancel();
            }
        };

        OperationResult<UpgradeOperation.Result> result = op.run(plan, cancelAfterFirstReplica, cancel);

        assertThat(result.cancelled()).isTrue();
        assertThat(upgradedUid[0]).as("prometheus-1 ran the new version before the cancel").isNotNull();
        assertThat(result.outcome("replica-prometheus-1").status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(result.outcome("replica-prometheus-0").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(result.outcome("rollback").status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(result.notes()).anyMatch(n -> n.contains("prometheus-1 ran " + tag));
        assertThat(allOn(original)).isTrue();
        assertThat(templateImage()).isEqualTo(original);
        assertThat(pod("prometheus-1").getMetadata().getUid()).isNotEqualTo(upgradedUid[0]);
        assertThat(pod("prometheus-0").getMetadata().getUid()).isEqualTo(zero.getMetadata().getUid());
    }

    @Test
    void rollbackAloneReturnsToThePreviousRevision() {
        String firstRevision = pod("prometheus-0").getMetadata().getLabels().get(REVISION_LABEL);
        String tag = "v3.0.1";
        prometheus.setImage(withTag(tag));
        prometheus.awaitAllOn(withTag(tag), WAIT);
        List<String> upgraded = pods().stream().map(p -> p.getMetadata().getUid()).toList();
        RollbackOperation op = new RollbackOperation(sandbox.session(), StackComponent.PROMETHEUS, WAIT,
                Duration.ofMillis(500));
        Plan plan = op.plan(Cancellation.none());
        assertThat(plan.title()).contains(tag).contains(tagOf(original));
        assertThat(plan.confirmation().kind()).isEqualTo(Confirmation.Kind.YES);

        OperationResult<UpgradeOperation.Result> result = op.run(plan, ProgressListener.none(), Cancellation.none());

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.steps()).extracting(s -> s.step().id()).containsExactly("template",
                "replica-prometheus-1", "replica-prometheus-0");
        assertThat(allOn(original)).isTrue();
        assertThat(pods()).allSatisfy(p -> {
            assertThat(p.getMetadata().getUid()).isNotIn(upgraded);
            assertThat(p.getMetadata().getLabels().get(REVISION_LABEL)).isEqualTo(firstRevision);
        });
    }

    /** The status of the replica's own {@code /-/ready}, read through a port-forward (retried once: it can fail). */
    private static int ready(String pod) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (var forward = admin.pods().inNamespace(NS).withName(pod).portForward(9090)) {
                return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/-/ready"))
                                .timeout(Duration.ofSeconds(30)).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException e) {
                if (attempt == 2) {
                    throw e;
                }
            }
        }
    }

    private static String tagOf(String image) {
        return WorkloadImages.tag(image);
    }
}
