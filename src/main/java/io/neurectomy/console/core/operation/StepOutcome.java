package io.neurectomy.console.core.operation;

import java.util.Objects;

/**
 * How one step ended.
 *
 * @param status what happened
 * @param detail what it did or why not ("created 30, unchanged 2", the server's error), or empty
 */
public record StepOutcome(Status status, String detail) {
    /** What happened to a step. */
    public enum Status {
        /** It did what it said. */
        DONE,
        /** It had nothing to do, or was left out on purpose (detail says why). */
        SKIPPED,
        /** It was tried and failed (detail says why); later steps are not run. */
        FAILED,
        /** The user cancelled while it ran; what it did is undone or said in the detail. */
        CANCELLED,
        /** It never started (an earlier step failed or the user cancelled). */
        NOT_RUN
    }

    public StepOutcome {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    public static StepOutcome done(String detail) {
        return new StepOutcome(Status.DONE, detail);
    }

    public static StepOutcome skipped(String why) {
        return new StepOutcome(Status.SKIPPED, why);
    }

    public static StepOutcome failed(String why) {
        return new StepOutcome(Status.FAILED, why);
    }

    public static StepOutcome notRun() {
        return new StepOutcome(Status.NOT_RUN, "");
    }
}
