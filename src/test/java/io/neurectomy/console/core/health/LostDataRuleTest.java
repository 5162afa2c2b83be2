package io.neurectomy.console.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The lost-data rule of the prometheus-tsdb check, on figures alone. */
class LostDataRuleTest {
    private static final Instant NOW = Instant.parse("2026-12-07T13:10:00Z");
    private static final Duration SLACK = PrometheusProbes.LOST_DATA_SLACK;

    private static Optional<Finding> rule(Instant claimCreated, Instant lowest, String retention,
                                          double sizeRetentions) {
        return PrometheusProbes.lostData("monitoring", "prometheus-0", "data-prometheus-0", claimCreated,
                OptionalDouble.of(lowest.getEpochSecond()), retention, sizeRetentions, NOW);
    }

    @Test
    void theSlackIsTwoMinutes() {
        assertThat(SLACK).isEqualTo(Duration.ofMinutes(2));
        assertThat(io.neurectomy.console.core.runbook.Drill.VOLUME_AGE).as("the storage-failure drill wipes a volume"
                + " old enough for its loss to be seen").isGreaterThan(SLACK);
    }

    @Test
    void dataFromExactlyTheSlackAfterTheClaimsCreationIsNotALoss() {
        Instant created = NOW.minus(Duration.ofHours(1));
        assertThat(rule(created, created.plus(SLACK), "15d", 0)).isEmpty();
    }

    @Test
    void dataFromLaterThanTheSlackAfterTheClaimsCreationIsALoss() {
        Instant created = Instant.parse("2026-12-07T12:58:40Z");
        Finding f = rule(created, Instant.parse("2026-12-07T13:05:12Z"), "15d", 0).orElseThrow();

        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.code()).isEqualTo("prometheus-tsdb");
        assertThat(f.subject()).isEqualTo("prometheus-0");
        assertThat(f.message()).isEqualTo("holds data only since 13:05:12 UTC, though its volume dates from 12:58:40"
                + " UTC and the retention keeps 15d: about 6m32s of data is gone (a wiped or replaced volume)");
        assertThat(f.evidence()).contains("prometheus_tsdb_lowest_timestamp_seconds: "
                + Instant.parse("2026-12-07T13:05:12Z").getEpochSecond()).contains("claim data-prometheus-0 created:"
                + " 2026-12-07T12:58:40Z").contains("prometheus_tsdb_size_retentions_total: 0");
        assertThat(f.fix()).contains("--pod prometheus-0 -n monitoring").contains("storage-failure runbook");
        assertThat(rule(created, created.plus(SLACK).plusSeconds(1), "15d", 0)).isPresent();
    }

    @Test
    void aRetentionHorizonLaterThanTheClaimIsWhereTheDataShouldStart() {
        Instant created = NOW.minus(Duration.ofDays(30));
        Instant horizon = NOW.minus(Duration.ofHours(2).plusMinutes(30));
        assertThat(rule(created, horizon.plus(SLACK), "2h30m", 0)).isEmpty();
        Finding f = rule(created, horizon.plus(SLACK).plusSeconds(1), "2h30m", 0).orElseThrow();
        assertThat(f.message()).contains("its volume dates from 2026-11-07 13:10:00 UTC")
                .contains("the retention keeps 2h30m").contains("about 2m1s of data is gone");
    }

    @Test
    void noRetentionTimeMeansTheDefaultFifteenDays() {
        Instant created = NOW.minus(Duration.ofDays(400));
        Instant horizon = NOW.minus(Duration.ofDays(15));
        for (String unset : new String[] {"0s", ""}) {
            assertThat(rule(created, horizon.plus(SLACK), unset, 0)).as(unset).isEmpty();
            assertThat(rule(created, horizon.plus(SLACK).plusSeconds(1), unset, 0)).as(unset).get()
                    .extracting(Finding::message).asString().contains("the retention keeps 15d (the default)");
        }
        assertThat(rule(created, NOW.minus(Duration.ofDays(364)), "1y", 0)).isPresent();
        assertThat(rule(created, NOW.minus(Duration.ofDays(365)).plus(SLACK), "1y", 0)).isEmpty();
    }

    @Test
    void sizeRetentionThatDeletedBlocksSkipsTheRule() {
        Instant created = NOW.minus(Duration.ofDays(3));
        assertThat(rule(created, NOW.minus(Duration.ofHours(1)), "15d", 0)).isPresent();
        assertThat(rule(created, NOW.minus(Duration.ofHours(1)), "15d", 1)).isEmpty();
    }

    @Test
    void anEmptyTsdbOnAnOldClaimIsALossAndOnANewClaimIsNot() {
        // Prometheus reports "now" for an empty TSDB, or the head's unset bound far in the future
        assertThat(rule(NOW.minus(Duration.ofMinutes(10)), NOW, "15d", 0)).get().extracting(Finding::message)
                .asString().contains("about 10m of data is gone");
        Optional<Finding> unset = PrometheusProbes.lostData("monitoring", "prometheus-0", "data-prometheus-0",
                NOW.minus(Duration.ofMinutes(10)), OptionalDouble.of(Long.MAX_VALUE / 1000.0), "15d", 0, NOW);
        assertThat(unset).get().extracting(Finding::message).asString().contains("holds data only since 13:10:00");
        assertThat(rule(NOW.minus(Duration.ofMinutes(1)), NOW, "15d", 0)).isEmpty();
    }

    @Test
    void aReplicaThatDoesNotReportItsOldestSampleIsNotJudged() {
        assertThat(PrometheusProbes.lostData("monitoring", "prometheus-0", "data-prometheus-0",
                NOW.minus(Duration.ofDays(1)), OptionalDouble.empty(), "15d", 0, NOW)).isEmpty();
    }
}
