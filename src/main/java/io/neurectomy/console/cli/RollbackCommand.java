package io.neurectomy.console.cli;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.RollbackOperation;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rollback COMPONENT}: the {@link RollbackOperation}, as the window's Upgrade tab runs it. */
@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Returns prometheus, alertmanager or grafana to its previous revision (what kubectl rollout"
                + " undo restores) with the upgrade's rollout: one replica at a time from the highest ordinal, each"
                + " passing the health gate; a replica stuck on the version being left is deleted so that it comes"
                + " back.",
                "Without --yes it prints the plan and asks at a terminal (elsewhere it stops there).",
                "Exit codes: 0 done, 1 failed or declined, 2 usage, 130 cancelled."},
        footer = {"", "Examples:", "  monitoring-console rollback prometheus --yes"})
public final class RollbackCommand extends ClusterOperationCommand {
    @Parameters(index = "0", paramLabel = "COMPONENT", description = "prometheus, alertmanager or grafana")
    String component;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long each replica may take to run the previous version and be ready, and then to"
                    + " pass the health gate (default 600).")
    int timeoutSeconds;

    @Override
    void checkOptions() {
        UpgradeCommand.component(component);
        if (timeoutSeconds < 1) {
            throw new UsageException("--timeout must be at least 1 second.");
        }
    }

    @Override
    int run(ClusterSession session, OperationRunner runner) {
        RollbackOperation rollback = new RollbackOperation(session, UpgradeCommand.component(component),
                Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(1));
        return runner.run(rollback, OperationRunner.ResultView.of(UpgradeCommand::print, UpgradeCommand::json));
    }
}
