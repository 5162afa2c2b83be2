package io.neurectomy.console.ui.runbook;

import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.runbook.Drill;
import io.neurectomy.console.core.runbook.IncidentClock;
import io.neurectomy.console.core.runbook.Scenario;
import io.neurectomy.console.core.runbook.Timeline;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.StepRow;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * One recovery drill in the window: its plan confirmed in a dialog before anything changes, then its steps with their
 * state, the incident clock from the fault against the guide's figure for the scenario, Cancel (the drill puts its
 * fault right itself), and at the end the time to recovery against the guide, what was lost, what was compared and
 * the export of the runbook's timeline as Markdown.
 *
 * <p>The run is the core's {@link Drill} (the same as {@code monitoring-console drill}), driven through an
 * {@link OperationModel} so that it is listed in the Activity panel. The clock starts when the inject step has ended
 * (on this model's clock); the final time to recovery is the drill's own, from the fault to the passed verification.
 * Properties are touched only through {@code fx}; {@link #tick()} refreshes the clock (the view calls it every
 * second while the drill runs).
 */
public final class DrillViewModel {
    private final Scenario scenario;
    private final Duration guide;
    private final Supplier<Timeline> timeline;
    private final OperationModel<Drill.Report> model;
    private final Clock clock;
    private final TaskRunner runner;
    private final DialogService dialogs;
    private final Path exportDir;

    private final ReadOnlyBooleanWrapper started = new ReadOnlyBooleanWrapper(this, "started");
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper(this, "finished");
    private final ReadOnlyBooleanWrapper succeeded = new ReadOnlyBooleanWrapper(this, "succeeded");
    private final ReadOnlyBooleanWrapper overGuide = new ReadOnlyBooleanWrapper(this, "overGuide");
    private final ReadOnlyStringWrapper clockText = new ReadOnlyStringWrapper(this, "clock", "");
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome", "");
    private final ReadOnlyStringWrapper recovery = new ReadOnlyStringWrapper(this, "recovery", "");
    private final ReadOnlyStringWrapper lost = new ReadOnlyStringWrapper(this, "lost", "");
    private final ObservableList<String> compared = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper exportMessage = new ReadOnlyStringWrapper(this, "exportMessage", "");
    private final StringProperty exportPath = new SimpleStringProperty(this, "exportPath", "");
    private Instant fault;
    private Runnable onFinished = () -> { };

    /**
     * @param scenario  the scenario drilled (a key of {@link Drill#TARGETS})
     * @param drill     the drill, made for this one run (the window: the session's {@link Drill})
     * @param timeline  the runbook's timeline once the drill's runbook step has started, else null
     *                  ({@link Drill#timeline()})
     * @param clock     the time source of the clock shown while the drill runs
     * @param runner    runs the plan, the drill and the export off the FX thread
     * @param fx        where events are applied (the FX thread; another thread in tests)
     * @param dialogs   asks before the drill starts, and before a running drill is cancelled by closing its view
     * @param activity  where the drill is listed while it runs (may be null)
     * @param exportDir where the timeline is exported unless the person chooses another file
     */
    public DrillViewModel(Scenario scenario, Operation<Drill.Report> drill, Supplier<Timeline> timeline, Clock clock,
                          TaskRunner runner, Executor fx, DialogService dialogs, ActivityLog activity,
                          Path exportDir) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.guide = Objects.requireNonNull(Drill.TARGETS.get(scenario.id()), "no drill for " + scenario.id());
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runner = runner;
        this.dialogs = dialogs;
        this.exportDir = exportDir;
        this.model = new OperationModel<>(drill, runner, fx, activity);
        clockText.set("Not started. The clock starts at the fault, against the guide's " + IncidentClock.format(guide)
                + " for " + title() + ".");
        model.steps().addListener((ListChangeListener<StepRow>) c -> stepsChanged());
        // An error outside the steps (the drill threw) ends it as well: say so instead of waiting.
        model.errorProperty().addListener((obs, was, e) -> {
            if (e != null && started.get() && !finished.get()) {
                end(false, "Drill failed: " + TimelineExport.describe(e));
            }
        });
    }

    private String title() {
        return scenario.title().toLowerCase(Locale.ROOT);
    }

    /** What follows the end of the drill (the Health section checks again). */
    public void setOnFinished(Runnable action) {
        onFinished = action == null ? () -> { } : action;
    }

    /**
     * Plans the drill (reads only), asks the person to confirm its plan (what fault, on which context), and only
     * then calls {@code show} and starts it. Declined: nothing changes. A plan that cannot be made (no fault
     * injection here, a pod not ready) is shown as an error saying why.
     */
    public void begin(Runnable show) {
        if (started.get() || model.busyProperty().get()) {
            return;
        }
        model.plan(plan -> {
            if (dialogs.confirmWithEnter(plan.confirmation().prompt(), describe(plan), "Start drill")) {
                show.run();
                start();
            }
        }, e -> dialogs.error("Could not start the " + title() + " drill", TimelineExport.describe(e), e));
    }

    private static String describe(Plan plan) {
        StringBuilder text = new StringBuilder(plan.title()).append(".\n");
        plan.steps().forEach(s -> text.append("\n• ").append(s.title()));
        text.append("\n\n").append(String.join(" ", plan.notes())).append(" Cancel during the drill puts the fault"
                + " right.");
        return text.toString();
    }

    private void start() {
        started.set(true);
        model.run(this::ended);
        tick();
    }

    private void stepsChanged() {
        if (fault == null && model.steps().stream().anyMatch(r -> r.step().id().equals(Drill.STEP_INJECT)
                && r.state() == StepRow.State.DONE)) {
            fault = clock.instant();
        }
        tick();
    }

    private void ended(OperationResult<Drill.Report> result) {
        Drill.Report report = result.value();
        if (report != null) {
            recovery.set("Time to recovery: " + precise(report.timeToRecovery()) + " from the fault to"
                    + " the passed verification, " + (report.withinGuide() ? "within" : "slower than") + " the"
                    + " guide's " + IncidentClock.format(report.guide()) + " for " + title() + ".");
            lost.set(report.lost().isEmpty() ? "Lost: nothing." : "Lost: " + String.join("; ", report.lost()));
            compared.setAll(report.compared());
            overGuide.set(!report.withinGuide());
        }
        boolean ok = result.succeeded() && report != null && report.withinGuide() && report.lost().isEmpty();
        String word = result.succeeded() ? ok ? "Recovered" : report == null || !report.lost().isEmpty()
                ? "Recovered, with something lost" : "Recovered, slower than the guide" : !result.cancelled()
                ? "Drill failed" : fault == null ? "Cancelled before the fault" : "Cancelled; the drill put its fault"
                + " right";
        end(ok, word + ": " + result.summary() + (result.succeeded() || result.error().isBlank() ? ""
                : " " + result.error()) + (result.notes().isEmpty() ? "" : " " + String.join(" ", result.notes())));
    }

    private void end(boolean ok, String text) {
        finished.set(true);
        succeeded.set(ok);
        outcome.set(text);
        Timeline t = timeline();
        if (t != null) {
            exportPath.set(TimelineExport.defaultFile(exportDir, scenario.id() + "-drill", t));
        }
        tick();
        onFinished.run();
    }

    /** Refreshes the clock: from the fault against the guide's figure (every second while the drill runs). */
    public void tick() {
        if (fault == null) {
            return;
        }
        Drill.Report report = model.resultProperty().get() == null ? null
                : model.resultProperty().get().value();
        if (report != null) {
            clockText.set("Since the fault: " + precise(report.timeToRecovery()) + " to recovery;"
                    + " the guide's figure: " + IncidentClock.format(guide) + ".");
            return;
        }
        Duration elapsed = Duration.between(fault, clock.instant());
        Duration left = guide.minus(elapsed);
        overGuide.set(left.isNegative());
        clockText.set("Since the fault: " + IncidentClock.format(elapsed) + ", " + (left.isNegative()
                ? IncidentClock.format(left.negated()) + " over" : IncidentClock.format(left) + " left of")
                + " the guide's " + IncidentClock.format(guide) + (finished.get() ? " (the drill has ended)." : ""));
    }

    /** {@code mm:ss.t}: a recovery a fraction over the guide's whole seconds must not read as equal to it. */
    private static String precise(Duration d) {
        return IncidentClock.format(d) + "." + d.toMillisPart() / 100;
    }

    /** Asks the drill to stop after its current step; it puts its fault right before it ends. */
    public void cancel() {
        model.cancel();
    }

    /**
     * Whether the view may close: yes when the drill does not run; while it does, only when the person confirms
     * that it is cancelled (it then is, and puts its fault right).
     */
    public boolean requestClose() {
        if (!model.runningProperty().get()) {
            return true;
        }
        if (!dialogs.confirm("Cancel the " + title() + " drill?", "The drill is still running. Closing cancels it"
                + " after its current step, and the drill puts its fault right; the Activity panel shows how it"
                + " ended.", "Cancel the drill")) {
            return false;
        }
        cancel();
        return true;
    }

    /** Writes the runbook's timeline as Markdown to {@link #exportPathProperty()} (atomically, off the FX thread). */
    public void export() {
        TimelineExport.write(timeline(), exportPath.get(), runner, exportMessage::set,
                "There is no timeline: the drill ended before its runbook started.");
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The guide's recovery figure for the scenario. */
    public Duration guide() {
        return guide;
    }

    /** The drill's runbook's timeline once its runbook step has started (null before). */
    public Timeline timeline() {
        Drill.Report report = model.resultProperty().get() == null ? null : model.resultProperty().get().value();
        return report != null ? report.timeline() : timeline.get();
    }

    /** The drill's steps (baseline, inject, await detection, runbook, compare …) with their state, in order. */
    public ObservableList<StepRow> steps() {
        return model.steps();
    }

    /** The drill as the Activity panel lists it. */
    public OperationModel<Drill.Report> operation() {
        return model;
    }

    public ReadOnlyBooleanProperty startedProperty() {
        return started.getReadOnlyProperty();
    }

    /** Running (confirmed and not yet ended). */
    public ReadOnlyBooleanProperty runningProperty() {
        return model.runningProperty();
    }

    /** The drill has ended (recovered, failed or cancelled). */
    public ReadOnlyBooleanProperty finishedProperty() {
        return finished.getReadOnlyProperty();
    }

    /** The drill recovered within the guide's figure and lost nothing. */
    public ReadOnlyBooleanProperty succeededProperty() {
        return succeeded.getReadOnlyProperty();
    }

    /** The clock is past the guide's figure: shown in a warning colour. */
    public ReadOnlyBooleanProperty overGuideProperty() {
        return overGuide.getReadOnlyProperty();
    }

    /** "Since the fault: 00:12, 00:18 left of the guide's 00:30" (before the fault: what the clock will do). */
    public ReadOnlyStringProperty clockProperty() {
        return clockText.getReadOnlyProperty();
    }

    /** The current step or the latest note while it runs. */
    public ReadOnlyStringProperty messageProperty() {
        return model.messageProperty();
    }

    /**
     * How the drill ended ("Recovered: Done: 5 of 5 steps done.", "Recovered, slower than the guide: …", "Cancelled;
     * the drill put its fault right: …", "Drill failed: …"), or empty.
     */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** "Time to recovery: 00:21 from the fault to the passed verification, within the guide's 00:30 …", or empty. */
    public ReadOnlyStringProperty recoveryProperty() {
        return recovery.getReadOnlyProperty();
    }

    /** "Lost: nothing." or "Lost: " and what, once the drill has compared; empty before. */
    public ReadOnlyStringProperty lostProperty() {
        return lost.getReadOnlyProperty();
    }

    /** What the drill compared with its record, a line each, once it has. */
    public ObservableList<String> compared() {
        return compared;
    }

    /** The file the timeline is exported to (a default under the timelines' directory once the drill has ended). */
    public StringProperty exportPathProperty() {
        return exportPath;
    }

    /** The outcome of the last export, or empty. */
    public ReadOnlyStringProperty exportMessageProperty() {
        return exportMessage.getReadOnlyProperty();
    }
}
