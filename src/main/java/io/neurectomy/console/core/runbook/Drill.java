package io.neurectomy.console.core.runbook;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.health.TsdbClaim;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.archive.WrittenArchive;
import io.neurectomy.console.core.backup.operations.BackupOperation;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.health.BackupSource;
import io.neurectomy.console.core.health.HealthContext;
import io.neurectomy.console.core.ops.CordonNodes;
import io.neurectomy.console.core.ops.DrillBaseline;
import io.neurectomy.console.core.ops.NodeFault;
import io.neurectomy.console.core.ops.PodFault;
import io.neurectomy.console.core.ops.ReplacePods;
import io.neurectomy.console.core.ops.ReplicaSamples;
import io.neurectomy.console.core.ops.StorageFault;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
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
 * repairs and uncordons it at the runbook's manual step) and {@code pod-failure} ({@code prometheus-1}, or the pod
 * named, hangs: its server is held and answers nothing; the runbook replaces it) and {@code storage-failure} (the
 * drill first records the samples of {@code up} a replica holds and archives the configs, TSDB and silences into the
 * archive store, see {@link #withBackups}; then the volumes of {@code prometheus-0}, or the pod named, are wiped and
 * it restarts on them empty; the runbook restores its TSDB from the newest archive, and the drill compares the
 * samples from before the archive too). A node or pod fault still in place when the drill ends (a failure or a
 * cancel) is put right before it returns: the node recovered and uncordoned, or the hung pod replaced; a wiped volume
 * cannot be put right without the restore, so the drill says how to restore it by hand.
 */
public final class Drill implements Operation<Drill.Report> {
    /** The scenarios that can be drilled, with the deployment guide's recovery figure for each. */
    public static final Map<String, Duration> TARGETS = Map.of("node-failure", Duration.ofMinutes(5),
            "pod-failure", Duration.ofSeconds(30), "storage-failure", Duration.ofMinutes(15));
    /**
     * How old the wiped replica's volume must be before the fault: the health check tells lost data from a young
     * volume only when the data should reach back more than its slack (two minutes) before the loss.
     */
    public static final Duration VOLUME_AGE = Duration.ofMinutes(2).plusSeconds(30);
    private static final String NODE_FAILURE = "node-failure";
    private static final String STORAGE_FAILURE = "storage-failure";
    /** The health check's finding for a replica that lost its data. */
    private static final String LOST_DATA_CODE = "prometheus-tsdb";

    /** Steps of the drill. */
    public static final String STEP_BASELINE = "baseline";
    public static final String STEP_ARCHIVE = "archive";
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
    private final String requested;
    private Plan planned;
    private Fault fault;
    private String node;
    private String pod;
    private volatile RunbookOperation runbook;
    private BackupSource store;

    /**
     * @param scenarioId a key of {@link #TARGETS}
     * @param target     the node to fail ({@code node-failure}; null: the node of {@code prometheus-0}) or the pod to
     *                   hang ({@code pod-failure}; null: {@code prometheus-1})
     * @param timeout    how long detection, each step and the verification may take
     * @param poll       how often to look meanwhile
     */
    public Drill(ClusterSession session, String scenarioId, String target, HealthChecker checker, Clock clock,
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
        this.requested = target;
    }

    /** The scenarios that can be drilled, comma-separated. */
    public static String offered() {
        return String.join(", ", new TreeSet<>(TARGETS.keySet()));
    }

    /** What a cluster must offer for a drill of {@code scenarioId} (a key of {@link #TARGETS}). */
    public static Capability requires(String scenarioId) {
        return switch (scenarioId) {
            case "node-failure" -> Capability.NODE_FAULTS;
            case "storage-failure" -> Capability.STORAGE_FAULTS;
            default -> Capability.POD_FAULTS;
        };
    }

    /**
     * Where a drill that restores keeps its archive: the backups directory, and the bucket it is uploaded to and the
     * runbook restores it from (null: none, the archive is restored from the directory). By default the console's
     * backups directory and no bucket.
     */
    public Drill withBackups(BackupSource source) {
        this.store = Objects.requireNonNull(source, "source");
        return this;
    }

    private BackupSource store() {
        return store != null ? store : BackupSource.of(BackupDirectory.defaultDir(AppDirs.current()), null);
    }

    /** The archive store, as the drill's output names it. */
    private String storeName() {
        BackupSource s = store();
        return s.s3() != null ? "the S3 bucket " + s.s3().location() + " (the archive is written to "
                + s.directory().dir() + ", uploaded, and the runbook restores it from the bucket)"
                : "the backups directory " + s.directory().dir() + " (no S3 bucket is configured: set it in the"
                + " Backups section or " + BackupSource.BUCKET_VARIABLE + " to drill the restore from S3)";
    }

    /** The runbook's timeline once the runbook has started (null before). */
    public Timeline timeline() {
        RunbookOperation r = runbook;
        return r == null ? null : r.timeline();
    }

    private boolean nodeFailure() {
        return scenario.id().equals(NODE_FAILURE);
    }

    private boolean storageFailure() {
        return scenario.id().equals(STORAGE_FAILURE);
    }

    /**
     * What the drill breaks, as its plan, steps and report name it.
     *
     * @param what the thing broken ("node worker-1", "pod prometheus-1", "the volumes of pod prometheus-0")
     * @param verb what is done to it ("fail", "hang", "wipe")
     * @param past the same, done ("failed", "hung", "wiped")
     */
    private record Fault(String what, String verb, String past) {
        /** "Fail node worker-1". */
        String action() {
            String a = verb + " " + what;
            return a.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + a.substring(1);
        }
    }

    /** The fault of the scenario, once the plan has named its target. */
    private Fault describeFault() {
        return switch (scenario.id()) {
            case NODE_FAILURE -> new Fault("node " + node, "fail", "failed");
            case STORAGE_FAILURE -> new Fault("the volumes of pod " + pod, "wipe", "wiped");
            default -> new Fault("pod " + pod, "hang", "hung");
        };
    }

    /** The operation that injects the fault. */
    private Operation<?> injection() {
        return switch (scenario.id()) {
            case NODE_FAILURE -> new NodeFault(session, node, true);
            case STORAGE_FAILURE -> new StorageFault(session, pod);
            default -> new PodFault(session, pod);
        };
    }

    @Override
    public Plan plan(Cancellation cancellation) {
        Capability needed = requires(scenario.id());
        if (!session.capabilities().contains(needed)) {
            throw new ConsoleException("A drill injects a real fault, so it runs only on a cluster that offers fault"
                    + " injection (the console's sandbox: monitoring-console sandbox start); context "
                    + session.context() + " does not, and nothing was changed. To rehearse on this cluster, walk"
                    + " the runbook: monitoring-console runbook run " + scenario.id() + ".");
        }
        if (nodeFailure()) {
            node = requested != null ? requested : session.state().snapshot().pods().stream()
                    .filter(p -> p.name().equals("prometheus-0")).map(PodInfo::node).filter(n -> n != null
                            && !n.isBlank()).findFirst().orElseThrow(() -> new ConsoleException("prometheus-0 is"
                            + " not scheduled on a node in " + session.namespace() + "; name the node to fail."));
            if (session.state().snapshot().nodes().stream().noneMatch(n -> n.name().equals(node))) {
                throw new ConsoleException("Node " + node + " is not in the cluster; nothing was changed.");
            }
        } else {
            pod = requested != null ? requested : storageFailure() ? "prometheus-0" : "prometheus-1";
            if (session.state().snapshot().pods().stream().noneMatch(p -> p.name().equals(pod) && p.ready())) {
                throw new ConsoleException("Pod " + pod + " is not running and ready in " + session.namespace()
                        + "; a drill starts from a healthy stack. Nothing was changed.");
            }
            if (storageFailure() && StackComponent.ofPod(pod).orElse(null) != StackComponent.PROMETHEUS) {
                throw new ConsoleException("The storage-failure drill wipes a Prometheus replica; " + pod + " is not"
                        + " one. Nothing was changed.");
            }
        }
        fault = describeFault();
        String title = "Drill " + scenario.id() + " on " + session.context() + ": " + fault.verb() + " "
                + fault.what() + ", recover with the runbook";
        List<Step> steps = new ArrayList<>(List.of(
                new Step(STEP_BASELINE, "Record the ConfigMaps, Secrets (by digest) and silences")));
        if (storageFailure()) {
            steps.add(new Step(STEP_ARCHIVE, "Record the samples a replica holds, archive the configs, TSDB and"
                    + " silences" + (store().s3() != null ? ", and upload the archive to " + store().s3().location()
                    : " into " + store().directory().dir())));
        }
        steps.addAll(List.of(
                new Step(STEP_INJECT, fault.action() + (storageFailure() ? " (once its volume is "
                        + VOLUME_AGE.toSeconds() + " s old)" : "")),
                new Step(STEP_DETECT, "Wait until the health check points to " + scenario.id() + (storageFailure()
                        ? " (" + LOST_DATA_CODE + " names " + pod + ")" : "")),
                new Step(STEP_RUNBOOK, "Run the " + scenario.id() + " runbook" + (nodeFailure() ? " (the drill"
                        + " repairs the node at its manual step)" : "")),
                new Step(STEP_COMPARE, "Compare with the record")));
        planned = Plan.of("drill", title, steps).withConfirmation(Confirmation.yes(fault.action() + " of "
                        + session.context() + " and recover with the " + scenario.id() + " runbook?"))
                .withNotes(List.of("The guide's figure for " + scenario.id() + ": " + IncidentClock.format(
                        TARGETS.get(scenario.id())) + ". The time to recovery runs from the fault to the passed"
                        + " verification.", storageFailure() ? "Archive store: " + storeName() + "."
                        : "No archive is restored in this scenario, so no archive store is used."));
        return planned;
    }

    @Override
    public OperationResult<Report> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
        if (plan == null || plan != planned) {
            throw new IllegalArgumentException("Run the plan this drill made");
        }
        boolean[] injected = {false};
        OperationResult<Report> result;
        try {
            result = Execution.run(plan, listener, cancellation, ex -> {
                DrillBaseline before = ex.step(STEP_BASELINE, () -> {
                    DrillBaseline b = DrillBaseline.read(session);
                    ex.detail(b.describe());
                    return b;
                });
                ReplicaSamples samples = storageFailure() ? ex.step(STEP_ARCHIVE, () -> archive(ex)) : null;
                Instant injectedAt = ex.step(STEP_INJECT, () -> {
                    if (storageFailure()) {
                        awaitVolumeAge(ex);
                    }
                    Instant at = clock.instant();
                    nested(injection(), ex);
                    injected[0] = true;
                    ex.detail(fault.what() + " " + fault.past() + " at " + at);
                    return at;
                });
                ex.step(STEP_DETECT, () -> awaitDetection(ex));
                Timeline timeline = ex.step(STEP_RUNBOOK, () -> {
                    RunbookOperation op = new RunbookOperation(session, scenario, checker, (step, ns, c) -> {
                        if (!nodeFailure() || !step.id().equals("repair-node")) {
                            return false;
                        }
                        repair(ex);
                        injected[0] = false;
                        return true;
                    }, clock, timeout, timeout, poll);
                    if (storageFailure()) {
                        op = op.withBackups(store().directory(), store().s3());
                    }
                    runbook = op;
                    nested(op, ex, "The runbook did not recover the stack: ");
                    if (!nodeFailure()) {
                        injected[0] = false;
                    }
                    ex.detail(op.timeline().clock().status());
                    return op.timeline();
                });
                Duration recovery = Duration.between(injectedAt, timeline.endedAt().orElse(clock.instant()));
                List<String> compared = new ArrayList<>();
                List<String> lost = ex.step(STEP_COMPARE, () -> {
                    List<String> l = new ArrayList<>(before.lostSince(DrillBaseline.read(session), compared));
                    if (samples != null) {
                        l.addAll(samples.lostSince(ReplicaSamples.read(HealthContext.of(session, timeout), pod,
                                samples.at()), compared));
                        compared.add("archive store: " + storeName());
                    }
                    ex.detail(l.isEmpty() ? "nothing lost" : String.join("; ", l));
                    return l;
                });
                return new Report(scenario.id(), fault.what(), recovery, TARGETS.get(scenario.id()), lost, compared,
                        timeline);
            });
        } catch (RuntimeException e) {
            if (injected[0]) {
                putRight();
            }
            throw e;
        }
        String notRight = injected[0] ? putRight() : null;
        if (notRight == null) {
            return result;
        }
        List<String> notes = new ArrayList<>(result.notes());
        notes.add(notRight);
        return new OperationResult<>(result.plan(), OperationResult.Status.FAILED, result.steps(), null, notes,
                new ConsoleException((result.error().isBlank() ? "" : result.error() + " ") + notRight));
    }

    private static <R> R nested(Operation<R> operation, Execution ex) {
        return nested(operation, ex, "");
    }

    /**
     * How long one request to a pod (or one exec) of a drill's backup may take: the drill's timeout, at most two
     * minutes. A drill's cluster answers in milliseconds, so a request still open after that is a stall, and the
     * drill fails saying so instead of waiting out its whole timeout.
     */
    static Duration requestTimeout(Duration timeout) {
        Duration most = Duration.ofMinutes(2);
        return timeout.compareTo(most) < 0 ? timeout : most;
    }

    /**
     * Plans and runs {@code operation} within the drill's run: a cancel ends the drill cancelled, a failure ends it
     * with {@code failure} followed by the operation's reason.
     */
    static <R> R nested(Operation<R> operation, Execution ex, String failure) {
        OperationResult<R> r = operation.run(operation.plan(ex.cancellation()), event -> { }, ex.cancellation());
        if (r.cancelled()) {
            throw new OperationCancelledException();
        }
        if (!r.succeeded()) {
            throw new ConsoleException(failure + (r.error().isBlank() ? r.summary() : r.error()));
        }
        return r.value();
    }

    private void repair(Execution ex) {
        nested(new NodeFault(session, node, false), ex);
        nested(new CordonNodes(session, List.of(node), false), ex);
        ex.note("The drill repaired node " + node + " and uncordoned it (the runbook's manual step)");
    }

    /**
     * After a failure or cancel with the fault still in place: recover and uncordon the node, or replace the hung
     * pod, whatever happens. Returns what could not be put right, or null.
     */
    private String putRight() {
        if (storageFailure()) {
            return "The drill ended with the volumes of " + pod + " wiped and not restored; its peers still hold the"
                    + " data. Restore it by hand: monitoring-console restore --latest "
                    + (store().s3() != null ? store().s3().location() : "FILE") + " --components tsdb --pod " + pod
                    + " -n " + session.namespace();
        }
        List<Operation<?>> repairs = nodeFailure() ? List.of(new NodeFault(session, node, false),
                new CordonNodes(session, List.of(node), false))
                : List.of(new ReplacePods(session, List.of(pod), timeout, poll));
        for (Operation<?> op : repairs) {
            String why;
            try {
                OperationResult<?> r = op.run(op.plan(Cancellation.none()), event -> { }, Cancellation.none());
                why = r.succeeded() ? null : r.error().isBlank() ? r.summary() : r.error();
            } catch (RuntimeException e) {
                why = e.getMessage();
            }
            if (why != null) {
                return "The drill ended with its fault in place and could not put it right: " + why + ". By hand: "
                        + (nodeFailure() ? "monitoring-console node-fault recover " + node + "; kubectl uncordon "
                        + node : "kubectl delete pod " + pod + " -n " + session.namespace());
            }
        }
        return null;
    }

    /**
     * Records the samples the stack holds now, then archives the configs, TSDB and silences (and uploads the archive
     * to the bucket, when there is one). The samples are read from the replica whose TSDB went into the archive, up
     * to the instant before the archive was begun: after the restore, the wiped replica must hold the same.
     */
    private ReplicaSamples archive(Execution ex) {
        HealthContext context = HealthContext.of(session, timeout);
        String[] state = {"no sample yet"};
        await(ex, () -> {
            ReplicaSamples now = ReplicaSamples.read(context, pod, clock.instant());
            state[0] = now.describe();
            return now.samples() > 0;
        }, () -> pod + " to hold samples of up to archive (" + state[0] + ")");
        Instant at = clock.instant();
        BackupOperation.Result backup = nested(BackupOperation.of(session, requestTimeout(timeout),
                store().directory().dir(),
                EnumSet.of(BackupComponent.CONFIGS, BackupComponent.TSDB, BackupComponent.SILENCES), null), ex);
        WrittenArchive archive = backup.archive();
        String replica = backup.tsdbReplica() != null ? backup.tsdbReplica() : pod;
        ReplicaSamples samples = ReplicaSamples.read(context, replica, at);
        if (samples.samples() == 0) {
            throw new ConsoleException("The archive's replica " + replica + " holds no sample up to " + at
                    + ", so the drill could not tell whether the restore brings the data back.");
        }
        String where = archive.file().getFileName() + " (" + archive.size() + " bytes, the TSDB of " + replica
                + ") written to " + store().directory().dir();
        if (store().s3() != null) {
            try (S3Store bucket = new S3Store(store().s3())) {
                bucket.upload(archive.file(), archive.sha256(), n -> { }, ex.cancellation());
            }
            where += " and uploaded to " + store().s3().location();
        }
        ex.detail(where + "; recorded " + samples.describe());
        return samples;
    }

    /** Waits until the volume of {@link #pod} is {@link #VOLUME_AGE} old, so the health check can see its loss. */
    private void awaitVolumeAge(Execution ex) {
        await(ex, () -> TsdbClaim.of(session, pod)
                .map(c -> !Duration.between(c.created(), clock.instant()).minus(VOLUME_AGE).isNegative()).orElse(false),
                () -> "the volume of " + pod + " to be " + VOLUME_AGE.toSeconds() + " s old (the health check tells"
                        + " lost data only from an older volume)");
    }

    private void await(Execution ex, java.util.function.BooleanSupplier done,
                       java.util.function.Supplier<String> what) {
        ex.await(timeout, poll, done, what, now -> { }, now -> "Gave up after " + timeout.toSeconds()
                + " s waiting for " + now + ".");
    }

    private void awaitDetection(Execution ex) {
        List<List<Finding>> matched = new ArrayList<>(List.of(List.of()));
        ex.await(timeout, poll, () -> {
            HealthReport report;
            try {
                report = checker.check(session);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCancelledException();
            }
            List<Finding> found = scenario.detection().matches(report.findings());
            if (storageFailure()) {
                // the restart after the wipe is seen first (the replica not ready): wait for the lost data itself,
                // so the runbook's own detection names the replica to restore
                found = found.stream().filter(f -> f.code().equals(LOST_DATA_CODE) && f.subject().equals(pod))
                        .toList();
            }
            matched.set(0, found);
            return !found.isEmpty();
        }, () -> "", now -> { }, now -> "The health check did not see the fault within " + timeout.toSeconds()
                + " s: no finding points to " + scenario.id() + ".");
        ex.detail(matched.get(0).stream().map(f -> f.code() + " " + f.subject()).distinct()
                .collect(Collectors.joining(", ")));
    }
}
