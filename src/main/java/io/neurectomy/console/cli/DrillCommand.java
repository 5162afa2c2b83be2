package io.neurectomy.console.cli;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.health.BackupSource;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.runbook.ClusterLossDrill;
import io.neurectomy.console.core.runbook.Drill;
import io.neurectomy.console.core.runbook.IncidentClock;
import io.neurectomy.console.core.runbook.Redeploy;
import io.neurectomy.console.core.runbook.Timeline;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.core.stack.RenderedStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drill SCENARIO}: a recovery rehearsed against a real fault, where the cluster offers fault injection. */
@Command(name = "drill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rehearses a recovery on a cluster that offers fault injection (the console's sandbox):"
                + " records the ConfigMaps, Secrets (by digest) and active silences, injects the scenario's fault,"
                + " waits until the health check sees it, runs the scenario's runbook with nobody at the keyboard"
                + " (the drill carries out its manual steps), and compares. Prints the time to recovery (from the"
                + " fault to the passed verification) against the deployment guide's figure, and whether anything"
                + " was lost.",
                "Drills: node-failure (fails the node of prometheus-0, or --node; the guide's figure: 5 min),"
                        + " pod-failure (hangs prometheus-1, or --pod: its server answers nothing; 30 s),"
                        + " storage-failure (archives the stack, then wipes the volumes of prometheus-0, or --pod, and"
                        + " the runbook restores its TSDB from the archive; 15 min), cluster-loss (archives the"
                        + " stack, starts a second, empty sandbox and rebuilds the stack there with the cluster-loss"
                        + " runbook; the first is left as it is; 15 min).",
                "The storage-failure drill keeps its archive in the backups directory and uploads it to the S3"
                        + " bucket of the Backups section (or " + BackupSource.BUCKET_VARIABLE + "), from which the"
                        + " runbook restores it; without a bucket it restores from the directory. Its output names"
                        + " the store used.",
                "Anywhere else it is refused and nothing changes. A drill that fails or is cancelled puts the fault"
                        + " right before it ends.",
                "Exit codes: 0 recovered within the guide's figure with nothing lost, 1 failed, refused, slower than"
                        + " the guide or something lost, 2 usage, 130 cancelled."},
        footer = {"", "Examples:", "  monitoring-console sandbox start &",
                "  monitoring-console drill node-failure --yes", "  monitoring-console drill pod-failure --yes",
                "  S3_BACKUP_BUCKET=drills monitoring-console drill storage-failure --yes",
                "  monitoring-console drill cluster-loss --yes"})
public final class DrillCommand extends ClusterOperationCommand {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "The scenario to drill: ${COMPLETION-CANDIDATES}"
            + " (see runbook list).", completionCandidates = Scenarios.class)
    String scenario;

    @Option(names = "--node", paramLabel = "NODE", description = "node-failure: the node to fail (default: the"
            + " node of prometheus-0).")
    String node;

    @Option(names = "--pod", paramLabel = "POD", description = "pod-failure: the pod to hang (default:"
            + " prometheus-1); storage-failure: the Prometheus replica to wipe (default: prometheus-0).")
    String pod;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600", description = "How long detection,"
            + " each step and the verification may take (default 600).")
    int timeoutSeconds;

    @Option(names = "--timeline", paramLabel = "FILE", description = "Where to write the runbook's timeline as"
            + " Markdown (default: drills/SCENARIO-TIME.md under the console's data directory).")
    Path timelineFile;

    private final SandboxCommand.Starter sandboxes;

    /** A drill whose cluster-loss scenario recovers onto a new sandbox that {@code sandboxes} starts. */
    public DrillCommand(SandboxCommand.Starter sandboxes) {
        this.sandboxes = sandboxes;
    }

    /** The scenarios that can be drilled, for the help text. */
    static final class Scenarios extends java.util.ArrayList<String> {
        Scenarios() {
            super(all());
        }
    }

    private static java.util.TreeSet<String> all() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(Drill.TARGETS.keySet());
        all.add(ClusterLossDrill.SCENARIO);
        return all;
    }

    @Override
    void checkOptions() {
        if (!all().contains(scenario)) {
            throw new UsageException("no drill for '" + scenario + "'; drills: " + String.join(", ", all())
                    + ". Nothing was changed.");
        }
        if (node != null && !scenario.equals("node-failure") || pod != null && (scenario.equals("node-failure")
                || scenario.equals(ClusterLossDrill.SCENARIO))) {
            throw new UsageException("--node is for node-failure, and --pod for pod-failure and storage-failure."
                    + " Nothing was changed.");
        }
        if (timeoutSeconds < 1) {
            throw new UsageException("--timeout must be at least 1 second.");
        }
    }

    @Override
    int run(ClusterSession session, OperationRunner runner) {
        try {
            HealthChecker.awaitSync(session, Duration.ofSeconds(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OperationRunner.CANCELLED;
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        BackupSource store = BackupSource.fromSettings(ConsoleSettings.load(), AppDirs.current(), System.getenv());
        Operation<Drill.Report> drill;
        Supplier<Timeline> timeline;
        if (scenario.equals(ClusterLossDrill.SCENARIO)) {
            ClusterLossDrill d = new ClusterLossDrill(session, this::newSandbox, store, HealthChecker.standard(),
                    Clock.systemUTC(), timeout, Duration.ofSeconds(2));
            drill = d;
            timeline = d::timeline;
        } else {
            Drill d = new Drill(session, scenario, node != null ? node : pod, HealthChecker.standard(),
                    Clock.systemUTC(), timeout, Duration.ofSeconds(2)).withBackups(store);
            drill = d;
            timeline = d::timeline;
        }
        Drill.Report[] report = {null};
        int code = runner.run(drill, OperationRunner.ResultView.of((r, out) -> {
            report[0] = r;
            print(r, out);
        }, r -> {
            report[0] = r;
            return json(r);
        }));
        Timeline ran = timeline.get();
        if (ran != null) {
            PrintWriter talk = run.output().json() ? spec.commandLine().getErr() : spec.commandLine().getOut();
            Path file = timelineFile != null ? timelineFile : AppDirs.current().dataDir().resolve("drills")
                    .resolve(scenario + "-" + STAMP.format(ran.clock().started()) + ".md");
            talk.println("Timeline: " + ran.write(file));
            talk.flush();
        }
        if (code == OperationRunner.OK && report[0] != null && (!report[0].withinGuide()
                || !report[0].lost().isEmpty())) {
            return OperationRunner.FAILED;
        }
        return code;
    }

    /** A new, empty sandbox to recover onto, with a session to the stack's namespace (not there yet). */
    private ClusterLossDrill.NewCluster newSandbox() {
        SandboxCommand.Running running = sandboxes.start(true, Duration.ofSeconds(3));
        ClusterSession session;
        try {
            session = new ClusterConnector(Duration.ofSeconds(10)).connect(KubeconfigLoader.load(List.of(
                    running.kubeconfig())), null, RenderedStack.NAMESPACE);
        } catch (RuntimeException e) {
            running.stop().run();
            throw e;
        }
        return ClusterLossDrill.NewCluster.of(session, cipher -> new Redeploy(running.environment(),
                running.values(), cipher), "a second sandbox at " + running.url(), running.stop());
    }

    private static void print(Drill.Report r, PrintWriter out) {
        out.println("Time to recovery: " + IncidentClock.format(r.timeToRecovery()) + " from the fault to the"
                + " passed verification; the guide's figure for " + r.scenario() + " is " + IncidentClock.format(
                r.guide()) + (r.withinGuide() ? " (within it)." : " (SLOWER than the guide)."));
        for (String line : r.compared()) {
            out.println("Compared: " + line);
        }
        out.println(r.lost().isEmpty() ? "Lost: nothing." : "Lost: " + String.join("; ", r.lost()));
    }

    private static Object json(Drill.Report r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", r.scenario());
        doc.put("target", r.target());
        doc.put("timeToRecoverySeconds", r.timeToRecovery().toMillis() / 1000.0);
        doc.put("guideSeconds", r.guide().toSeconds());
        doc.put("withinGuide", r.withinGuide());
        doc.put("compared", r.compared());
        doc.put("lost", r.lost());
        return doc;
    }
}
