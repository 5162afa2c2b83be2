package io.neurectomy.console.core.operation;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The user's request to stop a long operation. Operations call {@link #check()} between steps and API calls (and
 * between buffers of a transfer), so a Cancel button stops them at the next safe point; what the operation has done
 * until then it undoes or reports.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Asks the operation to stop at its next check. */
    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get() || Thread.currentThread().isInterrupted();
    }

    /** Throws {@link OperationCancelledException} once cancelled (or when the running thread was interrupted). */
    public void check() {
        if (isCancelled()) {
            throw new OperationCancelledException();
        }
    }

    /** A token nobody cancels (CLI runs, tests). Interrupting the thread still stops the operation. */
    public static Cancellation none() {
        return new Cancellation();
    }
}
