package io.neurectomy.console.ui.shell;

import io.neurectomy.console.ui.fx.OperationModel;
import java.util.concurrent.CountDownLatch;
import javafx.beans.value.ChangeListener;
import javafx.concurrent.Task;

/**
 * One running {@link OperationModel} as the {@code Task} ControlsFX's {@code TaskProgressView} wants: it mirrors the
 * operation's title, message and progress, its Cancel asks the operation to stop, and it ends when the operation
 * has ended. The operation runs elsewhere; this task only waits, on a thread of its own, so that the view counts it
 * as running (the view enables Cancel only then, and drops a task once it succeeded, failed or was cancelled).
 * Made and touched on the FX thread, except {@link #call()}.
 */
final class OperationTask extends Task<Void> {
    private final OperationModel<?> operation;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final ChangeListener<String> title = (obs, old, now) -> updateTitle(now);
    private final ChangeListener<String> message = (obs, old, now) -> updateMessage(now);
    private final ChangeListener<Number> progress = (obs, old, now) -> updateProgress(now.doubleValue(), 1);

    OperationTask(OperationModel<?> operation) {
        this.operation = operation;
        updateTitle(operation.titleProperty().get());
        updateMessage(operation.messageProperty().get());
        // A negative value makes the bar indeterminate, as the model's -1 means.
        updateProgress(operation.progressProperty().get(), 1);
        operation.titleProperty().addListener(title);
        operation.messageProperty().addListener(message);
        operation.progressProperty().addListener(progress);
    }

    /** Starts waiting for the operation's end on a daemon thread (which must not keep the application alive). */
    OperationTask start() {
        Thread thread = new Thread(this, "activity-" + operation.titleProperty().get());
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    OperationModel<?> operation() {
        return operation;
    }

    @Override
    protected Void call() throws InterruptedException {
        ended.await();
        return null;
    }

    /**
     * Asks the operation to stop after its current step. The task stays listed, with the operation's "Cancelling…"
     * message, until the operation has ended and says what was done.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        operation.cancel();
        return true;
    }

    /** The operation has ended: stop mirroring it and let the task finish. */
    void end() {
        operation.titleProperty().removeListener(title);
        operation.messageProperty().removeListener(message);
        operation.progressProperty().removeListener(progress);
        ended.countDown();
    }
}
