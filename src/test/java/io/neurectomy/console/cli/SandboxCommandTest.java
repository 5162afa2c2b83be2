package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.testing.Poll;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SandboxCommandTest {

    @Test
    void printsAWorkingKubeconfigPathAndCleansUpWhenStopped() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new SandboxCommand(stop));
        cl.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("--empty"));

        Poll.until(Duration.ofSeconds(20), "kubeconfig line", () -> out.toString().contains("Press Ctrl+C"));
        String line = out.toString().lines().filter(l -> l.startsWith("kubeconfig: ")).findFirst().orElseThrow();
        Path kubeconfig = Path.of(line.substring("kubeconfig: ".length()));
        assertThat(kubeconfig).exists();
        assertThat(Files.readString(kubeconfig)).contains("current-context: monitoring-console-sandbox");
        assertThat(out.toString()).contains("(empty)");

        stop.countDown();

        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(kubeconfig).doesNotExist();
    }

    @Test
    void aNegativePropagationDelayIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SandboxCommand(new CountDownLatch(1)));
        cl.setErr(new PrintWriter(err, true));

        assertThat(cl.execute("--propagation-delay", "-PT1S")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--propagation-delay must not be negative");
    }
}
