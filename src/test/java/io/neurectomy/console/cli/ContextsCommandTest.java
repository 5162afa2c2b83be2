package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ContextsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ContextsCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(ContextsCommandTest.class.getResource("/kubeconfig/" + name).toURI());
    }

    @Test
    void listsEveryContextAsATableWithTheCurrentOneStarred() throws Exception {
        int code = run("--kubeconfig", fixture("two-contexts.yaml").toString());

        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString().lines()).containsExactly(
                "CURRENT   NAME      CLUSTER           SERVER                             USER          NAMESPACE",
                "*         prod      prod-cluster      https://prod.example.com:6443      prod-admin    monitoring",
                "          staging   staging-cluster   https://staging.example.com:6443   staging-dev");
    }

    @Test
    void neverPrintsTokens() throws Exception {
        run("--kubeconfig", fixture("two-contexts.yaml").toString());
        assertThat(out.toString()).doesNotContain("prod-secret-token").doesNotContain("staging-secret-token");
    }

    @Test
    void missingKubeconfigFileExitsWithOneAndSaysWhichFileOnStderr(@TempDir Path tmp) {
        Path missing = tmp.resolve("absent.yaml");

        int code = run("--kubeconfig", missing.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).containsExactly("error: Kubeconfig file " + missing
                + " does not exist. Check the path, set KUBECONFIG, or pass --kubeconfig.");
    }

    @Test
    void malformedKubeconfigExitsWithOneAndGivesTheLine() throws Exception {
        int code = run("--kubeconfig", fixture("malformed.yaml").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: Kubeconfig file ").contains("line 7");
    }
}
