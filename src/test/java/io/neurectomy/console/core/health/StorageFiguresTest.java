package io.neurectomy.console.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The figures the storage checks read: Prometheus's size and duration flags, df's columns, and the growth slope. */
class StorageFiguresTest {
    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void retentionSizesArePowersOfTwoWithEitherSpelling() {
        assertThat(StorageProbes.retentionSize("160GB")).isEqualTo(160 * GIB);
        assertThat(StorageProbes.retentionSize("160GiB")).isEqualTo(160 * GIB);
        assertThat(StorageProbes.retentionSize("512MB")).isEqualTo(512L * 1024 * 1024);
        assertThat(StorageProbes.retentionSize("0B")).isZero();
        assertThat(StorageProbes.retentionSize("")).isZero();
        assertThat(StorageProbes.retentionSize("lots")).isEqualTo(-1);
    }

    @Test
    void retentionTimesAddTheirParts() {
        assertThat(StorageProbes.retentionTime("15d")).isEqualTo(Duration.ofDays(15));
        assertThat(StorageProbes.retentionTime("1w2d12h")).isEqualTo(Duration.ofDays(9).plusHours(12));
        assertThat(StorageProbes.retentionTime("0s")).isZero();
        assertThat(StorageProbes.retentionTime("soon")).isZero();
    }

    @Test
    void dfColumnsAreReadFromTheEndEvenWhenBusyboxWrapsALongDevice() throws IOException {
        StorageVolume.Df df = StorageVolume.parse("""
                Filesystem           1K-blocks      Used Available Use% Mounted on
                /dev/mapper/vg0-prometheus--storage
                                     209715200 167772160  41943040  80% /prometheus
                """);
        assertThat(df.sizeBytes()).isEqualTo(200 * GIB);
        assertThat(df.usedBytes()).isEqualTo(160 * GIB);
        assertThat(df.availableBytes()).isEqualTo(40 * GIB);
        assertThat(df.usedShare()).isEqualTo(0.8);
        assertThatThrownBy(() -> StorageVolume.parse("df: /prometheus: can't find mount point"))
                .hasMessageContaining("df printed no filesystem");
    }

    private static List<double[]> rising(Duration span, double bytesPerDay) {
        List<double[]> points = new ArrayList<>();
        for (long t = 0; t <= span.toSeconds(); t += 600) {
            // a saw-tooth of ±1 MiB on the line, as WAL truncation and compaction leave
            double noise = (t / 600 % 2 == 0 ? 1 : -1) * 1024 * 1024;
            points.add(new double[] {1_700_000_000 + t, 10 * GIB + bytesPerDay * t / 86_400 + noise});
        }
        return points;
    }

    @Test
    void lessThanSixHoursOfHistoryGivesNoEstimateAndSaysHowMuchThereIs() {
        StorageGrowth.Estimate estimate = StorageGrowth.estimate(rising(Duration.ofMinutes(40), GIB), "q");
        assertThat(estimate.growth()).isEmpty();
        assertThat(estimate.reason()).isEqualTo("not enough history yet: 40 min of the 6 h needed for an estimate");
        assertThat(StorageGrowth.estimate(List.of(), "q").reason()).startsWith("no history");
    }

    @Test
    void theSlopeOfADayOfHistoryIsTheGrowthPerDay() {
        StorageGrowth.Estimate estimate = StorageGrowth.estimate(rising(Duration.ofHours(24), 3 * GIB), "q");
        StorageGrowth growth = estimate.growth().orElseThrow();
        assertThat(growth.perDay()).isCloseTo(3.0 * GIB, Offset.offset(0.01 * GIB));
        assertThat(growth.history()).isEqualTo(Duration.ofHours(24));
        assertThat(growth.points()).isEqualTo(145);
    }

    private static StorageVolume.Df df(long freeGib) {
        return new StorageVolume.Df(200 * GIB, (200 - freeGib) * GIB, freeGib * GIB, "");
    }

    private static StorageGrowth.Estimate growingBy(double gibPerDay) {
        return StorageGrowth.estimate(rising(Duration.ofHours(24), gibPerDay * GIB), "q");
    }

    @Test
    void theVolumeFullWithinTwoDaysIsCriticalWithinAWeekAWarning() {
        // 20 GiB free: at 15 GiB/day full in 1.3 days, at 5 GiB/day in 4 days, at 1 GiB/day in 20 days.
        Finding critical = StorageProbes.growth("prometheus-0 → /prometheus", df(20), growingBy(15), 0);
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.message()).isEqualTo("at 15.0 GiB/day the volume is full in 1.3 days");
        assertThat(StorageProbes.growth("s", df(20), growingBy(5), 0).severity()).isEqualTo(Severity.WARNING);
        assertThat(StorageProbes.growth("s", df(20), growingBy(5), 0).message())
                .isEqualTo("at 5.0 GiB/day the volume is full in 4.0 days");
        assertThat(StorageProbes.growth("s", df(20), growingBy(1), 0).severity()).isEqualTo(Severity.OK);
    }

    @Test
    void aRetentionSizeReachedBeforeTheVolumeIsFullStopsTheGrowth() {
        // 10 GiB of TSDB, a 15 GiB retention size: it stops 5 GiB on, with 20 GiB free.
        Finding capped = StorageProbes.growth("s", df(20), growingBy(15), 15 * GIB);
        assertThat(capped.severity()).isEqualTo(Severity.OK);
        assertThat(capped.message()).startsWith("grows 15.0 GiB/day; the retention size stops it at 15.0 GiB");
        // A retention size beyond what is free does not.
        assertThat(StorageProbes.growth("s", df(20), growingBy(15), 160 * GIB).severity())
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void noEstimateIsUnknownNeverOk() {
        Finding unknown = StorageProbes.growth("s", df(20), StorageGrowth.estimate(
                rising(Duration.ofMinutes(20), GIB), "q"), 0);
        assertThat(unknown.severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(unknown.message()).isEqualTo("no forecast: not enough history yet: 20 min of the 6 h needed for"
                + " an estimate");
    }
}
