package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthProbe;
import io.neurectomy.console.core.health.HealthProbes;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.ops.StatefulSetPods;
import io.neurectomy.console.core.runbook.RunbookCatalog;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.ServerProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook run pod-failure --yes} against the full sandbox (real Prometheus and Alertmanager processes): a
 * Prometheus replica whose process is held (SIGSTOP: it accepts connections and answers nothing) is found by the
 * health check, replaced by a new pod that is ready, the health checks of the scenario pass, and the timeline file
 * lists the steps with their outcomes.
 */
class RunbookPodFailureSandboxTest {
    /** Only catches hangs. */
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";

    private static HealthSandbox ground;
    private static SandboxCluster sandbox;

    @TempDir
    static Path dir;

    private final CommandLineRun cli = new CommandLineRun();

    @BeforeAll
    static void start() throws InterruptedException {
        System.setProperty("console.dataDir", dir.resolve("data").toString());
        ground = HealthSandbox.startHealthy(WAIT, RealServers.PROMETHEUS, RealServers.ALERTMANAGER);
        sandbox = ground.sandbox();
    }

    @AfterAll
    static void stop() {
        System.clearProperty("console.dataDir");
        if (ground != null) {
            ground.close();
        }
    }

    private static HealthReport check(HealthChecker checker) {
        try {
            return checker.check(ground.session());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Pod pod(String name) {
        return ground.admin().pods().inNamespace(NS).withName(name).get();
    }

    private static List<Finding> actionable(HealthReport report, String code, String subject) {
        return report.findings().stream().filter(f -> f.code().equals(code) && f.subject().equals(subject))
                .filter(Finding::actionable).toList();
    }

    @Test
    void aHungPrometheusReplicaIsReplacedAndTheRecoveryVerifiedAndRecorded() throws Exception {
        String before = pod("prometheus-1").getMetadata().getUid();
        ServerProcesses.signalPod(sandbox, NS, "prometheus-1", "STOP");
        Poll.until(WAIT, ground::check,
                r -> !actionable(r, "prometheus-ready", "prometheus-1").isEmpty(),
                "the health check seeing prometheus-1 hung");
        Path timeline = dir.resolve("incident/pod-failure.md");

        int code = cli.on(sandbox.kubeconfig(), "runbook", "run", "pod-failure", "--yes", "--timeline",
                timeline.toString(), "--timeout", "180");

        assertThat(code).as(cli.out() + cli.err()).isZero();
        Pod after = pod("prometheus-1");
        assertThat(after.getMetadata().getUid()).as("prometheus-1 is a new pod").isNotEqualTo(before);
        assertThat(StatefulSetPods.ready(after)).as("the new prometheus-1 is ready").isTrue();
        List<String> verification = RunbookCatalog.named("pod-failure").orElseThrow().verification();
        List<HealthProbe> probes = HealthProbes.all().stream().filter(p -> verification.contains(p.code())).toList();
        HealthReport report = check(new HealthChecker(probes, Duration.ofSeconds(5)));
        assertThat(report.counted()).filteredOn(Finding::actionable).as("the scenario's health checks").isEmpty();
        assertThat(cli.out()).contains("Timeline: " + timeline.toAbsolutePath());
        String md = Files.readString(timeline);
        assertThat(md).startsWith("# Incident timeline: Pod failure (pod-failure)")
                .contains("- Outcome: succeeded: Done: 3 of 3 steps done.")
                .containsPattern("\\| 1 \\| [0-9:]+ \\| [0-9:]+ \\| [0-9:]+ \\| detection \\| Detect: .* \\| done \\|"
                        + " .*prometheus-ready prometheus-1.* \\|")
                .containsPattern("\\| 2 \\| .* \\| automatic \\| Delete the stuck pods .* \\| done \\| replaced and"
                        + " ready: prometheus-1 \\|")
                .containsPattern("\\| 3 \\| .* \\| verification \\| Verify: .* \\| done \\| 5 probes pass: .* \\|")
                .contains("Detected: ");
    }
}
