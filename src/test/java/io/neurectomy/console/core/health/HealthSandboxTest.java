package io.neurectomy.console.core.health;

import static io.neurectomy.console.testing.HealthSandbox.finding;
import static io.neurectomy.console.testing.HealthSandbox.severity;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.ServerProcesses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/**
 * The health check against the full sandbox (real Prometheus and Alertmanager processes): a fresh stack is healthy,
 * with Grafana, which has no process there, UNKNOWN and why; a stopped Prometheus process is CRITICAL with a restart
 * action. Each test leaves every replica answering again.
 */
class HealthSandboxTest {
    /** Only catches hangs: checks repeat until the stack shows what the test waits for. */
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NS = "monitoring";

    private static HealthSandbox health;
    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    private static ClusterSession session;

    @BeforeAll
    static void start() throws InterruptedException {
        health = HealthSandbox.start(WAIT, RealServers.PROMETHEUS, RealServers.ALERTMANAGER);
        sandbox = health.sandbox();
        admin = health.admin();
        session = health.session();
    }

    @AfterAll
    static void stop() {
        if (health != null) {
            health.close();
        }
    }

    private static HealthReport check() {
        return health.check();
    }

    @Test
    void aFreshStackIsHealthyWithGrafanaUnknownAndItsReason() throws Exception {
        HealthReport report = Poll.until(WAIT, HealthSandboxTest::check,
                r -> severity(r, "prometheus-ready", "prometheus-1", Severity.OK)
                        && severity(r, "alertmanager-ready", "alertmanager-2", Severity.OK)
                        && r.status() == HealthStatus.HEALTHY,
                "every Prometheus and Alertmanager replica ready and the report healthy");

        assertThat(report.status().exitCode()).isZero();
        assertThat(report.results()).extracting(r -> r.probe().code())
                .containsExactlyElementsOf(HealthProbes.all().stream().map(HealthProbe::code).toList());
        assertThat(report.findings()).noneMatch(Finding::actionable);
        for (ProbeResult grafana : report.results(HealthArea.GRAFANA)) {
            assertThat(grafana.findings()).as(grafana.probe().code()).isNotEmpty().allSatisfy(f -> {
                assertThat(f.severity()).isEqualTo(Severity.UNKNOWN);
                assertThat(f.message()).contains("Grafana is not available in the sandbox")
                        .contains("no process behind it");
            });
        }
        assertThat(report.findings()).filteredOn(f -> f.code().equals("alertmanager-cluster"))
                .extracting(Finding::subject).containsExactly("alertmanager-0", "alertmanager-1", "alertmanager-2");
        assertThat(finding(report, "alertmanager-cluster", "alertmanager-0").orElseThrow().message())
                .contains("3 peers");
        // What the report read is what the server says, asked here through a forward of the test's own.
        String loaded = runtimeInfo("prometheus-0");
        assertThat(finding(report, "prometheus-config-reload", "prometheus-0").orElseThrow().message())
                .isEqualTo("config loaded at " + loaded);
    }

    @Test
    void aStoppedPrometheusProcessIsCriticalWithARestartAction() throws Exception {
        Poll.until(WAIT, HealthSandboxTest::check, r -> severity(r, "prometheus-ready", "prometheus-1", Severity.OK),
                "prometheus-1 ready before the fault");
        ServerProcesses.signalPod(sandbox, NS, "prometheus-1", "STOP");
        try {
            HealthReport report = Poll.until(WAIT, HealthSandboxTest::check,
                    r -> severity(r, "prometheus-ready", "prometheus-1", Severity.CRITICAL),
                    "prometheus-1 reported CRITICAL");

            Finding down = finding(report, "prometheus-ready", "prometheus-1").orElseThrow();
            assertThat(down.message()).contains("does not answer /-/ready");
            assertThat(down.action()).contains(new FixAction(FixAction.DELETE_POD, NS + "/prometheus-1",
                    "Restart prometheus-1"));
            assertThat(report.status()).isEqualTo(HealthStatus.CRITICAL);
            assertThat(report.status().exitCode()).isEqualTo(3);
            assertThat(finding(report, "prometheus-ready", "prometheus-0").orElseThrow().severity())
                    .isEqualTo(Severity.OK);
        } finally {
            ServerProcesses.signalPod(sandbox, NS, "prometheus-1", "CONT");
        }
        Poll.until(WAIT, HealthSandboxTest::check, r -> severity(r, "prometheus-ready", "prometheus-1", Severity.OK),
                "prometheus-1 ready again after SIGCONT");
    }

    /** {@code lastConfigTime} of the replica's runtime information, read through a port-forward of the test's own. */
    private static String runtimeInfo(String pod) throws Exception {
        Pod p = admin.pods().inNamespace(NS).withName(pod).get();
        assertThat(p).isNotNull();
        try (LocalPortForward forward = admin.pods().inNamespace(NS).withName(pod).portForward(9090)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + forward.getLocalPort() + "/api/v1/status/runtimeinfo"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(response.body()).path("data").path("lastConfigTime").asString();
        }
    }
}
