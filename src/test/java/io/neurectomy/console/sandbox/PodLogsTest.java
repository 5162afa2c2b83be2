package io.neurectomy.console.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodLogsTest {
    private static String select(String log, Long tail, Long limit) {
        return new String(PodLogs.select(log.getBytes(StandardCharsets.UTF_8), Optional.ofNullable(tail),
                Optional.ofNullable(limit)), StandardCharsets.UTF_8);
    }

    @Test
    void tailLinesKeepsTheLastLines() {
        assertThat(select("a\nb\nc\n", 2L, null)).isEqualTo("b\nc\n");
        assertThat(select("a\nb\nc", 1L, null)).isEqualTo("c");
        assertThat(select("a\nb\n", 5L, null)).isEqualTo("a\nb\n");
        assertThat(select("a\nb\n", 0L, null)).isEmpty();
    }

    @Test
    void limitBytesCutsAfterTheTail() {
        assertThat(select("a\nbbbb\ncc\n", 2L, 3L)).isEqualTo("bbb");
        assertThat(select("abc", null, 10L)).isEqualTo("abc");
    }

    @Test
    void aRestartKeepsTheOldLogAsThePreviousOne(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("prometheus.log");
        PodLogs.rotate(log);
        assertThat(Files.exists(PodLogs.previous(log))).isFalse();
        Files.writeString(log, "first run\n");
        PodLogs.rotate(log);
        assertThat(Files.exists(log)).isFalse();
        assertThat(PodLogs.read(log)).isEmpty();
        assertThat(Files.readString(PodLogs.previous(log))).isEqualTo("first run\n");
        Files.writeString(log, "second run\n");
        PodLogs.rotate(log);
        assertThat(Files.readString(PodLogs.previous(log))).isEqualTo("second run\n");
    }
}
