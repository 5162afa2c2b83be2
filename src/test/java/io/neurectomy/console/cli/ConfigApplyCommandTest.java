package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code config apply} and {@code reload} in-process against the sandbox's real Prometheus replicas, through the
 * operation runner: the plan, --yes, the exit codes, --output json, and the history note.
 */
class ConfigApplyCommandTest {
    private static SandboxCluster sandbox;
    private static KubernetesClient admin;

    @TempDir
    static Path dir;

    private final CommandLineRun cli = new CommandLineRun();

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        System.setProperty("console.dataDir", dir.resolve("data").toString());
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults()
                .withPropagationDelay(Duration.ofSeconds(1)));
        admin = sandbox.adminClient();
        Poll.until(Duration.ofSeconds(90), "both Prometheus replicas ready", () -> admin.pods()
                .inNamespace("monitoring").withLabel("app", "prometheus").list().getItems().stream()
                .filter(p -> p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .count() == 2);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("console.dataDir");
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private int run(String... args) {
        return cli.on(sandbox.kubeconfig(), args);
    }

    private static String rules(String expr) {
        return "groups:\n  - name: console-cli\n    rules:\n      - alert: ConsoleCliTest\n        expr: " + expr
                + "\n        for: 1m\n        labels:\n          severity: info\n        annotations:\n"
                + "          summary: cli test\n";
    }

    private static String liveRules() {
        return admin.configMaps().inNamespace("monitoring").withName("prometheus-alert-rules").get().getData()
                .getOrDefault("console-cli.yml", "");
    }

    @Test
    void withoutYesItValidatesAndShowsTheDiffButWritesNothing() throws Exception {
        // A key of its own, never written: its diff is the whole file, whatever the other tests applied.
        Path file = Files.writeString(dir.resolve("console-cli-plan.yml"), rules("up > 1"));
        int code = run("config", "apply", "--target", "rules", file.toString());
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("+++ new ConfigMap/prometheus-alert-rules/console-cli-plan.yml")
                .contains("+      - alert: ConsoleCliTest")
                .contains("prometheus-0: wait for the new file, reload and verify").contains("Run again with --yes");
        assertThat(admin.configMaps().inNamespace("monitoring").withName("prometheus-alert-rules").get().getData())
                .doesNotContainKey("console-cli-plan.yml");
    }

    @Test
    void anInvalidFileIsRefusedBeforeAnyWrite() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.yml"), rules("sum(rate(up[5m]) by (job)"));
        String rv = admin.configMaps().inNamespace("monitoring").withName("prometheus-alert-rules").get()
                .getMetadata().getResourceVersion();
        int code = run("config", "apply", "--target", "rules", "--key", "console-cli.yml", "--yes",
                file.toString());
        assertThat(code).isEqualTo(1);
        assertThat(cli.err()).contains("nothing was written");
        assertThat(admin.configMaps().inNamespace("monitoring").withName("prometheus-alert-rules").get()
                .getMetadata().getResourceVersion()).isEqualTo(rv);
    }

    @Test
    void withYesItAppliesReloadsEveryReplicaAndRecordsTheVersion() throws Exception {
        Path file = Files.writeString(dir.resolve("console-cli.yml"), rules("up == 0"));
        int code = run("config", "apply", "--target", "rules", "--yes", file.toString());
        assertThat(code).as(cli.out() + "\n" + cli.err()).isZero();
        assertThat(cli.out()).contains("prometheus-0     RELOADED").contains("prometheus-1     RELOADED")
                .contains("2 of 2 replica(s) reloaded and verified");
        assertThat(liveRules()).isEqualTo(rules("up == 0"));
        try (var files = Files.walk(dir.resolve("data").resolve("history"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".json"))).isNotEmpty();
        }

        cli.clearOut();
        assertThat(run("reload", "prometheus")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Prometheus: 2 replica(s) reloaded and verified");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("config", "apply", "--target", "grafana", "x.yml")).isEqualTo(2);
        assertThat(run("config", "apply", "--target", "rules", dir.resolve("missing.yml").toString())).isEqualTo(2);
        assertThat(run("reload", "grafana")).isEqualTo(2);
    }

    @Test
    void aHistoryThatCannotBeWrittenAfterASuccessfulApplyIsANoteAndTheCommandSucceeds() throws Exception {
        // A file where the history directory should be: the apply succeeds, only its history entry is missing.
        Path data = Files.createDirectories(dir.resolve("unwritable"));
        Files.writeString(data.resolve("history"), "not a directory");
        Path file = Files.writeString(dir.resolve("console-cli.yml"), rules("up == 1"));
        System.setProperty("console.dataDir", data.toString());
        int code;
        try {
            code = run("config", "apply", "--target", "rules", "--yes", file.toString());
        } finally {
            System.setProperty("console.dataDir", dir.resolve("data").toString());
        }
        assertThat(code).as(cli.out() + "\n" + cli.err()).isZero();
        assertThat(liveRules()).isEqualTo(rules("up == 1"));
        assertThat(cli.out()).contains("2 of 2 replica(s) reloaded and verified")
                .contains("Note: Could not record the applied version");
        assertThat(cli.err()).doesNotContain("error:");
    }

    @Test
    void applyWithJsonOutputPrintsOneDocumentWithAStepPerReplica() throws Exception {
        Path file = Files.writeString(dir.resolve("console-cli.yml"), rules("up < 1"));
        int code = run("config", "apply", "--target", "rules", "--yes", "--output", "json", file.toString());
        assertThat(code).as(cli.out() + "\n" + cli.err()).isZero();

        JsonNode doc = JsonMapper.builder().build().readTree(cli.out());
        assertThat(doc.path("operation").asString()).isEqualTo("config-apply");
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        List<String> steps = new ArrayList<>();
        doc.path("steps").forEach(s -> steps.add(s.path("id").asString() + " " + s.path("status").asString()));
        assertThat(steps).containsExactly("validate done", "write done", "reload-prometheus-0 done",
                "reload-prometheus-1 done", "rollback skipped");
        List<String> replicas = new ArrayList<>();
        doc.path("value").path("replicas").forEach(r -> replicas.add(r.path("pod").asString() + " "
                + r.path("outcome").asString()));
        assertThat(replicas).containsExactly("prometheus-0 reloaded", "prometheus-1 reloaded");
        assertThat(liveRules()).isEqualTo(rules("up < 1"));
    }
}
