package io.neurectomy.console.core.runbook;

import io.neurectomy.console.core.operation.Cancellation;

/**
 * Where a runbook hands a manual checkpoint to a person: the command line prints it and waits for Enter; the window
 * shows it with a Done button. Called on the run's thread; it blocks until the person answers.
 */
@FunctionalInterface
public interface ManualGate {
    /**
     * Shows {@code step} (its instructions and command for the stack in {@code namespace}) and waits for the
     * person: true when they say it is done, false when they stop the runbook there. A cancel while waiting may
     * throw {@link io.neurectomy.console.core.operation.OperationCancelledException}.
     */
    boolean await(RunbookStep.Manual step, String namespace, Cancellation cancellation);

    /** A gate for runs nobody attends: every manual step stops the run. */
    static ManualGate nobody() {
        return (step, namespace, cancellation) -> false;
    }
}
