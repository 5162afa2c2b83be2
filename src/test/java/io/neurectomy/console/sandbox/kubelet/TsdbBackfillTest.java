package io.neurectomy.console.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.testing.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backfilling with the real promtool: samples become a block in the data directory; bad input fails, saying why. */
class TsdbBackfillTest {
    @TempDir
    Path temp;

    @Test
    void samplesBecomeABlockAndTheInputFileIsRemoved() throws Exception {
        Path promtool = RealServers.require(RealServers.PROMTOOL);
        Path tsdb = temp.resolve("prometheus");
        Path scratch = temp.resolve("run");
        List<String> blocks = TsdbBackfill.run(promtool, tsdb, scratch, """
                # TYPE up gauge
                up{job="prometheus"} 1 1700000000
                up{job="prometheus"} 1 1700000060
                # EOF
                """);
        assertThat(blocks).singleElement().satisfies(b -> {
            assertThat(tsdb.resolve(b).resolve("meta.json")).isRegularFile();
            assertThat(Files.readString(tsdb.resolve(b).resolve("meta.json"))).contains("\"minTime\": 1700000000000")
                    .contains("\"numSamples\": 2");
        });
        try (var left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void inputPromtoolRejectsFailsWithItsMessage() {
        Path promtool = RealServers.require(RealServers.PROMTOOL);
        assertThatThrownBy(() -> TsdbBackfill.run(promtool, temp.resolve("prometheus"), temp.resolve("run"),
                "up{job=\"prometheus\"} 1 1700000000\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("promtool could not backfill")
                .hasMessageContaining("EOF");
    }
}
