package io.neurectomy.console.bench;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.runbook.Drill;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Time to recovery of {@code drill node-failure} on the full sandbox (real Prometheus and Alertmanager processes),
 * over several rounds, each on a stack the health check calls healthy, against the deployment guide's 5 minutes.
 * The figure runs from the fault to the passed verification: the health check seeing the fault, the runbook's
 * cordon, the pods replaced elsewhere and ready, the node repaired, the verification. Run with
 * {@code bench/drill.sh [rounds (3)]}; results in {@code docs/performance.md}.
 */
public final class DrillBench {
    private static final Duration WAIT = Duration.ofSeconds(300);

    private DrillBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Double> seconds = new ArrayList<>();
        try (SandboxCluster sandbox = SandboxCluster.start(false);
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
                Drill drill = new Drill(session, "node-failure", null, checker, Clock.systemUTC(), WAIT,
                        Duration.ofSeconds(1));
                OperationResult<Drill.Report> r = drill.run(drill.plan(Cancellation.none()), ProgressListener.none(),
                        Cancellation.none());
                if (!r.succeeded()) {
                    throw new IllegalStateException("round " + (round + 1) + ": " + r.error());
                }
                double s = r.value().timeToRecovery().toMillis() / 1000.0;
                seconds.add(s);
                System.out.printf(Locale.ROOT, "round %d of %d: %s, %.1f s, lost: %s%n", round + 1, rounds,
                        r.value().target(), s, r.value().lost().isEmpty() ? "nothing" : r.value().lost());
            }
        }
        Collections.sort(seconds);
        System.out.println();
        System.out.println("| drill | n | min | median | max | guide |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| node-failure, time to recovery (s) | %d | %.1f | %.1f | %.1f | 300 |%n",
                seconds.size(), seconds.get(0), seconds.get(seconds.size() / 2), seconds.get(seconds.size() - 1));
    }
}
