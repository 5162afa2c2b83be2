package io.neurectomy.console.cli;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.ResizeOperation;
import io.neurectomy.console.core.ops.ResourceRequest;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code resize COMPONENT}: the {@link ResizeOperation}, as the window's Resources tab runs it. */
@Command(name = "resize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sets the CPU and memory requests and limits of prometheus, alertmanager or grafana: the"
                + " deployment guide's defaults, its High load or Ultra high load sizes (--preset), or custom values"
                + " (--cpu, --memory). The replicas are then replaced one at a time and the health gate checked.",
                "The plan shows the change per container and whether the nodes can hold every replica at the new"
                        + " requests (allocatable minus what the other pods there request). When they cannot, it"
                        + " stops before changing anything, unless --force.",
                "Without --yes it prints the plan and asks at a terminal (elsewhere it stops there).",
                "Exit codes: 0 done, 1 failed, refused for want of room, or declined, 2 usage, 130 cancelled."},
        footer = {"", "Examples:", "  monitoring-console resize prometheus --preset high",
                "  monitoring-console resize alertmanager --cpu 500m:1 --memory 1Gi:2Gi --yes",
                "  monitoring-console resize grafana --memory 3Gi"})
public final class ResizeCommand extends ClusterOperationCommand {
    @Parameters(index = "0", paramLabel = "COMPONENT", description = "prometheus, alertmanager or grafana")
    String component;

    @Option(names = "--preset", paramLabel = "PRESET", description = "default, high or ultra: the deployment"
            + " guide's sizes (high and ultra ask for its figure as both request and limit).")
    String preset;

    @Option(names = "--cpu", paramLabel = "REQ[:LIMIT]", description = "CPU request and limit in cores (2, 1.5,"
            + " 500m); a limit left out stays as it is.")
    String cpu;

    @Option(names = "--memory", paramLabel = "REQ[:LIMIT]", description = "Memory request and limit (8Gi, 512Mi);"
            + " a limit left out stays as it is.")
    String memory;

    @Option(names = "--force", description = "Resize even when the nodes cannot hold every replica at the new"
            + " requests (those without room stay Pending).")
    boolean force;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long the rollout may take, and then the health gate (default 600).")
    int timeoutSeconds;

    private StackComponent target() {
        return ReloadCommand.parse(() -> StackComponent.named(component).orElseThrow(() ->
                new IllegalArgumentException("unknown component '" + component
                        + "'; use prometheus, alertmanager or grafana")));
    }

    private ResourceRequest wanted() {
        boolean custom = cpu != null || memory != null;
        if (preset != null && custom) {
            throw new UsageException("Give either --preset or --cpu/--memory, not both.");
        }
        if (preset == null && !custom) {
            throw new UsageException("Give --preset default|high|ultra, or --cpu REQ[:LIMIT] and/or --memory"
                    + " REQ[:LIMIT].");
        }
        if (preset != null) {
            ResourceRequest.Preset p = ResourceRequest.Preset.named(preset).orElseThrow(() ->
                    new UsageException("unknown preset '" + preset + "'; use default, high or ultra"));
            return p.of(target());
        }
        return ReloadCommand.parse(() -> ResourceRequest.custom(cpu, memory));
    }

    @Override
    void checkOptions() {
        target();
        wanted();
        if (timeoutSeconds < 1) {
            throw new UsageException("--timeout must be at least 1 second.");
        }
    }

    @Override
    int run(ClusterSession session, OperationRunner runner) {
        ResizeOperation resize = new ResizeOperation(session, target(), wanted(), force,
                Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(1));
        return runner.run(resize, OperationRunner.ResultView.of(ResizeCommand::print, ResizeCommand::json));
    }

    private static void print(ResizeOperation.Result r, PrintWriter out) {
        out.println(r.workload() + " container " + r.container() + ": " + r.before() + " → " + r.after()
                + " (request/limit), " + r.replicas() + " replicas; " + r.verified());
        if (r.forced()) {
            out.println("The room check was overridden (--force).");
        }
    }

    private static Object json(ResizeOperation.Result r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("workload", r.workload());
        doc.put("container", r.container());
        doc.put("before", r.before());
        doc.put("after", r.after());
        doc.put("replicas", r.replicas());
        doc.put("forced", r.forced());
        doc.put("verified", r.verified());
        return doc;
    }
}
