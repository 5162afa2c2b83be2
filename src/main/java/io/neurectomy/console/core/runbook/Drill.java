package io.neurectomy.console.core.runbook;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.ops.CordonNodes;
import io.neurectomy.console.core.ops.DrillBaseline;
import io.neurectomy.console.core.ops.NodeFault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A recovery drill on a cluster that offers fault injection (the console's sandbox): records what must survive
 * (the namespace's ConfigMaps and Secrets, by digest, never by value, and the active silences), injects the
 * scenario's fault, waits until the health check sees it, runs the scenario's runbook with nobody at the keyboard
 * (the drill carries out the manual steps it knows, as the person on call would), and compares. The time to
 * recovery runs from the fault to the passed verification, against the deployment guide's figure for the scenario.
 *
 * <p>Drills offered: {@code node-failure} (the node of {@code prometheus-0}, or the one named, is failed; the drill
 * repairs and uncordons it at the runbook's manual step). A drill whose fault is still in place when the drill ends
 * (a failure or a cancel) is put right before it returns.
 */
public final class Drill implements Operation<Drill.Report> {
    /** The scenarios that can be drilled, with the deployment guide's recovery figure for each. */
    public static final Map<String, Duration> TARGETS = Map.of("node-failure", Duration.ofMinutes(5));

    /** Steps of the drill. */
    public static final String STEP_BASELINE = "baseline";
    public static final String STEP_INJECT = "inject";
    public static final String STEP_DETECT = "await-detection";
    public static final String STEP_RUNBOOK = "runbook";
    public static final String STEP_COMPARE = "compare";

    /**
     * What the drill found.
     *
     * @param scenario       the scenario drilled
     * @param target         what the fault was injected into (a node)
     * @param timeToRecovery from the fault to the passed verification
     * @param guide          the deployment guide's figure for the scenario
     * @param lost           what was not as before (empty: nothing was lost)
     * @param compared       what was compared (a line each)
     * @param timeline       the runbook's timeline
     */
    public record Report(String scenario, String target, Duration timeToRecovery, Duration guide, List<String> lost,
                         List<String> compared, Timeline timeline) {
        public Report {
            lost = List.copyOf(lost);
            compared = List.copyOf(compared);
        }

        /** Whether the recovery took no longer than the guide's figure. */
        public boolean withinGuide() {
            return timeToRecovery.compareTo(guide) <= 0;
        }
    }

    private final ClusterSession session;
    private final Scenario scenario;
    private final HealthChecker checker;
    private final Clock clock;
    private final Duration timeout;
    private final Duration poll;
    private final String requestedNode;
    private Plan planned;
    private String node;
    private volatile RunbookOperation runbook;

    /**
     * @param scenarioId a key of {@link #TARGETS}
     * @param node       the node to fail, or null for the node of {@code prometheus-0}
     * @param timeout    how long detection, each step and the verification may take
     * @param poll       how often to look meanwhile
     */
    public Drill(ClusterSession session, String scenarioId, String node, HealthChecker checker, Clock clock,
                 Duration timeout, Duration poll) {
        this.session = Objects.requireNonNull(session, "session");
        if (!TARGETS.containsKey(scenarioId)) {
            throw new IllegalArgumentException("no drill for '" + scenarioId + "'; drills: " + offered());
        }
        this.scenario = RunbookCatalog.named(scenarioId).orElseThrow();
        this.checker = Objects.requireNonNull(checker, "checker");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.requestedNode = node;
    }

    /** The scenarios that can be drilled, comma-separated. */
    public static String offered() {
        return String.join(", ", new TreeSet<>(TARGETS.keySet()));
    }

    /** The runbook's timeline once the runbook has started (null before). */
    public Timeline timeline() {
        RunbookOperation r = runbook;
        return r == null ? null : r.timeline();
    }

    @Override
    public Plan plan(Cancellation cancellation) {
        if (!session.capabilities().contains(Capability.NODE_FAULTS)) {
            throw new ConsoleException("A drill injects a real fault, so it runs only on a cluster that offers fault"
                    + " injection (the console's sandbox: monitoring-console sandbox start); context "
                    + session.context() + " does not, and nothing was changed. To rehearse on this cluster, walk"
                    + " the runbook: monitoring-console runbook run " + scenario.id() + ".");
        }
        node = requestedNode != null ? requestedNode : session.state().snapshot().pods().stream()
                .filter(p -> p.name().equals("prometheus-0")).map(PodInfo::node).filter(n -> n != null
                        && !n.isBlank()).findFirst().orElseThrow(() -> new ConsoleException("prometheus-0 is not"
                        + " scheduled on a node in " + session.namespace() + "; name the node to fail (--node)."));
        if (session.state().snapshot().nodes().stream().noneMatch(n -> n.name().equals(node))) {
            throw new ConsoleException("Node " + node + " is not in the cluster; nothing was changed.");
        }
        String title = "Drill " + scenario.id() + " on " + session.context() + ": fail node " + node + ", recover"
                + " with the runbook";
        List<Step> steps = List.of(
                new Step(STEP_BASELINE, "Record the ConfigMaps, Secrets (by digest) and silences"),
                new Step(STEP_INJECT, "Fail node " + node),
                new Step(STEP_DETECT, "Wait until the health check points to " + scenario.id()),
                new Step(STEP_RUNBOOK, "Run the " + scenario.id() + " runbook (the drill repairs the node at its"
                        + " manual step)"),
                new Step(STEP_COMPARE, "Compare with the record"));
        planned = Plan.of("drill", title, steps).withConfirmation(Confirmation.yes("Fail node " + node + " of "
                        + session.context() + " and recover it with the " + scenario.id() + " runbook?"))
                .withNotes(List.of("The guide's figure for " + scenario.id() + ": " + IncidentClock.format(
                        TARGETS.get(scenario.id())) + ". The time to recovery runs from the fault to the passed"
                        + " verification.", "No archive is restored in this scenario, so no archive store is"
                        + " used."));
        return planned;
    }

    @Override
    public OperationResult<Report> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
        if (plan == null || plan != planned) {
            throw new IllegalArgumentException("Run the plan this drill made");
        }
        boolean[] injected = {false};
        try {
            return Execution.run(plan, listener, cancellation, ex -> {
                DrillBaseline before = ex.step(STEP_BASELINE, () -> {
                    DrillBaseline b = DrillBaseline.read(session);
                    ex.detail(b.describe());
                    return b;
                });
                Instant fault = ex.step(STEP_INJECT, () -> {
                    Instant at = clock.instant();
                    nested(new NodeFault(session, node, true), ex);
                    injected[0] = true;
                    ex.detail("node " + node + " failed at " + at);
                    return at;
                });
                ex.step(STEP_DETECT, () -> awaitDetection(ex));
                Timeline timeline = ex.step(STEP_RUNBOOK, () -> {
                    RunbookOperation op = new RunbookOperation(session, scenario, checker, (step, ns, c) -> {
                        if (!step.id().equals("repair-node")) {
                            return false;
                        }
                        repair(ex);
                        injected[0] = false;
                        return true;
                    }, clock, timeout, timeout, poll);
                    runbook = op;
                    OperationResult<Timeline> r = op.run(op.plan(ex.cancellation()), event -> { },
                            ex.cancellation());
                    if (r.cancelled()) {
                        throw new OperationCancelledException();
                    }
                    if (!r.succeeded()) {
                        throw new ConsoleException("The runbook did not recover the stack: " + (r.error().isBlank()
                                ? r.summary() : r.error()));
                    }
                    ex.detail(op.timeline().clock().status());
                    return op.timeline();
                });
                Duration recovery = Duration.between(fault, timeline.endedAt().orElse(clock.instant()));
                List<String> compared = new ArrayList<>();
                List<String> lost = ex.step(STEP_COMPARE, () -> {
                    List<String> l = before.lostSince(DrillBaseline.read(session), compared);
                    ex.detail(l.isEmpty() ? "nothing lost" : String.join("; ", l));
                    return l;
                });
                return new Report(scenario.id(), "node " + node, recovery, TARGETS.get(scenario.id()), lost,
                        compared, timeline);
            });
        } finally {
            if (injected[0]) {
                putRight();
            }
        }
    }

    private static <R> R nested(Operation<R> operation, Execution ex) {
        OperationResult<R> r = operation.run(operation.plan(ex.cancellation()), event -> { }, ex.cancellation());
        if (r.cancelled()) {
            throw new OperationCancelledException();
        }
        if (!r.succeeded()) {
            throw new ConsoleException(r.error().isBlank() ? r.summary() : r.error());
        }
        return r.value();
    }

    private void repair(Execution ex) {
        nested(new NodeFault(session, node, false), ex);
        nested(new CordonNodes(session, List.of(node), false), ex);
        ex.note("The drill repaired node " + node + " and uncordoned it (the runbook's manual step)");
    }

    /** After a failure or cancel with the node still failed: recover and uncordon it, whatever happens. */
    private void putRight() {
        for (Operation<?> op : List.of(new NodeFault(session, node, false), new CordonNodes(session, List.of(node),
                false))) {
            try {
                op.run(op.plan(Cancellation.none()), event -> { }, Cancellation.none());
            } catch (RuntimeException e) {
                throw new ConsoleException("The drill ended with node " + node + " still failed and could not"
                        + " recover it: " + e.getMessage() + ". By hand: monitoring-console node-fault recover " + node
                        + "; kubectl uncordon " + node, e);
            }
        }
    }

    private void awaitDetection(Execution ex) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ex.cancellation().check();
            HealthReport report;
            try {
                report = checker.check(session);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCancelledException();
            }
            List<Finding> matched = scenario.detection().matches(report.findings());
            if (!matched.isEmpty()) {
                ex.detail(matched.stream().map(f -> f.code() + " " + f.subject()).distinct()
                        .collect(Collectors.joining(", ")));
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ConsoleException("The health check did not see the fault within " + timeout.toSeconds()
                        + " s: no finding points to " + scenario.id() + ".");
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCancelledException();
            }
        }
    }
}
