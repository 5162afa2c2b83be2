package io.neurectomy.console.ui.backup;

import io.neurectomy.console.core.backup.store.TransferEstimate;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Backups section's one progress line: the operation running now (a backup, a restore, a sync), its progress,
 * its current step with bytes and an ETA, and Cancel. Every operation it starts is an {@link OperationModel} listed
 * in the shell's {@link ActivityLog}, so it can be followed and cancelled from the Activity panel as well.
 */
final class BackupProgress {
    private final TaskRunner runner;
    private final Executor fx;
    private final ActivityLog activity;
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", -1);
    private final StringProperty bytes = new SimpleStringProperty(this, "bytes", "");
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private OperationModel<?> current;

    BackupProgress(TaskRunner runner, Executor fx, ActivityLog activity) {
        this.runner = runner;
        this.fx = fx;
        this.activity = activity;
    }

    /**
     * The model of {@code operation}, shown on the progress line from now on; null (and {@code onBusy} told) while
     * another operation of the section runs.
     */
    <R> OperationModel<R> start(Operation<R> operation, Runnable onBusy) {
        if (busy.get()) {
            onBusy.run();
            return null;
        }
        OperationModel<R> model = new OperationModel<>(new WithBytes<>(operation), runner, fx, activity);
        current = model;
        bytes.set("");
        busy.bind(model.busyProperty());
        progress.bind(model.progressProperty());
        text.bind(Bindings.createStringBinding(() -> model.messageProperty().get() + (bytes.get().isEmpty() ? ""
                : " (" + bytes.get() + ")"), model.messageProperty(), bytes));
        return model;
    }

    /** Stops the running operation at its next step (a backup then leaves nothing behind). */
    void cancel() {
        if (current != null) {
            current.cancel();
        }
    }

    OperationModel<?> current() {
        return current;
    }

    BooleanProperty busyProperty() {
        return busy;
    }

    DoubleProperty progressProperty() {
        return progress;
    }

    StringProperty textProperty() {
        return text;
    }

    /** Turns an operation's byte events into "120 MB of 2.0 GB, about 40 s left" for the progress line. */
    private final class WithBytes<R> implements Operation<R> {
        private final Operation<R> operation;

        WithBytes(Operation<R> operation) {
            this.operation = operation;
        }

        @Override
        public Plan plan(Cancellation cancellation) {
            return operation.plan(cancellation);
        }

        @Override
        public OperationResult<R> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
            TransferEstimate estimate = new TransferEstimate();
            return operation.run(plan, event -> {
                if (event instanceof ProgressEvent.Bytes b) {
                    estimate.update(b.done(), b.total(), System.nanoTime());
                    String line = BackupRow.humanBytes(b.done()) + (b.total() > 0 ? " of "
                            + BackupRow.humanBytes(b.total()) : "") + estimate.remaining()
                            .filter(d -> b.total() > b.done())
                            .map(d -> ", about " + Math.max(1, d.toSeconds()) + " s left").orElse("");
                    fx.execute(() -> bytes.set(line));
                } else if (event instanceof ProgressEvent.StepStarted) {
                    fx.execute(() -> bytes.set(""));
                }
                listener.on(event);
            }, cancellation);
        }
    }
}
