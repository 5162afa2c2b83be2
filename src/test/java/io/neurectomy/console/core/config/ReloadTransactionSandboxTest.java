package io.neurectomy.console.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.config.ConfigTarget.Server;
import io.neurectomy.console.core.config.ReplicaResult.Outcome;
import io.neurectomy.console.core.endpoints.PodHttp;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.ops.Progress;
import io.neurectomy.console.core.ops.RolloutRestart;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The apply-and-reload transaction against the sandbox: real Prometheus and Alertmanager processes reading files
 * that the sandbox's kubelet updates after a delay, reloaded through the console's own port-forwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReloadTransactionSandboxTest {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ReloadTransaction.Options FAST = new ReloadTransaction.Options(Duration.ofSeconds(60),
            Duration.ofMillis(300), Duration.ofSeconds(15));
    private static final String RULES_KEY = "console-test.yml";

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults()
                .withPropagationDelay(Duration.ofSeconds(1)));
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        client = session.client();
        Poll.until(WAIT, "Prometheus and Alertmanager pods ready", () -> ready("prometheus") == 2
                && ready("alertmanager") == 3);
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

    private static long ready(String app) {
        return client.pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null
                        && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .count();
    }

    private static ReloadTransaction transaction(ConfigGate gate) {
        return new ReloadTransaction(client, NS, gate, FAST);
    }

    private static String rulesFile(String group, String expr) {
        return """
                groups:
                  - name: %s
                    rules:
                      - alert: ConsoleTestAlert
                        expr: %s
                        for: 5m
                        labels:
                          severity: info
                        annotations:
                          summary: test alert
                """.formatted(group, expr);
    }

    private static String get(String pod, int port, String path) throws Exception {
        PodHttp.Response response = new PodHttp(client, NS, Duration.ofSeconds(10)).get(pod, port, path);
        assertThat(response.status()).as("%s %s", pod, path).isEqualTo(200);
        return response.body();
    }

    @Test
    @Order(1)
    void aValidRuleChangeIsAppliedAndVerifiedOnEveryReplicaOneAtATime() throws Exception {
        ReloadTransaction tx = transaction(ConfigGate.none());
        ConfigObject base = tx.store().read(ConfigTarget.RULES);
        Map<String, String> data = new HashMap<>(base.data());
        data.put(RULES_KEY, rulesFile("console-test-group", "up == 0"));
        List<String> steps = new ArrayList<>();
        ReloadReport report = tx.apply(base, data, (done, total, message) -> steps.add(message),
                Cancellation.none());

        assertThat(report.success()).as(report.summary()).isTrue();
        assertThat(report.replicas()).extracting(ReplicaResult::pod, ReplicaResult::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("prometheus-0", Outcome.RELOADED),
                        org.assertj.core.groups.Tuple.tuple("prometheus-1", Outcome.RELOADED));
        // One replica at a time: prometheus-0 is verified before prometheus-1 is touched.
        assertThat(String.join("\n", steps)).containsSubsequence("prometheus-0: waiting", "prometheus-0: reloading",
                "prometheus-0: verifying", "prometheus-1: waiting", "prometheus-1: reloading");
        for (String pod : List.of("prometheus-0", "prometheus-1")) {
            assertThat(get(pod, 9090, "/api/v1/rules")).contains("console-test-group");
        }
        assertThat(tx.store().read(ConfigTarget.RULES).text(RULES_KEY)).contains("console-test-group");
    }

    @Test
    @Order(2)
    void aChangeTheGateRejectsIsNeverWritten() {
        ReloadTransaction tx = transaction((target, key, text) -> text.contains("((")
                ? List.of("line 6: unclosed parenthesis") : List.of());
        ConfigObject base = tx.store().read(ConfigTarget.RULES);
        Map<String, String> data = new HashMap<>(base.data());
        data.put(RULES_KEY, rulesFile("console-test-group", "sum((up)"));

        assertThatThrownBy(() -> tx.apply(base, data, Progress.none(), Cancellation.none()))
                .isInstanceOf(ConsoleException.class).hasMessageContaining("nothing was written")
                .hasMessageContaining("unclosed parenthesis");
        ConfigObject after = tx.store().read(ConfigTarget.RULES);
        assertThat(after.resourceVersion()).isEqualTo(base.resourceVersion());
        assertThat(after.data()).isEqualTo(base.data());
    }

    @Test
    @Order(3)
    void aChangeTheServerRejectsIsRolledBackAndTheOtherReplicaIsNeverTouched() throws Exception {
        ReloadTransaction tx = transaction(ConfigGate.none());
        ConfigObject base = tx.store().read(ConfigTarget.RULES);
        double secondBefore = reloadTime("prometheus-1");
        Map<String, String> data = new HashMap<>(base.data());
        data.put(RULES_KEY, rulesFile("console-broken-group", "sum(rate(up[5m]) by (job)"));

        ReloadReport report = tx.apply(base, data, Progress.none(), Cancellation.none());

        assertThat(report.success()).isFalse();
        assertThat(report.rolledBack()).as(report.summary()).isTrue();
        assertThat(report.replicas()).extracting(ReplicaResult::pod, ReplicaResult::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("prometheus-0", Outcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple("prometheus-1", Outcome.NOT_TOUCHED));
        // The server's own words: Prometheus answers with a generic message; the detail comes from its log.
        assertThat(report.serverError()).contains("console-test.yml");
        ConfigObject after = tx.store().read(ConfigTarget.RULES);
        assertThat(after.data()).isEqualTo(base.data());
        assertThat(get("prometheus-0", 9090, "/-/ready")).contains("Ready");
        String rules = get("prometheus-0", 9090, "/api/v1/rules");
        assertThat(rules).contains("console-test-group").doesNotContain("console-broken-group");
        assertThat(get("prometheus-0", 9090, "/metrics"))
                .contains("prometheus_config_last_reload_successful 1");
        assertThat(reloadTime("prometheus-1")).as("prometheus-1 was never reloaded").isEqualTo(secondBefore);
    }

    @Test
    @Order(4)
    void aConcurrentEditLosesNoUpdate() {
        ReloadTransaction tx = transaction(ConfigGate.none());
        ConfigObject base = tx.store().read(ConfigTarget.PROMETHEUS);
        // Someone else changes the object after we opened it.
        ConfigMap theirs = client.configMaps().inNamespace(NS).withName("prometheus-config").get();
        String theirsText = theirs.getData().get("prometheus.yml") + "# changed by a colleague\n";
        theirs.getData().put("prometheus.yml", theirsText);
        client.resource(theirs).update();

        String mine = base.text().replaceFirst("scrape_interval: 15s", "scrape_interval: 20s");
        assertThat(mine).isNotEqualTo(base.text());
        ConfigConflictException conflict = org.assertj.core.api.Assertions.catchThrowableOfType(
                ConfigConflictException.class,
                () -> tx.apply(base, Map.of("prometheus.yml", mine), Progress.none(), Cancellation.none()));
        assertThat(conflict).isNotNull();
        assertThat(client.configMaps().inNamespace(NS).withName("prometheus-config").get().getData()
                .get("prometheus.yml")).isEqualTo(theirsText);

        ThreeWayMerge.Result merged = ThreeWayMerge.merge(conflict.base().text(), conflict.theirs().text(),
                conflict.mine().text());
        assertThat(merged.clean()).isTrue();
        ReloadReport report = tx.apply(conflict.theirs(), Map.of("prometheus.yml", merged.merged()),
                Progress.none(), Cancellation.none());
        assertThat(report.success()).as(report.summary()).isTrue();
        String now = tx.store().read(ConfigTarget.PROMETHEUS).text();
        assertThat(now).contains("# changed by a colleague").contains("scrape_interval: 20s");
    }

    @Test
    @Order(5)
    void alertmanagerChangesReachEveryReplicaWithTheSameHash() throws Exception {
        ReloadTransaction tx = transaction(ConfigGate.none());
        ConfigObject base = tx.store().read(ConfigTarget.ALERTMANAGER);
        String changed = base.text().replaceFirst("resolve_timeout: \\S+", "resolve_timeout: 7m");
        assertThat(changed).as("the bundled config sets resolve_timeout").isNotEqualTo(base.text());

        List<String> secrets = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)(?:api_url|routing_key|url):\\s*'?([^'\\s]+)")
                .matcher(base.text());
        while (m.find()) {
            secrets.add(m.group(1));
        }
        assertThat(secrets).as("the bundled Alertmanager config has receiver secrets").isNotEmpty();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captured =
                new ch.qos.logback.core.read.ListAppender<>();
        captured.start();
        root.addAppender(captured);
        ReloadReport report;
        try {
            report = tx.apply(base, Map.of("alertmanager.yml", changed), Progress.none(), Cancellation.none());
        } finally {
            root.detachAppender(captured);
        }
        List<ch.qos.logback.classic.spi.ILoggingEvent> events;
        synchronized (captured) {
            // Background threads may still be appending (the appender synchronizes on itself).
            events = new ArrayList<>(captured.list);
        }
        assertThat(events).as("log events during the apply").isNotEmpty();
        for (ch.qos.logback.classic.spi.ILoggingEvent event : events) {
            String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage());
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
        assertThat(report.toString() + report.replicas()).doesNotContain(secrets.get(0));

        assertThat(report.success()).as(report.summary()).isTrue();
        assertThat(report.replicas()).extracting(ReplicaResult::outcome).containsOnly(Outcome.RELOADED).hasSize(3);
        for (String pod : List.of("alertmanager-0", "alertmanager-1", "alertmanager-2")) {
            assertThat(get(pod, 9093, "/api/v2/status")).contains("resolve_timeout: 7m");
        }
    }

    @Test
    @Order(6)
    void aReloadAloneIsVerifiedToo() {
        ReloadReport report = transaction(ConfigGate.none()).reload(Server.PROMETHEUS, Optional.of("prometheus-1"),
                Progress.none(), Cancellation.none());
        assertThat(report.success()).as(report.summary()).isTrue();
        assertThat(report.replicas()).extracting(ReplicaResult::pod).containsExactly("prometheus-1");
    }

    private static double reloadTime(String pod) throws Exception {
        return MetricsText.value(get(pod, 9090, "/metrics"),
                "prometheus_config_last_reload_success_timestamp_seconds").orElseThrow();
    }

    @Test
    @Order(7)
    void aRolloutRestartReplacesEveryReplicaAndWaitsForReady() {
        List<Integer> seen = new ArrayList<>();
        RolloutRestart.Result result = RolloutRestart.statefulSet(client, NS, "prometheus", Duration.ofSeconds(90),
                Duration.ofMillis(300), (done, total, message) -> seen.add(done), Cancellation.none());
        assertThat(result.complete()).isTrue();
        assertThat(result.desired()).isEqualTo(2);
        assertThat(seen).startsWith(0).endsWith(2);
        assertThat(ready("prometheus")).isEqualTo(2);
    }

    @Test
    @Order(8)
    void theSessionServiceValidatesAppliesAndRecordsHistory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ConfigService service = ConfigService.of(session, new ConfigHistory(dir, 5));
        Poll.until(WAIT, "the session sees both Prometheus replicas",
                () -> service.replicas(Server.PROMETHEUS).size() == 2);
        assertThat(service.replicas(Server.PROMETHEUS)).containsExactly("prometheus-0", "prometheus-1");
        ConfigObject base = service.read(ConfigTarget.RULES);
        Map<String, String> broken = new HashMap<>(base.data());
        broken.put(RULES_KEY, rulesFile("console-service-group", "sum(rate(up[5m]) by (job)"));
        assertThatThrownBy(() -> service.apply(base, broken, Progress.none(), Cancellation.none()))
                .hasMessageContaining("nothing was written");

        Map<String, String> data = new HashMap<>(base.data());
        data.put(RULES_KEY, rulesFile("console-service-group", "up == 0"));
        ReloadReport report = service.apply(base, data, Progress.none(), Cancellation.none());
        assertThat(report.success()).as(report.summary()).isTrue();
        assertThat(service.history(ConfigTarget.RULES)).singleElement()
                .satisfies(v -> assertThat(v.data().get(RULES_KEY)).contains("console-service-group"));
    }
}
