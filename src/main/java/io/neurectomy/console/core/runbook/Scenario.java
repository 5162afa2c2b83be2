package io.neurectomy.console.core.runbook;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One outage and its guided recovery.
 *
 * @param id           the command line's name ({@code pod-failure})
 * @param title        for people ("Pod failure")
 * @param summary      what happened and what the runbook does, a sentence or two
 * @param recovery     the guide's recovery time for it ("under 30 s"), or what to expect
 * @param detection    the health findings that point to it
 * @param steps        what to do, in order
 * @param verification the codes of the health probes that must pass afterwards
 */
public record Scenario(String id, String title, String summary, String recovery, Detection detection,
                       List<RunbookStep> steps, List<String> verification) {
    public Scenario {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(detection, "detection");
        steps = List.copyOf(steps);
        verification = List.copyOf(verification);
        if (steps.isEmpty() || verification.isEmpty()) {
            throw new IllegalArgumentException("Scenario " + id + " needs steps and a verification");
        }
        Set<String> ids = new HashSet<>(List.of(RunbookOperation.STEP_DETECT, RunbookOperation.STEP_VERIFY));
        for (RunbookStep step : steps) {
            if (!ids.add(step.id())) {
                throw new IllegalArgumentException("Scenario " + id + " has two steps " + step.id());
            }
        }
    }

    /** The checkpoints a person must carry out. */
    public List<RunbookStep.Manual> manualSteps() {
        return steps.stream().filter(RunbookStep.Manual.class::isInstance).map(RunbookStep.Manual.class::cast)
                .toList();
    }

    /** Whether the console can run it alone, without a person ({@code --yes}). */
    public boolean automatic() {
        return manualSteps().isEmpty();
    }
}
