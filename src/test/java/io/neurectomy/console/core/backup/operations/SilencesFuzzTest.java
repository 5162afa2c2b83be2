package io.neurectomy.console.core.backup.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.testing.FuzzProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import tools.jackson.databind.JsonNode;

/**
 * Fuzz target for the silences JSON a restore reads: Alertmanager's list of live silences and the archive's
 * {@code silences.json}, planned against each other. Whatever either holds, a plan or a {@link BackupException}
 * saying which is wrong (the documented error), within the budget. The input is the live answer (its first
 * line), then the archived file.
 */
@Tag("fuzz")
class SilencesFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-20T02:00:00Z");

    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void plan(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int cut = text.indexOf('\n');
        String liveAnswer = cut < 0 ? text : text.substring(0, cut);
        byte[] archived = (cut < 0 ? "" : text.substring(cut + 1)).getBytes(StandardCharsets.UTF_8);
        List<JsonNode> live = FuzzProperty.check("Silences.live", () -> Silences.live("alertmanager-0", liveAnswer),
                BackupException.class);
        Silences.Plan plan = FuzzProperty.check("Silences.plan", () -> Silences.plan(live == null ? List.of() : live,
                archived, NOW), BackupException.class);
        if (plan != null) {
            assertThat(plan.present()).isNotNegative();
            assertThat(plan.expired()).isNotNegative();
        }
    }
}
