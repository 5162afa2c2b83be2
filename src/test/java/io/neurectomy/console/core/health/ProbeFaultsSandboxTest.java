package io.neurectomy.console.core.health;

import static io.neurectomy.console.testing.HealthSandbox.finding;
import static io.neurectomy.console.testing.HealthSandbox.severity;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.ServerProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/**
 * Each health probe made to fail by a fault the sandbox really has (a pod no node takes, a process killed again and
 * again, a stopped Alertmanager, a config the server refuses, a config reloaded on one replica only), with the
 * severity and subject the probe must give. Each test starts from a stack whose probes pass, and puts the stack back.
 */
class ProbeFaultsSandboxTest {
    /** Only catches hangs: checks repeat until the stack shows what the test waits for. */
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HealthSandbox health;
    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    private static ClusterSession session;
    private static Map<String, String> prometheusConfig;

    @BeforeAll
    static void start() throws InterruptedException {
        health = HealthSandbox.start(WAIT, RealServers.PROMETHEUS, RealServers.ALERTMANAGER);
        sandbox = health.sandbox();
        admin = health.admin();
        session = health.session();
        prometheusConfig = Map.copyOf(configMap().getData());
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

    /** Whatever a test changed, the next one starts from every node schedulable and the bundled config loaded. */
    @AfterEach
    void putBack() {
        for (Node node : admin.nodes().list().getItems()) {
            if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
                cordon(node.getMetadata().getName(), false);
            }
        }
        if (!configMap().getData().equals(prometheusConfig)) {
            admin.configMaps().inNamespace(NS).withName("prometheus-config")
                    .edit(c -> new ConfigMapBuilder(c).withData(prometheusConfig)
                            .build());
            // What the replica answers must show the bundled config: a read that timed out ("") proves nothing, and
            // a replica left on a changed config fails every later test of the class.
            for (String pod : List.of("prometheus-0", "prometheus-1")) {
                Poll.until(WAIT, pod + " running the bundled config again", () -> {
                    if (reload(pod) != 200) {
                        return false;
                    }
                    String loaded = loadedConfig(pod);
                    return !loaded.isEmpty() && !loaded.contains("nosuchport");
                });
            }
        }
    }

    @Test
    void aPodNoNodeTakesIsPendingWithTheSchedulersReasonAndItsReplicaReadsNotReady() {
        passes("pod-pending", "", r -> true);
        admin.nodes().list().getItems().forEach(n -> cordon(n.getMetadata().getName(), true));
        admin.pods().inNamespace(NS).withName("prometheus-1").delete();

        // A replacement the controller placed from a view older than the cordons (as a real scheduler's cache can)
        // is deleted again: the fault under test is the pod that no node takes.
        HealthReport report = Poll.until(WAIT, () -> {
            Pod replacement = admin.pods().inNamespace(NS).withName("prometheus-1").get();
            if (replacement != null && replacement.getMetadata().getDeletionTimestamp() == null
                    && replacement.getSpec().getNodeName() != null) {
                admin.pods().inNamespace(NS).withName("prometheus-1").delete();
            }
            return check();
        }, r -> finding(r, "pod-pending", "prometheus-1").filter(f -> f.message().startsWith("not scheduled"))
                .isPresent() && severity(r, "prometheus-ready", "prometheus-1", Severity.WARNING),
                "prometheus-1 pending unscheduled, and its readiness reported");

        Finding pending = finding(report, "pod-pending", "prometheus-1").orElseThrow();
        assertThat(pending.severity()).isEqualTo(Severity.ERROR);
        assertThat(pending.message()).startsWith("not scheduled: ").contains("nodes are available");
        assertThat(pending.action()).contains(new FixAction(FixAction.SHOW_POD, NS + "/prometheus-1",
                "Show prometheus-1"));
        Finding notReady = finding(report, "prometheus-ready", "prometheus-1").orElseThrow();
        assertThat(notReady.message()).contains("prometheus-1 is Pending").contains("not scheduled");
        assertThat(report.status()).isEqualTo(HealthStatus.CRITICAL);

        admin.nodes().list().getItems().forEach(n -> cordon(n.getMetadata().getName(), false));
        passes("prometheus-ready", "prometheus-1", r -> finding(r, "pod-pending", "prometheus-1").isEmpty());
    }

    @Test
    void aProcessKilledAgainAndAgainIsAWarningWithItsRestartCount() throws Exception {
        passes("pod-restarts", "alertmanager-1", r -> true);
        for (int kill = 1; kill <= WorkloadProbes.RESTARTS_WARNING; kill++) {
            ServerProcesses.signalPod(sandbox, NS, "alertmanager-1", "KILL");
            int restarts = kill;
            Poll.until(WAIT, "alertmanager-1 restarted " + kill + " times and ready", () -> {
                Pod pod = admin.pods().inNamespace(NS).withName("alertmanager-1").get();
                return pod != null && Readiness.isPodReady(pod) && pod.getStatus().getContainerStatuses().stream()
                        .mapToInt(c -> c.getRestartCount()).sum() == restarts;
            });
        }

        HealthReport report = Poll.until(WAIT, ProbeFaultsSandboxTest::check,
                r -> severity(r, "pod-restarts", "alertmanager-1", Severity.WARNING)
                        && r.status() == HealthStatus.WARNING, "alertmanager-1's restarts, the stack settled after");

        Finding restarts = finding(report, "pod-restarts", "alertmanager-1").orElseThrow();
        assertThat(restarts.message()).startsWith("restarted " + WorkloadProbes.RESTARTS_WARNING + " times");
        assertThat(restarts.action()).contains(new FixAction(FixAction.SHOW_LOGS, NS + "/alertmanager-1",
                "Logs of alertmanager-1"));
        assertThat(report.status()).isEqualTo(HealthStatus.WARNING);

        // A new pod starts counting from zero.
        admin.pods().inNamespace(NS).withName("alertmanager-1").delete();
        passes("pod-restarts", "alertmanager-1", r -> severity(r, "alertmanager-ready", "alertmanager-1",
                Severity.OK));
    }

    @Test
    void aStoppedAlertmanagerIsADownTargetWithItsErrorAndACriticalReplica() throws Exception {
        passes("prometheus-targets", "prometheus-0", r -> severity(r, "alertmanager-ready", "alertmanager-2",
                Severity.OK));
        ServerProcesses.signalPod(sandbox, NS, "alertmanager-2", "STOP");
        HealthReport report;
        try {
            report = Poll.until(WAIT, ProbeFaultsSandboxTest::check,
                    r -> downTarget(r, "prometheus-0", "alertmanager-2").isPresent()
                            && severity(r, "alertmanager-ready", "alertmanager-2", Severity.CRITICAL),
                    "alertmanager-2's target down on prometheus-0, and the replica critical");
        } finally {
            ServerProcesses.signalPod(sandbox, NS, "alertmanager-2", "CONT");
        }

        Finding down = downTarget(report, "prometheus-0", "alertmanager-2").orElseThrow();
        assertThat(down.severity()).isEqualTo(Severity.WARNING);
        assertThat(down.subject()).startsWith("prometheus-0 → alertmanager/");
        assertThat(down.message()).startsWith("target down (pod alertmanager-2): ");
        assertThat(down.evidence()).contains("health: down").contains("lastError: ");
        assertThat(finding(report, "prometheus-targets", "prometheus-0").orElseThrow().severity())
                .isEqualTo(Severity.INFO);
        assertThat(report.status()).isEqualTo(HealthStatus.CRITICAL);

        passes("prometheus-targets", "prometheus-0", r -> downTarget(r, "prometheus-0", "alertmanager-2").isEmpty()
                && downTarget(r, "prometheus-1", "alertmanager-2").isEmpty());
    }

    @Test
    void aConfigTheServerRefusesOnReloadIsAnErrorThatSaysWhatStillRuns() {
        passes("prometheus-config-reload", "prometheus-0", r -> true);
        String good = prometheusConfig.get("prometheus.yml");
        putPrometheusConfig(good.replaceFirst("scrape_interval: *\\S+", "scrape_interval: banana"));
        Poll.until(WAIT, "prometheus-0 refusing the changed file on reload", () -> reload("prometheus-0") >= 400);

        HealthReport report = Poll.until(WAIT, ProbeFaultsSandboxTest::check,
                r -> severity(r, "prometheus-config-reload", "prometheus-0", Severity.ERROR),
                "prometheus-0's failed reload reported");

        Finding failed = finding(report, "prometheus-config-reload", "prometheus-0").orElseThrow();
        assertThat(failed.message()).startsWith("the last config reload failed; it still runs the config loaded at ");
        assertThat(failed.evidence()).contains("reloadConfigSuccess: false");
        assertThat(failed.action()).contains(new FixAction(FixAction.SHOW_LOGS, NS + "/prometheus-0",
                "Logs of prometheus-0"));
        assertThat(report.status()).isEqualTo(HealthStatus.CRITICAL);
        // The replica that was not asked to reload still reports its last load as good.
        assertThat(finding(report, "prometheus-config-reload", "prometheus-1").orElseThrow().severity())
                .isEqualTo(Severity.OK);
    }

    @Test
    void aChangeReloadedOnOneReplicaOnlyMakesTheReplicasDisagree() {
        passes("prometheus-replicas-agree", "prometheus", r -> true);
        putPrometheusConfig(droppingAlertmanagerTargets());
        Poll.until(WAIT, "prometheus-0 running the changed config", () -> reload("prometheus-0") == 200
                && loadedConfig("prometheus-0").contains("nosuchport"));

        HealthReport report = Poll.until(WAIT, ProbeFaultsSandboxTest::check,
                r -> severity(r, "prometheus-replicas-agree", "prometheus", Severity.WARNING),
                "the replicas' disagreement reported");

        Finding differ = finding(report, "prometheus-replicas-agree", "prometheus").orElseThrow();
        assertThat(differ.message()).isEqualTo("the replicas run different configs");
        assertThat(differ.evidence()).contains("nosuchport");
    }

    @Test
    void aJobWhoseRelabellingDropsEveryPodFindsNoTarget() {
        passes("prometheus-discovery", "prometheus-1", r -> true);
        putPrometheusConfig(droppingAlertmanagerTargets());
        Poll.until(WAIT, "prometheus-1 running the changed config", () -> reload("prometheus-1") == 200
                && loadedConfig("prometheus-1").contains("nosuchport"));

        // prometheus-0, which was not asked to reload, still discovers every pod; while another test's pod comes
        // back it may briefly miss one, so the report waited for is the one where both hold.
        HealthReport report = Poll.until(WAIT, ProbeFaultsSandboxTest::check,
                r -> severity(r, "prometheus-discovery", "prometheus-1 → alertmanager", Severity.ERROR)
                        && severity(r, "prometheus-discovery", "prometheus-0", Severity.OK),
                "prometheus-1's discovery of Alertmanager reported empty, prometheus-0's not");

        Finding none = finding(report, "prometheus-discovery", "prometheus-1 → alertmanager").orElseThrow();
        assertThat(none.message()).startsWith("service discovery finds no alertmanager target (")
                .contains("dropped by relabelling");
        assertThat(none.evidence()).contains("alertmanager: 0 active");
        assertThat(finding(report, "prometheus-discovery", "prometheus-0").orElseThrow().severity())
                .isEqualTo(Severity.OK);
    }

    // ---- faults ---------------------------------------------------------------------------------------------

    /** The bundled config with the Alertmanager scrape job keeping no endpoint port (alerting is left alone). */
    private static String droppingAlertmanagerTargets() {
        String good = prometheusConfig.get("prometheus.yml");
        int job = good.indexOf("- job_name: alertmanager");
        assertThat(job).as("the bundled config has an alertmanager job").isPositive();
        String keep = "regex: alertmanager-headless;web";
        int at = good.indexOf(keep, job);
        return good.substring(0, at) + "regex: alertmanager-headless;nosuchport" + good.substring(at + keep.length());
    }

    private static void putPrometheusConfig(String yaml) {
        admin.configMaps().inNamespace(NS).withName("prometheus-config").edit(c ->
                new ConfigMapBuilder(c).addToData("prometheus.yml", yaml).build());
    }

    private static ConfigMap configMap() {
        return admin.configMaps().inNamespace(NS).withName("prometheus-config").get();
    }

    private static void cordon(String node, boolean unschedulable) {
        admin.nodes().withName(node).edit(n -> new NodeBuilder(n).editOrNewSpec()
                .withUnschedulable(unschedulable).endSpec().build());
    }

    /**
     * {@code POST /-/reload} on the replica through a forward of the test's own; the HTTP status, or -1 when it did
     * not answer in time (on a busy machine a reload can outlast the request's timeout: the caller's poll asks again,
     * and only its overall deadline fails the wait).
     */
    private static int reload(String pod) {
        try {
            return call(pod, "POST", "/-/reload").statusCode();
        } catch (java.io.UncheckedIOException e) {
            return -1;
        }
    }

    /** The config the replica runs, as its API gives it ({@code ""} when it did not answer in time). */
    private static String loadedConfig(String pod) {
        try {
            HttpResponse<String> response = call(pod, "GET", "/api/v1/status/config");
            return response.statusCode() == 200
                    ? JSON.readTree(response.body()).path("data").path("yaml").asString("") : "";
        } catch (java.io.UncheckedIOException e) {
            return "";
        }
    }

    private static HttpResponse<String> call(String pod, String method, String path) {
        try (LocalPortForward forward = admin.pods().inNamespace(NS).withName(pod).portForward(9090)) {
            URI uri = URI.create("http://127.0.0.1:" + forward.getLocalPort() + path);
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                            .method(method, HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- reports --------------------------------------------------------------------------------------------

    /** Waits until the probe's finding about {@code subject} is OK and {@code also} holds (before a fault, after). */
    private static void passes(String code, String subject, Predicate<HealthReport> also) {
        Poll.until(WAIT, ProbeFaultsSandboxTest::check, r -> severity(r, code, subject, Severity.OK) && also.test(r),
                code + " passing for " + (subject.isEmpty() ? "the stack" : subject));
    }

    private static Optional<Finding> downTarget(HealthReport report, String prometheus, String pod) {
        return report.findings().stream().filter(f -> f.code().equals("prometheus-targets")
                        && f.subject().startsWith(prometheus + " → ") && f.message().contains("(pod " + pod + ")"))
                .findFirst();
    }
}
