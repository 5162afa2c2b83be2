package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.endpoints.AlertmanagerApi;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code drill cluster-loss} on the full sandbox: the drill archives the stack (with a silence), starts a second,
 * empty sandbox through the command line's sandbox starter (the Launcher's door), and the cluster-loss runbook
 * rebuilds the stack there. An outside observer sees that the second sandbox was started and stopped again, that it
 * held the stack's workloads while the drill ran, and that the lost sandbox was left with its stack; the report says
 * nothing was lost, the samples of every Prometheus replica were compared, and gives the time to recovery against
 * the guide's 15 minutes.
 */
class ClusterLossDrillSandboxTest {
    /** Only catches hangs. */
    private static final Duration WAIT = Duration.ofSeconds(600);

    @TempDir
    static Path dir;

    private static HealthSandbox ground;

    @BeforeAll
    static void start() throws InterruptedException {
        System.setProperty("console.dataDir", dir.resolve("data").toString());
        ground = HealthSandbox.startHealthy(WAIT, RealServers.PROMETHEUS, RealServers.ALERTMANAGER);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("console.dataDir");
        if (ground != null) {
            ground.close();
        }
    }

    @Test
    void theDrillRebuildsTheStackOnASecondSandboxAndLosesNothing() throws Exception {
        new AlertmanagerApi(ground.session(), Duration.ofSeconds(10)).silence(List.of(AlertmanagerApi.matcher(
                "alertname", "Watchdog")), Duration.ofHours(2), "drill", "kept across the loss");
        List<SandboxCluster> started = new CopyOnWriteArrayList<>();
        List<Integer> workloadsWhileRunning = new CopyOnWriteArrayList<>();
        CommandLineRun cli = new CommandLineRun((empty, delay) -> {
            assertThat(empty).as("the cluster recovered onto starts empty").isTrue();
            SandboxCluster second = SandboxCluster.start(true, SandboxCluster.Options.defaults()
                    .withPropagationDelay(delay));
            started.add(second);
            return new SandboxCommand.Running(second.url(), second.kubeconfig(), () -> {
                // what the new cluster held when the drill let it go
                workloadsWhileRunning.add(second.adminClient().apps().statefulSets().inNamespace(HealthSandbox.NS)
                        .list().getItems().size());
                second.close();
            }, SandboxCluster.ENVIRONMENT, second.valuesFile());
        });

        int code = cli.on(ground.sandbox().kubeconfig(), "drill", "cluster-loss", "--yes", "--output", "json",
                "--timeout", "600", "--timeline", dir.resolve("cluster-loss.md").toString());

        JsonNode doc = new ObjectMapper().readTree(cli.out());
        assertThat(doc.path("status").asString()).as(cli.out() + cli.err()).isEqualTo("succeeded");
        JsonNode report = doc.path("value");
        assertThat(code).as(cli.err()).isEqualTo(report.path("withinGuide").asBoolean() ? 0 : 1);
        assertThat(report.path("lost").size()).as(report.toString()).isZero();
        assertThat(report.path("guideSeconds").asLong()).isEqualTo(900);
        assertThat(report.path("timeToRecoverySeconds").asDouble()).isPositive();
        List<String> compared = new ArrayList<>();
        report.path("compared").forEach(n -> compared.add(n.asString()));
        assertThat(compared).anyMatch(l -> l.startsWith("ConfigMaps: ") && !l.startsWith("ConfigMaps: 0 of"))
                .anyMatch(l -> l.startsWith("Secrets: ") && !l.startsWith("Secrets: 0 of"))
                .anyMatch(l -> l.startsWith("silences: 1 active before, 1 of them active"))
                .anyMatch(l -> l.contains("identical on prometheus-0")).anyMatch(l -> l.contains("identical on"
                        + " prometheus-1"));

        // The second sandbox was started once, held the stack's StatefulSets, and is gone; the first kept its stack
        assertThat(started).hasSize(1);
        assertThat(workloadsWhileRunning).containsExactly(2);
        assertThat(Files.exists(started.get(0).kubeconfig())).isFalse();
        assertThat(ground.admin().apps().statefulSets().inNamespace(HealthSandbox.NS).list().getItems()).hasSize(2);
        assertThat(Files.readString(dir.resolve("cluster-loss.md"))).startsWith("# Incident timeline: Complete"
                + " cluster loss");
    }
}
