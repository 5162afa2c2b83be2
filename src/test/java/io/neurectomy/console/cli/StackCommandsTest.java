package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.ops.deploy.StackDestroyer;
import io.neurectomy.console.core.stack.StackChecks;
import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.BundledManifests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code validate}, {@code deploy} and {@code destroy} in-process against an empty API-only sandbox.
 *
 * <p>A scenario, in this order on purpose (the {@code @Order} values are its stages): validate an empty cluster,
 * plan, deploy, deploy again, change values, then destroy, as an operator would. Each stage's precondition is the
 * state the stage before leaves, which is the very thing checked (a second deploy changes nothing <em>after</em> a
 * first one; destroy empties <em>a deployed</em> namespace). Tests of one stage share an {@code @Order} value and do
 * not depend on each other. A failure in an early stage makes the later ones fail too: read the first failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackCommandsTest {
    private static SandboxCluster sandbox;
    private static Path values;

    @TempDir
    static Path dir;

    private final CommandLineRun cli = new CommandLineRun();

    @BeforeAll
    static void start() throws IOException {
        sandbox = SandboxCluster.start(true, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));
        values = dir.resolve("values.yaml");
        try (InputStream in = StackCommandsTest.class.getClassLoader()
                .getResourceAsStream("stack/fixtures/test-values.yaml")) {
            Files.write(values, in.readAllBytes());
        }
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private int run(String... args) {
        return cli.on(sandbox.kubeconfig(), args);
    }

    private JsonNode json() {
        return JsonMapper.builder().build().readTree(cli.out());
    }

    @Test
    @Order(1)
    void validateOnAnEmptyClusterListsEveryObjectAsMissingAndFails() {
        assertThat(run("validate", "staging", "--values", values.toString())).isEqualTo(1);

        assertThat(cli.out()).contains("Consistency checks for environment staging: ")
                .contains("  missing   Namespace/monitoring").contains("  missing   StatefulSet/prometheus")
                .contains("Validation found problems.");
        assertThat(cli.err()).contains("error: the cluster differs from the stack: " + BundledManifests.objects().size()
                + " missing");
    }

    @Test
    @Order(1)
    void validateWithOutputJsonPrintsOneDocumentWithTheFindingsAndDifferences() {
        assertThat(run("validate", "staging", "--values", values.toString(), "--output", "json")).isEqualTo(1);

        JsonNode doc = json();
        assertThat(doc.get("operation").asString()).isEqualTo("validate");
        assertThat(doc.get("status").asString()).isEqualTo("failed");
        assertThat(doc.get("steps").get(1).get("id").asString()).isEqualTo("compare");
        assertThat(doc.get("steps").get(1).get("status").asString()).isEqualTo("failed");
        JsonNode report = doc.get("value");
        assertThat(report.get("environment").asString()).isEqualTo("staging");
        assertThat(report.get("context").asString()).isEqualTo(SandboxCluster.CONTEXT);
        assertThat(report.get("objects")).anySatisfy(o -> {
            assertThat(o.get("kind").asString()).isEqualTo("StatefulSet");
            assertThat(o.get("name").asString()).isEqualTo("prometheus");
            assertThat(o.get("action").asString()).isEqualTo("CREATE");
        });
        assertThat(report.get("findings").isArray()).isTrue();
    }

    @Test
    @Order(1)
    void offlineValidateWithOutputJsonListsTheFindingsWithCodeAndSubject() {
        List<Finding> expected = StackChecks.run(StackManifests.bundled().render("production", values, Map.of()));

        int code = run("validate", "production", "--values", values.toString(), "--offline", "-o", "json");

        JsonNode doc = json();
        assertThat(doc.get("steps").get(0).get("id").asString()).isEqualTo("checks");
        assertThat(doc.get("steps").get(1).get("status").asString()).isEqualTo("skipped");
        assertThat(doc.get("value").get("context").asString()).isEmpty();
        assertThat(code).isEqualTo(expected.stream().anyMatch(f -> f.severity() == Severity.ERROR) ? 1 : 0);
        List<String> findings = new ArrayList<>();
        for (JsonNode f : doc.get("value").get("findings")) {
            findings.add(f.get("severity").asString() + " " + f.get("code").asString() + " "
                    + f.get("subject").asString() + " " + f.get("location").asString());
        }
        assertThat(findings).containsExactlyElementsOf(expected.stream().map(f -> f.severity() + " " + f.code() + " "
                + f.subject() + " " + f.location()).toList());
    }

    @Test
    @Order(2)
    void deployWithoutYesPrintsThePlanAndAppliesNothing() {
        assertThat(run("deploy", "staging", "--values", values.toString())).isZero();

        assertThat(cli.out()).contains("Deploy environment staging on context " + SandboxCluster.CONTEXT
                + ": " + BundledManifests.objects().size() + " to create, 0 to update, 0 unchanged.")
                .contains("  create    Namespace/monitoring")
                .contains("Nothing was changed. Run again with --yes to go ahead.");
        try (var admin = sandbox.adminClient()) {
            assertThat(admin.namespaces().withName("monitoring").get()).isNull();
        }
    }

    @Test
    @Order(3)
    void deployWithYesAppliesWaitsAndPrintsHealth() {
        assertThat(run("deploy", "staging", "--values", values.toString(), "--yes")).as(cli.err()).isZero();

        int objects = BundledManifests.objects().size();
        int steps = objects + 2; // one per object, then the wait and the health check
        assertThat(cli.out()).contains("[" + objects + "/" + steps + "] Create Ingress/grafana: done (created)")
                .contains("[" + (objects + 1) + "/" + steps + "] Wait for every replica to be ready (up to 10 min): "
                        + "done")
                .contains("Health:").contains("OK StatefulSet/prometheus: ready 2/2")
                .contains("OK Deployment/grafana: ready 1/1")
                .contains("Done: " + steps + " of " + steps + " steps done.");
    }

    @Test
    @Order(4)
    void aSecondDeployChangesNothingAndValidatePasses() {
        assertThat(run("deploy", "staging", "--values", values.toString(), "--yes")).isZero();
        assertThat(cli.out()).contains("0 to create, 0 to update").contains("Nothing to change");

        assertThat(run("validate", "staging", "--values", values.toString())).as(cli.out()).isZero();
        assertThat(cli.out()).contains("0 missing, 0 different, 0 extra").contains("Validation passed");
    }

    @Test
    @Order(4)
    void deployWithOutputJsonPrintsOneDocumentWithPlanStepsAndHealth() {
        assertThat(run("deploy", "staging", "--values", values.toString(), "--yes", "--output", "json"))
                .as(cli.err()).isZero();

        JsonNode doc = json();
        assertThat(doc.get("operation").asString()).isEqualTo("deploy");
        assertThat(doc.get("status").asString()).isEqualTo("succeeded");
        assertThat(doc.get("plan").get("changes")).hasSize(BundledManifests.objects().size())
                .allSatisfy(c -> assertThat(c.get("action").asString()).isEqualTo("unchanged"));
        assertThat(doc.get("steps")).extracting(s -> s.get("id").asString()).containsExactly("rollout", "health");
        JsonNode health = doc.get("value").get("health");
        assertThat(health).anySatisfy(f -> {
            assertThat(f.get("code").asString()).isEqualTo("workload-ready");
            assertThat(f.get("subject").asString()).isEqualTo("StatefulSet/prometheus");
            assertThat(f.get("severity").asString()).isEqualTo("OK");
        });
        assertThat(doc.get("value").get("complete").asBoolean()).isTrue();
    }

    @Test
    @Order(5)
    void aValuesFileWithoutSecretsKeepsTheDeployedOnes() throws IOException {
        Path withoutSecrets = dir.resolve("no-secrets.yaml");
        Files.writeString(withoutSecrets, "domain: monitoring.example.org\nstorageClass: fast-ssd\n");

        assertThat(run("deploy", "staging", "--values", withoutSecrets.toString())).as(cli.err()).isZero();

        assertThat(cli.out()).contains("0 to create, 0 to update").contains("Nothing to change");
    }

    @Test
    @Order(5)
    void usageErrorsExitWithTwo() {
        assertThat(run("deploy", "staging", "-n", "elsewhere")).isEqualTo(2);
        assertThat(cli.err()).contains("lives in namespace monitoring");
        assertThat(run("validate", "staging", "-n", "elsewhere")).isEqualTo(2);
        assertThat(run("destroy", "--passphrase-file", "x", "--without-secret-values")).isEqualTo(2);
        assertThat(run("destroy", "--no-backup", "--passphrase-file", "x")).isEqualTo(2);
        assertThat(cli.err()).contains("--no-backup takes no backup");
    }

    @Test
    @Order(5)
    void aStackThatDoesNotRenderFailsWithEveryProblemAtItsFileAndLine() throws IOException {
        Path broken = dir.resolve("broken-values.yaml");
        Files.writeString(broken, "domain: Not A Hostname\n");

        assertThat(run("deploy", "staging", "--values", broken.toString(), "--yes")).isEqualTo(1);

        assertThat(cli.err()).contains("error: ").contains(broken + ":1");
    }

    @Test
    @Order(6)
    void destroyIsRefusedWithoutTheTypedNamespaceName() throws IOException {
        Path export = dir.resolve("refused-backups");
        List<String> prompts = new ArrayList<>();
        Terminal terminal = new Terminal() {
            @Override
            public Optional<String> readLine(String prompt) {
                prompts.add(prompt);
                return Optional.of("monitor");
            }

            @Override
            public Optional<char[]> readPassword(String prompt) {
                return Optional.of("a passphrase".toCharArray());
            }

            @Override
            public boolean interactive() {
                return true;
            }
        };
        OperationRunner runner = new OperationRunner(cli.outWriter(), cli.errWriter(),
                OutputFormat.TEXT, false, terminal, Interrupts.none());
        int code;
        try (ClusterSession session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, "monitoring")) {
            code = runner.run(new StackDestroyer(session, "monitoring", new StackDestroyer.BackupOptions(export,
                    () -> "a passphrase".toCharArray(), false), Duration.ofMinutes(1)),
                    OperationRunner.ResultView.plain());
        }

        assertThat(code).isEqualTo(1);
        assertThat(prompts).singleElement().asString().contains("Type monitoring to confirm");
        assertThat(cli.out()).contains("Nothing was changed.");
        assertThat(export).doesNotExist();
        try (var admin = sandbox.adminClient()) {
            assertThat(admin.apps().statefulSets().inNamespace("monitoring").list().getItems()).isNotEmpty();
        }
    }

    @Test
    @Order(7)
    void destroyBacksUpFirstAndAFailedBackupDeletesNothing() throws IOException {
        Path backups = dir.resolve("backups");
        assertThat(run("destroy", "--dir", backups.toString())).isZero();
        assertThat(cli.out()).contains("Destroy the stack in namespace monitoring").contains("delete    "
                + "StatefulSet/prometheus").contains("A full backup archive (configs, Secrets, Prometheus TSDB,"
                + " Alertmanager silences) is written to " + backups + " first")
                .contains("Nothing was changed. Run again with --yes to go ahead.");

        assertThat(run("destroy", "--yes", "--dir", backups.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("give a passphrase");

        // This sandbox runs no Prometheus process: no TSDB snapshot can be taken, so the backup fails.
        Path passphrase = dir.resolve("passphrase");
        Files.writeString(passphrase, "backup passphrase\n");
        assertThat(run("destroy", "--yes", "--dir", backups.toString(), "--passphrase-file",
                passphrase.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("The backup failed, so nothing was deleted");
        assertThat(backups.toFile().list()).isNullOrEmpty();
        try (var admin = sandbox.adminClient()) {
            assertThat(admin.apps().statefulSets().inNamespace("monitoring").list().getItems()).isNotEmpty();
        }
    }

    @Test
    @Order(8)
    void destroyWithNoBackupDeletesEverythingAndARestoreAfterwardsSaysToDeployFirst() throws IOException {
        Path backups = dir.resolve("configs-only");
        assertThat(run("backup", "--components", "configs", "--dir", backups.toString())).as(cli.err()).isZero();
        Path archive;
        try (var files = Files.list(backups)) {
            archive = files.filter(f -> f.getFileName().toString().endsWith(".tar.gz")).findFirst().orElseThrow();
        }
        cli.clearOut();

        assertThat(run("destroy", "--yes", "--no-backup", "--output", "json")).as(cli.err()).isZero();

        JsonNode doc = json();
        assertThat(doc.get("status").asString()).isEqualTo("succeeded");
        assertThat(doc.get("plan").get("confirmation").get("kind").asString()).isEqualTo("typed");
        assertThat(doc.get("plan").get("confirmation").get("name").asString()).isEqualTo("monitoring");
        assertThat(doc.get("plan").get("backupFirst").asBoolean()).isFalse();
        assertThat(doc.get("steps")).extracting(s -> s.get("id").asString()).containsExactly("delete-workloads",
                "wait-pods", "delete", "wait");
        assertThat(doc.get("value").get("archive").isNull()).isTrue();
        assertThat(doc.get("value").get("deleted")).isNotEmpty();
        try (var admin = sandbox.adminClient()) {
            assertThat(admin.apps().statefulSets().inNamespace("monitoring").list().getItems()).isEmpty();
            assertThat(admin.pods().inNamespace("monitoring").list().getItems()).isEmpty();
        }

        assertThat(run("restore", archive.toString(), "--yes", "--dir", backups.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("holds no deployed stack").contains("Deploy the stack first");
        try (var admin = sandbox.adminClient()) {
            assertThat(admin.configMaps().inNamespace("monitoring").list().getItems())
                    .noneMatch(cm -> cm.getMetadata().getName().equals("prometheus-config"));
        }
    }
}
