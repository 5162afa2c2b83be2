package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.config.ConfigHistory;
import io.neurectomy.console.core.config.ConfigService;
import io.neurectomy.console.core.config.ReloadReport;
import io.neurectomy.console.core.config.ReplicaResult;
import io.neurectomy.console.core.health.HealthContext;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.stack.ServingWorkload;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.sandbox.SandboxImages;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.PodsObserved;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.WorkloadImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The blue-green upgrade of Prometheus on the sandbox with real Prometheus processes for both sides, in the order an
 * admin goes: a version that never becomes ready, and a cancel, remove the new side again without touching the
 * Services; then a switch to a good version, a switch back, a switch forward and the removal of the old side. Each
 * test starts from where the previous one left the cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlueGreenSandboxTest {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final String NS = HealthSandbox.NS;
    private static final String TAG = "v2.55.1";
    private static final String GREEN = "prometheus-v2-55-1";
    private static final List<String> SERVICES = List.of("prometheus", "prometheus-headless");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HealthSandbox sandbox;
    private static KubernetesClient admin;
    private static PodsObserved observed;
    private static Map<String, String> oldUids;

    @BeforeAll
    static void start() throws InterruptedException {
        sandbox = HealthSandbox.start(WAIT, RealServers.PROMETHEUS);
        admin = sandbox.admin();
        observed = new PodsObserved(admin, NS);
        Poll.until(WAIT, "both old replicas ready", () -> observed.pods("prometheus").size() == 2
                && observed.pods("prometheus").stream().allMatch(StatefulSetPods::ready));
        oldUids = observed.uids("prometheus");
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void aVersionThatNeverBecomesReadyLeavesTheSelectorsAndRemovesTheNewStatefulSet() {
        Map<String, Map<String, String>> selectors = observed.selectors(SERVICES);
        String broken = "v2.99.0" + SandboxImages.NEVER_READY;
        BlueGreenOperation op = new BlueGreenOperation(sandbox.session(), broken, Duration.ofSeconds(40), POLL);
        Plan plan = op.plan(Cancellation.none());
        assertThat(plan.steps()).extracting(s -> s.id()).containsExactly("create", "ready", "compare", "switch",
                "remove-new");

        OperationResult<BlueGreenOperation.Result> result = op.run(plan, ProgressListener.none(),
                Cancellation.none());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("stopped before the switch");
        assertThat(result.outcome("ready").status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(result.outcome("switch").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(result.outcome("remove-new").status()).isEqualTo(StepOutcome.Status.DONE);
        String name = "prometheus-v2-99-0-sandbox-never-ready";
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName(name).get()).isNull();
        assertThat(observed.podNames()).noneMatch(n -> n.startsWith(name));
        assertThat(admin.persistentVolumeClaims().inNamespace(NS).list().getItems())
                .noneMatch(c -> c.getMetadata().getName().contains(name));
        assertThat(observed.selectors(SERVICES)).isEqualTo(selectors);
        assertThat(observed.uids("prometheus")).isEqualTo(oldUids);
    }

    @Test
    @Order(2)
    void aCancelAfterTheNewStatefulSetIsCreatedRemovesItAndLeavesTheSelectors() {
        Map<String, Map<String, String>> selectors = observed.selectors(SERVICES);
        BlueGreenOperation op = new BlueGreenOperation(sandbox.session(), "v2.54.1", WAIT, POLL);
        Plan plan = op.plan(Cancellation.none());
        Cancellation cancel = new Cancellation();
        boolean[] created = new boolean[1];
        ProgressListener cancelAfterCreate = e -> {
            if (e instanceof ProgressEvent.StepFinished f && f.step().id().equals("create")
                    && f.outcome().status() == StepOutcome.Status.DONE) {
                created[0] = admin.apps().statefulSets().inNamespace(NS).withName("prometheus-v2-54-1")
                        .get() != null;
                cancel.cancel();
            }
        };

        OperationResult<BlueGreenOperation.Result> result = op.run(plan, cancelAfterCreate, cancel);

        assertThat(result.cancelled()).isTrue();
        assertThat(created[0]).as("the new StatefulSet existed before the cancel").isTrue();
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName("prometheus-v2-54-1").get()).isNull();
        assertThat(result.outcome("remove-new").status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(observed.podNames()).noneMatch(n -> n.startsWith("prometheus-v2-54-1"));
        assertThat(observed.claimNames()).noneMatch(n -> n.contains("prometheus-v2-54-1"));
        assertThat(observed.selectors(SERVICES)).isEqualTo(selectors);
        assertThat(observed.uids("prometheus")).isEqualTo(oldUids);
    }

    @Test
    @Order(3)
    void theSwitchPointsTheServicesAtTheNewPodsWhichAnswerAndScrapeTheSameJobs() throws Exception {
        Instant before = Instant.now();
        Poll.until(WAIT, "prometheus-0 to answer for up at " + before, () -> upSeriesAt("prometheus-0", before) > 0);
        BlueGreenOperation op = new BlueGreenOperation(sandbox.session(), TAG, WAIT, POLL);
        Plan plan = op.plan(Cancellation.none());
        assertThat(plan.confirmation().kind()).isEqualTo(Confirmation.Kind.YES);
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName(GREEN).get())
                .as("planning creates nothing").isNull();

        OperationResult<BlueGreenOperation.Result> result = op.run(plan, ProgressListener.none(),
                Cancellation.none());

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.outcome("remove-new").status()).isEqualTo(StepOutcome.Status.SKIPPED);
        for (String service : SERVICES) {
            assertThat(observed.selectedPods(service)).as(service).containsExactly(GREEN + "-0", GREEN + "-1");
        }
        assertThat(observed.pods(GREEN)).allSatisfy(p -> assertThat(WorkloadImages.tag(WorkloadImages.image(p)))
                .isEqualTo(TAG));
        Set<String> oldJobs = jobs("prometheus-0");
        assertThat(oldJobs).isNotEmpty();
        for (String pod : List.of(GREEN + "-0", GREEN + "-1")) {
            JsonNode answer = get(admin.pods().inNamespace(NS).withName(pod).portForward(9090),
                    "/api/v1/query?query=up");
            assertThat(answer.path("status").asString("")).isEqualTo("success");
            assertThat(answer.path("data").path("result").size()).as(pod + " has scraped").isPositive();
            assertThat(jobs(pod)).as(pod + " scrapes the jobs prometheus-0 does").isEqualTo(oldJobs);
            assertThat(upSeriesAt(pod, before)).as(pod + " is not seeded: it knows nothing of " + before).isZero();
        }
        assertThat(result.value().comparison()).anyMatch(l -> l.contains("rule groups") && l.contains("the same"));
        assertThat(observed.uids("prometheus")).as("the old pods are untouched").isEqualTo(oldUids);
        assertThat(observed.pods("prometheus")).allSatisfy(p -> assertThat(StatefulSetPods.ready(p)).isTrue());
    }

    @Test
    @Order(4)
    void switchBackSelectsTheOldPodsAgainWithoutRestartingThem() throws Exception {
        Map<String, String> greenUids = observed.uids(GREEN);
        BlueGreenSwitchOperation op = new BlueGreenSwitchOperation(sandbox.session(), true);
        Plan plan = op.plan(Cancellation.none());
        assertThat(plan.confirmation().kind()).isEqualTo(Confirmation.Kind.YES);

        OperationResult<BlueGreenSwitchOperation.Result> result = op.run(plan, ProgressListener.none(),
                Cancellation.none());

        assertThat(result.succeeded()).as(result.error()).isTrue();
        for (String service : SERVICES) {
            assertThat(observed.selectedPods(service)).as(service).containsExactly("prometheus-0", "prometheus-1");
        }
        assertThat(observed.uids("prometheus")).isEqualTo(oldUids);
        assertThat(observed.uids(GREEN)).as("the new side keeps running").isEqualTo(greenUids);
        JsonNode answer = get(admin.pods().inNamespace(NS).withName("prometheus-0").portForward(9090),
                "/api/v1/query?query=up");
        assertThat(answer.path("status").asString("")).isEqualTo("success");
    }

    @Test
    @Order(5)
    void removalOfTheOldSideNeedsItsNameTypedAndKeepsItsClaimsUnlessAsked() {
        OperationResult<BlueGreenSwitchOperation.Result> forward = switchForward();
        assertThat(forward.succeeded()).as(forward.error()).isTrue();
        List<String> oldClaims = List.of("prometheus-storage-prometheus-0", "prometheus-storage-prometheus-1");
        BlueGreenRemoveOperation op = new BlueGreenRemoveOperation(sandbox.session(), false, WAIT, POLL);
        Plan plan = op.plan(Cancellation.none());

        assertThat(plan.confirmation().kind()).isEqualTo(Confirmation.Kind.TYPED);
        assertThat(plan.confirmation().name()).isEqualTo("prometheus");
        assertThat(plan.confirmation().acceptedBy("yes")).isFalse();
        assertThat(plan.confirmation().acceptedBy(GREEN)).isFalse();
        assertThat(observed.uids("prometheus")).as("planning deletes nothing").isEqualTo(oldUids);

        OperationResult<BlueGreenRemoveOperation.Result> result = op.run(plan, ProgressListener.none(),
                Cancellation.none());

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName("prometheus").get()).isNull();
        assertThat(observed.podNames()).doesNotContain("prometheus-0", "prometheus-1");
        assertThat(observed.claimNames()).containsAll(oldClaims);
        for (String service : SERVICES) {
            Service s = admin.services().inNamespace(NS).withName(service).get();
            assertThat(s.getMetadata().getAnnotations()).doesNotContainKey(BlueGreen.ANNOTATION);
            assertThat(observed.selectedPods(service)).as(service).containsExactly(GREEN + "-0", GREEN + "-1");
        }
        assertThat(observed.pods(GREEN)).hasSize(2).allSatisfy(p -> assertThat(StatefulSetPods.ready(p)).isTrue());
    }

    @Test
    @Order(6)
    void withTheOldSideRemovedScaleReloadHealthAndRollbackFindPrometheusInTheNewStatefulSet(@TempDir Path dir) {
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName("prometheus").get()).isNull();
        assertThat(ServingWorkload.name(admin, NS, StackComponent.PROMETHEUS)).isEqualTo(GREEN);
        Map<String, String> before = observed.uids(GREEN);

        // a reload reaches the replicas that serve, one at a time
        ConfigService config = ConfigService.of(sandbox.session(), new ConfigHistory(dir, 5));
        var reload = config.reload(StackComponent.PROMETHEUS, Optional.empty());
        OperationResult<ReloadReport> reloaded = reload.run(reload.plan(Cancellation.none()),
                ProgressListener.none(), Cancellation.none());
        assertThat(reloaded.succeeded()).as(reloaded.error()).isTrue();
        assertThat(reloaded.value().replicas()).extracting(ReplicaResult::pod)
                .containsExactly(GREEN + "-0", GREEN + "-1");

        // the health check looks at the new side's pods
        assertThat(HealthContext.of(sandbox.session(), Duration.ofSeconds(10)).pods(StackComponent.PROMETHEUS))
                .extracting(PodInfo::name).containsExactly(GREEN + "-0", GREEN + "-1");

        // scale: the new StatefulSet grows, its third replica is ready and passes the gate; nothing is re-created
        ScaleOperation scale = new ScaleOperation(sandbox.session(), StackComponent.PROMETHEUS, 3, false, WAIT,
                POLL);
        OperationResult<ScaleOperation.Result> scaled = scale.run(scale.plan(Cancellation.none()),
                ProgressListener.none(), Cancellation.none());
        assertThat(scaled.succeeded()).as(scaled.error()).isTrue();
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName(GREEN).get().getSpec().getReplicas())
                .isEqualTo(3);
        assertThat(observed.pods(GREEN)).hasSize(3).allSatisfy(p -> assertThat(StatefulSetPods.ready(p)).isTrue());
        assertThat(observed.uids(GREEN)).containsAllEntriesOf(before);
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName("prometheus").get())
                .as("no StatefulSet/prometheus made again").isNull();

        // rollback speaks of the new StatefulSet, whether or not it has a revision to go back to
        String said;
        try {
            said = new RollbackOperation(sandbox.session(), StackComponent.PROMETHEUS, WAIT, POLL)
                    .plan(Cancellation.none()).title();
        } catch (ConsoleException e) {
            said = e.getMessage();
        }
        assertThat(said).contains("StatefulSet/" + GREEN).doesNotContain("StatefulSet/prometheus ");
    }

    private static OperationResult<BlueGreenSwitchOperation.Result> switchForward() {
        BlueGreenSwitchOperation op = new BlueGreenSwitchOperation(sandbox.session(), false);
        return op.run(op.plan(Cancellation.none()), ProgressListener.none(), Cancellation.none());
    }

    // ---- what an outside observer sees ------------------------------------------------------------------------







    /** How many {@code up} series the replica answers with for instant {@code at}. */
    private static int upSeriesAt(String pod, Instant at) {
        try {
            JsonNode answer = get(admin.pods().inNamespace(NS).withName(pod).portForward(9090),
                    "/api/v1/query?query=up&time=" + String.format(Locale.ROOT, "%.3f", at.toEpochMilli() / 1000.0));
            assertThat(answer.path("status").asString("")).as(pod + " answers: " + answer).isEqualTo("success");
            return answer.path("data").path("result").size();
        } catch (Exception e) {
            throw new IllegalStateException(pod + " did not answer: " + e.getMessage(), e);
        }
    }

    /** The jobs the replica has active targets of. */
    private static Set<String> jobs(String pod) throws Exception {
        JsonNode answer = get(admin.pods().inNamespace(NS).withName(pod).portForward(9090), "/api/v1/targets");
        Set<String> jobs = new TreeSet<>();
        answer.path("data").path("activeTargets").forEach(t -> jobs.add(t.path("labels").path("job").asString("")));
        return jobs;
    }

    private static JsonNode get(LocalPortForward forward, String path) throws Exception {
        try (forward) {
            for (int attempt = 1; ; attempt++) {
                try {
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + forward.getLocalPort() + path)).timeout(Duration.ofSeconds(30))
                            .GET().build(), HttpResponse.BodyHandlers.ofString());
                    return JSON.readTree(r.body());
                } catch (IOException e) {
                    if (attempt == 2) {
                        throw e;
                    }
                }
            }
        }
    }
}
