package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthProbes;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code health} in-process against the full sandbox (real Prometheus and Alertmanager): the exit codes for a
 * healthy stack, a warning, a critical finding and a cluster that cannot be checked; the JSON and JUnit shapes. Each
 * fault is undone and the stack seen healthy again before the test ends.
 */
class HealthCommandTest {
    /** Only catches hangs. */
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NS = "monitoring";

    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    private static ClusterSession session;

    @TempDir
    static Path dir;

    private final CommandLineRun cli = new CommandLineRun();

    @BeforeAll
    static void start() throws InterruptedException {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        System.setProperty("console.dataDir", dir.resolve("data").toString());
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults()
                .withPropagationDelay(Duration.ofSeconds(1)));
        admin = sandbox.adminClient();
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        HealthChecker.awaitSync(session, WAIT);
        awaitHealthy("the fresh stack settled");
    }

    @AfterAll
    static void stop() {
        System.clearProperty("console.dataDir");
        if (session != null) {
            session.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Waits, with the checker itself, until the stack is healthy: before each test's own command runs. */
    private static void awaitHealthy(String what) {
        Poll.until(WAIT, () -> {
            try {
                return HealthChecker.standard().check(session);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, (HealthReport r) -> r.status() == HealthStatus.HEALTHY, what);
    }

    private int health(String... args) {
        cli.clearOut();
        List<String> all = new ArrayList<>(List.of("health"));
        all.addAll(List.of(args));
        return cli.on(sandbox.kubeconfig(), all.toArray(String[]::new));
    }

    /**
     * Runs {@code health ARGS} until it exits 0 and leaves that run's output in {@link #cli}: on a loaded machine a
     * scrape or a request can fail for one run of a healthy stack, which then reads as a warning.
     */
    private void healthyRun(String... args) {
        String[] last = {""};
        try {
            Poll.until(WAIT, "health " + String.join(" ", args) + " exiting 0", () -> {
                boolean healthy = health(args) == 0;
                last[0] = cli.out() + cli.err();
                return healthy;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the last run printed:\n" + last[0], e);
        }
    }

    @Test
    void aHealthyStackExitsZeroAndSaysWhyGrafanaIsUnknown() {
        healthyRun();

        assertThat(cli.out()).startsWith("Health of monitoring on " + SandboxCluster.CONTEXT + ": Healthy:")
                .contains("UNKNOWN  Each replica healthy, its database reachable (grafana-health)")
                .contains("Grafana is not available in the sandbox")
                .contains("OK       Each replica ready (prometheus-ready)")
                .doesNotContain("CRITICAL", "WARNING");
    }

    @Test
    void verboseOutputShowsEvidenceAndTheGuidesCommand() {
        healthyRun("--verbose");

        assertThat(cli.out()).contains("by hand: kubectl get pvc -n monitoring")
                .contains("OK       prometheus-0: config loaded at ")
                .contains("| reloadConfigSuccess: true");
    }

    @Test
    void jsonHasEveryCheckWithItsFindings() {
        healthyRun("--output", "json");

        JsonNode doc = JsonMapper.builder().build().readTree(cli.out());
        assertThat(doc.path("status").asString()).isEqualTo("healthy");
        assertThat(doc.path("exitCode").asInt()).isZero();
        assertThat(doc.path("namespace").asString()).isEqualTo(NS);
        List<String> codes = new ArrayList<>();
        for (JsonNode check : doc.path("checks")) {
            codes.add(check.path("code").asString());
            assertThat(check.path("guide").asString()).as(check.path("code").asString()).doesNotContain(" NS ");
            assertThat(check.path("findings").size()).as(check.path("code").asString()).isPositive();
            for (JsonNode f : check.path("findings")) {
                assertThat(f.path("severity").asString()).isIn("ok", "info", "unknown");
                assertThat(f.path("code").asString()).isEqualTo(check.path("code").asString());
                assertThat(f.path("message").asString()).isNotBlank();
            }
        }
        assertThat(codes).containsExactlyElementsOf(HealthProbes.all().stream().map(p -> p.code()).toList());
        JsonNode grafana = doc.path("checks").valueStream().filter(c -> c.path("code").asString()
                .equals("grafana-health")).findFirst().orElseThrow();
        assertThat(grafana.path("severity").asString()).isEqualTo("unknown");
        assertThat(grafana.path("area").asString()).isEqualTo("grafana");
    }

    @Test
    void junitHasOneTestCasePerCheckWithGrafanaSkipped() throws Exception {
        healthyRun("--output", "junit");

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(cli.out().getBytes(StandardCharsets.UTF_8)));
        NodeList cases = xml.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(HealthProbes.all().size());
        assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            NodeList skip = c.getElementsByTagName("skipped");
            if (skip.getLength() > 0) {
                skipped.add(c.getAttribute("name"));
                assertThat(((Element) skip.item(0)).getAttribute("message")).as(c.getAttribute("name"))
                        .contains("UNKNOWN");
            }
        }
        assertThat(skipped).contains("grafana-health: Each replica healthy, its database reachable",
                "grafana-datasource: Grafana reaches Prometheus");
    }

    @Test
    void alertmanagerScaledToOneIsAWarningThatExitsOne() {
        scaleAlertmanager(1);
        try {
            // Until the two pods are gone, one that is shutting down may still be asked and not answer (critical).
            Poll.until(WAIT, "alertmanager-1 and -2 gone", () -> admin.pods().inNamespace(NS)
                    .withLabel("app", "alertmanager").list().getItems().size() == 1);
            // One run on a loaded machine may also catch a failed scrape or request: ask until the warning alone.
            Poll.until(WAIT, "health exiting 1 with the replicas warning", () -> health()
                    == HealthStatus.WARNING.exitCode() && cli.out().contains("1 warning,"));

            assertThat(cli.out()).contains("WARNING  StatefulSet/alertmanager: Alertmanager runs 1 replica; the stack"
                    + " needs 3").contains("--replicas=3");
        } finally {
            scaleAlertmanager(3);
        }
        awaitHealthy("three Alertmanagers again");
    }

    @Test
    void anAcknowledgedWarningExitsZeroUntilItIsWithdrawn() throws Exception {
        String previous = System.getProperty("console.stateDir");
        System.setProperty("console.stateDir", Files.createDirectories(dir.resolve("ack-state")).toString());
        scaleAlertmanager(1);
        try {
            // Until Prometheus drops the scaled-away pods' targets, they read down: wait for the one warning.
            Poll.until(WAIT, "the replicas warning alone", () -> health() == 1
                    && cli.out().contains("1 warning,") && cli.out().contains("StatefulSet/alertmanager"));

            cli.clearOut();
            int ack = cli.on(sandbox.kubeconfig(), "health", "ack", "workload-replicas", "StatefulSet/alertmanager",
                    "--reason", "one Alertmanager during the migration", "--expires", "2d");
            assertThat(ack).as(cli.out() + cli.err()).isZero();
            assertThat(cli.out()).contains("Acknowledged workload-replicas on StatefulSet/alertmanager in context "
                    + SandboxCluster.CONTEXT);

            Poll.until(WAIT, "healthy with the warning acknowledged", () -> health() == 0);
            assertThat(cli.out()).contains("1 acknowledged").contains("WARNING  StatefulSet/alertmanager: Alertmanager"
                    + " runs 1 replica").contains("acknowledged until ").contains(": one Alertmanager during the"
                    + " migration");

            cli.clearOut();
            assertThat(cli.on(sandbox.kubeconfig(), "health", "ack", "--list")).isZero();
            assertThat(cli.out()).contains(SandboxCluster.CONTEXT).contains("workload-replicas")
                    .contains("StatefulSet/alertmanager").contains("one Alertmanager during the migration");

            cli.clearOut();
            assertThat(cli.on(sandbox.kubeconfig(), "health", "unack", "workload-replicas",
                    "StatefulSet/alertmanager")).as(cli.out() + cli.err()).isZero();
            Poll.until(WAIT, "the warning counted again once withdrawn", () -> health() == 1
                    && cli.out().contains("1 warning,") && !cli.out().contains("1 acknowledged"));
        } finally {
            scaleAlertmanager(3);
            if (previous == null) {
                System.clearProperty("console.stateDir");
            } else {
                System.setProperty("console.stateDir", previous);
            }
            awaitHealthy("three Alertmanagers again");
        }
    }

    @Test
    void anAcknowledgementNeedsAReason() {
        assertThat(cli.on(sandbox.kubeconfig(), "health", "ack", "workload-replicas", "StatefulSet/alertmanager"))
                .isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("--reason");
    }

    @Test
    void aRuleThatFailsToEvaluateIsCriticalAndNamesTheRule() throws Exception {
        Path bad = Files.writeString(dir.resolve("health-cli.yml"), "groups:\n  - name: health-cli\n    rules:\n"
                + "      - alert: HealthCliBadRule\n        expr: up * on() up\n        labels:\n"
                + "          severity: info\n        annotations:\n          summary: fails to evaluate\n");
        assertThat(cli.on(sandbox.kubeconfig(), "config", "apply", "--target", "rules", "--key", "health-cli.yml",
                "--yes", bad.toString())).as(cli.out() + cli.err()).isZero();
        try {
            Poll.until(WAIT, "health reports the failing rule",
                    () -> health() >= 0 && cli.out().contains("prometheus-0 → health-cli/HealthCliBadRule")
                            && cli.out().contains("prometheus-1 → health-cli/HealthCliBadRule"));
            int code = health();

            assertThat(code).as(cli.out()).isEqualTo(HealthStatus.CRITICAL.exitCode());
            assertThat(cli.out()).contains("ERROR    prometheus-0 → health-cli/HealthCliBadRule: the rule fails to"
                    + " evaluate:").contains("ERROR    prometheus-1 → health-cli/HealthCliBadRule");
        } finally {
            Path empty = Files.writeString(dir.resolve("health-cli-empty.yml"), "groups: []\n");
            assertThat(cli.on(sandbox.kubeconfig(), "config", "apply", "--target", "rules", "--key",
                    "health-cli.yml", "--yes", empty.toString())).as(cli.err()).isZero();
        }
        awaitHealthy("the failing rule removed");
    }

    @Test
    void aClusterThatCannotBeReachedExitsFour() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("unreachable.yaml"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: gone
                  cluster:
                    server: http://127.0.0.1:1
                contexts:
                - name: gone
                  context:
                    cluster: gone
                    user: someone
                current-context: gone
                users:
                - name: someone
                  user:
                    token: not-a-secret
                """);
        int code = cli.run("health", "--kubeconfig", kubeconfig.toString());

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(4);
        assertThat(cli.out()).contains("Could not check: ");
    }

    @Test
    void aNamespaceThatDoesNotExistExitsFour() {
        int code = health("-n", "no-such-namespace", "--output", "json");

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(4);
        JsonNode doc = JsonMapper.builder().build().readTree(cli.out());
        assertThat(doc.path("status").asString()).isEqualTo("not_checked");
        assertThat(doc.path("notChecked").asString()).contains("no-such-namespace");
        assertThat(doc.path("checks").size()).isZero();
    }

    @Test
    void anUnknownOutputFormatIsAUsageError() {
        assertThat(health("--output", "yaml")).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("unknown output format 'yaml'; use text, json or junit");
    }

    private static void scaleAlertmanager(int replicas) {
        admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").scale(replicas);
    }
}
