package io.neurectomy.console.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.neurectomy.console.core.config.promql.PromqlParser;
import io.neurectomy.console.testing.FuzzProperty;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz targets for the config checks the editors run on every keystroke and {@code config validate} runs on a file:
 * whatever the text, a verdict (a report, its findings the problems) within the budget, and never the validator's
 * own "failed internally" warning (code {@link ConfigValidator#INTERNAL_FAILURE}), which would mean an exception it
 * swallowed. The PromQL parser answers with an outcome, never an exception. Seeds: files of {@code config-corpus}.
 */
@Tag("fuzz")
class ConfigFuzzTest {
    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void prometheusConfig(byte[] input) {
        validate(ConfigKind.PROMETHEUS, input);
    }

    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void ruleFile(byte[] input) {
        validate(ConfigKind.RULES, input);
    }

    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void alertmanagerConfig(byte[] input) {
        validate(ConfigKind.ALERTMANAGER, input);
    }

    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void promql(byte[] input) {
        String expr = new String(input, StandardCharsets.UTF_8);
        PromqlParser.Outcome outcome = FuzzProperty.check("PromqlParser.parse", () -> PromqlParser.parse(expr));
        assertThat(outcome.ok()).as("either a type or an error").isNotEqualTo(outcome.error().isPresent());
        outcome.error().ifPresent(e -> assertThat(e.offset()).isBetween(0, expr.length()));
    }

    private static void validate(ConfigKind kind, byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ValidationReport report = FuzzProperty.check("ConfigValidator.validate(" + kind + ")",
                () -> ConfigValidator.builtIn().validate(kind, text));
        // By its code: a message may quote the file's own text, "failed internally" included (a fuzzer's field name).
        assertThat(report.findings()).noneMatch(f -> f.code().equals(ConfigValidator.INTERNAL_FAILURE));
    }
}
