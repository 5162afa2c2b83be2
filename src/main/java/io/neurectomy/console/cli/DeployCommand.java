package io.neurectomy.console.cli;

import io.neurectomy.console.cli.OperationRunner.ResultView;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.deploy.DeployOperation;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deploy ENV}: the seed's {@code deploy-monitoring.sh deploy}, run as a {@link DeployOperation}. Prints the
 * plan (create / update / unchanged per object, a diff for each update); with {@code --yes} (or a "yes" typed at a
 * terminal) applies it in dependency order, waits for the rollouts and prints the health summary. Running it again
 * on a deployed stack changes nothing (and still waits for the rollouts and prints the health).
 *
 * <p>Exit codes: 0 applied and every replica ready (or only the plan printed), 1 a failure or rollouts not ready
 * by the deadline, 2 usage, 130 cancelled.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deploys (or updates) the bundled stack for an environment. Prints the plan first; without"
                + " --yes it stops there (at a terminal it asks). Secrets (Grafana admin password and secret key,"
                + " Slack webhook, PagerDuty key, basic-auth htpasswd) come from your values file."},
        footer = {"", "Examples:", "  monitoring-console deploy staging --values my-values.yaml",
                "  monitoring-console deploy production --values prod.yaml --yes",
                "  monitoring-console deploy production --values prod.yaml --yes --output json"})
public final class DeployCommand extends ClusterOperationCommand {
    @Mixin
    StackOptions stack;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "How long to wait for the rollouts (ISO-8601, default PT10M).")
    Duration timeout;

    @Override
    void checkOptions() {
        StackOptions.requireStackNamespace(cluster, "deploy");
    }

    @Override
    int run(ClusterSession session, OperationRunner runner) {
        DeployOperation deploy = new DeployOperation(session, stack.bundled(), timeout);
        return runner.run(deploy, ResultView.of((report, out) -> out.print(report.describe()), report -> report));
    }
}
