package io.neurectomy.console.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.neurectomy.console.core.backup.store.S3Fixture;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.health.BackupSource;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The storage-failure drill on the full sandbox, with S3Proxy as the bucket: the drill archives the stack and
 * uploads the archive, wipes the volumes of {@code prometheus-0} (the pod restarts on empty volumes), the health check
 * sees the lost data, and the runbook restores the TSDB from the bucket. The samples from before the archive are back
 * on {@code prometheus-0}, as an outside query shows, and the time to recovery is reported against the guide's 15
 * minutes.
 */
class StorageFailureDrillSandboxTest {
    /** Only catches hangs. */
    private static final Duration WAIT = Duration.ofSeconds(300);
    private static final String NS = HealthSandbox.NS;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ARCHIVED = Pattern.compile("the TSDB of (prometheus-\\d+)");

    @TempDir
    static Path dir;

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

    @Test
    void theDrillWipesAReplicaAndTheRunbookBringsItsSamplesBackFromTheBucket() throws Exception {
        try (S3Fixture s3 = new S3Fixture(dir.resolve("s3"))) {
            S3Settings bucket = S3Settings.compatible(S3Fixture.BUCKET, "drills", s3.endpoint(), S3Fixture.KEYS);
            Pod before = pod("prometheus-0");
            // An instant before which both replicas hold samples. A fixed instant taken before the first scrape
            // would never gain any, so each attempt takes the present one
            Instant start = Poll.until(WAIT, () -> {
                Instant now = Instant.now();
                return held("prometheus-0", now) && held("prometheus-1", now) ? now : null;
            }, t -> t != null, "both replicas holding samples");
            Map<String, String> held = new TreeMap<>(Map.of("prometheus-0", samples("prometheus-0", start),
                    "prometheus-1", samples("prometheus-1", start)));
            List<String> afterTheWipe = new ArrayList<>();
            List<String> details = new ArrayList<>();
            List<Pod> wiped = new ArrayList<>();
            Drill drill = new Drill(ground.session(), "storage-failure", null, HealthChecker.standard(),
                    Clock.systemUTC(), WAIT, Duration.ofSeconds(1)).withBackups(BackupSource.of(dir.resolve(
                    "backups"), bucket));
            Plan plan = drill.plan(Cancellation.none());
            assertThat(plan.notes()).anyMatch(n -> n.contains("Archive store: the S3 bucket " + bucket.location()));

            OperationResult<Drill.Report> result = drill.run(plan, event -> {
                if (event instanceof ProgressEvent.StepFinished f) {
                    details.add(f.step().id() + ": " + f.outcome().detail());
                    if (f.step().id().equals(Drill.STEP_INJECT) && f.outcome().status() == StepOutcome.Status.DONE) {
                        // on the drill's thread, so the runbook has not begun. The sandbox wipes on its next pass and
                        // restarts the server: wait for the restart in the pod's status, then ask what it holds
                        Poll.within(WAIT, () -> restarts(pod("prometheus-0")) > restarts(before));
                        afterTheWipe.add(Poll.until(WAIT, () -> samplesOrNull("prometheus-0", start),
                                s -> s != null, "prometheus-0 answering after the wipe"));
                        wiped.add(pod("prometheus-0"));
                    }
                }
            }, Cancellation.none());

            assertThat(result.succeeded()).as(result.error() + "\n" + details + "\n" + (drill.timeline() == null ? ""
                    : drill.timeline().markdown())).isTrue();
            Drill.Report report = result.value();
            assertThat(report.lost()).as(report.compared().toString()).isEmpty();
            assertThat(report.compared()).anyMatch(l -> l.startsWith("samples: ") && l.contains(" identical on"
                    + " prometheus-0")).anyMatch(l -> l.contains(bucket.location()));
            assertThat(report.timeToRecovery()).isPositive();
            assertThat(report.guide()).isEqualTo(Duration.ofMinutes(15));

            // The wipe was real: the pod kept its identity, restarted, and held none of its samples
            assertThat(wiped).hasSize(1);
            assertThat(wiped.get(0).getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
            assertThat(restarts(wiped.get(0))).isGreaterThan(restarts(before));
            assertThat(afterTheWipe).containsExactly("");
            // The archive is in the bucket, and the samples of the replica it was taken from are back on prometheus-0
            assertThat(s3.keys()).anyMatch(k -> k.startsWith("drills/full_"));
            String archive = details.stream().filter(d -> d.startsWith(Drill.STEP_ARCHIVE + ":")).findFirst()
                    .orElseThrow();
            Matcher m = ARCHIVED.matcher(archive);
            assertThat(m.find()).as(archive).isTrue();
            assertThat(samples("prometheus-0", start)).isEqualTo(held.get(m.group(1))).isNotEmpty();
            assertThat(report.timeline().entries()).anyMatch(e -> e.stepId().equals("restore-tsdb")
                    && e.outcome() != null && e.outcome().detail().contains(bucket.location()));
        }
    }

    private static Pod pod(String name) {
        return ground.admin().pods().inNamespace(NS).withName(name).get();
    }

    private static int restarts(Pod pod) {
        return pod.getStatus().getContainerStatuses().stream().mapToInt(c -> c.getRestartCount() == null ? 0
                : c.getRestartCount()).sum();
    }

    /** The samples of up {@code pod} holds in the five minutes up to {@code end}, as sorted lines. */
    private static String samples(String pod, Instant end) {
        String s = samplesOrNull(pod, end);
        assertThat(s).as(pod + " answers").isNotNull();
        return s;
    }

    private static boolean held(String pod, Instant end) {
        String s = samplesOrNull(pod, end);
        return s != null && !s.isEmpty();
    }

    private static String samplesOrNull(String pod, Instant end) {
        String path = "/api/v1/query?query=" + URLEncoder.encode("up[5m]", StandardCharsets.UTF_8) + "&time="
                + String.format(Locale.ROOT, "%.3f", end.toEpochMilli() / 1000.0);
        try {
            PodCalls.Response r = new PodCalls(ground.admin(), NS, Duration.ofSeconds(10)).send(pod, 9090, "GET",
                    path, null);
            if (r.status() != 200) {
                return null;
            }
            List<String> series = new ArrayList<>();
            for (JsonNode s : JSON.readTree(r.body()).path("data").path("result")) {
                series.add(s.path("metric").toString() + " " + s.path("values").toString());
            }
            series.sort(String::compareTo);
            return String.join("\n", series);
        } catch (Exception e) {
            return null;
        }
    }
}
