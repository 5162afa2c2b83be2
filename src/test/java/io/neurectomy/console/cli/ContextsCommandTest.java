package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ContextsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        // Through the console's command line: its handler turns what the command throws into "error:" and exit 1.
        CommandLine cli = ConsoleCommand.commandLine(gui -> { });
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] withCommand = new String[args.length + 1];
        withCommand[0] = "contexts";
        System.arraycopy(args, 0, withCommand, 1, args.length);
        return cli.execute(withCommand);
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
    void outputJsonListsTheFilesReadAndEveryContextWithoutTokens() throws Exception {
        Path file = fixture("two-contexts.yaml");

        int code = run("--kubeconfig", file.toString(), "--output", "json");

        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        JsonNode doc = JsonMapper.builder().build().readTree(out.toString());
        assertThat(doc.get("files").get(0).asString()).isEqualTo(file.toString());
        JsonNode contexts = doc.get("contexts");
        assertThat(contexts).hasSize(2);
        assertThat(contexts.get(0).get("name").asString()).isEqualTo("prod");
        assertThat(contexts.get(0).get("current").asBoolean()).isTrue();
        assertThat(contexts.get(0).get("server").asString()).isEqualTo("https://prod.example.com:6443");
        assertThat(contexts.get(0).get("namespace").asString()).isEqualTo("monitoring");
        assertThat(contexts.get(1).get("name").asString()).isEqualTo("staging");
        assertThat(contexts.get(1).get("current").asBoolean()).isFalse();
        assertThat(contexts.get(1).get("user").asString()).isEqualTo("staging-dev");
        assertThat(out.toString()).doesNotContain("secret-token");
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
