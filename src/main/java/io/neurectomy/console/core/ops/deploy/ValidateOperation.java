package io.neurectomy.console.core.ops.deploy;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackChecks;
import io.neurectomy.console.core.stack.UnsetSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The seed's {@code deploy-monitoring.sh validate} as an operation that writes nothing: the stack's consistency
 * checks ({@code checks}) and the comparison with the cluster ({@code compare}: missing, different and extra
 * objects; skipped offline). A step that finds something to fix (an error finding, a missing or different object)
 * ends failed, so the run fails and says why; its value is the {@link ValidationReport} either way. A secret the
 * rendering filled with a placeholder ({@link RenderedStack#unsetSecrets()}) is a warning ({@value #SECRET_UNSET}).
 */
public final class ValidateOperation extends PlannedOperation<ValidationReport> {
    /** Step id of the consistency checks. */
    public static final String CHECKS = "checks";
    /** Step id of the comparison with the cluster. */
    public static final String COMPARE = "compare";
    /** Finding code of a secret value that was not given and was checked as a placeholder (offline only). */
    public static final String SECRET_UNSET = "secret-unset";

    private final ClusterSession session;
    private final Function<Map<String, String>, RenderedStack> render;
    private RenderedStack stack;

    /**
     * @param session the cluster to compare with, or null to run the checks only (offline)
     * @param render  renders the stack, given the secret values the deployed stack has (empty offline or when it is
     *                not deployed), so that values left out are compared as the cluster has them
     */
    public ValidateOperation(ClusterSession session, Function<Map<String, String>, RenderedStack> render) {
        this.session = session;
        this.render = Objects.requireNonNull(render, "render");
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        stack = render.apply(session == null ? Map.of() : new StackDeployer(session).currentSecrets());
        String title = "Validate environment " + stack.environment() + (session == null ? " (offline)"
                : " against context " + session.context());
        return Plan.of("validate", title, List.of(new Step(CHECKS, "Run the stack's consistency checks"),
                new Step(COMPARE, "Compare the stack with the cluster")));
    }

    @Override
    protected ValidationReport execute(Execution ex) {
        List<Finding> findings = ex.step(CHECKS, () -> {
            List<Finding> all = new ArrayList<>(StackChecks.run(stack));
            stack.unsetSecrets().forEach(u -> all.add(unsetSecret(u)));
            ValidationReport checked = new ValidationReport(stack.environment(), "", all, List.of(), List.of());
            if (checked.errors() > 0) {
                ex.outcome(StepOutcome.failed(checked.errors() + " error finding(s): fix them before deploying"));
            } else {
                ex.detail(all.isEmpty() ? "all passed" : all.size() + " finding(s), no error");
            }
            return all;
        });
        if (session == null) {
            ex.skip(COMPARE, "offline");
            return new ValidationReport(stack.environment(), "", findings, List.of(), List.of());
        }
        return ex.step(COMPARE, () -> {
            StackDeployer.Comparison c = new StackDeployer(session).compare(stack, ex.cancellation());
            ValidationReport report = new ValidationReport(stack.environment(), session.context(), findings,
                    c.objects(), c.extra());
            String counts = report.missing().size() + " missing, " + report.differing().size() + " different, "
                    + report.extra().size() + " extra";
            if (!report.missing().isEmpty() || !report.differing().isEmpty()) {
                ex.outcome(StepOutcome.failed("the cluster differs from the stack: " + counts));
            } else {
                ex.detail(counts);
            }
            return report;
        });
    }

    /** A warning for a secret checked as a placeholder: what it is, where it is used and how to set it. */
    static Finding unsetSecret(UnsetSecret secret) {
        String used = secret.usedAt().isEmpty() ? "" : " Used at " + String.join(", ", secret.usedAt()) + ".";
        String description = secret.description().strip();
        return Finding.of(Severity.WARNING, SECRET_UNSET, secret.name(), "is not set"
                + (description.isEmpty() ? "" : " (" + description.replaceAll("\\.$", "") + ")")
                + "; checked with the placeholder " + secret.placeholder() + "." + used)
                .withLocation(secret.usedAt().isEmpty() ? "" : secret.usedAt().get(0))
                .withFix("Add a line '" + secret.name() + ": <value>' to your values file (--values FILE)"
                        + " before deploying; deploy refuses to run without it.");
    }
}
