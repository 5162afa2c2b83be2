package io.neurectomy.console.core.ops.deploy;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.ops.deploy.ObjectChange.Action;
import io.neurectomy.console.core.stack.RenderedStack;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of validate: the stack's consistency findings and how the cluster differs from the stack.
 *
 * @param environment the environment rendered
 * @param context     the context compared with, or empty when validate ran offline (no comparison)
 * @param findings    consistency check findings (empty: all checks passed), most severe first within each check
 * @param objects     every object of the stack: missing (create), different (update, with a diff) or unchanged
 * @param extra       objects in the stack's namespace that the stack does not have (nothing removes them)
 */
public record ValidationReport(String environment, String context, List<Finding> findings,
        List<ObjectChange> objects, List<ObjectChange> extra) {

    public ValidationReport {
        context = context == null ? "" : context;
        findings = List.copyOf(findings);
        objects = List.copyOf(objects);
        extra = List.copyOf(extra);
    }

    /** Whether the stack was compared with a cluster (not an offline validate). */
    public boolean compared() {
        return !context.isEmpty();
    }

    /** Findings that must be fixed before deploying. */
    public long errors() {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR || f.severity() == Severity.CRITICAL)
                .count();
    }

    /** Objects missing from the cluster. */
    public List<ObjectChange> missing() {
        return objects.stream().filter(o -> o.action() == Action.CREATE).toList();
    }

    /** Objects that differ from the manifests. */
    public List<ObjectChange> differing() {
        return objects.stream().filter(o -> o.action() == Action.UPDATE).toList();
    }

    /** Whether validate found something to fix: an error finding, or an object missing or different. */
    public boolean problems() {
        return errors() > 0 || !missing().isEmpty() || !differing().isEmpty();
    }

    /** Whether there is nothing to report: no finding, nothing missing, different or extra. */
    public boolean clean() {
        return findings.isEmpty() && missing().isEmpty() && differing().isEmpty() && extra.isEmpty();
    }

    /**
     * How the cluster differs from the stack, as findings beside the checks' own: a missing object (code
     * {@code object-missing}) and a different one ({@code object-differs}, the diff as evidence) are errors, an
     * object the stack does not have ({@code object-extra}) a warning.
     */
    public List<Finding> clusterFindings() {
        List<Finding> out = new ArrayList<>();
        missing().forEach(o -> out.add(Finding.of(Severity.ERROR, "object-missing", o.ref(), "is in the stack but"
                + " not in the cluster").withFix("Deploy the stack.").withLocation(o.source())));
        differing().forEach(o -> out.add(Finding.of(Severity.ERROR, "object-differs", o.ref(), "differs from the"
                + " stack's manifest").withFix("Deploy the stack to write the manifest's values.")
                .withLocation(o.source()).withEvidence(o.diff())));
        extra.forEach(o -> out.add(Finding.of(Severity.WARNING, "object-extra", o.ref(), "is in namespace "
                + (o.namespace().isEmpty() ? RenderedStack.NAMESPACE : o.namespace()) + " but not in the stack"
                + " (nothing deletes it)")));
        return out;
    }

    /** "3 finding(s); 2 missing, 0 different, 1 extra" (without the comparison when offline). */
    public String summary() {
        String checks = findings.isEmpty() ? "all checks passed" : findings.size() + " finding(s)";
        return compared() ? checks + "; " + missing().size() + " missing, " + differing().size() + " different, "
                + extra.size() + " extra" : checks;
    }

    /** The report as text (the CLI prints it). */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("Consistency checks for environment ").append(environment).append(": ")
                .append(findings.isEmpty() ? "all passed" : findings.size() + " finding(s)").append('\n');
        findings.forEach(f -> out.append("  ").append(f).append('\n'));
        if (!compared()) {
            return out.toString();
        }
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
