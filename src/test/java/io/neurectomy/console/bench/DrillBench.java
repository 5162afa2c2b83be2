package io.neurectomy.console.bench;

import io.neurectomy.console.core.backup.store.S3Fixture;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.health.BackupSource;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.runbook.ClusterLossDrill;
import io.neurectomy.console.core.runbook.Drill;
import io.neurectomy.console.core.runbook.Redeploy;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Time to recovery of a drill on the full sandbox (real Prometheus and Alertmanager processes), over several rounds,
 * each on a stack the health check calls healthy, against the deployment guide's figure. The figure runs from the
 * fault to the passed verification. {@code node-failure}: the health check seeing the fault, the runbook's cordon,
 * the pods replaced elsewhere and ready, the node repaired, the verification. {@code storage-failure}: the health
 * check seeing the lost data, the newest archive found in the bucket (S3Proxy, in-process), downloaded with its
 * SHA-256 checked, verified and restored into the wiped replica, the verification; the archive's size is printed.
 * Run with {@code bench/drill.sh [scenario (node-failure)] [rounds (3)]}; results in {@code docs/performance.md}.
 */
public final class DrillBench {
    private static final Duration WAIT = Duration.ofSeconds(300);

    private DrillBench() {
    }

    /** A second, empty sandbox to recover onto (what the command line's sandbox starter gives the drill). */
    private static ClusterLossDrill.NewCluster secondSandbox() {
        SandboxCluster second = SandboxCluster.start(true);
        ClusterSession session = new ClusterConnector(Duration.ofSeconds(10)).connect(KubeconfigLoader.load(
                List.of(second.kubeconfig())), SandboxCluster.CONTEXT, "monitoring");
        return ClusterLossDrill.NewCluster.of(session, cipher -> new Redeploy(SandboxCluster.ENVIRONMENT,
                second.valuesFile(), cipher), "a second sandbox at " + second.url(), second::close);
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "node-failure";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Double> seconds = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        Path work = Files.createTempDirectory("drill-bench");
        try (S3Fixture s3 = new S3Fixture(work.resolve("s3"));
             SandboxCluster sandbox = SandboxCluster.start(false);
             ClusterSession session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                     KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, "monitoring")) {
            HealthChecker checker = HealthChecker.standard();
            for (int round = 0; round < rounds; round++) {
                Poll.until(WAIT, "the stack healthy", () -> {
                    try {
                        return checker.check(session).status() == HealthStatus.HEALTHY;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
                BackupSource store = BackupSource.of(work.resolve("backups-" + round), S3Settings.compatible(
                        S3Fixture.BUCKET, "round-" + round, s3.endpoint(), S3Fixture.KEYS));
                Operation<Drill.Report> drill = scenario.equals(ClusterLossDrill.SCENARIO)
                        ? new ClusterLossDrill(session, DrillBench::secondSandbox, store, checker, Clock.systemUTC(),
                        WAIT, Duration.ofSeconds(1))
                        : new Drill(session, scenario, null, checker, Clock.systemUTC(), WAIT, Duration.ofSeconds(1))
                        .withBackups(store);
                OperationResult<Drill.Report> r = drill.run(drill.plan(Cancellation.none()), ProgressListener.none(),
                        Cancellation.none());
                if (!r.succeeded()) {
                    throw new IllegalStateException("round " + (round + 1) + ": " + r.error());
                }
                double s = r.value().timeToRecovery().toMillis() / 1000.0;
                seconds.add(s);
                try (var files = Files.list(work.resolve("backups-" + round))) {
                    files.filter(f -> f.getFileName().toString().endsWith(".tar.gz")).forEach(f -> sizes.add(
                            f.toFile().length()));
                }
                System.out.printf(Locale.ROOT, "round %d of %d: %s, %.1f s, lost: %s%n", round + 1, rounds,
                        r.value().target(), s, r.value().lost().isEmpty() ? "nothing" : r.value().lost());
            }
        }
        Collections.sort(seconds);
        System.out.println();
        System.out.println("| drill | n | min | median | max | guide |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %s, time to recovery (s) | %d | %.1f | %.1f | %.1f | %d |%n", scenario,
                seconds.size(), seconds.get(0), seconds.get(seconds.size() / 2), seconds.get(seconds.size() - 1),
                Drill.TARGETS.getOrDefault(scenario, ClusterLossDrill.GUIDE).toSeconds());
        if (!sizes.isEmpty()) {
            System.out.println("archive sizes (bytes): " + sizes);
        }
    }
}
