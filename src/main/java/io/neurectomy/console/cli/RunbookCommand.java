package io.neurectomy.console.cli;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.health.BackupSource;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.runbook.IncidentClock;
import io.neurectomy.console.core.runbook.Redeploy;
import io.neurectomy.console.core.runbook.RunbookCatalog;
import io.neurectomy.console.core.runbook.RunbookOperation;
import io.neurectomy.console.core.runbook.RunbookStep;
import io.neurectomy.console.core.runbook.Scenario;
import io.neurectomy.console.core.runbook.Timeline;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook list} and {@code runbook run SCENARIO}: the guided recoveries of {@link RunbookCatalog}. */
@Command(name = "runbook", mixinStandardHelpOptions = true,
        subcommands = {RunbookCommand.ListScenarios.class, RunbookCommand.Run.class},
        description = {"Guided recovery during an outage: each runbook detects its outage from the health findings,"
                + " runs its steps (operations the console carries out, or manual checkpoints with the exact"
                + " command), verifies the recovery with the health checks, and keeps an incident clock against the"
                + " 15-minute RTO and a timeline for the postmortem.", "See docs/runbooks.md."},
        footer = {"", "Examples:", "  monitoring-console runbook list",
                "  monitoring-console runbook run pod-failure --yes",
                "  monitoring-console runbook run node-failure --timeline incident.md"})
public final class RunbookCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return OperationRunner.USAGE;
    }

    /** {@code runbook list}: every scenario, and whether it runs on its own. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists the runbooks: id, title, and whether the console runs it alone (automatic) or it"
                    + " has manual steps.", "Exit codes: 0 listed, 2 usage."})
    static final class ListScenarios implements Callable<Integer> {
        @Mixin
        OutputOptions output = new OutputOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Scenario> all = RunbookCatalog.all();
            if (output.json()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Scenario s : all) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", s.id());
                    row.put("title", s.title());
                    row.put("automatic", s.automatic());
                    row.put("manualSteps", s.manualSteps().size());
                    row.put("detection", s.detection().codes());
                    row.put("verification", s.verification());
                    rows.add(row);
                }
                Json.print(out, Map.of("runbooks", rows));
            } else {
                int width = all.stream().mapToInt(s -> s.id().length()).max().orElse(10);
                int titleWidth = all.stream().mapToInt(s -> s.title().length()).max().orElse(10);
                out.printf("%-" + width + "s  %-" + titleWidth + "s  %s%n", "ID", "TITLE", "STEPS");
                for (Scenario s : all) {
                    out.printf("%-" + width + "s  %-" + titleWidth + "s  %s%n", s.id(), s.title(), kind(s));
                }
            }
            out.flush();
            return OperationRunner.OK;
        }
    }

    /** "automatic" or "3 manual of 4". */
    static String kind(Scenario s) {
        return s.automatic() ? "automatic" : s.manualSteps().size() + " manual of " + s.steps().size();
    }

    /** {@code runbook run SCENARIO}: the runbook as one operation, through the runner. */
    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Runs a runbook: detection (the health findings that point to it), its steps, and the"
                    + " verification (its health checks, asked again until they pass or --timeout). Automatic steps"
                    + " run on their own; at a terminal each manual step is printed with its command and the run"
                    + " waits for Enter (type stop to end the run there).",
                    "Without a terminal it needs --yes, which runs only the runbooks without manual steps.",
                    "The timeline (every step, its outcome and time, the incident clock) is written as Markdown to"
                            + " --timeline FILE, by default under the console's data directory; its path is"
                            + " printed.",
                    "Exit codes: 0 recovered and verified, 1 failed, declined or not verified, 2 usage or refused,"
                            + " 130 cancelled."},
            footer = {"", "Examples:", "  monitoring-console runbook run pod-failure --yes",
                    "  monitoring-console runbook run alertmanager-silent --timeline incident-42.md",
                    "  monitoring-console runbook run cluster-loss --context new-cluster --environment production"
                            + " --values prod.yaml --passphrase-file ~/.backup-pass --yes"})
    static final class Run extends ClusterOperationCommand {
        private static final String CLUSTER_LOSS = "cluster-loss";
        private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC);

        @Parameters(index = "0", paramLabel = "SCENARIO", description = "The runbook's id (see runbook list).")
        String scenario;

        @Option(names = "--timeline", paramLabel = "FILE", description = "Where to write the timeline as Markdown"
                + " (default: runbooks/SCENARIO-TIME.md under the console's data directory).")
        Path timelineFile;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
                description = "How long an automatic step may wait for the cluster, and the verification may take"
                        + " to pass (default 600).")
        int timeoutSeconds;

        @Option(names = "--environment", paramLabel = "ENV", description = "cluster-loss: the environment to deploy"
                + " on the new cluster (staging or production).")
        String environment;

        @Option(names = "--values", paramLabel = "FILE", description = "cluster-loss: the values file the stack was"
                + " deployed with (its non-secret values; the secret ones come from the archive).")
        Path values;

        @Option(names = "--passphrase-file", paramLabel = "FILE", description = "cluster-loss: file whose first line"
                + " is the backups' passphrase, which unseals the archive's Secrets.")
        Path passphraseFile;

        Terminal terminal = Terminal.system();

        private PassphraseCipher cipher;

        private Scenario target() {
            return RunbookCatalog.named(scenario).orElseThrow(() -> new UsageException("unknown runbook '"
                    + scenario + "'; use one of: " + RunbookCatalog.ids() + " (see runbook list)"));
        }

        @Override
        void checkOptions() {
            Scenario s = target();
            if (timeoutSeconds < 1) {
                throw new UsageException("--timeout must be at least 1 second.");
            }
            boolean clusterLoss = s.id().equals(CLUSTER_LOSS);
            if (!clusterLoss && (environment != null || values != null || passphraseFile != null)) {
                throw new UsageException("--environment, --values and --passphrase-file are for the cluster-loss"
                        + " runbook only.");
            }
            if (clusterLoss && environment == null) {
                throw new UsageException("cluster-loss deploys the stack on the new cluster: give --environment ENV"
                        + " (and --values FILE with the non-secret values, --passphrase-file FILE for the archive's"
                        + " Secrets), with --context naming the new cluster. Nothing was changed.");
            }
            if (clusterLoss) {
                StackOptions.requireStackNamespace(cluster, "cluster-loss");
                cipher = BackupCommands.cipher(passphraseFile);
            }
            if (run.yes() && !s.automatic()) {
                throw new UsageException("--yes runs only runbooks without manual steps; " + s.id() + " has "
                        + s.manualSteps().size() + " (" + String.join("; ", s.manualSteps().stream()
                        .map(RunbookStep::title).toList()) + "). Run it at a terminal without --yes. Nothing was"
                        + " changed.");
            }
            if (!run.yes() && !terminal.interactive()) {
                throw new UsageException("runbook run needs a terminal to confirm and to walk through manual steps;"
                        + " without one, give --yes (only for runbooks without manual steps: " + String.join(", ",
                        RunbookCatalog.all().stream().filter(Scenario::automatic).map(Scenario::id).toList())
                        + "). Nothing was changed.");
            }
        }

        @Override
        int run(ClusterSession session, OperationRunner runner) {
            Scenario s = target();
            try {
                HealthChecker.awaitSync(session, Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OperationRunner.CANCELLED;
            }
            boolean json = run.output().json();
            PrintWriter talk = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
            BackupSource backups = BackupSource.fromSettings(ConsoleSettings.load(), AppDirs.current(),
                    System.getenv());
            HealthChecker checker = HealthChecker.standard().withBackups(backups);
            Duration timeout = Duration.ofSeconds(timeoutSeconds);
            RunbookOperation operation = new RunbookOperation(session, s, checker,
                    (step, namespace, cancellation) -> manual(talk, step, namespace, cancellation),
                    Clock.systemUTC(), timeout, timeout, Duration.ofSeconds(2)).withBackups(backups.directory(),
                    backups.s3());
            if (environment != null) {
                operation = operation.withRedeploy(new Redeploy(environment, values, cipher));
            }
            int code = runner.run(operation, OperationRunner.ResultView.of(Run::print, Run::json));
            Timeline timeline = operation.timeline();
            if (timeline != null) {
                Path file = timelineFile != null ? timelineFile : AppDirs.current().dataDir().resolve("runbooks")
                        .resolve(s.id() + "-" + STAMP.format(timeline.clock().started()) + ".md");
                Path written = timeline.write(file);
                talk.println("Timeline: " + written);
                talk.flush();
            }
            return code;
        }

        /** Prints a manual step and waits for Enter: true when done, false on "stop" or the end of input. */
        private boolean manual(PrintWriter out, RunbookStep.Manual step, String namespace,
                               Cancellation cancellation) {
            out.println();
            out.println("Manual step: " + step.title());
            out.println("  " + step.instructions(namespace));
            out.println("  By hand: " + step.command(namespace));
            out.flush();
            Optional<String> answer = terminal.readLine("Press Enter when it is done (or type stop): ");
            cancellation.check();
            return answer.isPresent() && !answer.get().strip().toLowerCase(Locale.ROOT).equals("stop");
        }

        private static void print(Timeline t, PrintWriter out) {
            out.println("Incident clock: " + t.clock().statusAt(t.endedAt().orElse(t.clock().now())) + ".");
        }

        private static Object json(Timeline t) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("scenario", t.scenario().id());
            doc.put("started", t.clock().started().toString());
            doc.put("elapsedSeconds", t.clock().elapsedAt(t.endedAt().orElse(t.clock().now())).toSeconds());
            doc.put("rtoSeconds", IncidentClock.RTO.toSeconds());
            List<Map<String, Object>> steps = new ArrayList<>();
            for (Timeline.Entry e : t.entries()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", e.stepId());
                m.put("kind", e.kind().word());
                m.put("started", e.started().toString());
                m.put("ended", e.ended() == null ? null : e.ended().toString());
                m.put("outcome", e.outcome() == null ? null : e.outcome().status().name().toLowerCase(Locale.ROOT));
                m.put("detail", e.outcome() == null ? "" : e.outcome().detail());
                steps.add(m);
            }
            doc.put("timeline", steps);
            return doc;
        }
    }
}
