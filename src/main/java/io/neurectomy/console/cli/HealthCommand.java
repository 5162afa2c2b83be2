package io.neurectomy.console.cli;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.ConnectionException;
import io.neurectomy.console.core.health.Acknowledgements;
import io.neurectomy.console.core.health.BackupSource;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.settings.ConsoleSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code health}: the deployment guide's {@code health-check.sh [verbose]}. Runs every health probe over the stack
 * and prints the findings grouped by component, as JSON, or as a JUnit report for a CI pipeline.
 *
 * <p>Exit codes: 0 healthy, 1 warnings only, 3 critical (an ERROR or CRITICAL finding), 4 could not check (the
 * cluster or the namespace could not be read), 2 usage. Acknowledged findings ({@code health ack}) do not count.
 */
@Command(name = "health", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {HealthAckCommands.Ack.class, HealthAckCommands.Unack.class},
        description = {"Checks the monitoring stack: workloads and pods, each Prometheus replica (readiness, config"
                + " reload, targets, service discovery, rules, TSDB, Alertmanagers), the Alertmanager cluster and"
                + " its notifications, Grafana, and the age of the newest backup. A check that cannot run says"
                + " UNKNOWN and why. Acknowledged findings are shown as such and do not count.",
                "Exit codes: 0 healthy, 1 warnings only, 3 critical, 4 could not check, 2 usage."},
        footer = {"", "Examples:", "  monitoring-console health", "  monitoring-console health --verbose",
                "  monitoring-console health --output junit > health.xml",
                "  monitoring-console health ack workload-replicas alertmanager --reason \"single zone\" --expires 30d",
                "  monitoring-console health ack --list", "  monitoring-console health unack workload-replicas"
                        + " alertmanager"})
public final class HealthCommand implements Callable<Integer> {
    /** How long the first listing of the namespace may take before the stack counts as not checked. */
    private static final Duration SYNC_LIMIT = Duration.ofSeconds(20);

    @Option(names = {"-v", "--verbose"}, description = "Print every check's findings with their evidence and the"
            + " guide's equivalent command, not only what needs attention.")
    boolean verbose;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json (one document on stdout), or junit (a JUnit XML report: one test"
                    + " case per check).")
    String output;

    @Option(names = "--backups-dir", paramLabel = "DIR", description = "Backups directory whose newest archive"
            + " the Backups check measures (default: the one the Backups section and the backup command use).")
    Path backupsDir;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String format = HealthOutput.format(output);
        HealthReport report;
        try (ClusterSession session = cluster.connect()) {
            HealthChecker.awaitSync(session, SYNC_LIMIT);
            report = HealthChecker.standard().withBackups(backups())
                    .withAcknowledgements(Acknowledgements.of(AppDirs.current())).check(session);
        } catch (ConnectionException e) {
            report = new HealthReport(Instant.now(), "", cluster.namespace(), List.of(), Duration.ZERO,
                    e.getMessage());
        }
        return HealthOutput.print(report, format, verbose, "Health of " + report.namespace(),
                spec.commandLine().getOut());
    }

    /** Where the backups live: the remembered settings (as the Backups section), or {@code --backups-dir}. */
    private BackupSource backups() {
        BackupSource remembered = BackupSource.fromSettings(ConsoleSettings.load(), AppDirs.current(),
                System.getenv());
        return backupsDir == null ? remembered : BackupSource.of(backupsDir, remembered.s3());
    }

    static Map<String, Object> json(HealthReport report) {
        return HealthOutput.json(report);
    }
}
