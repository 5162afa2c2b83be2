package io.neurectomy.console.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.neurectomy.console.core.logs.LogLevel;
import io.neurectomy.console.testing.FuzzProperty;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz targets for what reads text line by line as it arrives: the credential mask and the log-level detection on
 * hostile log lines (every pod log line goes through both, so a regex that backtracks would freeze the log view), and
 * the metrics text Prometheus and Alertmanager expose. None of them documents an exception: each must answer.
 */
@Tag("fuzz")
class TextFuzzTest {
    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void logLine(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8);
        String masked = FuzzProperty.check("CredentialMask.mask", () -> CredentialMask.mask(line));
        assertThat(masked).as("masked text").isNotNull();
        LogLevel level = FuzzProperty.check("LogLevel.of", () -> LogLevel.of(line));
        assertThat(level).isNotNull();
    }

    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void metricsText(byte[] input) {
        // The first line is the metric's name, the rest the exposition.
        String text = new String(input, StandardCharsets.UTF_8);
        int cut = text.indexOf('\n');
        String name = cut < 0 ? text : text.substring(0, cut);
        String exposition = cut < 0 ? "" : text.substring(cut + 1);
        List<MetricsText.Sample> samples = FuzzProperty.check("MetricsText.samples",
                () -> MetricsText.samples(exposition, name));
        assertThat(samples).doesNotContainNull();
        FuzzProperty.check("MetricsText.sum", () -> MetricsText.sum(exposition, name));
    }
}
