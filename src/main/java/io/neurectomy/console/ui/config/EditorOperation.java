package io.neurectomy.console.ui.config;

import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The one operation an editor runs at a time (apply, reload, restart): planned, confirmed through the
 * {@link DialogService} when its plan asks for it, run through an {@link OperationModel} that the Activity panel
 * lists, and its outcome notified. Busy, progress and message follow it for the editor's view; a read of the object
 * shows there too.
 */
final class EditorOperation {
    private final TaskRunner runner;
    private final Executor fx;
    private final ActivityLog activity;
    private final DialogService dialogs;
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final StringProperty message = new SimpleStringProperty("");
    private final ObjectProperty<OperationModel<?>> current = new SimpleObjectProperty<>();

    EditorOperation(TaskRunner runner, Executor fx, ActivityLog activity, DialogService dialogs) {
        this.runner = runner;
        this.fx = fx;
        this.activity = activity;
        this.dialogs = dialogs;
    }

    /**
     * Plans and runs {@code op}. A plan that needs a confirmation is asked for, unless {@code confirmed} (the
     * editor's review was the confirmation); {@code onDone} gets the result; {@code onError} gets a failed plan or
     * an operation that threw, and a declined confirmation as null.
     */
    <R> void run(Operation<R> op, boolean confirmed, Consumer<OperationResult<R>> onDone,
                 Consumer<Throwable> onError) {
        OperationModel<R> model = new OperationModel<>(op, runner, fx, activity);
        current.set(model);
        busy.set(true);
        progress.bind(model.progressProperty());
        message.bind(model.messageProperty());
        // A failed plan, or an operation that threw, ends here: its result never comes.
        model.errorProperty().addListener((o, was, failure) -> {
            if (failure != null) {
                finished();
                onError.accept(failure);
            }
        });
        model.plan(plan -> {
            if (!confirmed && !confirm(plan)) {
                finished();
                onError.accept(null);
                return;
            }
            model.run(result -> {
                finished();
                onDone.accept(result);
                dialogs.notify(result.succeeded() ? DialogService.Level.SUCCESS : result.cancelled()
                        ? DialogService.Level.WARNING : DialogService.Level.ERROR, plan.title(), result.summary());
            });
        }, failure -> { });
    }

    /** Shows a background read (no steps, no Cancel) as busy with {@code what}. */
    void reading(String what) {
        busy.set(true);
        message.set(what);
    }

    private boolean confirm(Plan plan) {
        Confirmation c = plan.confirmation();
        String text = c.prompt() + "\n\n" + String.join("\n", plan.changes().stream().map(ch -> ch.line().strip())
                .toList());
        return switch (c.kind()) {
            case NONE -> true;
            case YES -> dialogs.confirm(plan.title(), text, "Go ahead");
            case TYPED -> dialogs.confirmTyped(plan.title(), text, c.name(), "Go ahead");
        };
    }

    /** Stops the running operation at its next safe point, or drops its plan while it is being made. */
    void cancel() {
        OperationModel<?> model = current.get();
        if (model != null) {
            boolean planning = !model.runningProperty().get();
            model.cancel();
            if (planning) {
                // A plan dropped this way never reports back: nothing was changed.
                finished();
            }
        }
    }

    void finished() {
        progress.unbind();
        message.unbind();
        busy.set(false);
        progress.set(-1);
        message.set("");
        current.set(null);
    }

    BooleanProperty busyProperty() {
        return busy;
    }

    DoubleProperty progressProperty() {
        return progress;
    }

    StringProperty messageProperty() {
        return message;
    }
}
