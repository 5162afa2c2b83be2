package io.neurectomy.console.core.runbook;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthProbe;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs one {@link Scenario} as one operation: step {@value #STEP_DETECT} runs the health check and records the
 * findings that point to the scenario; then the scenario's steps (an automatic one runs its operation, a manual one
 * is handed to the {@link ManualGate} and waits for the person); then step {@value #STEP_VERIFY} re-runs the
 * scenario's probes until none of them finds anything to act on, or the verification deadline passes. Steps are
 * reported as {@link ProgressEvent}s and the run is cancellable between steps (and while waiting). The
 * {@link IncidentClock} starts when the run starts, and the {@link Timeline} records every step with its outcome and
 * time, also for a run that failed or was cancelled.
 */
public final class RunbookOperation implements Operation<Timeline> {
    /** The first step: what the health findings say. */
    public static final String STEP_DETECT = "detect";
    /** The last step: the scenario's probes pass. */
    public static final String STEP_VERIFY = "verify";

    private final ClusterSession session;
    private final Scenario scenario;
    private final HealthChecker checker;
    private final ManualGate gate;
    private final Clock clock;
    private final Duration stepTimeout;
    private final Duration verifyTimeout;
    private final Duration poll;
    private BackupDirectory backups;
    private S3Settings bucket;
    private Redeploy redeploy;
    private Plan planned;
    private volatile Timeline timeline;

    /**
     * @param checker       the health check detection runs (its probes named in the scenario's verification are
     *                      re-run at the end)
     * @param gate          where manual steps go
     * @param clock         the incident clock's time source
     * @param stepTimeout   how long an automatic step may wait for the cluster
     * @param verifyTimeout how long the verification may take to pass
     * @param poll          how often to look while waiting
     */
    public RunbookOperation(ClusterSession session, Scenario scenario, HealthChecker checker, ManualGate gate,
                            Clock clock, Duration stepTimeout, Duration verifyTimeout, Duration poll) {
        this.session = Objects.requireNonNull(session, "session");
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.checker = Objects.requireNonNull(checker, "checker");
        this.gate = gate == null ? ManualGate.nobody() : gate;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stepTimeout = Objects.requireNonNull(stepTimeout, "stepTimeout");
        this.verifyTimeout = Objects.requireNonNull(verifyTimeout, "verifyTimeout");
        this.poll = Objects.requireNonNull(poll, "poll");
    }

    /** Tells the steps that look for archives (the RPO of a restore) where the backups are; returns this runbook. */
    public RunbookOperation withBackups(BackupDirectory directory) {
        this.backups = directory;
        return this;
    }

    /**
     * Tells the steps that look for archives where the backups are: the directory, and the S3 bucket they are synced
     * to (null: none). Returns this runbook.
     */
    public RunbookOperation withBackups(BackupDirectory directory, S3Settings syncedTo) {
        this.backups = directory;
        this.bucket = syncedTo;
        return this;
    }

    /**
     * Tells the steps that deploy the stack on a new cluster (cluster loss) the environment, values file and
     * passphrase to use; returns this runbook.
     */
    public RunbookOperation withRedeploy(Redeploy value) {
        this.redeploy = value;
        return this;
    }

    /** The run's timeline, from the moment the run starts (null before); a window reads it while the run goes on. */
    public Timeline timeline() {
        return timeline;
    }

    @Override
    public Plan plan(Cancellation cancellation) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(STEP_DETECT, "Detect: the health findings that point to it ("
                + String.join(", ", scenario.detection().codes()) + ")"));
        for (RunbookStep step : scenario.steps()) {
            steps.add(new Step(step.id(), (step instanceof RunbookStep.Manual ? "Manual: " : "") + step.title()));
        }
        steps.add(new Step(STEP_VERIFY, "Verify: " + String.join(", ", scenario.verification()) + " pass"));
        List<String> notes = new ArrayList<>();
        notes.add("The incident clock starts with the run, against the " + IncidentClock.format(IncidentClock.RTO)
                + " RTO. Expected recovery: " + scenario.recovery() + ".");
        notes.add("Detection looks for " + scenario.detection().describe() + ".");
        for (RunbookStep.Manual m : scenario.manualSteps()) {
            notes.add("Manual step '" + m.title() + "': the run waits for you to carry it out.");
        }
        String title = "Runbook " + scenario.id() + ": " + scenario.title() + " in " + session.namespace()
                + " (context " + session.context() + ")";
        planned = Plan.of("runbook", title, steps).withConfirmation(Confirmation.yes("Run the " + scenario.title()
                .toLowerCase(java.util.Locale.ROOT) + " runbook on " + session.context() + "?")).withNotes(notes);
        return planned;
    }

    @Override
    public OperationResult<Timeline> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
        if (plan == null || plan != planned) {
            throw new IllegalArgumentException("Run the plan this runbook made");
        }
        IncidentClock incident = IncidentClock.start(clock);
        Timeline t = new Timeline(scenario, session.context(), session.namespace(), incident);
        timeline = t;
        Map<String, Timeline.Kind> kinds = new HashMap<>();
        kinds.put(STEP_DETECT, Timeline.Kind.DETECTION);
        kinds.put(STEP_VERIFY, Timeline.Kind.VERIFICATION);
        scenario.steps().forEach(s -> kinds.put(s.id(), s instanceof RunbookStep.Manual ? Timeline.Kind.MANUAL
                : Timeline.Kind.AUTOMATIC));
        ProgressListener out = listener == null ? ProgressListener.none() : listener;
        ProgressListener recording = event -> {
            if (event instanceof ProgressEvent.StepStarted s) {
                t.started(s.step().id(), s.step().title(), kinds.get(s.step().id()));
            } else if (event instanceof ProgressEvent.StepFinished f) {
                t.finished(f.step().id(), f.step().title(), kinds.get(f.step().id()), f.outcome());
            }
            out.on(event);
        };
        OperationResult<Timeline> result = Execution.run(plan, recording, cancellation, ex -> {
            List<Finding> detected = ex.step(STEP_DETECT, () -> detect(ex, t));
            RunbookContext context = new RunbookContext(session, detected, stepTimeout, poll, t, backups, bucket,
                    redeploy);
            for (RunbookStep step : scenario.steps()) {
                ex.step(step.id(), () -> {
                    if (step instanceof RunbookStep.Automatic a) {
                        ex.outcome(a.action().run(context, ex));
                    } else {
                        manual(ex, (RunbookStep.Manual) step);
                    }
                });
            }
            ex.step(STEP_VERIFY, () -> verify(ex));
            ex.note("Recovered: " + incident.status());
            return t;
        });
        for (OperationResult.StepReport report : result.steps()) {
            if (!t.has(report.step().id())) {
                t.notRun(report.step().id(), report.step().title(), kinds.get(report.step().id()), report.outcome());
            }
        }
        t.ended(result.status(), result.summary() + " " + incident.status() + ".");
        if (!result.succeeded()) {
            return new OperationResult<>(result.plan(), result.status(), result.steps(), null,
                    append(result.notes(), "Timeline so far: " + incident.status() + "."), result.failure());
        }
        return result;
    }

    private static List<String> append(List<String> notes, String note) {
        List<String> all = new ArrayList<>(notes);
        all.add(note);
        return all;
    }

    private List<Finding> detect(Execution ex, Timeline t) {
        if (session.namespaceMissing() && ClusterLossSteps.deploys(scenario)) {
            ex.detail("namespace " + session.namespace() + " does not exist on context " + session.context()
                    + ": a new cluster, where the stack is deployed");
            return List.of();
        }
        HealthReport report = check(checker);
        if (!report.notChecked().isEmpty()) {
            throw new ConsoleException("The stack could not be checked: " + report.notChecked() + ". Recover the"
                    + " connection to the cluster first (see the cluster-loss runbook if it is gone).");
        }
        List<Finding> matched = scenario.detection().matches(report.findings());
        for (Finding f : matched) {
            t.note("Detected: " + f);
        }
        if (matched.isEmpty()) {
            ex.detail("no finding points to " + scenario.id() + " now; the steps run anyway");
        } else {
            ex.detail(matched.size() + " finding" + (matched.size() == 1 ? "" : "s") + ": " + matched.stream()
                    .map(f -> f.code() + " " + f.subject()).distinct().collect(Collectors.joining(", ")));
        }
        return matched;
    }

    private void manual(Execution ex, RunbookStep.Manual step) {
        boolean done = gate.await(step, session.namespace(), ex.cancellation());
        ex.cancellation().check();
        if (!done) {
            throw new ConsoleException("Manual step '" + step.title() + "' was not confirmed done; the runbook stops"
                    + " here. By hand: " + step.command(session.namespace()));
        }
        ex.detail("confirmed done by the operator");
    }

    private void verify(Execution ex) {
        List<HealthProbe> probes = checker.probes().stream()
                .filter(p -> scenario.verification().contains(p.code())).toList();
        if (probes.isEmpty()) {
            throw new ConsoleException("None of the probes " + scenario.verification() + " is known to the health"
                    + " check.");
        }
        HealthChecker verifier = new HealthChecker(probes, Duration.ofSeconds(5));
        long deadline = System.nanoTime() + verifyTimeout.toNanos();
        String last = null;
        while (true) {
            ex.cancellation().check();
            HealthReport report = check(verifier);
            List<Finding> open = report.notChecked().isEmpty() ? report.counted().stream()
                    .filter(Finding::actionable).toList() : List.of();
            if (report.notChecked().isEmpty() && open.isEmpty()) {
                ex.detail(probes.size() + " probe" + (probes.size() == 1 ? "" : "s") + " pass: "
                        + String.join(", ", probes.stream().map(HealthProbe::code).toList()));
                return;
            }
            String now = report.notChecked().isEmpty() ? open.stream().map(Finding::toString)
                    .collect(Collectors.joining("; ")) : "could not check: " + report.notChecked();
            if (!now.equals(last)) {
                ex.note("Waiting for: " + now);
                last = now;
            }
            if (System.nanoTime() > deadline) {
                throw new ConsoleException("The recovery is not verified after " + verifyTimeout.toSeconds()
                        + " s: " + now);
            }
            pause();
        }
    }

    private HealthReport check(HealthChecker c) {
        try {
            return c.check(session);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
    }

    private void pause() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
    }
}
