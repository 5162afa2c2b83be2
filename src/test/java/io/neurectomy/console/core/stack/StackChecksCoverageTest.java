package io.neurectomy.console.core.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Severity;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every consistency check has a fixture that makes it fail (a new check without one fails here), and the same
 * fixture leaves the bundled stack otherwise passing that check.
 */
class StackChecksCoverageTest {
    private static final Map<StackCheck, String> FIXTURES = Map.ofEntries(
            Map.entry(StackCheck.TYPED_MODELS, "typed-models-broken.yaml"),
            Map.entry(StackCheck.SELECTORS, "selectors-broken.yaml"),
            Map.entry(StackCheck.SERVICE_PORTS, "service-ports-broken.yaml"),
            Map.entry(StackCheck.PDB_SATISFIABLE, "pdb-unsatisfiable.yaml"),
            Map.entry(StackCheck.ANTI_AFFINITY, "anti-affinity-missing.yaml"),
            Map.entry(StackCheck.POD_SECURITY, "pod-security-violations.yaml"),
            Map.entry(StackCheck.REFERENCES, "references-broken.yaml"),
            Map.entry(StackCheck.NETWORK_PATHS, "network-policies-blocking.yaml"),
            Map.entry(StackCheck.RULE_FILES, "rule-files-broken.yaml"),
            Map.entry(StackCheck.ALERT_ANNOTATIONS, "alert-annotations-broken.yaml"),
            Map.entry(StackCheck.RECORDING_RULE_NAMES, "recording-rule-names-broken.yaml"),
            Map.entry(StackCheck.ALERTMANAGER_ROUTES, "alertmanager-routes-broken.yaml"),
            Map.entry(StackCheck.ALERTMANAGER_PEERS, "alertmanager-peers-broken.yaml"),
            Map.entry(StackCheck.PROMETHEUS_ALERTING, "prometheus-alerting-through-service.yaml"),
            Map.entry(StackCheck.PROMETHEUS_RETENTION, "prometheus-retention-too-big.yaml"),
            Map.entry(StackCheck.GRAFANA_DATABASE, "grafana-database-without-host.yaml"));

    @ParameterizedTest
    @EnumSource(StackCheck.class)
    void everyCheckFailsWithAnErrorOnItsFixture(StackCheck check) {
        assertThat(FIXTURES).as("a fixture that breaks " + check.id()).containsKey(check);

        assertThat(StackChecks.run(TestStacks.broken(FIXTURES.get(check)), check))
                .anyMatch(r -> r.severity() == Severity.ERROR && r.code().equals(check.id()));
        assertThat(StackChecks.run(TestStacks.rendered("staging"), check))
                .noneMatch(r -> r.severity() == Severity.ERROR);
    }
}
