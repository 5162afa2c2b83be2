package io.neurectomy.console.core.operation;

/**
 * A change to the cluster (or to backups) that takes time: planned first, then run with progress and cancellation.
 *
 * <p>{@link #plan} reads and changes nothing; it says what will change, the steps, the confirmation needed and
 * whether a backup is taken first. {@link #run} carries the plan out step by step, reporting typed
 * {@link ProgressEvent}s and checking the {@link Cancellation} between steps and API calls, and returns an
 * {@link OperationResult} with one outcome per step. The window's operation model and the command line's runner
 * both drive operations through this interface, so the two faces cannot drift apart.
 *
 * <p>An instance is made for one invocation: it may keep what {@link #plan} found (the objects to write, the pods
 * to reload) for {@link #run}; such an operation refuses a plan it did not make.
 *
 * @param <R> what a successful run produces for its caller (a written archive, a report), or {@link Void}
 */
public interface Operation<R> {
    /** Reads what is needed and says what {@link #run} will do. Changes nothing. */
    Plan plan(Cancellation cancellation);

    /**
     * Carries out {@code plan} (made by this instance's {@link #plan}). Failures and a cancel end up in the result,
     * not as exceptions: the result says which steps were done, which failed and which were not run.
     */
    OperationResult<R> run(Plan plan, ProgressListener listener, Cancellation cancellation);
}
