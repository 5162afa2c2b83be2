package io.neurectomy.console.ui.fx;

import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.Step;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One core {@link Operation} as view models and views see it: its plan, whether it is busy, each step's state,
 * progress, the latest message, Cancel, and its result or error. Every section that runs an operation uses one of
 * these instead of its own plumbing, and the {@link ActivityLog} lists it while it runs and after.
 *
 * <p>Work runs on the {@link TaskRunner}; events reach the properties through {@code fx} (the FX thread in the
 * application, {@code Runnable::run} in view-model tests). Properties are touched only there.
 *
 * @param <R> what a successful run produces
 */
public final class OperationModel<R> {
    private final TaskRunner runner;
    private final Executor fx;
    private final ActivityLog activity;
    private final Operation<R> operation;

    private final ReadOnlyObjectWrapper<Plan> plan = new ReadOnlyObjectWrapper<>(this, "plan");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyObjectWrapper<OperationResult<R>> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyObjectWrapper<Throwable> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private Cancellation cancellation = new Cancellation();
    private Cancellable handle;

    /**
     * @param operation the operation, made for this one invocation
     * @param activity  where it is listed while it runs (may be null: not listed)
     */
    public OperationModel(Operation<R> operation, TaskRunner runner, Executor fx, ActivityLog activity) {
        this.operation = operation;
        this.runner = runner;
        this.fx = fx;
        this.activity = activity;
    }

    /**
     * Makes the plan in the background (reads only). {@code onPlan} gets it on the FX thread; a failure lands in
     * {@link #errorProperty()} and {@code onFailure}.
     */
    public void plan(Consumer<Plan> onPlan, Consumer<Throwable> onFailure) {
        cancellation = new Cancellation();
        Cancellation c = cancellation;
        busy.set(true);
        error.set(null);
        result.set(null);
        message.set("Planning…");
        progress.set(-1);
        handle = runner.run(() -> operation.plan(c), p -> {
            busy.set(false);
            message.set("");
            progress.set(0);
            setPlan(p);
            onPlan.accept(p);
        }, e -> {
            busy.set(false);
            message.set("");
            progress.set(0);
            error.set(e);
            onFailure.accept(e);
        });
    }

    /** Uses a plan made elsewhere (by this model's operation). */
    public void setPlan(Plan p) {
        plan.set(p);
        title.set(p.title());
        steps.setAll(p.steps().stream().map(StepRow::pending).toList());
    }

    /**
     * Runs the plan in the background; {@code onDone} gets the result on the FX thread (also when it failed or was
     * cancelled: the result says so). An exception escaping the operation lands in {@link #errorProperty()}.
     */
    public void run(Consumer<OperationResult<R>> onDone) {
        Plan p = plan.get();
        if (p == null) {
            throw new IllegalStateException("Plan " + operation.getClass().getSimpleName() + " before running it");
        }
        if (running.get()) {
            return;
        }
        cancellation = new Cancellation();
        Cancellation c = cancellation;
        steps.setAll(p.steps().stream().map(StepRow::pending).toList());
        busy.set(true);
        running.set(true);
        error.set(null);
        result.set(null);
        progress.set(0);
        message.set(p.title());
        if (activity != null) {
            activity.started(this);
        }
        handle = runner.run(() -> operation.run(p, e -> fx.execute(() -> apply(e)), c), r -> {
            finish();
            // Steps never started (after a cancel or a failure) get their final state from the result.
            List<OperationResult.StepReport> reports = r.steps();
            for (int i = 0; i < reports.size() && i < steps.size(); i++) {
                OperationResult.StepReport s = reports.get(i);
                steps.set(i, new StepRow(s.step(), StepRow.State.of(s.outcome().status()), s.outcome().detail()));
            }
            result.set(r);
            message.set(r.summary());
            if (r.succeeded()) {
                progress.set(1);
            }
            onDone.accept(r);
        }, e -> {
            finish();
            error.set(e);
            message.set(e.getMessage() == null ? e.toString() : e.getMessage());
        });
    }

    private void finish() {
        busy.set(false);
        running.set(false);
        if (activity != null) {
            activity.finished(this);
        }
    }

    /** Asks the running operation (or plan) to stop at its next step or API call. */
    public void cancel() {
        cancellation.cancel();
        if (running.get()) {
            message.set("Cancelling after the current step…");
        } else if (handle != null && busy.get()) {
            handle.cancel();
            busy.set(false);
            message.set("");
        }
    }

    private void apply(ProgressEvent event) {
        int total = steps.size();
        if (event instanceof ProgressEvent.StepStarted s) {
            set(s.index(), new StepRow(s.step(), StepRow.State.RUNNING, ""));
            message.set(s.step().title());
            progress.set(total == 0 ? -1 : (double) s.index() / total);
        } else if (event instanceof ProgressEvent.StepFinished f) {
            set(f.index(), new StepRow(f.step(), StepRow.State.of(f.outcome().status()), f.outcome().detail()));
            progress.set(total == 0 ? -1 : (double) (f.index() + 1) / total);
        } else if (event instanceof ProgressEvent.Bytes b) {
            int index = runningIndex();
            if (b.total() > 0 && total > 0 && index >= 0) {
                progress.set((index + Math.min(1.0, (double) b.done() / b.total())) / total);
            }
        } else if (event instanceof ProgressEvent.Note n) {
            message.set(n.text());
        }
    }

    private int runningIndex() {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).state() == StepRow.State.RUNNING) {
                return i;
            }
        }
        return -1;
    }

    private void set(int index, StepRow row) {
        if (index >= 0 && index < steps.size()) {
            steps.set(index, row);
        }
    }

    /** The step rows, in the plan's order. */
    public ObservableList<StepRow> steps() {
        return steps;
    }

    /** The plan's step with {@code id}, for views that label one. */
    public Step step(String id) {
        return plan.get().steps().get(plan.get().indexOf(id));
    }

    public ReadOnlyObjectProperty<Plan> planProperty() {
        return plan.getReadOnlyProperty();
    }

    /** Planning or running. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Running the plan (not planning). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The current step, the latest note, or the result's summary. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** 0 to 1; -1 while unknown (planning). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<OperationResult<R>> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** What went wrong outside the steps (the plan failed, the operation threw); null otherwise. */
    public ReadOnlyObjectProperty<Throwable> errorProperty() {
        return error.getReadOnlyProperty();
    }
}
