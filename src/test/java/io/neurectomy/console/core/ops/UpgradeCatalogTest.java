package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.core.util.BoundedYaml;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled catalog of versions and of what Prometheus 3 removed or renamed, checked against flags and config. */
class UpgradeCatalogTest {
    private final UpgradeCatalog catalog = UpgradeCatalog.bundled();

    @Test
    void theStacksOwnVersionsAreListedAsKnownToWork() {
        // The versions the bundled values.yaml deploys must be in the list, or every upgrade back to them warns.
        String values = new String(read(), java.nio.charset.StandardCharsets.UTF_8);
        for (StackComponent c : StackComponent.values()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(c.id() + "Version:\\s*\\n\\s*type:"
                    + " imageTag\\s*\\n\\s*default: (\\S+)").matcher(values);
            assertThat(m.find()).as("%sVersion in values.yaml", c.id()).isTrue();
            assertThat(catalog.known(c, m.group(1))).as("%s %s is listed", c.id(), m.group(1)).isTrue();
        }
        assertThat(catalog.known(StackComponent.PROMETHEUS, "v2.53.0")).isTrue();
        assertThat(catalog.known(StackComponent.ALERTMANAGER, "v0.27.0")).isTrue();
        assertThat(catalog.known(StackComponent.GRAFANA, "10.4.2")).isTrue();
        assertThat(catalog.known(StackComponent.PROMETHEUS, "v2.99.0")).isFalse();
    }

    private static byte[] read() {
        try (var in = StackManifests.class.getClassLoader().getResourceAsStream(StackManifests.BUNDLED
                + "values.yaml")) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void prometheus2To3FindsRemovedFlagsFeaturesAndConfigFields() {
        List<String> args = List.of("--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.retention=15d",
                "--alertmanager.timeout=10s", "--enable-feature=expand-external-labels,agent",
                "--web.enable-lifecycle");
        Object config = BoundedYaml.load("""
                global:
                  scrape_classic_histograms: true
                alerting:
                  alertmanagers:
                    - api_version: v1
                      static_configs: [{targets: ['am:9093']}]
                """);

        List<Finding> findings = catalog.check(StackComponent.PROMETHEUS, "v2.53.0", "v3.0.1", args, config,
                "prometheus-config");

        assertThat(findings).extracting(Finding::evidence).containsExactlyInAnyOrder(
                "--storage.tsdb.retention=15d", "--alertmanager.timeout=10s",
                "--enable-feature=expand-external-labels,agent", "--enable-feature=expand-external-labels,agent",
                "api_version: v1", "scrape_classic_histograms");
        assertThat(findings).filteredOn(f -> f.evidence().startsWith("--storage.tsdb.retention")).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.ERROR);
                    assertThat(f.fix()).contains("--storage.tsdb.retention.time");
                });
        assertThat(findings).filteredOn(f -> f.message().contains("expand-external-labels")).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.WARNING);
        assertThat(findings).filteredOn(f -> f.message().contains("=agent")).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.ERROR);
    }

    @Test
    void theNewFlagNamesAndAnUpgradeWithinVersion2FindNothing() {
        List<String> args = List.of("--storage.tsdb.retention.time=15d", "--storage.tsdb.retention.size=10GB",
                "--enable-feature=expand-external-labels");
        Object config = BoundedYaml.load("alerting: {alertmanagers: [{api_version: v2}]}");

        assertThat(catalog.check(StackComponent.PROMETHEUS, "v2.53.0", "v3.0.1", args, config, "c"))
                .extracting(Finding::evidence).containsExactly("--enable-feature=expand-external-labels");
        assertThat(catalog.check(StackComponent.PROMETHEUS, "v2.53.0", "v2.55.1",
                List.of("--storage.tsdb.retention=15d"), null, "c")).isEmpty();
        assertThat(catalog.check(StackComponent.PROMETHEUS, "v3.0.1", "v3.1.0",
                List.of("--storage.tsdb.retention=15d"), null, "c")).as("already past 3.0").isEmpty();
    }

    @Test
    void versionsCompareByTheirNumbers() {
        assertThat(UpgradeCatalog.compare("v2.53.0", "v3.0.0")).isNegative();
        assertThat(UpgradeCatalog.compare("v2.100.0", "v2.53.0")).isPositive();
        assertThat(UpgradeCatalog.compare("v3.0.0-rc.1", "v3.0.0")).isZero();
        assertThat(UpgradeCatalog.compare("11.3.0", "10.4.2")).isPositive();
        assertThat(UpgradeCatalog.compare("latest", "v2.0.0")).isNegative();
    }
}
