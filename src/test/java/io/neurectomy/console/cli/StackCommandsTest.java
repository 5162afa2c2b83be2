package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code validate}, {@code deploy} and {@code destroy} in-process against an empty API-only sandbox. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackCommandsTest {
    private static SandboxCluster sandbox;
    private static Path values;

    @TempDir
    static Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

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
        CommandLine cl = ConsoleCommand.commandLine(options -> { });
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = sandbox.kubeconfig().toString();
        return cl.execute(all);
    }

    @Test
    @Order(1)
    void validateOnAnEmptyClusterListsEveryObjectAsMissingAndFails() {
        assertThat(run("validate", "staging", "--values", values.toString())).isEqualTo(1);

        assertThat(out.toString()).contains("Consistency checks for environment staging: ")
                .contains("  missing   Namespace/monitoring").contains("  missing   StatefulSet/prometheus")
                .contains("Validation found problems.");
    }

    @Test
    @Order(2)
    void deployWithoutYesPrintsThePlanAndAppliesNothing() {
        assertThat(run("deploy", "staging", "--values", values.toString())).isZero();

        assertThat(out.toString()).contains("Deploy plan for environment staging on context "
                + SandboxCluster.CONTEXT).contains("  create    Namespace/monitoring")
                .contains("Nothing applied. Run again with --yes to apply this plan.");
        try (var admin = sandbox.adminClient()) {
            assertThat(admin.namespaces().withName("monitoring").get()).isNull();
        }
    }

    @Test
    @Order(3)
    void deployWithYesAppliesWaitsAndPrintsHealth() {
        assertThat(run("deploy", "staging", "--values", values.toString(), "--yes")).as(err.toString()).isZero();

        assertThat(out.toString()).contains("Applying:").containsPattern("\\[\\d+/\\d+\\] Ingress/grafana: created")
                .contains("Created ").contains("Health:").containsPattern("StatefulSet +prometheus +ready 2/2")
                .containsPattern("Deployment +grafana +ready 1/1");
    }

    @Test
    @Order(4)
    void aSecondDeployChangesNothingAndValidatePasses() {
        assertThat(run("deploy", "staging", "--values", values.toString(), "--yes")).isZero();
        assertThat(out.toString()).contains("0 to create, 0 to update").contains("Nothing to change.");

        assertThat(run("validate", "staging", "--values", values.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("0 missing, 0 different, 0 extra").contains("Validation passed");
    }

    @Test
    @Order(5)
    void aValuesFileWithoutSecretsKeepsTheDeployedOnes() throws IOException {
        Path withoutSecrets = dir.resolve("no-secrets.yaml");
        Files.writeString(withoutSecrets, "domain: monitoring.example.org\nstorageClass: fast-ssd\n");

        assertThat(run("deploy", "staging", "--values", withoutSecrets.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("0 to create, 0 to update").contains("Nothing to change.");
    }

    @Test
    @Order(5)
    void usageErrorsExitWithTwo() {
        assertThat(run("deploy", "staging", "-n", "elsewhere")).isEqualTo(2);
        assertThat(err.toString()).contains("lives in namespace monitoring");
        assertThat(run("destroy", "--passphrase-file", "x", "--without-secret-values")).isEqualTo(2);
    }

    @Test
    @Order(6)
    void destroyNeedsYesAndAPassphraseThenExportsAndDeletes() throws IOException {
        Path export = dir.resolve("export.yaml");
        assertThat(run("destroy", "--export", export.toString())).isZero();
        assertThat(out.toString()).contains("Destroy plan for namespace monitoring").contains("delete    "
                + "StatefulSet/prometheus").contains("Nothing deleted. Run again with --yes");

        assertThat(run("destroy", "--yes", "--export", export.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("give a passphrase");
        assertThat(export).doesNotExist();

        Path passphrase = dir.resolve("passphrase");
        Files.writeString(passphrase, "export passphrase\n");
        assertThat(run("destroy", "--yes", "--export", export.toString(), "--passphrase-file",
                passphrase.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Exported to " + export + " (Secret values: encrypted)")
                .contains("Deleted ");
        assertThat(export).exists();
        try (var admin = sandbox.adminClient()) {
            assertThat(admin.apps().statefulSets().inNamespace("monitoring").list().getItems()).isEmpty();
            assertThat(admin.pods().inNamespace("monitoring").list().getItems()).isEmpty();
        }
    }
}
