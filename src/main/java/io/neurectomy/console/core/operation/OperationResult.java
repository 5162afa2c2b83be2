package io.neurectomy.console.core.operation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an operation ended: one outcome per step of its plan, what it produced, and why it stopped.
 *
 * @param plan    the plan that was run
 * @param status  succeeded, failed or cancelled
 * @param steps   every step of the plan, in order, with its outcome
 * @param value   what a successful run produced (null otherwise, and for operations that produce nothing)
 * @param notes   what the user should know afterwards (components left out, a history not written)
 * @param failure why it failed (its message is written for a person); null unless {@link Status#FAILED} by an error
 * @param <R>     the type of {@code value}
 */
public record OperationResult<R>(Plan plan, Status status, List<StepReport> steps, R value, List<String> notes,
                                 Throwable failure) {
    /** How an operation ended. */
    public enum Status {
        SUCCEEDED, FAILED, CANCELLED
    }

    /** One step and how it ended. */
    public record StepReport(Step step, StepOutcome outcome) {
    }

    public OperationResult {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(status, "status");
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }

    public boolean cancelled() {
        return status == Status.CANCELLED;
    }

    /** The value of a successful run. */
    public Optional<R> valueIfPresent() {
        return Optional.ofNullable(value);
    }

    /** The steps that did their work. */
    public List<StepReport> done() {
        return steps.stream().filter(s -> s.outcome().status() == StepOutcome.Status.DONE).toList();
    }

    /** The steps that did not do their work: failed, cancelled or never run. */
    public List<StepReport> notDone() {
        return steps.stream().filter(s -> switch (s.outcome().status()) {
            case FAILED, CANCELLED, NOT_RUN -> true;
            case DONE, SKIPPED -> false;
        }).toList();
    }

    /** The outcome of the step with {@code id}. */
    public StepOutcome outcome(String stepId) {
        return steps.stream().filter(s -> s.step().id().equals(stepId)).map(StepReport::outcome).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No step " + stepId + " in " + plan.operation()));
    }

    /** The failure's message for people, or the failed step's detail, or empty. */
    public String error() {
        if (failure != null && failure.getMessage() != null) {
            return failure.getMessage();
        }
        return steps.stream().filter(s -> s.outcome().status() == StepOutcome.Status.FAILED)
                .map(s -> s.outcome().detail()).filter(d -> !d.isBlank()).findFirst().orElse("");
    }

    /** "3 of 5 steps done; 1 failed, 1 not run" (for a notification or the last line of a command). */
    public String summary() {
        long failed = count(StepOutcome.Status.FAILED);
        long cancelledSteps = count(StepOutcome.Status.CANCELLED);
        long notRun = count(StepOutcome.Status.NOT_RUN);
        long skipped = count(StepOutcome.Status.SKIPPED);
        StringBuilder s = new StringBuilder(switch (status) {
            case SUCCEEDED -> "Done";
            case FAILED -> "Failed";
            case CANCELLED -> "Cancelled";
        });
        s.append(": ").append(done().size()).append(" of ").append(steps.size()).append(" steps done");
        if (skipped > 0) {
            s.append(", ").append(skipped).append(" skipped");
        }
        if (failed > 0) {
            s.append(", ").append(failed).append(" failed");
        }
        if (cancelledSteps > 0) {
            s.append(", ").append(cancelledSteps).append(" cancelled");
        }
        if (notRun > 0) {
            s.append(", ").append(notRun).append(" not run");
        }
        return s.append('.').toString();
    }

    private long count(StepOutcome.Status s) {
        return steps.stream().filter(r -> r.outcome().status() == s).count();
    }
}
