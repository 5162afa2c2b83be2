package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code logs} in-process against the sandbox with real Prometheus processes. */
class LogsCommandTest {
    private static SandboxCluster sandbox;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false);
        try (var admin = sandbox.adminClient()) {
            Poll.until(Duration.ofSeconds(60), "prometheus-0 has written its startup lines", () -> {
                String log;
                try {
                    log = admin.pods().inNamespace("monitoring").withName("prometheus-0").tailingLines(200)
                            .getLog();
                } catch (RuntimeException e) {
                    return false;
                }
                return log != null && log.contains("Starting Prometheus");
            });
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
    void theTailOfAPodPrintsItsLinesAndExitsZero() {
        int code = run("logs", "prometheus-0", "--tail", "200");
        assertThat(code).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("Starting Prometheus").contains("level=info");
        assertThat(out.toString().lines().count()).isBetween(1L, 200L);
        assertThat(err.toString()).doesNotContain("error");
    }

    @Test
    void anUnknownPodExitsOneWithAClearMessage() {
        int code = run("logs", "no-such-pod");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("no-such-pod").contains("does not exist").contains("monitoring");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aTailBelowOneIsAUsageError() {
        assertThat(run("logs", "prometheus-0", "--tail", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--tail");
    }
}
