package io.neurectomy.console.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
}
