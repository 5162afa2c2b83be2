package io.neurectomy.console.cli;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.ScaleOperation;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scale COMPONENT REPLICAS}: the {@link ScaleOperation}, as the window's Scale tab runs it. */
@Command(name = "scale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Changes the replica count of prometheus, alertmanager or grafana, keeps its disruption budget"
                + " allowing what it allows now, and verifies the result: every replica ready; for Alertmanager every"
                + " replica seeing as many peers as there are replicas, on one config; for Prometheus every replica's"
                + " config loaded and the new ones scraping.",
                "The plan shows the budget's change, whether the nodes and zones can keep the replicas apart, and"
                        + " for a scale-down the volumes that stay. They are deleted only with --delete-volumes and"
                        + " the component's name typed (or --yes).",
                "Without --yes it prints the plan and asks at a terminal (elsewhere it stops there).",
                "Exit codes: 0 done, 1 failed or declined, 2 usage, 130 cancelled."},
        footer = {"", "Examples:", "  monitoring-console scale alertmanager 5 --yes",
                "  monitoring-console scale prometheus 3", "  monitoring-console scale alertmanager 3"
                + " --delete-volumes"})
public final class ScaleCommand extends ClusterOperationCommand {
    @Parameters(index = "0", paramLabel = "COMPONENT", description = "prometheus, alertmanager or grafana")
    String component;

    @Parameters(index = "1", paramLabel = "REPLICAS", description = "the new replica count (1 to "
            + ScaleOperation.MAX_REPLICAS + ")")
    int replicas;

    @Option(names = "--delete-volumes", description = "On a scale-down, delete the removed replicas' volumes and"
            + " their data (asks for the component's name typed, or --yes).")
    boolean deleteVolumes;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long the replicas may take to be ready, and then to pass the health gate"
                    + " (default 600).")
    int timeoutSeconds;

    private StackComponent target() {
        return ReloadCommand.parse(() -> StackComponent.named(component).orElseThrow(() ->
                new IllegalArgumentException("unknown component '" + component
                        + "'; use prometheus, alertmanager or grafana")));
    }

    @Override
    void checkOptions() {
        target();
        if (replicas < 1 || replicas > ScaleOperation.MAX_REPLICAS) {
            throw new UsageException("REPLICAS must be from 1 to " + ScaleOperation.MAX_REPLICAS + ", not "
                    + replicas + " (to remove the stack, use destroy).");
        }
        if (timeoutSeconds < 1) {
            throw new UsageException("--timeout must be at least 1 second.");
        }
    }

    @Override
    int run(ClusterSession session, OperationRunner runner) {
        ScaleOperation scale = new ScaleOperation(session, target(), replicas, deleteVolumes,
                Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(1));
        return runner.run(scale, OperationRunner.ResultView.of(ScaleCommand::print, ScaleCommand::json));
    }

    private static void print(ScaleOperation.Result r, PrintWriter out) {
        out.println(r.workload() + ": " + r.from() + " → " + r.to() + " replicas; " + r.verified());
        if (!r.keptVolumes().isEmpty()) {
            out.println("Volumes kept with their data: " + String.join(", ", r.keptVolumes()));
        }
        if (!r.deletedVolumes().isEmpty()) {
            out.println("Volumes deleted: " + String.join(", ", r.deletedVolumes()));
        }
    }

    private static Object json(ScaleOperation.Result r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("workload", r.workload());
        doc.put("from", r.from());
        doc.put("to", r.to());
        doc.put("verified", r.verified());
        doc.put("keptVolumes", r.keptVolumes());
        doc.put("deletedVolumes", r.deletedVolumes());
        return doc;
    }
}
