package io.neurectomy.console.core.ops.deploy;

import io.neurectomy.console.core.check.Finding;
import java.util.List;

/**
 * How the stack looks after a deploy.
 *
 * @param workloads ready replicas of each workload of the stack
 * @param findings  the high-availability findings of the live picture, most severe first (empty when unknown)
 * @param note      why there are no findings when they could not be computed, else empty
 */
public record HealthSummary(List<StackDeployer.WorkloadRollout> workloads, List<Finding> findings, String note) {

    public HealthSummary {
        workloads = List.copyOf(workloads);
        findings = List.copyOf(findings);
    }

    /** Whether every workload is fully ready. */
    public boolean allReady() {
        return workloads.stream().allMatch(StackDeployer.WorkloadRollout::done);
    }

    /** The summary as text (the CLI prints it). */
    public String describe() {
        StringBuilder out = new StringBuilder("Health:\n");
        for (StackDeployer.WorkloadRollout w : workloads) {
            out.append(String.format("  %-12s %-12s ready %d/%d%n", w.kind(), w.name(), w.ready(), w.desired()));
        }
        for (Finding f : findings) {
            out.append("  ").append(f.severity()).append(": ").append(f.message()).append(" — ").append(f.fix())
                    .append('\n');
        }
        if (!note.isEmpty()) {
            out.append("  ").append(note).append('\n');
        }
        return out.toString();
    }
}
