package io.neurectomy.console.ui.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.AnsweringDialogs;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.ServerProcesses;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Health section's view model on the sandbox with its real Prometheus and Alertmanager servers, checking on its
 * own every 2 s on the FX thread as in the window: a fresh stack reads healthy with Grafana unknown (the sandbox has
 * no Grafana), and a Prometheus replica whose process is stopped shows as critical on the next check.
 */
class HealthViewModelSandboxTest {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient admin;

    private final FxTaskRunner runner = new FxTaskRunner();
    private HealthViewModel model;
    private boolean stopped;

    @BeforeAll
    static void start() throws Exception {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        FxToolkit.registerPrimaryStage();
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
        admin = sandbox.adminClient();
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        Poll.until(WAIT, "both Prometheus replicas and the three Alertmanagers ready", () -> admin.pods()
                .inNamespace(NS).list().getItems().stream().filter(p -> p.getMetadata().getName()
                        .matches("(prometheus|alertmanager)-\\d")).filter(Readiness::isPodReady).count() == 5);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void attach() throws Exception {
        model = onFx(() -> new HealthViewModel(runner, Platform::runLater, CheckTimer.fx(),
                Duration.ofSeconds(2), AnsweringDialogs.always(false), new ActivityLog(), ZoneId.systemDefault()));
        onFx(() -> {
            model.attach(HealthSession.of(session));
            return null;
        });
    }

    @AfterEach
    void detach() throws Exception {
        if (stopped) {
            ServerProcesses.signalPod(sandbox, NS, "prometheus-1", "CONT");
        }
        onFx(() -> {
            model.detach();
            return null;
        });
        runner.close();
    }

    @Test
    void aFreshSandboxReadsHealthyWithGrafanaUnknownForItsReason() throws Exception {
        // Right after start a target may not be scraped yet (a warning): the checks repeat until the stack settles.
        HealthReport report = awaitReport(r -> r.status() == HealthStatus.HEALTHY);

        List<Finding> shown = onFx(() -> List.copyOf(model.findings()));
        List<Finding> grafana = shown.stream().filter(f -> f.code().startsWith("grafana-")).toList();
        assertThat(grafana).isNotEmpty().allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.UNKNOWN);
            assertThat(f.message()).contains("Grafana is not available in the sandbox");
        });
        assertThat(onFx(() -> grafana.stream().map(model::heading).distinct().toList()))
                .singleElement().satisfies(h -> assertThat(h).startsWith("Grafana — ").contains("unknown"));
        // Grouped by area in the order of the report, most urgent first within each.
        List<String> areas = onFx(() -> shown.stream().map(f -> model.heading(f).replaceAll(" — .*", ""))
                .distinct().toList());
        assertThat(areas).startsWith("Workloads", "Prometheus", "Alertmanager", "Grafana")
                .containsExactlyElementsOf(report.results().stream().filter(r -> !r.findings().isEmpty())
                        .map(r -> r.probe().area().title()).distinct().toList());
        assertThat(shown).filteredOn(f -> f.code().equals("prometheus-ready")).extracting(Finding::subject,
                Finding::severity).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("prometheus-0", Severity.OK),
                        org.assertj.core.groups.Tuple.tuple("prometheus-1", Severity.OK));
        assertThat(onFx(() -> model.summaryProperty().get())).startsWith("Healthy: ")
                .contains(" · checked ");
        assertThat(onFx(() -> model.statusProperty().get())).isEqualTo(HealthStatus.HEALTHY);
        assertThat(report.findings()).hasSameSizeAs(shown);
    }

    @Test
    void aStoppedPrometheusProcessIsCriticalOnTheNextCheckWithARestartLink() throws Exception {
        awaitReport(r -> prometheusReady(r, "prometheus-1").map(f -> f.severity() == Severity.OK).orElse(false));

        ServerProcesses.signalPod(sandbox, NS, "prometheus-1", "STOP");
        stopped = true;
        Instant before = Instant.now();

        HealthReport report = awaitReport(r -> r.checkedAt().isAfter(before));
        Finding critical = prometheusReady(report, "prometheus-1").orElseThrow();
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.action()).contains(new FixAction(FixAction.DELETE_POD, NS + "/prometheus-1",
                "Restart prometheus-1"));
        assertThat(onFx(() -> model.statusProperty().get())).isEqualTo(HealthStatus.CRITICAL);
        assertThat(onFx(() -> model.summaryProperty().get())).startsWith("Critical: ");
        List<Finding> shown = onFx(() -> List.copyOf(model.findings()));
        assertThat(shown).contains(critical);
        assertThat(onFx(() -> model.heading(critical))).startsWith("Prometheus — ");
        assertThat(prometheusReady(report, "prometheus-0")).get().extracting(Finding::severity)
                .isEqualTo(Severity.OK);
    }

    @Test
    void alertmanagerScaledToOneIsAWarningUnderWorkloadsWithTheScaleBackFix() throws Exception {
        scaleAlertmanager(1);
        try {
            HealthReport report = awaitReport(r -> r.status() == HealthStatus.WARNING && r.findings().stream()
                    .anyMatch(f -> f.code().equals("workload-replicas") && f.severity() == Severity.WARNING
                            && f.subject().equals("StatefulSet/alertmanager")));
            Finding one = report.findings().stream().filter(f -> f.code().equals("workload-replicas")
                    && f.subject().equals("StatefulSet/alertmanager")).findFirst().orElseThrow();
            assertThat(one.message()).contains("runs 1 replica; the stack needs 3");
            assertThat(one.fix()).contains("--replicas=3");
            assertThat(onFx(() -> List.copyOf(model.findings()))).contains(one);
            assertThat(onFx(() -> model.heading(one))).startsWith("Workloads — ");
            assertThat(onFx(() -> model.statusProperty().get())).isEqualTo(HealthStatus.WARNING);
            assertThat(onFx(() -> model.summaryProperty().get())).startsWith("Warnings: ");
        } finally {
            scaleAlertmanager(3);
            Poll.until(WAIT, "three Alertmanagers ready again", () -> admin.pods().inNamespace(NS).list().getItems()
                    .stream().filter(p -> p.getMetadata().getName().startsWith("alertmanager-"))
                    .filter(Readiness::isPodReady).count() == 3);
        }
    }

    private static void scaleAlertmanager(int replicas) {
        admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").scale(replicas);
    }

    private static Optional<Finding> prometheusReady(HealthReport report, String pod) {
        return report.findings().stream().filter(f -> f.code().equals("prometheus-ready") && f.subject().equals(pod))
                .findFirst();
    }

    /** Waits until the view model shows a report that {@code wanted} accepts; the view model checks on its own. */
    private HealthReport awaitReport(Predicate<HealthReport> wanted) throws Exception {
        HealthReport[] seen = new HealthReport[1];
        try {
            WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> {
                seen[0] = onFx(() -> model.reportProperty().get());
                return seen[0] != null && wanted.test(seen[0]);
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no such report; the last: " + (seen[0] == null ? "none"
                    : seen[0].summary() + "\n" + seen[0].findings()), e);
        }
        return seen[0];
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }
}
