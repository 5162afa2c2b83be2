package io.neurectomy.console.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled stack's prometheus.yml, rule files and alertmanager.yml validate without errors or warnings, built in
 * and with promtool / amtool.
 */
class BundledStackValidationTest {
    private static final String VALUES = "stack/fixtures/test-values.yaml";

    private static RenderedStack render(String environment) throws IOException {
        try (InputStream in = BundledStackValidationTest.class.getClassLoader().getResourceAsStream(VALUES)) {
            String values = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return StackManifests.bundled().render(environment, VALUES, values, Map.of());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void prometheusConfigValidatesClean(String environment) throws IOException {
        ValidationReport report = ConfigValidator.builtIn().validate(ConfigKind.PROMETHEUS,
                render(environment).prometheusConfig().orElseThrow());

        assertThat(report.findings()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void everyRuleFileValidatesClean(String environment) throws IOException {
        Map<String, String> files = render(environment).ruleFiles();
        assertThat(files).isNotEmpty();
        for (Map.Entry<String, String> file : files.entrySet()) {
            ValidationReport report = ConfigValidator.builtIn().validate(ConfigKind.RULES, file.getValue());

            assertThat(report.findings()).as(file.getKey()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void promtoolAndAmtoolAgreeThroughWithTools(String environment) throws IOException {
        RealServers.require(RealServers.PROMTOOL);
        RealServers.require(RealServers.AMTOOL);
        RenderedStack stack = render(environment);

        ValidationReport prometheus = ConfigValidator.withTools().validate(ConfigKind.PROMETHEUS,
                stack.prometheusConfig().orElseThrow());
        ValidationReport alertmanager = ConfigValidator.withTools().validate(ConfigKind.ALERTMANAGER,
                stack.alertmanagerConfig().orElseThrow());

        // The stack discovers pods through Kubernetes: promtool sees the file without those blocks.
        assertThat(prometheus.findings()).isEmpty();
        assertThat(prometheus.toolVerdict()).hasValue("promtool: SUCCESS (checked without kubernetes_sd_configs, "
                + "which Debian's promtool lacks)");
        assertThat(alertmanager.findings()).isEmpty();
        assertThat(alertmanager.toolVerdict()).hasValue("amtool: SUCCESS");
        for (Map.Entry<String, String> file : stack.ruleFiles().entrySet()) {
            ValidationReport rules = ConfigValidator.withTools().validate(ConfigKind.RULES, file.getValue());
            assertThat(rules.findings()).as(file.getKey()).isEmpty();
            assertThat(rules.toolVerdict()).as(file.getKey()).hasValue("promtool: SUCCESS");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void alertmanagerConfigValidatesClean(String environment) throws IOException {
        ValidationReport report = ConfigValidator.builtIn().validate(ConfigKind.ALERTMANAGER,
                render(environment).alertmanagerConfig().orElseThrow());

        assertThat(report.findings()).isEmpty();
    }
}
