package io.neurectomy.console.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.health.HealthProbe;
import io.neurectomy.console.core.health.HealthProbes;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RunbookCatalogTest {
    private static final Set<String> PROBES = HealthProbes.all().stream().map(HealthProbe::code)
            .collect(Collectors.toSet());

    @Test
    void theCatalogHasTheGuidesFourScenariosAndTheFourOutagesOfTheIssue() {
        assertThat(RunbookCatalog.all()).extracting(Scenario::id).containsExactly("pod-failure", "node-failure",
                "storage-failure", "cluster-loss", "prometheus-out-of-disk", "config-broke-component",
                "alertmanager-silent", "secret-lost");
    }

    @Test
    void everyScenarioDetectsWithProbesTheHealthCheckHas() {
        for (Scenario s : RunbookCatalog.all()) {
            assertThat(s.detection().codes()).as(s.id()).isNotEmpty();
            assertThat(PROBES).as(s.id() + "'s detection").containsAll(s.detection().codes());
        }
    }

    @Test
    void everyScenarioVerifiesWithProbesTheHealthCheckHas() {
        for (Scenario s : RunbookCatalog.all()) {
            assertThat(s.verification()).as(s.id()).isNotEmpty();
            assertThat(PROBES).as(s.id() + "'s verification").containsAll(s.verification());
        }
    }

    @Test
    void everyStepSaysWhatItDoesAndTheCommandThatDoesItByHand() {
        for (Scenario s : RunbookCatalog.all()) {
            assertThat(s.steps()).as(s.id()).isNotEmpty();
            for (RunbookStep step : s.steps()) {
                assertThat(step.title()).as(s.id() + "/" + step.id()).isNotBlank();
                assertThat(step.command()).as(s.id() + "/" + step.id()).isNotBlank();
                if (step instanceof RunbookStep.Manual m) {
                    assertThat(m.instructions()).as(s.id() + "/" + step.id()).isNotBlank();
                }
            }
        }
    }

    @Test
    void podStorageClusterAndConfigFailuresRunAloneAndTheOthersHaveManualCheckpoints() {
        assertThat(RunbookCatalog.all().stream().filter(Scenario::automatic).map(Scenario::id))
                .containsExactly("pod-failure", "storage-failure", "cluster-loss", "config-broke-component");
        assertThat(RunbookCatalog.named("node-failure").orElseThrow().manualSteps()).hasSize(1);
    }

    @Test
    void theCommandsNameTheStacksNamespace() {
        RunbookStep cordon = RunbookCatalog.named("node-failure").orElseThrow().steps().get(0);
        RunbookStep replace = RunbookCatalog.named("pod-failure").orElseThrow().steps().get(0);

        assertThat(cordon.command("obs")).isEqualTo("kubectl get nodes; kubectl cordon NODE");
        assertThat(replace.command("obs")).isEqualTo("kubectl delete pod POD -n obs && kubectl get pods -n obs -w");
    }

    @Test
    void anUnknownIdIsNotFound() {
        assertThat(RunbookCatalog.named("meteor-strike")).isEmpty();
    }

    @Test
    void podFailureIsDetectedByAReplicaThatDoesNotAnswerAndNotByHealthyOrUnknownFindings() {
        Detection detection = RunbookCatalog.named("pod-failure").orElseThrow().detection();
        Finding hung = Finding.of(Severity.CRITICAL, "prometheus-ready", "prometheus-1", "does not answer")
                .withAction(new FixAction(FixAction.DELETE_POD, "monitoring/prometheus-1", "Restart"));
        Finding ok = Finding.of(Severity.OK, "prometheus-ready", "prometheus-0", "ready");
        Finding unknown = Finding.of(Severity.UNKNOWN, "grafana-health", "grafana-x", "not available");
        Finding restartsWarning = Finding.of(Severity.WARNING, "pod-restarts", "alertmanager-0", "restarted 3 times");
        Finding other = Finding.of(Severity.CRITICAL, "storage-disk-use", "prometheus-0", "full");

        assertThat(detection.matches(List.of(ok, unknown, restartsWarning, other, hung))).containsExactly(hung);
    }

    @Test
    void aSignalWithASubjectPrefixMatchesOnlyThoseSubjects() {
        Detection.Signal signal = new Detection.Signal("prometheus-ready", Severity.WARNING, "prometheus-1");

        assertThat(signal.matches(Finding.of(Severity.WARNING, "prometheus-ready", "prometheus-1", "x"))).isTrue();
        assertThat(signal.matches(Finding.of(Severity.WARNING, "prometheus-ready", "prometheus-0", "x"))).isFalse();
        assertThat(signal.describe()).isEqualTo("prometheus-ready (WARNING or worse, about prometheus-1…)");
    }

    @Test
    void theRunbooksFindingsPointToAreOfferedTheBestMatchFirst() {
        Finding full = Finding.of(Severity.CRITICAL, "storage-disk-use", "prometheus-0", "98 % full");
        Finding growing = Finding.of(Severity.WARNING, "storage-growth", "prometheus-0", "full in 2 h");
        Finding notReady = Finding.of(Severity.WARNING, "prometheus-ready", "prometheus-0", "not ready");

        assertThat(RunbookCatalog.pointedTo(List.of(full, growing, notReady))).extracting(Scenario::id)
                .startsWith("prometheus-out-of-disk").contains("pod-failure").doesNotContain("secret-lost");
        assertThat(RunbookCatalog.pointedTo(List.of(Finding.of(Severity.OK, "prometheus-ready", "prometheus-0",
                "ready")))).isEmpty();
    }

    @Test
    void theRunbooksDocDescribesEveryScenarioWithItsStepsCommandsAndChecks() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/runbooks.md"));

        for (Scenario s : RunbookCatalog.all()) {
            assertThat(doc).as(s.id()).contains("### " + s.title() + " (`" + s.id() + "`)")
                    .contains(s.detection().describe());
            for (RunbookStep step : s.steps()) {
                assertThat(doc).as(s.id() + "/" + step.id()).contains(step.title(), "`" + step.command() + "`");
            }
            for (String code : s.verification()) {
                assertThat(doc).as(s.id()).contains("`" + code + "`");
            }
        }
    }
}
