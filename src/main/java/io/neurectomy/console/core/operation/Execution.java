package io.neurectomy.console.core.operation;

import io.neurectomy.console.core.ConsoleException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The bookkeeping of one run of a plan, so that every operation reports steps, cancellation and failures the same
 * way: {@link #step} announces a step, checks for a cancel before it, runs it, and records its outcome; a failure
 * or a cancel marks the step, leaves the later ones not run, and ends the run with a result that says so.
 *
 * <pre>{@code
 * return Execution.run(plan, listener, cancellation, ex -> {
 *     ex.step("snapshot", () -> tsdb.snapshot(replica));
 *     ex.step("stream", () -> { ...; ex.detail(bytes + " bytes"); return null; });
 *     return archive;
 * });
 * }</pre>
 */
public final class Execution {
    /** The work of one step; unchecked exceptions fail it. */
    @FunctionalInterface
    public interface StepWork<T> {
        T run();
    }

    /** The body of a run: the steps in order; returns the operation's value. */
    @FunctionalInterface
    public interface Body<R> {
        R run(Execution execution);
    }

    private final Plan plan;
    private final ProgressListener listener;
    private Cancellation cancellation;
    private final StepOutcome[] outcomes;
    private final List<String> notes = new ArrayList<>();
    private int current = -1;
    private StepOutcome pending;

    public Execution(Plan plan, ProgressListener listener, Cancellation cancellation) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.listener = listener == null ? ProgressListener.none() : listener;
        this.cancellation = cancellation == null ? Cancellation.none() : cancellation;
        this.outcomes = new StepOutcome[plan.steps().size()];
    }

    /**
     * Runs {@code body} over {@code plan} and turns how it ended into a result: its value on success, a
     * {@link OperationResult.Status#CANCELLED} result when the user cancelled, a {@link OperationResult.Status#FAILED}
     * one when it threw or a step ended failed.
     */
    public static <R> OperationResult<R> run(Plan plan, ProgressListener listener, Cancellation cancellation,
                                             Body<R> body) {
        Execution ex = new Execution(plan, listener, cancellation);
        try {
            R value = body.run(ex);
            return ex.finish(value, null);
        } catch (OperationCancelledException e) {
            return ex.finish(null, e);
        } catch (RuntimeException e) {
            return ex.finish(null, e);
        }
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    public Plan plan() {
        return plan;
    }

    /** Where the run's progress goes (never null). */
    public ProgressListener listener() {
        return listener;
    }

    /**
     * Runs step {@code id}: checks for a cancel first, reports it started, runs {@code work}, and reports it
     * finished (done with the {@link #detail} set meanwhile, or the outcome set by {@link #outcome}). A thrown
     * exception marks it failed (or cancelled) and is thrown on.
     */
    public <T> T step(String id, StepWork<T> work) {
        int index = plan.indexOf(id);
        cancellation.check();
        current = index;
        pending = StepOutcome.done("");
        Step step = plan.steps().get(index);
        listener.on(new ProgressEvent.StepStarted(index, step));
        T value;
        try {
            value = work.run();
        } catch (OperationCancelledException e) {
            end(index, new StepOutcome(StepOutcome.Status.CANCELLED, pending.detail()));
            throw e;
        } catch (RuntimeException e) {
            end(index, StepOutcome.failed(e.getMessage() == null ? e.toString() : e.getMessage()));
            throw e;
        }
        end(index, pending);
        return value;
    }

    /**
     * Runs step {@code id} even after a cancel or a failure: the undo of what the run left half done (a rollback to
     * the previous version), which a second Cancel must not stop half way either. While it runs,
     * {@link #cancellation()} is a token nobody cancels and the thread's interrupt (Ctrl+C) is held back; both are
     * as before afterwards. Ends like {@link #step}.
     */
    public <T> T undo(String id, StepWork<T> work) {
        Cancellation before = cancellation;
        boolean interrupted = Thread.interrupted();
        cancellation = Cancellation.none();
        try {
            return step(id, work);
        } finally {
            cancellation = before;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs step {@code id} that produces nothing. */
    public void step(String id, Runnable work) {
        step(id, () -> {
            work.run();
            return null;
        });
    }

    /** Records step {@code id} as skipped without running it ({@code why} says why: "nothing to change"). */
    public void skip(String id, String why) {
        int index = plan.indexOf(id);
        Step step = plan.steps().get(index);
        StepOutcome outcome = StepOutcome.skipped(why);
        outcomes[index] = outcome;
        listener.on(new ProgressEvent.StepFinished(index, step, outcome));
    }

    /** Sets what the running step reports as its detail when it ends ("created 30, unchanged 2"). */
    public void detail(String text) {
        requireRunning();
        pending = new StepOutcome(pending.status(), text);
    }

    /**
     * Sets the running step's outcome when it ends without throwing: a step that fails without stopping the run
     * (a rollout not complete by its deadline, after which the health summary still runs) ends {@code FAILED},
     * and the run then ends failed.
     */
    public void outcome(StepOutcome outcome) {
        requireRunning();
        pending = Objects.requireNonNull(outcome, "outcome");
    }

    /** Tells the listener something worth knowing while the current step runs. */
    public void note(String text) {
        listener.on(new ProgressEvent.Note(text));
    }

    /**
     * Looks every {@code poll} until {@code done}, handing each change of {@code state} to {@code changed}; after
     * {@code timeout} fails with a {@link ConsoleException} whose message {@code gaveUp} makes from the state then. A
     * cancel, or an interrupt, stops the wait with {@link OperationCancelledException}.
     */
    public void await(Duration timeout, Duration poll, BooleanSupplier done, Supplier<String> state,
                      Consumer<String> changed, Function<String, String> gaveUp) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (true) {
            cancellation.check();
            if (done.getAsBoolean()) {
                return;
            }
            String now = state.get();
            if (!now.equals(last)) {
                changed.accept(now);
                last = now;
            }
            if (System.nanoTime() > deadline) {
                throw new ConsoleException(gaveUp.apply(now));
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCancelledException();
            }
        }
    }

    /** Adds a note to the result (shown after the run: "Secrets were left out: no passphrase"). */
    public void resultNote(String text) {
        notes.add(text);
    }

    /** Reports bytes moved by the current step. */
    public void bytes(long done, long total) {
        listener.on(new ProgressEvent.Bytes(done, total));
    }

    private void requireRunning() {
        if (current < 0 || outcomes[current] != null) {
            throw new IllegalStateException("No step is running");
        }
    }

    private void end(int index, StepOutcome outcome) {
        outcomes[index] = outcome;
        listener.on(new ProgressEvent.StepFinished(index, plan.steps().get(index), outcome));
    }

    private <R> OperationResult<R> finish(R value, RuntimeException failure) {
        List<OperationResult.StepReport> reports = new ArrayList<>();
        boolean anyFailed = false;
        for (int i = 0; i < outcomes.length; i++) {
            StepOutcome o = outcomes[i];
            if (o == null) {
                o = failure == null ? StepOutcome.skipped("") : StepOutcome.notRun();
            }
            anyFailed |= o.status() == StepOutcome.Status.FAILED;
            reports.add(new OperationResult.StepReport(plan.steps().get(i), o));
        }
        OperationResult.Status status;
        if (failure instanceof OperationCancelledException) {
            status = OperationResult.Status.CANCELLED;
        } else if (failure != null || anyFailed) {
            status = OperationResult.Status.FAILED;
        } else {
            status = OperationResult.Status.SUCCEEDED;
        }
        return new OperationResult<>(plan, status, reports, failure == null ? value : null, notes,
                failure instanceof OperationCancelledException ? null : failure);
    }
}
