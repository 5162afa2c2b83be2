package io.neurectomy.console.ui.fx;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Operation;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The operation a view model runs now, and the view model's error line. Each invocation gets a new
 * {@link OperationModel} (its operation carries that invocation's inputs); the slot follows the newest one, so a
 * view binds once to the slot's busy, progress, message and steps and sees whichever runs. Touched only on the FX
 * thread.
 *
 * @param <R> what a successful run produces
 */
public final class OperationSlot<R> {
    /** What a view model that needs a session says without one. */
    public static final String NOT_CONNECTED = "Connect to a cluster first (Connect, Ctrl+1).";

    private final TaskRunner runner;
    private final Executor fx;
    private final ActivityLog activity;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private OperationModel<R> current;

    /** @param activity where the operations are listed while they run (may be null: not listed) */
    public OperationSlot(TaskRunner runner, Executor fx, ActivityLog activity) {
        this.runner = runner;
        this.fx = fx;
        this.activity = activity;
    }

    /** The model of {@code operation}, followed by this slot from now on (the previous one is let go). */
    public OperationModel<R> start(Operation<R> operation) {
        release();
        OperationModel<R> model = new OperationModel<>(operation, runner, fx, activity);
        current = model;
        busy.bind(model.busyProperty());
        progress.bind(model.progressProperty());
        message.bind(model.messageProperty());
        Bindings.bindContent(steps, model.steps());
        return model;
    }

    /** Lets go of the current operation (it goes on, and stays in the Activity panel): not busy, no steps. */
    public void release() {
        if (current != null) {
            Bindings.unbindContent(steps, current.steps());
            current = null;
        }
        steps.clear();
        busy.unbind();
        progress.unbind();
        message.unbind();
        busy.set(false);
        progress.set(0);
        message.set("");
    }

    /** The operation followed now, or null. */
    public OperationModel<R> current() {
        return current;
    }

    /** Asks the current operation (or its planning) to stop. */
    public void cancel() {
        if (current != null) {
            current.cancel();
        }
    }

    /** Clears the error line, and says {@link #NOT_CONNECTED} on it when {@code session} is null. */
    public boolean connected(ClusterSession session) {
        error.set(session == null ? NOT_CONNECTED : "");
        return session != null;
    }

    /** Shows {@code text} on the error line; empty clears it. */
    public void setError(String text) {
        error.set(text == null ? "" : text);
    }

    /** Shows what went wrong on the error line. */
    public void fail(Throwable e) {
        error.set(describe(e));
    }

    /** The exception's message, or what it is when it has none. */
    public static String describe(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The current operation is planning or running. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** 0 to 1; -1 while unknown (planning). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The current step, the latest note, or the result's summary. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the view model could not go on (no connection, a plan that failed), as core worded it; or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The current operation's step rows, in its plan's order. */
    public ObservableList<StepRow> steps() {
        return steps;
    }
}
