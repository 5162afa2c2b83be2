package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.testing.AlertmanagerHttp;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The scale operation on the sandbox with real Alertmanager processes: 3 → 5 → 3 with the cluster's peers read from
 * each replica's own {@code /api/v2/status}, the volumes a scale-down leaves, and their deletion on a typed
 * confirmation; then a new Prometheus replica that must load its config and scrape before the scale is done. One
 * sandbox, in the order a user would go (each step starts from where the last one left).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOperationSandboxTest {
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final String NS = HealthSandbox.NS;
    private static final String CLAIM = "alertmanager-storage-alertmanager-";

    private static HealthSandbox sandbox;
    private static KubernetesClient admin;
    private static AlertmanagerHttp http;

    @BeforeAll
    static void start() throws InterruptedException {
        sandbox = HealthSandbox.start(WAIT, RealServers.PROMETHEUS, RealServers.ALERTMANAGER);
        admin = sandbox.admin();
        http = new AlertmanagerHttp(admin, NS);
        awaitCluster(3);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static ScaleOperation scale(int replicas, boolean deleteVolumes) {
        return new ScaleOperation(sandbox.session(), StackComponent.ALERTMANAGER, replicas, deleteVolumes, WAIT,
                Duration.ofMillis(500));
    }

    private static OperationResult<ScaleOperation.Result> run(ScaleOperation op, Plan plan) {
        return op.run(plan, ProgressListener.none(), Cancellation.none());
    }

    private static List<String> pods() {
        return admin.pods().inNamespace(NS).withLabel("app", "alertmanager").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).map(p -> p.getMetadata().getName())
                .sorted().toList();
    }

    /** The peers {@code replica} itself reports, by name; empty when it does not answer. */
    private static Set<String> peersOf(String replica) {
        try {
            JsonNode cluster = http.get(replica, "/api/v2/status").path("cluster");
            Set<String> names = new TreeSet<>();
            cluster.path("peers").forEach(p -> names.add(p.path("name").asString("")));
            return "ready".equals(cluster.path("status").asString("")) ? names : Set.of();
        } catch (IOException e) {
            return Set.of();
        }
    }

    /** Waits until exactly {@code n} replicas run and each reports the same {@code n} peers. */
    private static void awaitCluster(int n) {
        List<String> expected = IntStream.range(0, n).mapToObj(i -> "alertmanager-" + i).toList();
        Poll.until(WAIT, n + " Alertmanagers, each seeing the same " + n + " peers", () -> {
            if (!pods().equals(expected)) {
                return false;
            }
            Set<String> first = peersOf(expected.get(0));
            return first.size() == n && expected.stream().allMatch(r -> peersOf(r).equals(first));
        });
    }

    private static int replicasOnServer() {
        return admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").get().getSpec().getReplicas();
    }

    private static int budgetMinAvailable() {
        return admin.policy().v1().podDisruptionBudget().inNamespace(NS).withName("alertmanager-pdb").get().getSpec()
                .getMinAvailable().getIntVal();
    }

    private static PersistentVolumeClaim claim(int ordinal) {
        return admin.persistentVolumeClaims().inNamespace(NS).withName(CLAIM + ordinal).get();
    }

    @Test
    @Order(1)
    void aCancelBeforeTheFirstStepChangesNothing() {
        ScaleOperation op = scale(5, false);
        Plan plan = op.plan(Cancellation.none());
        Cancellation cancel = new Cancellation();
        cancel.cancel();

        OperationResult<ScaleOperation.Result> result = op.run(plan, ProgressListener.none(), cancel);

        assertThat(result.cancelled()).isTrue();
        assertThat(result.outcome("scale").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(replicasOnServer()).isEqualTo(3);
        assertThat(budgetMinAvailable()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void threeToFiveEndsWithFivePeersInOneClusterAndTheBudgetFollowing() {
        ScaleOperation op = scale(5, false);
        Plan plan = op.plan(Cancellation.none());

        assertThat(plan.changes()).extracting(Change::action, Change::subject).contains(
                org.assertj.core.groups.Tuple.tuple(Change.Action.UPDATE, "StatefulSet/alertmanager"),
                org.assertj.core.groups.Tuple.tuple(Change.Action.UPDATE, "PodDisruptionBudget/alertmanager-pdb"));
        assertThat(plan.changes()).filteredOn(c -> c.subject().equals("PodDisruptionBudget/alertmanager-pdb"))
                .singleElement().satisfies(c -> assertThat(c.detail()).startsWith("minAvailable 2 → 4"));
        assertThat(op.spread()).as("the anti-affinity verdict at 5").isNotEmpty()
                .allMatch(f -> f.subject().equals("StatefulSet/alertmanager"));
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("Anti-affinity"));
        assertThat(plan.confirmation().kind()).isEqualTo(Confirmation.Kind.YES);

        OperationResult<ScaleOperation.Result> result = run(op, plan);

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.steps()).extracting(s -> s.step().id()).containsExactly("scale", "ready", "verify",
                "budget");
        assertThat(replicasOnServer()).isEqualTo(5);
        assertThat(budgetMinAvailable()).isEqualTo(4);
        // What the replicas say themselves, right after the operation said it was done: no waiting here.
        List<String> five = IntStream.range(0, 5).mapToObj(i -> "alertmanager-" + i).toList();
        assertThat(pods()).isEqualTo(five);
        Set<String> peers = peersOf("alertmanager-0");
        assertThat(peers).hasSize(5);
        for (String replica : five) {
            assertThat(peersOf(replica)).as("the peers %s reports", replica).isEqualTo(peers);
        }
    }

    @Test
    @Order(3)
    void fiveToThreeKeepsTheRemovedReplicasVolumes() {
        String uid3 = claim(3).getMetadata().getUid();
        String uid4 = claim(4).getMetadata().getUid();
        ScaleOperation op = scale(3, false);
        Plan plan = op.plan(Cancellation.none());

        assertThat(plan.changes()).filteredOn(c -> c.subject().startsWith("PersistentVolumeClaim/"))
                .extracting(Change::action, Change::subject).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Change.Action.UNCHANGED, "PersistentVolumeClaim/" + CLAIM
                                + 3),
                        org.assertj.core.groups.Tuple.tuple(Change.Action.UNCHANGED, "PersistentVolumeClaim/" + CLAIM
                                + 4));
        assertThat(plan.confirmation().kind()).isEqualTo(Confirmation.Kind.YES);

        OperationResult<ScaleOperation.Result> result = run(op, plan);

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.steps()).extracting(s -> s.step().id()).containsExactly("budget", "scale", "ready",
                "verify");
        assertThat(replicasOnServer()).isEqualTo(3);
        assertThat(budgetMinAvailable()).isEqualTo(2);
        List<String> three = List.of("alertmanager-0", "alertmanager-1", "alertmanager-2");
        assertThat(pods()).isEqualTo(three);
        Set<String> peers = peersOf("alertmanager-0");
        assertThat(peers).hasSize(3);
        for (String replica : three) {
            assertThat(peersOf(replica)).as("the peers %s reports", replica).isEqualTo(peers);
        }
        assertThat(claim(3)).isNotNull().satisfies(c -> assertThat(c.getMetadata().getUid()).isEqualTo(uid3));
        assertThat(claim(4)).isNotNull().satisfies(c -> assertThat(c.getMetadata().getUid()).isEqualTo(uid4));
        assertThat(result.value().keptVolumes()).containsExactly(CLAIM + 3, CLAIM + 4);
    }

    @Test
    @Order(4)
    void aScaleUpReusesAKeptVolumeAndAScaleDownDeletesOnlyOnTheTypedConfirmation() {
        String uid3 = claim(3).getMetadata().getUid();
        ScaleOperation up = scale(4, false);
        Plan upPlan = up.plan(Cancellation.none());
        assertThat(upPlan.notes()).anyMatch(n -> n.contains(CLAIM + 3) && n.contains("reused"));
        assertThat(run(up, upPlan).succeeded()).isTrue();
        Pod pod3 = admin.pods().inNamespace(NS).withName("alertmanager-3").get();
        assertThat(pod3.getSpec().getVolumes()).anyMatch(v -> v.getPersistentVolumeClaim() != null
                && v.getPersistentVolumeClaim().getClaimName().equals(CLAIM + 3));
        assertThat(claim(3).getMetadata().getUid()).isEqualTo(uid3);

        ScaleOperation down = scale(3, true);
        Plan plan = down.plan(Cancellation.none());

        assertThat(plan.confirmation().kind()).isEqualTo(Confirmation.Kind.TYPED);
        assertThat(plan.confirmation().acceptedBy("yes")).isFalse();
        assertThat(plan.confirmation().acceptedBy("alertmanager")).isTrue();
        assertThat(plan.changes()).filteredOn(c -> c.subject().startsWith("PersistentVolumeClaim/"))
                .extracting(Change::action, Change::subject).containsExactly(org.assertj.core.groups.Tuple.tuple(
                        Change.Action.DELETE, "PersistentVolumeClaim/" + CLAIM + 3));

        OperationResult<ScaleOperation.Result> result = run(down, plan);

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.steps()).extracting(s -> s.step().id()).last().isEqualTo("volumes");
        Poll.until(WAIT, CLAIM + "3 deleted", () -> claim(3) == null
                || claim(3).getMetadata().getDeletionTimestamp() != null);
        assertThat(claim(4)).as("not a replica of this scale-down: left alone").isNotNull();
        assertThat(claim(2)).isNotNull();
        assertThat(pods()).containsExactly("alertmanager-0", "alertmanager-1", "alertmanager-2");
    }

    @Test
    @Order(5)
    void aNewPrometheusReplicaIsDoneOnlyOnceItLoadedItsConfigAndScraped() throws Exception {
        ScaleOperation op = new ScaleOperation(sandbox.session(), StackComponent.PROMETHEUS, 3, false, WAIT,
                Duration.ofMillis(500));
        Plan plan = op.plan(Cancellation.none());
        assertThat(plan.title()).isEqualTo("Scale Prometheus in monitoring from 2 to 3 replicas");

        OperationResult<ScaleOperation.Result> result = run(op, plan);

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.value().verified()).contains("prometheus-2 scraping");
        // What prometheus-2 says itself, right after the operation said it was done.
        JsonNode runtime = prometheus("prometheus-2", "/api/v1/status/runtimeinfo").path("data");
        assertThat(runtime.path("reloadConfigSuccess").asBoolean(false)).isTrue();
        JsonNode targets = prometheus("prometheus-2", "/api/v1/targets").path("data").path("activeTargets");
        assertThat(targets.valueStream().map(t -> t.path("health").asString(""))).contains("up");
    }

    private static JsonNode prometheus(String pod, String path) throws Exception {
        try (var forward = admin.pods().inNamespace(NS).withName(pod).portForward(9090)) {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + forward.getLocalPort() + path)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body());
        }
    }
}
