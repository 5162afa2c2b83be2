package io.neurectomy.console.core.ops.deploy;

import io.neurectomy.console.core.ops.deploy.ObjectChange.Action;
import io.neurectomy.console.core.stack.CheckResult;
import java.util.List;

/**
 * The result of validate: the stack's consistency findings and how the cluster differs from the stack.
 *
 * @param environment the environment rendered
 * @param context     the context compared with
 * @param findings    consistency check findings (empty: all checks passed)
 * @param objects     every object of the stack: missing (create), different (update, with a diff) or unchanged
 * @param extra       objects in the stack's namespace that the stack does not have (nothing removes them)
 */
public record ValidationReport(String environment, String context, List<CheckResult> findings,
        List<ObjectChange> objects, List<ObjectChange> extra) {

    public ValidationReport {
        findings = List.copyOf(findings);
        objects = List.copyOf(objects);
        extra = List.copyOf(extra);
    }

    /** Findings that must be fixed before deploying. */
    public long errors() {
        return findings.stream().filter(f -> f.severity() == CheckResult.Severity.ERROR).count();
    }

    /** Objects missing from the cluster. */
    public List<ObjectChange> missing() {
        return objects.stream().filter(o -> o.action() == Action.CREATE).toList();
    }

    /** Objects that differ from the manifests. */
    public List<ObjectChange> differing() {
        return objects.stream().filter(o -> o.action() == Action.UPDATE).toList();
    }

    /** Whether there is nothing to report: no finding, nothing missing, different or extra. */
    public boolean clean() {
        return findings.isEmpty() && missing().isEmpty() && differing().isEmpty() && extra.isEmpty();
    }

    /** The report as text (the CLI prints it). */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("Consistency checks for environment ").append(environment).append(": ")
                .append(findings.isEmpty() ? "all passed" : findings.size() + " finding(s)").append('\n');
        findings.forEach(f -> out.append("  ").append(f).append('\n'));
        out.append("Cluster (context ").append(context).append("): ").append(missing().size()).append(" missing, ")
                .append(differing().size()).append(" different, ").append(extra.size()).append(" extra, ")
                .append(objects.size() - missing().size() - differing().size()).append(" as in the stack\n");
        for (ObjectChange o : objects) {
            if (o.action() == Action.CREATE) {
                out.append("  missing   ").append(o.ref()).append('\n');
            } else if (o.action() == Action.UPDATE) {
                out.append("  differs   ").append(o.ref()).append('\n');
                o.diff().lines().forEach(l -> out.append("      ").append(l).append('\n'));
            }
        }
        extra.forEach(o -> out.append("  extra     ").append(o.ref()).append('\n'));
        return out.toString();
    }
}
