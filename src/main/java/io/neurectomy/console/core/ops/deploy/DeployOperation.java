package io.neurectomy.console.core.ops.deploy;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.ops.deploy.ObjectChange.Action;
import io.neurectomy.console.core.stack.RenderedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The seed's {@code deploy-monitoring.sh deploy} as one operation: the plan compares every object of the rendered
 * stack with the cluster; the run writes each object to create or update as a step of its own ({@code apply-<kind>-
 * <name>}, in dependency order, cancellable between objects), then waits for the rollouts ({@code rollout}) and
 * summarizes the health as findings ({@code health}). A rollout not complete by its deadline fails its step, and the
 * health summary still runs. A plan that changes nothing still waits for the rollouts and summarizes the health.
 */
public final class DeployOperation extends PlannedOperation<DeployOperation.Report> {
    /** Step id of the rollout wait. */
    public static final String ROLLOUT = "rollout";
    /** Step id of the health summary. */
    public static final String HEALTH = "health";

    /**
     * What a deploy leaves behind.
     *
     * @param environment the environment deployed
     * @param context     the context deployed to
     * @param workloads   ready replicas of each workload when the rollout wait ended
     * @param complete    whether every replica was ready and current by the deadline
     * @param health      the health summary: a finding per workload, then the high-availability findings
     */
    public record Report(String environment, String context, List<StackDeployer.WorkloadRollout> workloads,
                         boolean complete, List<Finding> health) {
        public Report {
            workloads = List.copyOf(workloads);
            health = List.copyOf(health);
        }

        /** The health summary as text (the CLI prints it). */
        public String describe() {
            StringBuilder out = new StringBuilder("Health:\n");
            health.forEach(f -> out.append("  ").append(f.severity()).append(' ').append(f.subject().isEmpty() ? ""
                    : f.subject() + ": ").append(f.message()).append(f.fix().isEmpty() ? "" : " — " + f.fix())
                    .append('\n'));
            return out.toString();
        }
    }

    private final ClusterSession session;
    private final StackDeployer deployer;
    private final Function<Map<String, String>, RenderedStack> render;
    private final Duration rolloutTimeout;
    private RenderedStack stack;
    private DeployPlan deployPlan;

    /**
     * @param render         renders the stack, given the secret values the deployed stack has now (empty when it is
     *                       not deployed; see {@link StackDeployer#currentSecrets()}), so that values left out keep
     *                       what the cluster has
     * @param rolloutTimeout how long the rollout step waits for every replica
     */
    public DeployOperation(ClusterSession session, Function<Map<String, String>, RenderedStack> render,
                           Duration rolloutTimeout) {
        this.session = Objects.requireNonNull(session, "session");
        this.deployer = new StackDeployer(session);
        this.render = Objects.requireNonNull(render, "render");
        this.rolloutTimeout = Objects.requireNonNull(rolloutTimeout, "rolloutTimeout");
    }

    /** Step id of the write of {@code change}: {@code apply-statefulset-prometheus}. */
    public static String stepId(ObjectChange change) {
        return "apply-" + change.kind().toLowerCase(Locale.ROOT) + "-" + change.name();
    }

    /** The stack rendered by {@link #plan} (null before). */
    public RenderedStack stack() {
        return stack;
    }

    /** The object-by-object plan made by {@link #plan} (null before), with each update's diff. */
    public DeployPlan deployPlan() {
        return deployPlan;
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        stack = render.apply(deployer.currentSecrets());
        cancellation.check();
        deployPlan = deployer.plan(stack, cancellation);
        List<Step> steps = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (ObjectChange c : deployPlan.changes()) {
            if (c.action() == Action.CREATE || c.action() == Action.UPDATE) {
                steps.add(new Step(stepId(c), (c.action() == Action.CREATE ? "Create " : "Update ") + c.ref()));
            }
            changes.add(new Change(c.action() == Action.CREATE ? Change.Action.CREATE : c.action() == Action.UPDATE
                    ? Change.Action.UPDATE : Change.Action.UNCHANGED, c.ref(), c.diff()));
        }
        steps.add(new Step(ROLLOUT, "Wait for every replica to be ready (up to " + minutes(rolloutTimeout) + ")"));
        steps.add(new Step(HEALTH, "Summarize the stack's health"));
        List<String> notes = new ArrayList<>();
        if (deployPlan.unchanged()) {
            notes.add("Nothing to change: the cluster has every object as the stack renders it.");
        }
        return Plan.of("deploy", "Deploy environment " + deployPlan.environment() + " on context "
                        + deployPlan.context() + ": " + deployPlan.summary() + ".", steps)
                .withChanges(changes)
                .withConfirmation(Confirmation.yes("Apply this plan to context " + deployPlan.context() + "?"))
                .withNotes(notes);
    }

    @Override
    protected Report execute(Execution ex) {
        List<DeployPlan.Item> items = deployPlan.items().stream().filter(i -> i.change().action()
                == Action.CREATE || i.change().action() == Action.UPDATE).toList();
        List<String> done = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            DeployPlan.Item item = items.get(i);
            List<String> notDone = items.subList(i, items.size()).stream().map(it -> it.change().ref()).toList();
            ex.step(stepId(item.change()), () -> {
                StackDeployer.Outcome outcome = deployer.apply(item, done, notDone);
                if (outcome != StackDeployer.Outcome.UNCHANGED) {
                    done.add(item.change().ref());
                }
                ex.detail(outcome.name().toLowerCase(Locale.ROOT));
            });
        }
        if (session.namespaceMissing() && session.namespace().equals(RenderedStack.NAMESPACE)) {
            // the stack's namespace exists now: the session's checks may look at it
            session.withNamespaceMissing(false);
        }
        StackDeployer.RolloutResult rollout = ex.step(ROLLOUT, () -> waitForRollouts(ex));
        List<Finding> health = ex.step(HEALTH, () -> {
            List<Finding> findings = deployer.health(stack);
            long actionable = findings.stream().filter(Finding::actionable).count();
            ex.detail(actionable == 0 ? "no problem found" : actionable + " finding(s) to look at");
            return findings;
        });
        return new Report(deployPlan.environment(), session.context(), rollout.workloads(), rollout.complete(),
                health);
    }

    private StackDeployer.RolloutResult waitForRollouts(Execution ex) {
        String[] last = {""};
        StackDeployer.RolloutResult rollout = deployer.waitForRollouts(stack, rolloutTimeout, now -> {
            String line = String.join(", ", now.stream().map(StackDeployer.WorkloadRollout::line).toList());
            if (!line.equals(last[0])) {
                last[0] = line;
                ex.note(line);
            }
        }, ex.cancellation());
        int ready = rollout.workloads().stream().mapToInt(w -> Math.min(w.ready(), w.desired())).sum();
        int desired = rollout.workloads().stream().mapToInt(StackDeployer.WorkloadRollout::desired).sum();
        if (rollout.complete()) {
            ex.detail(ready + " of " + desired + " replicas ready");
        } else {
            ex.outcome(StepOutcome.failed("Not every replica is ready after " + minutes(rolloutTimeout) + " ("
                    + ready + " of " + desired + "): look at the pods (the Topology section) or kubectl get pods -n "
                    + RenderedStack.NAMESPACE + "."));
        }
        return rollout;
    }

    private static String minutes(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
