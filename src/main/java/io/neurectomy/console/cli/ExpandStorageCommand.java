package io.neurectomy.console.cli;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.ExpandStorageOperation;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code expand-storage COMPONENT SIZE}: the {@link ExpandStorageOperation}, as the window's Storage tab runs it. */
@Command(name = "expand-storage", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Grows the volumes of prometheus or alertmanager: checks that their StorageClass allows"
                + " expansion, sets each volume claim to SIZE and waits until it has grown, then re-creates the"
                + " StatefulSet without deleting its pods (so replicas added later get SIZE too) and verifies that"
                + " the same pods run on. Prometheus's retention size keeps its share of the volume"
                + " (--retention-size sets it), and its replicas then restart one at a time to read it.",
                "A smaller SIZE, or a StorageClass without allowVolumeExpansion, is refused before anything"
                        + " changes.",
                "Without --yes it prints the plan and asks at a terminal (elsewhere it stops there).",
                "Exit codes: 0 done, 1 failed, refused or declined, 2 usage, 130 cancelled."},
        footer = {"", "Examples:", "  monitoring-console expand-storage prometheus 300Gi",
                "  monitoring-console expand-storage prometheus 300Gi --retention-size 250GB --yes",
                "  monitoring-console expand-storage alertmanager 20Gi"})
public final class ExpandStorageCommand extends ClusterOperationCommand {
    @Parameters(index = "0", paramLabel = "COMPONENT", description = "prometheus or alertmanager")
    String component;

    @Parameters(index = "1", paramLabel = "SIZE", description = "the new size of each volume (300Gi, 1Ti)")
    String size;

    @Option(names = "--retention-size", paramLabel = "SIZE", description = "Prometheus only: the new"
            + " --storage.tsdb.retention.size (240GB; powers of 2). Default: the same share of the volume as now.")
    String retentionSize;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long each wait may take: the resizes, the adoption, the restarts, the health gate"
                    + " (default 600).")
    int timeoutSeconds;

    private StackComponent target() {
        StackComponent c = ReloadCommand.parse(() -> StackComponent.named(component).orElseThrow(() ->
                new IllegalArgumentException("unknown component '" + component + "'; use prometheus or"
                        + " alertmanager")));
        if (!c.stateful()) {
            throw new UsageException(c.title() + " keeps no data on volumes of its own; use prometheus or"
                    + " alertmanager.");
        }
        return c;
    }

    @Override
    void checkOptions() {
        target();
        ReloadCommand.parse(() -> ExpandStorageOperation.size(size));
        if (timeoutSeconds < 1) {
            throw new UsageException("--timeout must be at least 1 second.");
        }
    }

    @Override
    int run(ClusterSession session, OperationRunner runner) {
        ExpandStorageOperation expand = ReloadCommand.parse(() -> new ExpandStorageOperation(session, target(),
                size, retentionSize, Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(1)));
        return runner.run(expand, OperationRunner.ResultView.of(ExpandStorageCommand::print,
                ExpandStorageCommand::json));
    }

    private static void print(ExpandStorageOperation.Result r, PrintWriter out) {
        out.println(r.workload() + ": volumes " + r.from() + " → " + r.to() + "; " + r.verified());
        if (!r.claims().isEmpty()) {
            out.println("Grown: " + String.join(", ", r.claims()));
        }
        if (!r.retention().isEmpty()) {
            out.println("Retention size: " + r.retention());
        }
        if (!r.podsKept().isEmpty()) {
            out.println("Pods that ran on, unchanged: " + String.join(", ", r.podsKept()));
        }
    }

    private static Object json(ExpandStorageOperation.Result r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("workload", r.workload());
        doc.put("from", r.from());
        doc.put("to", r.to());
        doc.put("claims", r.claims());
        doc.put("retention", r.retention());
        doc.put("podsKept", r.podsKept());
        doc.put("verified", r.verified());
        return doc;
    }
}
