package io.neurectomy.console.cli;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.BlueGreenOperation;
import io.neurectomy.console.core.ops.UpgradeOperation;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code upgrade COMPONENT VERSION}: the {@link UpgradeOperation}, as the window's Upgrade tab runs it. */
@Command(name = "upgrade", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Moves prometheus, alertmanager or grafana to another image tag, one replica at a time"
                + " (highest ordinal first, held by the StatefulSet's partition; Grafana by its Deployment's rolling"
                + " update), each replica passing the health gate before the next.",
                "First a backup of the configs and the component's data (TSDB, silences) unless --no-backup. The plan"
                        + " warns about a tag outside the versions known to work with the stack, and lists the flags"
                        + " and config fields the new version removed or renamed (then it asks for the component's"
                        + " name typed, or --yes).",
                "On a failure or Ctrl+C it stops, returns every replica to the previous revision (deleting those"
                        + " stuck on the new one), verifies the old version is healthy, says which replica ran which"
                        + " version and exits non-zero.",
                "Without --yes it prints the plan and asks at a terminal (elsewhere it stops there).",
                "Exit codes: 0 done, 1 failed (rolled back) or declined, 2 usage, 130 cancelled (rolled back)."},
        footer = {"", "Examples:", "  monitoring-console upgrade prometheus v2.55.1 --yes",
                "  monitoring-console upgrade prometheus v2.55.1 --strategy blue-green --seed-tsdb --yes",
                "  monitoring-console upgrade alertmanager v0.28.1 --no-backup",
                "  monitoring-console rollback prometheus --yes"})
public final class UpgradeCommand extends ClusterOperationCommand {
    @Parameters(index = "0", paramLabel = "COMPONENT", description = "prometheus, alertmanager or grafana")
    String component;

    @Parameters(index = "1", paramLabel = "VERSION", description = "the image tag to move to: one known to work"
            + " with the stack, or another with a warning")
    String version;

    @Option(names = "--strategy", paramLabel = "rolling|blue-green", defaultValue = "rolling",
            description = "rolling (default): one replica at a time in place.")
    String strategy;

    @Option(names = "--seed-tsdb", description = "With --strategy blue-green: seed the new side's TSDB from a"
            + " snapshot of the old side's (each new replica restarts once to load it).")
    boolean seedTsdb;

    @Option(names = "--no-backup", description = "Upgrade without a backup first.")
    boolean noBackup;

    @Option(names = "--dir", paramLabel = "DIR", description = "Backups directory the archive goes into (default:"
            + " the console's backups directory).")
    Path dir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long each replica may take to run the new version and be ready, and then to pass"
                    + " the health gate (default 600).")
    int timeoutSeconds;

    static StackComponent component(String name) {
        return ReloadCommand.parse(() -> StackComponent.named(name).orElseThrow(() ->
                new IllegalArgumentException("unknown component '" + name
                        + "'; use prometheus, alertmanager or grafana")));
    }

    @Override
    void checkOptions() {
        StackComponent target = component(component);
        switch (strategy.toLowerCase(Locale.ROOT)) {
            case "rolling" -> { }
            case "blue-green" -> {
                if (target != StackComponent.PROMETHEUS) {
                    throw new UsageException("--strategy blue-green is for prometheus only; upgrade " + target.id()
                            + " in place (--strategy rolling).");
                }
                if (dir != null) {
                    throw new UsageException("--strategy blue-green takes no backup (the old StatefulSet and its"
                            + " volumes stay as they are until you remove them): leave out --dir.");
                }
            }
            default -> throw new UsageException("--strategy must be rolling or blue-green, not '" + strategy + "'.");
        }
        if (seedTsdb && !blueGreen()) {
            throw new UsageException("--seed-tsdb is for --strategy blue-green only: an upgrade in place keeps the"
                    + " TSDB.");
        }
        if (noBackup && dir != null) {
            throw new UsageException("--no-backup takes no backup: leave out --dir.");
        }
        if (timeoutSeconds < 1) {
            throw new UsageException("--timeout must be at least 1 second.");
        }
        ReloadCommand.parse(() -> UpgradeOperation.checkedTag(target, version));
        if (blueGreen()) {
            ReloadCommand.parse(() -> BlueGreenOperation.checkedVersion(version));
        }
    }

    private boolean blueGreen() {
        return "blue-green".equalsIgnoreCase(strategy);
    }

    @Override
    int run(ClusterSession session, OperationRunner runner) {
        if (blueGreen()) {
            BlueGreenOperation blueGreen = new BlueGreenOperation(session, version,
                    Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(1), seedTsdb);
            return runner.run(blueGreen, OperationRunner.ResultView.of(UpgradeCommand::printBlueGreen, r -> r));
        }
        Path backups = noBackup ? null : dir != null ? dir : BackupDirectory.defaultDir(AppDirs.current());
        UpgradeOperation upgrade = new UpgradeOperation(session, component(component), version, backups,
                Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(1));
        return runner.run(upgrade, OperationRunner.ResultView.of(UpgradeCommand::print, UpgradeCommand::json));
    }

    static void print(UpgradeOperation.Result r, PrintWriter out) {
        out.println(r.workload() + ": " + r.from() + " → " + r.to() + "; " + r.verified());
        out.println("Replicas: " + String.join(", ", r.replicas()));
        if (r.backup() != null) {
            out.println("Backup: " + r.backup());
        }
    }

    static void printBlueGreen(BlueGreenOperation.Result r, PrintWriter out) {
        out.println(String.join(", ", r.services()) + ": " + r.old() + " (" + r.from() + ") → " + r.created() + " ("
                + r.to() + ")");
        r.comparison().forEach(out::println);
        for (BlueGreenOperation.Seeded s : r.seeded()) {
            out.println("Seeded " + s.replica() + ": " + s.blocks().size() + " blocks, " + s.bytes() + " bytes");
        }
        out.println(r.old() + " keeps running: monitoring-console blue-green switch-back returns to it,"
                + " monitoring-console blue-green remove-old removes it.");
    }

    static Object json(UpgradeOperation.Result r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("workload", r.workload());
        doc.put("from", r.from());
        doc.put("to", r.to());
        doc.put("replicas", r.replicas());
        doc.put("backup", r.backup() == null ? null : r.backup().toString());
        doc.put("verified", r.verified());
        return doc;
    }
}
