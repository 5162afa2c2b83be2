package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConsoleCommandTest {
    private final List<ConsoleCommand.GuiOptions> windowsOpened = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ConsoleCommand.commandLine(windowsOpened::add);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void noArgumentsOpensTheWindow() {
        assertThat(run()).isZero();
        assertThat(windowsOpened).containsExactly(new ConsoleCommand.GuiOptions(null, null, null, false));
    }

    @Test
    void windowOptionsArePassedOn() {
        assertThat(run("--kubeconfig", "/tmp/kc.yaml", "--context", "prod", "-n", "obs")).isZero();
        assertThat(windowsOpened).containsExactly(
                new ConsoleCommand.GuiOptions(Path.of("/tmp/kc.yaml"), "prod", "obs", false));
    }

    @Test
    void sandboxFlagAsksForTheSandboxWindow() {
        assertThat(run("--sandbox")).isZero();
        assertThat(windowsOpened).containsExactly(new ConsoleCommand.GuiOptions(null, null, null, true));
    }

    @Test
    void windowOnlyArgumentsAreReadAsTheFullCommandLineReadsThem() {
        String[][] windowArgs = {
            {},
            {"--sandbox"},
            {"--kubeconfig", "/tmp/kc.yaml"},
            {"--kubeconfig=/tmp/kc.yaml", "--context=prod", "--namespace=obs"},
            {"--kubeconfig", "/tmp/kc.yaml", "--context", "prod", "-n", "obs"},
            {"-n", "obs", "--sandbox", "--context", "staging"},
        };
        for (String[] args : windowArgs) {
            windowsOpened.clear();
            assertThat(run(args)).as(String.join(" ", args)).isZero();
            assertThat(ConsoleCommand.windowOnly(args)).as(String.join(" ", args))
                    .contains(windowsOpened.get(0));
        }
    }

    @Test
    void anythingButWindowOptionsIsLeftToTheFullCommandLine() {
        String[][] otherArgs = {
            {"contexts"},
            {"--help"},
            {"--version"},
            {"--kubeconfig"},
            {"--kubeconfig", "--sandbox"},
            {"--kubeconfig="},
            {"--context", "a", "--context", "b"},
            {"--sandbox", "--sandbox"},
            {"--no-such-option"},
            {"--kubeconfig", "/tmp/kc.yaml", "contexts"},
            {"-n=obs"},
        };
        for (String[] args : otherArgs) {
            assertThat(ConsoleCommand.windowOnly(args)).as(String.join(" ", args)).isEmpty();
        }
    }

    @Test
    void versionPrintsTheVersionWithoutOpeningTheWindow() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("monitoring-console ")
                .as("names the Java it runs on").contains("Java " + System.getProperty("java.version"));
        assertThat(windowsOpened).isEmpty();
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitCodeTwo() {
        assertThat(run("--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'").contains("Usage:");
        assertThat(windowsOpened).isEmpty();
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(windowsOpened).isEmpty();
    }

    @Test
    void helpListsTheContextsCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("contexts");
    }
}
