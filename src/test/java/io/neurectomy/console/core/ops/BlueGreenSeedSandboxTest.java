package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.backup.operations.TsdbCopy;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.PodsObserved;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The blue-green upgrade of Prometheus with its TSDB seeded from the old side, on the sandbox with real Prometheus
 * processes for both sides: a cancel while the snapshot streams removes the new side and the snapshot, so does a
 * snapshot the old side refuses (no admin API); a seeded upgrade leaves new replicas that answer for the time
 * before they existed with the old side's samples. Each test
 * starts from where the previous one left the cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlueGreenSeedSandboxTest {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final String NS = HealthSandbox.NS;
    private static final String TAG = "v2.55.1";
    private static final String GREEN = "prometheus-v2-55-1";
    private static final List<String> SERVICES = List.of("prometheus", "prometheus-headless");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_API = "--web.enable-admin-api";

    private static HealthSandbox sandbox;
    private static KubernetesClient admin;
    private static PodsObserved observed;
    private static Map<String, String> oldUids;
    /** A time before any new side, for which the old side has samples. */
    private static Instant before;
    private static Set<Map<String, String>> oldSeries;

    @BeforeAll
    static void start() throws InterruptedException {
        sandbox = HealthSandbox.start(WAIT, RealServers.PROMETHEUS);
        admin = sandbox.admin();
        observed = new PodsObserved(admin, NS);
        Poll.until(WAIT, "both old replicas ready", () -> observed.pods("prometheus").size() == 2
                && observed.pods("prometheus").stream().allMatch(StatefulSetPods::ready));
        oldUids = observed.uids("prometheus");
        Poll.until(WAIT, () -> upSeriesAt("prometheus-0", Instant.now()), s -> !s.isEmpty(),
                "prometheus-0 to have scraped");
        before = Instant.now();
        oldSeries = upSeriesAt("prometheus-0", before);
        assertThat(oldSeries).isNotEmpty();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void aCancelWhileTheSnapshotStreamsRemovesTheNewSideAndTheSnapshot() throws Exception {
        Map<String, Map<String, String>> selectors = observed.selectors(SERVICES);
        BlueGreenOperation op = new BlueGreenOperation(sandbox.session(), "v2.54.1", WAIT, POLL, true);
        Plan plan = op.plan(Cancellation.none());
        Cancellation cancel = new Cancellation();
        List<String> snapshotsWhileStreaming = new ArrayList<>();
        boolean[] seeding = new boolean[1];
        ProgressListener cancelWhileStreaming = e -> {
            if (e instanceof ProgressEvent.StepStarted s) {
                seeding[0] = s.step().id().equals("seed");
            }
            if (e instanceof ProgressEvent.Bytes && seeding[0] && !cancel.isCancelled()) {
                snapshotsWhileStreaming.addAll(snapshots());
                cancel.cancel();
            }
        };

        OperationResult<BlueGreenOperation.Result> result = op.run(plan, cancelWhileStreaming, cancel);

        assertThat(result.cancelled()).as("seed: " + result.outcome("seed") + ", error: " + result.error()).isTrue();
        assertThat(result.outcome("seed").status()).isEqualTo(StepOutcome.Status.CANCELLED);
        assertThat(result.outcome("compare").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(result.outcome("remove-new").status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(snapshotsWhileStreaming).as("a snapshot was there while it streamed").isNotEmpty();
        assertThat(snapshots()).as("the snapshot is removed from the old replicas").isEmpty();
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName("prometheus-v2-54-1").get()).isNull();
        assertThat(observed.podNames()).noneMatch(n -> n.startsWith("prometheus-v2-54-1"));
        assertThat(observed.claimNames()).noneMatch(n -> n.contains("prometheus-v2-54-1"));
        assertThat(observed.selectors(SERVICES)).isEqualTo(selectors);
        assertThat(observed.uids("prometheus")).isEqualTo(oldUids);
    }

    @Test
    @Order(2)
    void aSnapshotRefusedByTheOldSideRemovesTheNewSideAndLeavesTheServices() {
        adminApi(false);
        try {
            Map<String, Map<String, String>> selectors = observed.selectors(SERVICES);
            Map<String, String> restarted = observed.uids("prometheus");
            BlueGreenOperation op = new BlueGreenOperation(sandbox.session(), "v2.54.1", WAIT, POLL, true);

            OperationResult<BlueGreenOperation.Result> result = op.run(op.plan(Cancellation.none()),
                    ProgressListener.none(), Cancellation.none());

            assertThat(result.succeeded()).isFalse();
            assertThat(result.error()).contains("stopped before the switch", "refused the TSDB snapshot",
                    "--web.enable-admin-api");
            assertThat(result.outcome("seed").status()).isEqualTo(StepOutcome.Status.FAILED);
            assertThat(result.outcome("switch").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
            assertThat(result.outcome("remove-new").status()).isEqualTo(StepOutcome.Status.DONE);
            assertThat(admin.apps().statefulSets().inNamespace(NS).withName("prometheus-v2-54-1").get()).isNull();
            assertThat(observed.podNames()).noneMatch(n -> n.startsWith("prometheus-v2-54-1"));
            assertThat(observed.claimNames()).noneMatch(n -> n.contains("prometheus-v2-54-1"));
            assertThat(observed.selectors(SERVICES)).isEqualTo(selectors);
            assertThat(observed.uids("prometheus")).isEqualTo(restarted);
        } finally {
            adminApi(true);
            oldUids = observed.uids("prometheus");
        }
    }

    @Test
    @Order(3)
    void aSeededUpgradeLeavesNewReplicasThatAnswerWithTheOldSidesSamplesFromBeforeTheyExisted() throws Exception {
        BlueGreenOperation op = new BlueGreenOperation(sandbox.session(), TAG, WAIT, POLL, true);
        Plan plan = op.plan(Cancellation.none());
        assertThat(plan.steps()).extracting(s -> s.id()).containsExactly("create", "ready", "seed", "compare",
                "switch", "remove-new");
        Map<String, String> readyUids = new TreeMap<>();
        Map<String, Set<Map<String, String>>> unseeded = new TreeMap<>();
        ProgressListener atReady = e -> {
            if (e instanceof ProgressEvent.StepFinished f && f.step().id().equals("ready")) {
                readyUids.putAll(observed.uids(GREEN));
                for (String pod : readyUids.keySet()) {
                    unseeded.put(pod, upSeriesAt(pod, before));
                }
            }
        };

        OperationResult<BlueGreenOperation.Result> result = op.run(plan, atReady, Cancellation.none());

        assertThat(result.succeeded()).as(result.error()).isTrue();
        assertThat(result.outcome("seed").status()).isEqualTo(StepOutcome.Status.DONE);
        assertThat(readyUids).containsOnlyKeys(GREEN + "-0", GREEN + "-1");
        assertThat(unseeded).as("before the seed the new replicas know nothing of that time")
                .containsOnlyKeys(GREEN + "-0", GREEN + "-1").allSatisfy((pod, series) -> assertThat(series)
                        .isEmpty());
        for (String pod : List.of(GREEN + "-0", GREEN + "-1")) {
            assertThat(upSeriesAt(pod, before)).as(pod + " answers for " + before + " as prometheus-0 does")
                    .isEqualTo(oldSeries);
        }
        Map<String, String> nowUids = observed.uids(GREEN);
        assertThat(nowUids).containsOnlyKeys(readyUids.keySet());
        readyUids.forEach((pod, uid) -> assertThat(nowUids.get(pod)).as(pod + " restarted on the seeded blocks")
                .isNotEqualTo(uid));
        assertThat(result.value().seeded()).extracting(BlueGreenOperation.Seeded::replica)
                .containsExactly(GREEN + "-0", GREEN + "-1");
        assertThat(result.value().seeded()).allSatisfy(s -> {
            assertThat(s.blocks()).isNotEmpty();
            assertThat(s.bytes()).isPositive();
        });
        assertThat(snapshots()).as("the snapshot is removed from the old replicas").isEmpty();
        for (String service : SERVICES) {
            assertThat(observed.selectedPods(service)).as(service).containsExactly(GREEN + "-0", GREEN + "-1");
        }
        assertThat(observed.uids("prometheus")).as("the old pods are untouched").isEqualTo(oldUids);
    }

    /** Turns the old side's admin API (and so its snapshots) on or off, and waits until both replicas run so. */
    private static void adminApi(boolean on) {
        admin.apps().statefulSets().inNamespace(NS).withName("prometheus").edit(s -> {
            Container c = s.getSpec().getTemplate().getSpec().getContainers().stream()
                    .filter(x -> x.getName().equals("prometheus")).findFirst().orElseThrow();
            List<String> args = new ArrayList<>(c.getArgs());
            args.remove(ADMIN_API);
            if (on) {
                args.add(ADMIN_API);
            }
            c.setArgs(args);
            return s;
        });
        Poll.until(WAIT, "both old replicas ready with the admin API " + (on ? "on" : "off"), () -> {
            List<Pod> pods = observed.pods("prometheus");
            return pods.size() == 2 && pods.stream().allMatch(p -> StatefulSetPods.ready(p)
                    && p.getSpec().getContainers().stream().filter(c -> c.getName().equals("prometheus"))
                    .allMatch(c -> c.getArgs().contains(ADMIN_API) == on));
        });
    }

    // ---- what an outside observer sees ------------------------------------------------------------------------

    /** The label sets of the {@code up} series the replica answers with for instant {@code at}. */
    private static Set<Map<String, String>> upSeriesAt(String pod, Instant at) {
        String path = "/api/v1/query?query=" + URLEncoder.encode("up", StandardCharsets.UTF_8) + "&time="
                + String.format(Locale.ROOT, "%.3f", at.toEpochMilli() / 1000.0);
        try {
            PodCalls.Response r = calls().get(pod, 9090, path);
            assertThat(r.ok()).as(pod + " answers: " + r.body()).isTrue();
            Set<Map<String, String>> out = new java.util.HashSet<>();
            for (JsonNode series : JSON.readTree(r.body()).path("data").path("result")) {
                Map<String, String> labels = new TreeMap<>();
                series.path("metric").properties().forEach(m -> labels.put(m.getKey(), m.getValue().asString()));
                out.add(labels);
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The snapshot directories in the old replicas' data directories. */
    private static List<String> snapshots() {
        List<String> out = new ArrayList<>();
        for (Pod p : observed.pods("prometheus")) {
            try {
                PodCalls.ExecResult r = calls().exec(p.getMetadata().getName(), TsdbCopy.container(p),
                        List.of("ls", "/prometheus/snapshots"));
                for (String name : r.stdout().split("\\s+")) {
                    if (!name.isBlank()) {
                        out.add(p.getMetadata().getName() + ":" + name);
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static PodCalls calls() {
        return new PodCalls(admin, NS, Duration.ofSeconds(30));
    }






}
