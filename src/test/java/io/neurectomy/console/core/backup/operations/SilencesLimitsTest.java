package io.neurectomy.console.core.backup.operations;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.core.backup.BackupException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The archived silences ({@code silences.json}) meet the reader's limits before a restore plans anything: nesting
 * deeper than a silence has, and more silences than a restore re-creates, are refused with what to do.
 */
class SilencesLimitsTest {
    private static final Instant NOW = Instant.parse("2026-11-20T02:00:00Z");

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void deeplyNestedJsonIsRefusedNamingTheDepth() {
        // Deeper than a silence ever is, and shallow enough for a reader without the limit to go on parsing.
        String deep = "[{\"matchers\": " + "[".repeat(100) + "]".repeat(100) + "}]";

        assertThatThrownBy(() -> Silences.plan(List.of(), utf8(deep), NOW)).isInstanceOf(BackupException.class)
                .hasMessageContaining("silences.json is refused: it is nested deeper than " + Silences.MAX_DEPTH
                        + " levels").hasMessageContaining("leave silences out of the restore");
    }

    @Test
    void moreSilencesThanARestoreRecreatesAreRefused() {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i <= Silences.MAX_SILENCES; i++) {
            json.append(i == 0 ? "" : ",").append("{\"endsAt\":\"2027-01-01T00:00:00Z\",\"matchers\":[]}");
        }
        json.append(']');

        assertThatThrownBy(() -> Silences.plan(List.of(), utf8(json.toString()), NOW))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("lists " + (Silences.MAX_SILENCES + 1) + " silences, more than the "
                        + Silences.MAX_SILENCES).hasMessageContaining("re-create the ones you need with amtool");
    }
}
