package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code logs} in-process against the sandbox with real Prometheus processes. */
class LogsCommandTest {
    private static SandboxCluster sandbox;

    private final CommandLineRun cli = new CommandLineRun();

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
        return cli.on(sandbox.kubeconfig(), args);
    }

    @Test
    void theTailOfAPodPrintsItsLinesAndExitsZero() {
        int code = run("logs", "prometheus-0", "--tail", "200");
        assertThat(code).as(cli.err()).isEqualTo(0);
        assertThat(cli.out()).contains("Starting Prometheus").contains("level=info");
        assertThat(cli.out().lines().count()).isBetween(1L, 200L);
        assertThat(cli.err()).doesNotContain("error");
    }

    @Test
    void anUnknownPodExitsOneWithAClearMessage() {
        int code = run("logs", "no-such-pod");
        assertThat(code).isEqualTo(1);
        assertThat(cli.err()).contains("no-such-pod").contains("does not exist").contains("monitoring");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void aTailBelowOneIsAUsageError() {
        assertThat(run("logs", "prometheus-0", "--tail", "0")).isEqualTo(2);
        assertThat(cli.err()).contains("--tail");
    }
}
