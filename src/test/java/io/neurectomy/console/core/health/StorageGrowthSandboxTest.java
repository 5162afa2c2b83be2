package io.neurectomy.console.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code storage-growth} against the sandbox's real Prometheus processes once they have a day of history: the
 * sandbox backfills a replica's TSDB with the series of its own size the check queries (through promtool, as an
 * operator backfills), and Prometheus loads the blocks and answers {@code query_range} from them. Days to full are
 * the free space {@code df} reports in the pod over that growth: with the claim's capacity and the simulated fill
 * chosen, a fast-growing TSDB on a small volume is CRITICAL, the same on a grown volume a WARNING, and a slow one OK.
 *
 * <p>Backfilled samples cannot be taken back, so each test owns one replica.
 */
class StorageGrowthSandboxTest {
    /** Only catches hangs; Prometheus loads new blocks on its reload once a minute. */
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";
    private static final double GIB = 1024.0 * 1024 * 1024;
    /**
     * The history is recorded under an earlier address of the pod (as after a restart that moved it): the check's
     * query takes the largest of the replica's series at each step, so the live series of the new address, which
     * measures only the few KiB the backfilled blocks take, does not blur the slope.
     */
    private static final String EARLIER_INSTANCE = "10.244.7.7:9090";

    private static HealthSandbox health;
    private static SandboxCluster sandbox;
    private static KubernetesClient admin;

    @BeforeAll
    static void start() throws InterruptedException {
        health = HealthSandbox.start(WAIT, RealServers.PROMETHEUS);
        sandbox = health.sandbox();
        admin = health.admin();
    }

    @AfterAll
    static void stop() {
        if (health != null) {
            health.close();
        }
    }

    private static List<Finding> run(HealthProbe probe) {
        return health.run(probe, Duration.ofSeconds(10));
    }

    private static Finding growthOf(String pod) {
        return run(StorageProbes.growth()).stream().filter(f -> f.subject().equals(pod + " → /prometheus"))
                .findFirst().orElseThrow();
    }

    /** The growth finding of {@code pod} once its estimate covers the backfilled day (and not just minutes). */
    private static Finding forecastOf(String pod) {
        return Poll.until(WAIT, () -> growthOf(pod), f -> f.evidence() != null && f.evidence().contains("over 24 h"),
                pod + " answering from its backfilled day");
    }

    /** Each test's volume emptied again (asked again while its pod restarts); a grown claim cannot shrink back. */
    @AfterEach
    void putBack() {
        for (String pod : List.of("prometheus-0", "prometheus-1")) {
            Poll.until(WAIT, pod + "'s volume emptied again", () -> {
                try {
                    sandbox.fillVolume(NS, pod, "/prometheus", 0);
                    return true;
                } catch (RuntimeException e) {
                    return false;
                }
            });
        }
    }

    /**
     * {@code pod}'s TSDB size history rising {@code perDay} GiB a day to {@code now} GiB, its 200 GiB volume
     * {@code percent} % full: the growth finding once it covers that day.
     */
    private static Finding forecastAfter(String pod, double perDay, double now, int percent) {
        backfill(pod, perDay * GIB, now * GIB);
        sandbox.fillVolume(NS, pod, "/prometheus", percent);
        return forecastOf(pod);
    }

    @Test
    void aFastGrowingTsdbOnASmallVolumeIsCriticalAndAWarningOnceTheVolumeIsGrown() {
        String pod = "prometheus-0";
        String claim = "prometheus-storage-prometheus-0";
        // 30 GiB a day, 60 GiB now; the 200 GiB volume 88 % used: 24 GiB free fill in about 19 h, before the
        // 160 GiB retention size would stop the growth (in 3.3 days).
        Finding critical = forecastAfter(pod, 30, 60, 88);
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.message()).startsWith("at 30.0 GiB/day the volume is full in ").endsWith(" h");
        // Free is 24 GiB less what Prometheus's own files added since the fill (new WAL and head chunk files).
        assertThat(free(critical)).isBetween(23.0, 24.0);
        assertThat(daysToFull(critical)).isCloseTo(free(critical) / 30, within(0.1));
        assertThat(critical.evidence()).contains("of 200.0 GiB")
                .contains("growth: 30.0 GiB/day over 24 h (145 points)").contains("pod=\"" + pod + "\"");
        assertThat(critical.fix()).startsWith("Grow the volume, or lower the retention");

        // The fix: the claim grown to 250 GiB leaves about 74 GiB, two and a half days at that rate.
        resize(claim, "250Gi");
        Finding warning = Poll.until(WAIT, () -> growthOf(pod), f -> f.severity() != Severity.CRITICAL,
                "the session sees the grown claim");
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.message()).startsWith("at 30.0 GiB/day the volume is full in ").endsWith(" days");
        assertThat(warning.evidence()).contains("of 250.0 GiB");
        assertThat(free(warning)).isBetween(73.0, 74.0);
        assertThat(daysToFull(warning)).isCloseTo(free(warning) / 30, within(0.1));
        assertThat(warning.fix()).startsWith("Grow the volume");
    }

    @Test
    void aSlowlyGrowingTsdbIsOkAndSaysWhenItWouldFill() {
        String pod = "prometheus-1";
        String claim = "prometheus-storage-prometheus-1";
        // 2 GiB a day, 52 GiB now, on the 200 GiB volume 76 % used: 48 GiB free, about 24 days to full.
        Finding slow = forecastAfter(pod, 2, 52, 76);
        assertThat(slow.severity()).isEqualTo(Severity.OK);
        assertThat(slow.message()).startsWith("at 2.0 GiB/day the volume is full in ").endsWith(" days");
        assertThat(free(slow)).isBetween(47.0, 48.0);
        assertThat(daysToFull(slow)).isCloseTo(free(slow) / 2, within(0.1));
        assertThat(slow.fix()).isNullOrEmpty();

        // Grown to 300 GiB (148 GiB free), the 160 GiB retention size deletes old blocks before the disk fills.
        resize(claim, "300Gi");
        Finding capped = Poll.until(WAIT, () -> growthOf(pod), f -> f.message().contains("retention size"),
                "the session sees the 300 GiB claim");
        assertThat(capped.severity()).isEqualTo(Severity.OK);
        assertThat(capped.message()).isEqualTo("grows 2.0 GiB/day; the retention size stops it at 160.0 GiB"
                + " (in 54.0 days) before the volume is full");
    }

    /** The free GiB the finding's evidence gives (from {@code df} in the pod). */
    private static double free(Finding f) {
        Matcher m = Pattern.compile("^free: (\\d+\\.\\d) GiB of ").matcher(f.evidence());
        assertThat(m.find()).as(f.evidence()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The days until full the finding's message gives. */
    private static double daysToFull(Finding f) {
        Matcher m = Pattern.compile("the volume is full in (\\d+(?:\\.\\d+)?) (h|days)$").matcher(f.message());
        assertThat(m.find()).as(f.message()).isTrue();
        double value = Double.parseDouble(m.group(1));
        return m.group(2).equals("h") ? value / 24 : value;
    }

    /**
     * Writes a day (and the step before it) of {@code pod}'s TSDB size into its TSDB: a sample a minute, on whole
     * minutes, rising {@code perDay} bytes a day to {@code now} bytes at the latest minute, under the job label of
     * the series it scrapes of itself and an earlier address.
     */
    private static void backfill(String pod, double perDay, double now) {
        String job = liveJob(pod);
        long last = Instant.now().getEpochSecond() / 60 * 60;
        long first = last - Duration.ofHours(24).plusMinutes(30).toSeconds();
        StringBuilder text = new StringBuilder("# TYPE prometheus_tsdb_storage_blocks_bytes gauge\n");
        for (long t = first; t <= last; t += 60) {
            double bytes = now - perDay * (last - t) / 86_400.0;
            text.append(String.format(Locale.ROOT, "prometheus_tsdb_storage_blocks_bytes{instance=\"%s\",job=\"%s\","
                    + "pod=\"%s\"} %.0f %d\n", EARLIER_INSTANCE, job, pod, bytes, t));
        }
        text.append("# EOF\n");
        List<String> blocks = sandbox.backfillPrometheus(NS, pod, text.toString());
        assertThat(blocks).as("promtool wrote blocks").isNotEmpty();
    }

    /** The job label of the series of its own TSDB size that {@code pod} scrapes (once it has scraped itself). */
    private static String liveJob(String pod) {
        String query = "/api/v1/query?query=" + URLEncoder.encode("prometheus_tsdb_storage_blocks_bytes{pod=\""
                + pod + "\"}", StandardCharsets.UTF_8);
        JsonNode result = Poll.until(WAIT, () -> {
            try {
                return HealthContext.of(health.session(), Duration.ofSeconds(10)).api(pod, 9090, query).path("result");
            } catch (IOException e) {
                return null;
            }
        }, r -> r != null && r.size() > 0, pod + " scraping itself");
        return result.get(0).path("metric").path("job").asString("");
    }

    /** Grows the claim as a user does (its request), and waits until the cluster reports the new capacity. */
    private static void resize(String claim, String size) {
        admin.persistentVolumeClaims().inNamespace(NS).withName(claim).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"" + size + "\"}}}}");
        Poll.until(WAIT, claim + " resized to " + size, () -> new Quantity(size).equals(admin.persistentVolumeClaims()
                .inNamespace(NS).withName(claim).get().getStatus().getCapacity().get("storage")));
    }
}
