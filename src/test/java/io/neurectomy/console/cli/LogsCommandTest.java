package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code logs} in-process against the sandbox with real Prometheus processes. */
class LogsCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
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

    private static long loads(String log) {
        return log.lines().filter(l -> l.contains("Completed loading of configuration file")).count();
    }

    @Test
    void followPrintsLinesTheProcessWritesAfterTheFollowBegan() throws Exception {
        KubernetesClient admin = sandbox.adminClient();
        long before = loads(admin.pods().inNamespace("monitoring").withName("prometheus-0").getLog());
        assertThat(before).as("configuration loads in the log so far").isPositive();
        AtomicInteger code = new AtomicInteger(-1);
        Thread follow = new Thread(() -> code.set(run("logs", "prometheus-0", "--follow", "--tail", "1000")),
                "logs-follow-test");
        follow.start();
        try {
            Poll.until(WAIT, "the log so far printed", () -> loads(cli.out()) == before);
            // A reload makes the process write a new "Completed loading" line, after the follow began.
            try (LocalPortForward forward = admin.pods().inNamespace("monitoring").withName("prometheus-0")
                    .portForward(9090)) {
                HttpResponse<Void> reload = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + forward.getLocalPort() + "/-/reload")).POST(
                        HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(reload.statusCode()).isEqualTo(200);
            }
            Poll.until(WAIT, "the reload's line printed by the running follow", () -> loads(cli.out()) == before + 1);
            assertThat(follow.isAlive()).as("still following").isTrue();
        } finally {
            follow.interrupt();
            follow.join(WAIT.toMillis());
            admin.close();
        }
        assertThat(follow.isAlive()).as("the follow ends when interrupted").isFalse();
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
