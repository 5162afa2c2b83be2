package io.neurectomy.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.cli.ConsoleCommand;
import io.neurectomy.console.testing.Poll;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code sandbox} command through the command line the Launcher builds, with the Launcher's real sandbox. */
class SandboxCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine() {
        CommandLine cl = ConsoleCommand.commandLine(options -> { }, Launcher::startSandbox);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    @Test
    void printsAWorkingKubeconfigPathAndCleansUpWhenStopped() throws Exception {
        CommandLine cl = commandLine();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        // Interrupting the command's thread stops it the way the Ctrl+C hook does: the wait ends, the sandbox stops.
        Thread command = new Thread(() -> exit.complete(cl.execute("sandbox", "--empty")), "sandbox-command");
        command.start();

        Poll.until(Duration.ofSeconds(120), "kubeconfig line", () -> out.toString().contains("Press Ctrl+C"));
        String line = out.toString().lines().filter(l -> l.startsWith("kubeconfig: ")).findFirst().orElseThrow();
        Path kubeconfig = Path.of(line.substring("kubeconfig: ".length()));
        assertThat(kubeconfig).exists();
        assertThat(Files.readString(kubeconfig)).contains("current-context: monitoring-console-sandbox");
        assertThat(out.toString()).contains("(empty)");

        command.interrupt();

        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(kubeconfig).doesNotExist();
    }

    @Test
    void aNegativePropagationDelayIsAUsageError() {
        assertThat(commandLine().execute("sandbox", "--propagation-delay", "-PT1S"))
                .isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--propagation-delay must not be negative");
        assertThat(out.toString()).doesNotContain("kubeconfig");
    }

    @Test
    void aCommandLineWithoutASandboxSaysSoAndFails() {
        CommandLine cl = ConsoleCommand.commandLine(options -> { });
        cl.setErr(new PrintWriter(err, true));

        assertThat(cl.execute("sandbox")).isEqualTo(1);
        assertThat(err.toString()).contains("error: the embedded sandbox cluster is not available here");
    }
}
