package io.neurectomy.console.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLevelTest {
    @Test
    void logfmtAsPrometheusWritesIt() {
        assertThat(LogLevel.of("ts=2023-02-01T10:00:00.000Z caller=main.go:512 level=info msg=\"No time or size "
                + "retention was set so using the default time retention\" duration=15d")).isEqualTo(LogLevel.INFO);
        assertThat(LogLevel.of("ts=2023-02-01T10:00:00.000Z caller=notifier.go:1 level=error msg=\"Error sending\""))
                .isEqualTo(LogLevel.ERROR);
        assertThat(LogLevel.of("ts=... caller=x.go:1 level=warn msg=x")).isEqualTo(LogLevel.WARN);
        assertThat(LogLevel.of("ts=... caller=x.go:1 level=debug msg=x")).isEqualTo(LogLevel.DEBUG);
        assertThat(LogLevel.of("t=2024-01-01 lvl=eror msg=\"grafana failed\"")).isEqualTo(LogLevel.ERROR);
    }

    @Test
    void logfmtKeysCountOnlyAsWholeKeysWithALetterValue() {
        assertThat(LogLevel.of("component=x loglevel=error msg=y")).isEqualTo(LogLevel.UNKNOWN);
        assertThat(LogLevel.of("msg=\"x\" level=\"warn\"")).isEqualTo(LogLevel.WARN);
        assertThat(LogLevel.of("level=5 lvl=eror msg=x")).isEqualTo(LogLevel.ERROR);
        assertThat(LogLevel.of("level=")).isEqualTo(LogLevel.UNKNOWN);
        assertThat(LogLevel.of("level=info")).isEqualTo(LogLevel.INFO);
    }

    @Test
    void json() {
        assertThat(LogLevel.of("{\"ts\":\"2024\",\"level\":\"warn\",\"msg\":\"x\"}")).isEqualTo(LogLevel.WARN);
        assertThat(LogLevel.of("{\"severity\": \"ERROR\", \"message\":\"boom\"}")).isEqualTo(LogLevel.ERROR);
        assertThat(LogLevel.of("{\"level\":\"info\"}")).isEqualTo(LogLevel.INFO);
    }

    @Test
    void klog() {
        assertThat(LogLevel.of("E1126 12:00:00.000000       1 reflector.go:1] failed")).isEqualTo(LogLevel.ERROR);
        assertThat(LogLevel.of("W1126 12:00:00.000000       1 x.go:1] careful")).isEqualTo(LogLevel.WARN);
        assertThat(LogLevel.of("I1126 12:00:00.000000       1 x.go:1] fine")).isEqualTo(LogLevel.INFO);
    }

    @Test
    void unknown() {
        assertThat(LogLevel.of("just a line")).isEqualTo(LogLevel.UNKNOWN);
        assertThat(LogLevel.of("")).isEqualTo(LogLevel.UNKNOWN);
        assertThat(LogLevel.of(null)).isEqualTo(LogLevel.UNKNOWN);
        assertThat(LogLevel.of("level=bogus")).isEqualTo(LogLevel.UNKNOWN);
        assertThat(LogLevel.of("Info: no level key")).isEqualTo(LogLevel.UNKNOWN);
    }

    @Test
    void atLeast() {
        assertThat(LogLevel.ERROR.atLeast(LogLevel.WARN)).isTrue();
        assertThat(LogLevel.WARN.atLeast(LogLevel.WARN)).isTrue();
        assertThat(LogLevel.INFO.atLeast(LogLevel.WARN)).isFalse();
        assertThat(LogLevel.UNKNOWN.atLeast(LogLevel.INFO)).isFalse();
        assertThat(LogLevel.DEBUG.atLeast(LogLevel.DEBUG)).isTrue();
        assertThat(LogLevel.UNKNOWN.atLeast(LogLevel.DEBUG)).isTrue();
        assertThat(LogLevel.INFO.atLeast(LogLevel.UNKNOWN)).isTrue();
    }
}
