package io.neurectomy.console.core.operation;

import java.util.List;
import java.util.Objects;

/**
 * What an operation will do, before it does anything: shown by the wizard's review page and printed by the command
 * line before it asks.
 *
 * @param operation    the operation's command-line name ({@code deploy}, {@code backup} …), also its JSON name
 * @param title        one line for people, e.g. "Deploy production to context prod-eu"
 * @param steps        what will be done, in order; the result has one outcome for each
 * @param changes      what will change, object by object (may be empty when the steps say it all)
 * @param confirmation what the user must do before {@link Operation#run} may start
 * @param backupFirst  whether a backup is taken before anything changes
 * @param notes        what the user should know before confirming (warnings, values kept from the cluster)
 */
public record Plan(String operation, String title, List<Step> steps, List<Change> changes,
                   Confirmation confirmation, boolean backupFirst, List<String> notes) {

    public Plan {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(title, "title");
        steps = List.copyOf(steps);
        changes = List.copyOf(changes);
        Objects.requireNonNull(confirmation, "confirmation");
        notes = List.copyOf(notes);
    }

    /** A plan of {@code steps} that changes nothing anyone must confirm. */
    public static Plan of(String operation, String title, List<Step> steps) {
        return new Plan(operation, title, steps, List.of(), Confirmation.none(), false, List.of());
    }

    public Plan withChanges(List<Change> newChanges) {
        return new Plan(operation, title, steps, newChanges, confirmation, backupFirst, notes);
    }

    public Plan withConfirmation(Confirmation newConfirmation) {
        return new Plan(operation, title, steps, changes, newConfirmation, backupFirst, notes);
    }

    public Plan withBackupFirst(boolean backup) {
        return new Plan(operation, title, steps, changes, confirmation, backup, notes);
    }

    public Plan withNotes(List<String> newNotes) {
        return new Plan(operation, title, steps, changes, confirmation, backupFirst, newNotes);
    }

    /** The index of the step with {@code id}; throws when the plan has no such step. */
    public int indexOf(String stepId) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(stepId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("The plan of " + operation + " has no step " + stepId);
    }

    /** Whether running the plan would change nothing (every change is {@link Change.Action#UNCHANGED}). */
    public boolean changesNothing() {
        return !changes.isEmpty() && changes.stream().allMatch(c -> c.action() == Change.Action.UNCHANGED);
    }
}
