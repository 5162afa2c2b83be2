package io.neurectomy.console.core.runbook;

import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.StepOutcome;
import java.util.Objects;

/**
 * One step of a runbook: an operation the console runs ({@link Automatic}), or a checkpoint a person carries out
 * ({@link Manual}); each says the kubectl (or amtool, or console) command that does the same by hand.
 */
public sealed interface RunbookStep permits RunbookStep.Automatic, RunbookStep.Manual {
    /** Stable within its scenario ({@code replace-stuck-pods}), for tests, JSON and the timeline. */
    String id();

    /** What the step does, for people. */
    String title();

    /** The equivalent command by hand ({@code NS} stands for the stack's namespace). */
    String command();

    /** The equivalent command for the stack in {@code namespace}. */
    default String command(String namespace) {
        return command().replaceAll("\\bNS\\b", namespace);
    }

    /**
     * What an automatic step does, given the run's context (the session, what detection found). Returns the step's
     * outcome ({@link StepOutcome#skipped} when there is nothing to do); throws, with a message a person can act on,
     * when it fails.
     */
    @FunctionalInterface
    interface Action {
        StepOutcome run(RunbookContext context, Execution execution);
    }

    /** A step the console carries out by running an operation. */
    record Automatic(String id, String title, String command, Action action) implements RunbookStep {
        public Automatic {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * A checkpoint for a person: what to do, in plain words, and the command that does it.
     *
     * @param instructions what to do and how to tell it is done, a few sentences
     */
    record Manual(String id, String title, String instructions, String command) implements RunbookStep {
        public Manual {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(instructions, "instructions");
            Objects.requireNonNull(command, "command");
        }

        /** The instructions for the stack in {@code namespace}. */
        public String instructions(String namespace) {
            return instructions.replaceAll("\\bNS\\b", namespace);
        }
    }
}
