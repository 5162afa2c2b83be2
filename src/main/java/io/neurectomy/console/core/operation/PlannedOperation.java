package io.neurectomy.console.core.operation;

/**
 * An {@link Operation} that keeps what its plan found for the run: it remembers the plan it made, refuses to run
 * any other, and runs the plan's steps through one {@link Execution}. A subclass makes the plan and does the steps.
 *
 * @param <R> what a successful run produces for its caller, or {@link Void}
 */
public abstract class PlannedOperation<R> implements Operation<R> {
    private Plan planned;

    /** Makes the plan (see {@link Operation#plan}) and keeps it: {@link #run} accepts only this plan. */
    @Override
    public final Plan plan(Cancellation cancellation) {
        planned = makePlan(cancellation);
        return planned;
    }

    /** Carries out the plan this instance made, step by step (see {@link Operation#run}). */
    @Override
    public final OperationResult<R> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
        if (plan == null || plan != planned) {
            throw new IllegalArgumentException("Run the plan this " + (planned == null ? "operation"
                    : planned.operation()) + " made");
        }
        return Execution.run(plan, listener, cancellation, this::execute);
    }

    /** Reads what is needed and says what {@link #execute} will do. Changes nothing. */
    protected abstract Plan makePlan(Cancellation cancellation);

    /** The steps of a run of the plan made, in order, through {@code ex}; returns the operation's value. */
    protected abstract R execute(Execution ex);
}
