package io.neurectomy.console.core.operation;

/**
 * What a running operation reports. Consumers (the window's operation model, the command line's runner) switch on
 * the type; nobody parses text.
 */
public sealed interface ProgressEvent {
    /** Step {@code index} of the plan has started. */
    record StepStarted(int index, Step step) implements ProgressEvent {
    }

    /** Step {@code index} has ended with {@code outcome}. */
    record StepFinished(int index, Step step, StepOutcome outcome) implements ProgressEvent {
    }

    /** Of the bytes the current step moves, {@code done} of {@code total} ({@code -1} when unknown) have moved. */
    record Bytes(long done, long total) implements ProgressEvent {
    }

    /** Something worth telling while the current step runs ("waiting for prometheus-1 to see the new file"). */
    record Note(String text) implements ProgressEvent {
    }
}
