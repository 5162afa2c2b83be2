package io.neurectomy.console.ui.fx;

import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.operation.StepOutcome;

/**
 * One step of an operation as a list shows it: waiting, running, or how it ended.
 *
 * @param step   the plan's step
 * @param state  where it is
 * @param detail what it did or why not, or empty
 */
public record StepRow(Step step, State state, String detail) {
    /** Where a step is. */
    public enum State {
        PENDING, RUNNING, DONE, SKIPPED, FAILED, CANCELLED, NOT_RUN;

        static State of(StepOutcome.Status status) {
            return switch (status) {
                case DONE -> DONE;
                case SKIPPED -> SKIPPED;
                case FAILED -> FAILED;
                case CANCELLED -> CANCELLED;
                case NOT_RUN -> NOT_RUN;
            };
        }
    }

    static StepRow pending(Step step) {
        return new StepRow(step, State.PENDING, "");
    }
}
