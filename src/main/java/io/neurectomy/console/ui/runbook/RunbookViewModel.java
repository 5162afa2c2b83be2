package io.neurectomy.console.ui.runbook;

import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.runbook.IncidentClock;
import io.neurectomy.console.core.runbook.ManualGate;
import io.neurectomy.console.core.runbook.RunbookOperation;
import io.neurectomy.console.core.runbook.RunbookStep;
import io.neurectomy.console.core.runbook.Scenario;
import io.neurectomy.console.core.runbook.Timeline;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.StepRow;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

/**
 * One run of a recovery runbook in the window: the scenario, its steps with their state, the incident clock against
 * the 15-minute RTO, the RPO once the run knows it, the manual checkpoint the run waits at (its instructions and
 * command, answered with "Done, continue"), Cancel, the outcome, and the export of the timeline as Markdown.
 *
 * <p>The run is the core's {@link RunbookOperation} (the same as {@code runbook run}), driven through an
 * {@link OperationModel} so that it is listed in the Activity panel. This model is the run's {@link ManualGate}: the
 * run's thread waits in {@link #await} until the person answers on the FX thread. Properties are touched only
 * through {@code fx}; {@link #tick()} refreshes the clock (the view calls it every second while the run goes on).
 */
public final class RunbookViewModel implements ManualGate {
    private final Scenario scenario;
    private final RunbookOperation operation;
    private final OperationModel<Timeline> model;
    private final Executor fx;
    private final TaskRunner runner;
    private final DialogService dialogs;
    private final Path exportDir;

    private final ReadOnlyBooleanWrapper started = new ReadOnlyBooleanWrapper(this, "started");
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper(this, "finished");
    private final ReadOnlyBooleanWrapper overRto = new ReadOnlyBooleanWrapper(this, "overRto");
    private final ReadOnlyBooleanWrapper succeeded = new ReadOnlyBooleanWrapper(this, "succeeded");
    private final ReadOnlyStringWrapper clock = new ReadOnlyStringWrapper(this, "clock", "");
    private final ReadOnlyStringWrapper rpo = new ReadOnlyStringWrapper(this, "rpo", "");
    private final ReadOnlyStringWrapper confirmation = new ReadOnlyStringWrapper(this, "confirmation", "");
    private final ReadOnlyObjectWrapper<RunbookStep.Manual> waiting = new ReadOnlyObjectWrapper<>(this, "waiting");
    private final ReadOnlyStringWrapper instructions = new ReadOnlyStringWrapper(this, "instructions", "");
    private final ReadOnlyStringWrapper command = new ReadOnlyStringWrapper(this, "command", "");
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome", "");
    private final ReadOnlyStringWrapper exportMessage = new ReadOnlyStringWrapper(this, "exportMessage", "");
    private final StringProperty exportPath = new SimpleStringProperty(this, "exportPath", "");
    private volatile CompletableFuture<Boolean> pending;
    private volatile Cancellation waitingCancellation;
    private Runnable onFinished = () -> { };

    /**
     * @param scenario  the runbook
     * @param runbook   makes the run's operation with this model as its manual gate (the window: the session's
     *                  runbook, on the system clock)
     * @param runner    runs the operation and the export off the FX thread
     * @param fx        where events are applied (the FX thread; {@code Runnable::run} in tests)
     * @param dialogs   asks before a running runbook is cancelled by closing its view
     * @param activity  where the run is listed while it runs (may be null)
     * @param exportDir where the timeline is exported unless the person chooses another file
     */
    public RunbookViewModel(Scenario scenario, Function<ManualGate, RunbookOperation> runbook, TaskRunner runner,
                            Executor fx, DialogService dialogs, ActivityLog activity, Path exportDir) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.operation = runbook.apply(this);
        this.runner = runner;
        this.fx = fx;
        this.dialogs = dialogs;
        this.exportDir = exportDir;
        this.model = new OperationModel<>(operation, runner, fx, activity);
        clock.set("Not started. The incident clock starts with the run, against the "
                + IncidentClock.format(IncidentClock.RTO) + " RTO. Expected recovery: " + scenario.recovery() + ".");
        model.steps().addListener((javafx.collections.ListChangeListener<StepRow>) c -> tick());
        model.plan(this::planned, e -> outcome.set("Could not prepare the runbook: " + describe(e)));
        // An error outside the steps (the operation threw) ends the run as well: say so instead of waiting.
        model.errorProperty().addListener((obs, was, e) -> {
            if (e != null && started.get() && !finished.get()) {
                finished.set(true);
                clearWaiting();
                succeeded.set(false);
                outcome.set("Not recovered: " + describe(e));
                tick();
                onFinished.run();
            }
        });
    }

    private void planned(Plan plan) {
        confirmation.set(plan.confirmation().prompt() + " " + String.join(" ", plan.notes()));
    }

    /** What happens once the run has ended (the Health section checks again). */
    public void setOnFinished(Runnable action) {
        onFinished = action == null ? () -> { } : action;
    }

    /** Starts the run (the "Start runbook" button): the incident clock starts now. Once only. */
    public void start() {
        if (started.get() || model.planProperty().get() == null) {
            return;
        }
        started.set(true);
        outcome.set("");
        model.run(this::ended);
        tick();
    }

    private void ended(OperationResult<Timeline> result) {
        finished.set(true);
        clearWaiting();
        succeeded.set(result.succeeded());
        Timeline t = operation.timeline();
        String when = t == null ? "" : " Incident clock: " + t.clock().statusAt(t.endedAt().orElse(t.clock().now()))
                + ".";
        String word = result.succeeded() ? "Recovered and verified" : result.cancelled() ? "Cancelled"
                : "Not recovered";
        outcome.set(word + ": " + result.summary() + (result.succeeded() || result.error().isBlank() ? ""
                : " " + result.error()) + when);
        if (t != null) {
            exportPath.set(TimelineExport.defaultFile(exportDir, scenario.id(), t));
        }
        tick();
        onFinished.run();
    }

    /** Refreshes the incident clock and the RPO from the run's timeline (every second while it runs). */
    public void tick() {
        Timeline t = operation.timeline();
        if (t == null) {
            return;
        }
        IncidentClock c = t.clock();
        java.time.Instant at = t.endedAt().orElse(c.now());
        clock.set("Incident clock: " + c.statusAt(at));
        overRto.set(c.elapsedAt(at).compareTo(c.rto()) > 0);
        rpo.set(t.rpo().map(r -> "RPO: " + r.sentence()).orElse(""));
    }

    /**
     * The manual gate: called on the run's thread, it shows {@code step} and waits until the person answers (true:
     * done) or the run is cancelled.
     */
    @Override
    public boolean await(RunbookStep.Manual step, String namespace, Cancellation cancellation) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        waitingCancellation = cancellation;
        pending = answer;
        fx.execute(() -> {
            if (pending == answer) {
                waiting.set(step);
                instructions.set(step.instructions(namespace));
                command.set(step.command(namespace));
            }
        });
        if (cancellation.isCancelled()) {
            answer.complete(false);
        }
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pending = null;
            fx.execute(() -> {
                if (pending == null) {
                    clearWaiting();
                }
            });
        }
    }

    private void clearWaiting() {
        waiting.set(null);
        instructions.set("");
        command.set("");
    }

    /** "Done, continue": the manual step the run waits at is carried out. */
    public void confirmManual() {
        CompletableFuture<Boolean> answer = pending;
        if (answer != null) {
            answer.complete(true);
        }
    }

    /** Asks the run to stop after its current step (at once while it waits at a manual step). */
    public void cancel() {
        model.cancel();
        Cancellation c = waitingCancellation;
        if (c != null) {
            c.cancel();
        }
        CompletableFuture<Boolean> answer = pending;
        if (answer != null) {
            answer.complete(false);
        }
    }

    /**
     * Whether the view may close: yes when no run goes on; while one does, only when the person confirms that it
     * is cancelled (it then is).
     */
    public boolean requestClose() {
        if (!model.runningProperty().get()) {
            return true;
        }
        if (!dialogs.confirm("Cancel the " + scenario.title().toLowerCase(Locale.ROOT) + " runbook?",
                "The runbook is still running. Closing cancels it after its current step; the steps done so far"
                        + " stay done, and the Activity panel shows how it ended.", "Cancel the runbook")) {
            return false;
        }
        cancel();
        return true;
    }

    /** Writes the timeline as Markdown to {@link #exportPathProperty()} (atomically, off the FX thread). */
    public void export() {
        TimelineExport.write(operation.timeline(), exportPath.get(), runner, exportMessage::set,
                "There is no timeline yet: start the runbook first.");
    }

    private static String describe(Throwable t) {
        return TimelineExport.describe(t);
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The run's timeline, once started (null before). */
    public Timeline timeline() {
        return operation.timeline();
    }

    /** The steps (detection, the scenario's, verification) with their state, in order. */
    public ObservableList<StepRow> steps() {
        return model.steps();
    }

    /** The run as the Activity panel lists it. */
    public OperationModel<Timeline> operation() {
        return model;
    }

    public ReadOnlyBooleanProperty startedProperty() {
        return started.getReadOnlyProperty();
    }

    /** Running (started and not yet ended). */
    public ReadOnlyBooleanProperty runningProperty() {
        return model.runningProperty();
    }

    /** The run has ended (recovered, failed or cancelled). */
    public ReadOnlyBooleanProperty finishedProperty() {
        return finished.getReadOnlyProperty();
    }

    /** The run ended recovered and verified. */
    public ReadOnlyBooleanProperty succeededProperty() {
        return succeeded.getReadOnlyProperty();
    }

    /** The incident clock's time past the RTO: shown in a warning colour. */
    public ReadOnlyBooleanProperty overRtoProperty() {
        return overRto.getReadOnlyProperty();
    }

    /** "Incident clock: 03:12 elapsed, 11:48 left of the 15:00 RTO" (before the start: what the clock will do). */
    public ReadOnlyStringProperty clockProperty() {
        return clock.getReadOnlyProperty();
    }

    /** "RPO: Archive … was taken …" once the run has found the archive a restore would use; empty otherwise. */
    public ReadOnlyStringProperty rpoProperty() {
        return rpo.getReadOnlyProperty();
    }

    /** What starting the run means ("Run the pod failure runbook on …? …"), once the plan is made. */
    public ReadOnlyStringProperty confirmationProperty() {
        return confirmation.getReadOnlyProperty();
    }

    /** The manual step the run waits at, or null. */
    public ReadOnlyObjectProperty<RunbookStep.Manual> waitingProperty() {
        return waiting.getReadOnlyProperty();
    }

    /** The waiting step's instructions for the stack's namespace. */
    public ReadOnlyStringProperty instructionsProperty() {
        return instructions.getReadOnlyProperty();
    }

    /** The waiting step's equivalent command for the stack's namespace. */
    public ReadOnlyStringProperty commandProperty() {
        return command.getReadOnlyProperty();
    }

    /** The current step or the latest note while it runs. */
    public ReadOnlyStringProperty messageProperty() {
        return model.messageProperty();
    }

    /** How the run ended ("Recovered and verified: Done: 3 of 3 steps done. Incident clock: …"), or empty. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** The file the timeline is exported to (a default under the data directory once the run has ended). */
    public StringProperty exportPathProperty() {
        return exportPath;
    }

    /** The outcome of the last export, or empty. */
    public ReadOnlyStringProperty exportMessageProperty() {
        return exportMessage.getReadOnlyProperty();
    }
}
