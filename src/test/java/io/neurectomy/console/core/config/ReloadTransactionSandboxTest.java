package io.neurectomy.console.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.config.ReplicaResult.Outcome;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.ops.RolloutRestart;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.core.util.MetricsText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The apply-and-reload transaction against the sandbox: real Prometheus and Alertmanager processes reading files
 * that the sandbox's kubelet updates after a delay, reloaded through the console's own port-forwards.
 */
class ReloadTransactionSandboxTest {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofSeconds(180);
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

    /** Each test starts with every replica ready (a rollout restart replaces them all). */
    @BeforeEach
    void replicasReady() {
        Poll.until(WAIT, "Prometheus and Alertmanager pods ready", () -> ready("prometheus") == 2
                && ready("alertmanager") == 3);
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

    /** Plans and runs {@code op}; {@code events} gets each started step's id and each note, in order. */
    private static <R> OperationResult<R> run(Operation<R> op, List<String> events, Cancellation cancellation) {
        Plan plan = op.plan(cancellation);
        return op.run(plan, e -> {
            if (e instanceof ProgressEvent.StepStarted s) {
                events.add(s.step().id());
            } else if (e instanceof ProgressEvent.Note n) {
                events.add(n.text());
            }
        }, cancellation);
    }

    private static <R> OperationResult<R> run(Operation<R> op) {
        return run(op, new ArrayList<>(), Cancellation.none());
    }

    private static List<String> stepIds(OperationResult<?> result) {
        return result.steps().stream().map(s -> s.step().id() + " " + s.outcome().status()).toList();
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
        PodCalls.Response response = new PodCalls(client, NS, Duration.ofSeconds(10)).get(pod, port, path);
        assertThat(response.status()).as("%s %s", pod, path).isEqualTo(200);
        return response.body();
    }

    @Test
    void aValidRuleChangeIsAppliedAndVerifiedOnEveryReplicaOneAtATime() throws Exception {
        ReloadTransaction tx = transaction(ConfigGate.none());
        ConfigObject base = tx.store().read(ConfigTarget.RULES);
        Map<String, String> data = new HashMap<>(base.data());
        data.put(RULES_KEY, rulesFile("console-test-group", "up == 0"));
        double firstBefore = reloadTime("prometheus-0");
        double secondBefore = reloadTime("prometheus-1");
        // What the two servers serve at the moment the transaction turns to prometheus-1.
        List<String> atSecond = new ArrayList<>();
        Operation<ReloadReport> apply = tx.apply(base, data);
        OperationResult<ReloadReport> result = apply.run(apply.plan(Cancellation.none()), e -> {
            if (e instanceof ProgressEvent.StepStarted started && started.step().id().equals("reload-prometheus-1")) {
                try {
                    atSecond.add(get("prometheus-0", 9090, "/api/v1/rules"));
                    atSecond.add(get("prometheus-1", 9090, "/api/v1/rules"));
                } catch (Exception failed) {
                    atSecond.add("could not read: " + failed);
                }
            }
        }, Cancellation.none());
        ReloadReport report = result.value();

        assertThat(result.succeeded()).as(result.summary() + " " + result.error()).isTrue();
        assertThat(report.success()).as(report.summary()).isTrue();
        assertThat(stepIds(result)).containsExactly("validate DONE", "write DONE", "reload-prometheus-0 DONE",
                "reload-prometheus-1 DONE", "rollback SKIPPED");
        assertThat(report.replicas()).extracting(ReplicaResult::pod, ReplicaResult::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("prometheus-0", Outcome.RELOADED),
                        org.assertj.core.groups.Tuple.tuple("prometheus-1", Outcome.RELOADED));
        // One replica at a time, in the servers' own words: when prometheus-1's turn came, prometheus-0 already
        // served the new rules and prometheus-1 did not yet; then both reloaded (their last-reload timestamps moved,
        // prometheus-1's not before prometheus-0's; the metric counts whole seconds).
        assertThat(atSecond).hasSize(2);
        assertThat(atSecond.get(0)).as("prometheus-0 when prometheus-1's turn came").contains("console-test-group");
        assertThat(atSecond.get(1)).as("prometheus-1 when its turn came").doesNotContain("console-test-group");
        double first = reloadTime("prometheus-0");
        double second = reloadTime("prometheus-1");
        assertThat(first).as("prometheus-0 reloaded").isGreaterThanOrEqualTo(firstBefore);
        assertThat(second).as("prometheus-1 reloaded").isGreaterThanOrEqualTo(secondBefore);
        assertThat(second).as("prometheus-1 reloaded after prometheus-0").isGreaterThanOrEqualTo(first);
        for (String pod : List.of("prometheus-0", "prometheus-1")) {
            assertThat(get(pod, 9090, "/api/v1/rules")).contains("console-test-group");
        }
        assertThat(tx.store().read(ConfigTarget.RULES).text(RULES_KEY)).contains("console-test-group");
    }

    @Test
    void aChangeTheGateRejectsIsNeverWritten() {
        ReloadTransaction tx = transaction((target, key, text) -> text.contains("((")
                ? List.of("line 6: unclosed parenthesis") : List.of());
        ConfigObject base = tx.store().read(ConfigTarget.RULES);
        Map<String, String> data = new HashMap<>(base.data());
        data.put(RULES_KEY, rulesFile("console-test-group", "sum((up)"));

        assertThatThrownBy(() -> tx.apply(base, data).plan(Cancellation.none()))
                .isInstanceOf(ConsoleException.class).hasMessageContaining("nothing was written")
                .hasMessageContaining("unclosed parenthesis");
        ConfigObject after = tx.store().read(ConfigTarget.RULES);
        assertThat(after.resourceVersion()).isEqualTo(base.resourceVersion());
        assertThat(after.data()).isEqualTo(base.data());
    }

    @Test
    void aChangeTheServerRejectsIsRolledBackAndTheOtherReplicaIsNeverTouched() throws Exception {
        ReloadTransaction tx = transaction(ConfigGate.none());
        ConfigObject base = withRulesFile(tx);
        double secondBefore = reloadTime("prometheus-1");
        Set<String> groupsBefore = ruleGroups(get("prometheus-0", 9090, "/api/v1/rules"));
        Map<String, String> data = new HashMap<>(base.data());
        data.put(RULES_KEY, rulesFile("console-broken-group", "sum(rate(up[5m]) by (job)"));

        OperationResult<ReloadReport> result = run(tx.apply(base, data));
        ReloadReport report = result.value();

        assertThat(result.status()).isEqualTo(OperationResult.Status.FAILED);
        assertThat(stepIds(result)).containsExactly("validate DONE", "write DONE", "reload-prometheus-0 FAILED",
                "reload-prometheus-1 SKIPPED", "rollback DONE");
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
        assertThat(ruleGroups(get("prometheus-0", 9090, "/api/v1/rules"))).as("the rule groups loaded before")
                .isEqualTo(groupsBefore).doesNotContain("console-broken-group");
        assertThat(get("prometheus-0", 9090, "/metrics"))
                .contains("prometheus_config_last_reload_successful 1");
        assertThat(reloadTime("prometheus-1")).as("prometheus-1 was never reloaded").isEqualTo(secondBefore);
    }

    @Test
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
        OperationResult<ReloadReport> refused = run(tx.apply(base, Map.of("prometheus.yml", mine)));
        assertThat(refused.outcome("write").status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(refused.failure()).isInstanceOf(ConfigConflictException.class);
        ConfigConflictException conflict = (ConfigConflictException) refused.failure();
        assertThat(client.configMaps().inNamespace(NS).withName("prometheus-config").get().getData()
                .get("prometheus.yml")).isEqualTo(theirsText);

        ThreeWayMerge.Result merged = ThreeWayMerge.merge(conflict.base().text(), conflict.theirs().text(),
                conflict.mine().text());
        assertThat(merged.clean()).isTrue();
        OperationResult<ReloadReport> result = run(tx.apply(conflict.theirs(),
                Map.of("prometheus.yml", merged.merged())));
        assertThat(result.succeeded()).as(result.summary()).isTrue();
        String now = tx.store().read(ConfigTarget.PROMETHEUS).text();
        assertThat(now).contains("# changed by a colleague").contains("scrape_interval: 20s");
    }

    @Test
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
        OperationResult<ReloadReport> result;
        try {
            result = run(tx.apply(base, Map.of("alertmanager.yml", changed)));
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
        ReloadReport report = result.value();
        assertThat(report.toString() + report.replicas()).doesNotContain(secrets.get(0));
        assertThat(result.plan().changes()).allSatisfy(c -> assertThat(c.detail()).doesNotContain(secrets.get(0)));
        assertThat(result.outcome("check-hash").status()).isEqualTo(StepOutcome.Status.DONE);

        assertThat(report.success()).as(report.summary()).isTrue();
        assertThat(report.replicas()).extracting(ReplicaResult::outcome).containsOnly(Outcome.RELOADED).hasSize(3);
        for (String pod : List.of("alertmanager-0", "alertmanager-1", "alertmanager-2")) {
            assertThat(get(pod, 9093, "/api/v2/status")).contains("resolve_timeout: 7m");
        }
    }

    @Test
    void aReplicaWhoseProcessRunsButIsNotReadyIsReloadedOnceReadyInsteadOfKeepingTheOldConfig() throws Exception {
        ReloadTransaction tx = transaction(ConfigGate.none());
        ConfigObject base = tx.store().read(ConfigTarget.ALERTMANAGER);
        String changed = base.text().replaceFirst("resolve_timeout: \\S+", "resolve_timeout: 9m");
        assertThat(changed).as("the bundled config sets resolve_timeout").isNotEqualTo(base.text());
        // A process that stops answering for a while (a busy node): its readiness probe fails, the process lives
        long pid = serverPid("alertmanager-1");
        signal("STOP", pid);
        OperationResult<ReloadReport> result;
        try {
            Poll.until(WAIT, "alertmanager-1 running but not ready", () -> client.pods().inNamespace(NS)
                    .withName("alertmanager-1").get().getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus())));
            List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.CompletableFuture<OperationResult<ReloadReport>> apply =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> run(tx.apply(base,
                            Map.of("alertmanager.yml", changed)), events, Cancellation.none()));
            Poll.until(WAIT, "the apply waiting for alertmanager-1", () -> apply.isDone() || events.stream()
                    .anyMatch(e -> e.startsWith("alertmanager-1: running but not ready")));
            signal("CONT", pid);
            result = apply.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            signal("CONT", pid);
        }

        ReloadReport report = result.value();
        assertThat(report.success()).as(report.summary()).isTrue();
        assertThat(report.replicas()).extracting(r -> r.pod() + " " + r.outcome()).containsExactly(
                "alertmanager-0 RELOADED", "alertmanager-1 RELOADED", "alertmanager-2 RELOADED");
        assertThat(get("alertmanager-1", 9093, "/api/v2/status")).contains("resolve_timeout: 9m");
    }

    /** The process id of the server of {@code pod} (the sandbox runs it with its files under the pod's directory). */
    private static long serverPid(String pod) {
        String dir = sandbox.kubeconfig().getParent().resolve("kubelet/pods/" + NS + "/" + pod + "/").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(dir))
                .orElse(false)).mapToLong(ProcessHandle::pid).findFirst().orElseThrow(() -> new AssertionError(
                "no process of " + pod + " under " + dir));
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor()).isZero();
    }

    @Test
    void aReloadAloneIsVerifiedToo() {
        OperationResult<ReloadReport> result = run(transaction(ConfigGate.none()).reload(StackComponent.PROMETHEUS,
                Optional.of("prometheus-1")));
        ReloadReport report = result.value();
        assertThat(result.succeeded()).as(result.summary()).isTrue();
        assertThat(stepIds(result)).containsExactly("reload-prometheus-1 DONE");
        assertThat(report.replicas()).extracting(ReplicaResult::pod).containsExactly("prometheus-1");
    }

    /**
     * The rules object with the test's rules file in it, loaded by both replicas: the precondition of the tests whose
     * change to that file is rolled back (they check that the file as it was is served again). Rolling back a change
     * that adds a new key is another case, not theirs.
     */
    private static ConfigObject withRulesFile(ReloadTransaction tx) {
        ConfigObject base = tx.store().read(ConfigTarget.RULES);
        if (base.data().containsKey(RULES_KEY)) {
            return base;
        }
        Map<String, String> first = new HashMap<>(base.data());
        first.put(RULES_KEY, rulesFile("console-test-group", "up == 0"));
        OperationResult<ReloadReport> added = run(tx.apply(base, first));
        assertThat(added.succeeded()).as(added.summary()).isTrue();
        return tx.store().read(ConfigTarget.RULES);
    }

    /** The names of the rule groups a Prometheus has loaded, from its {@code /api/v1/rules}. */
    private static Set<String> ruleGroups(String rules) {
        Set<String> groups = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\"name\":\"([^\"]+)\",\"file\"")
                .matcher(rules);
        while (m.find()) {
            groups.add(m.group(1));
        }
        return groups;
    }

    private static double reloadTime(String pod) throws Exception {
        return MetricsText.value(get(pod, 9090, "/metrics"),
                "prometheus_config_last_reload_success_timestamp_seconds").orElseThrow();
    }

    @Test
    void aRolloutRestartReplacesEveryReplicaAndWaitsForReady() {
        Map<String, String> before = uids("prometheus");
        assertThat(before).hasSize(2);

        OperationResult<RolloutRestart.Result> run = run(new RolloutRestart(client, NS, StackComponent.PROMETHEUS,
                Duration.ofSeconds(90), Duration.ofMillis(300)), new ArrayList<>(), Cancellation.none());

        assertThat(run.succeeded()).as(run.summary() + " " + run.error()).isTrue();
        assertThat(run.value().complete()).isTrue();
        assertThat(run.value().desired()).isEqualTo(2);
        // What the API server holds when the operation returns: both pods are new ones (other UIDs), and ready.
        Map<String, String> after = uids("prometheus");
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.forEach((pod, uid) -> assertThat(uid).as(pod + " replaced").isNotEqualTo(before.get(pod)));
        assertThat(ready("prometheus")).isEqualTo(2);
    }

    /** Pod name to UID for the pods of {@code app}, as the API server lists them. */
    private static Map<String, String> uids(String app) {
        Map<String, String> out = new HashMap<>();
        client.pods().inNamespace(NS).withLabel("app", app).list().getItems()
                .forEach(p -> out.put(p.getMetadata().getName(), p.getMetadata().getUid()));
        return out;
    }

    @Test
    void theSessionServiceValidatesAppliesAndRecordsHistory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ConfigService service = ConfigService.of(session, new ConfigHistory(dir, 5));
        Poll.until(WAIT, "the session sees both Prometheus replicas",
                () -> service.replicas(StackComponent.PROMETHEUS).size() == 2);
        assertThat(service.replicas(StackComponent.PROMETHEUS)).containsExactly("prometheus-0", "prometheus-1");
        ConfigObject base = service.read(ConfigTarget.RULES);
        Map<String, String> broken = new HashMap<>(base.data());
        broken.put(RULES_KEY, rulesFile("console-service-group", "sum(rate(up[5m]) by (job)"));
        assertThatThrownBy(() -> service.apply(base, broken).plan(Cancellation.none()))
                .hasMessageContaining("nothing was written");

        Map<String, String> data = new HashMap<>(base.data());
        data.put(RULES_KEY, rulesFile("console-service-group", "up == 0"));
        OperationResult<ReloadReport> result = run(service.apply(base, data));
        assertThat(result.succeeded()).as(result.summary()).isTrue();
        assertThat(result.notes()).isEmpty();
        assertThat(service.history(ConfigTarget.RULES)).singleElement()
                .satisfies(v -> assertThat(v.data().get(RULES_KEY)).contains("console-service-group"));
    }

    @Test
    void aCancelAfterTheWriteRollsBackAndTheRunEndsCancelled() throws Exception {
        ReloadTransaction tx = transaction(ConfigGate.none());
        Poll.until(WAIT, "both Prometheus replicas ready", () -> ready("prometheus") == 2);
        ConfigObject base = withRulesFile(tx);
        Map<String, String> data = new HashMap<>(base.data());
        data.put(RULES_KEY, rulesFile("console-cancelled-group", "up == 0"));
        Cancellation cancel = new Cancellation();
        Operation<ReloadReport> apply = tx.apply(base, data);
        Plan plan = apply.plan(cancel);

        OperationResult<ReloadReport> result = apply.run(plan, e -> {
            if (e instanceof ProgressEvent.StepStarted s && s.step().id().equals("reload-prometheus-1")) {
                cancel.cancel();
            }
        }, cancel);

        assertThat(result.status()).as(result.summary()).isEqualTo(OperationResult.Status.CANCELLED);
        assertThat(stepIds(result)).containsExactly("validate DONE", "write DONE", "reload-prometheus-0 DONE",
                "reload-prometheus-1 CANCELLED", "rollback DONE");
        assertThat(result.value().rolledBack()).as(result.value().summary()).isTrue();
        assertThat(tx.store().read(ConfigTarget.RULES).data()).isEqualTo(base.data());
        for (String pod : List.of("prometheus-0", "prometheus-1")) {
            assertThat(get(pod, 9090, "/api/v1/rules")).doesNotContain("console-cancelled-group");
        }
    }
}
