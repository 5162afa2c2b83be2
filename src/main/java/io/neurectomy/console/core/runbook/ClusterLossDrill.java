package io.neurectomy.console.core.runbook;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.archive.WrittenArchive;
import io.neurectomy.console.core.backup.operations.BackupOperation;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.endpoints.AlertmanagerApi;
import io.neurectomy.console.core.health.BackupSource;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthContext;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.ops.DrillBaseline;
import io.neurectomy.console.core.ops.ReplicaSamples;
import io.neurectomy.console.core.ops.deploy.StackSecrets;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The cluster-loss drill: the stack of a cluster that offers {@link Capability#NEW_CLUSTERS} (the console's sandbox)
 * is recorded and archived (configs, Secrets sealed with a passphrase the drill makes up and keeps in memory, TSDB,
 * silences; uploaded to the bucket when there is one), the cluster is then treated as lost (the drill no longer
 * touches it), a new, empty cluster is started, and the cluster-loss runbook rebuilds the stack there from the
 * archive. The drill compares the new cluster with the record: the archived ConfigMaps and Secrets by digest, the
 * active silences by content (a new Alertmanager gives them new ids), and on every Prometheus replica the samples
 * the archive's replica held before the archive. The time to recovery runs from the loss to the passed
 * verification, against the guide's 15 minutes. The new cluster is closed when the drill ends; the lost one is left
 * as it was.
 */
public final class ClusterLossDrill implements Operation<Drill.Report> {
    /** The scenario drilled. */
    public static final String SCENARIO = "cluster-loss";
    /** The deployment guide's figure for a complete cluster loss. */
    public static final Duration GUIDE = Duration.ofMinutes(15);

    /** A new, empty cluster to recover onto, closed when the drill ends. */
    public interface NewCluster extends AutoCloseable {
        /** A session on the new cluster, for the stack's namespace (which does not exist yet). */
        ClusterSession session();

        /** What the stack is deployed with there: the environment and non-secret values, and {@code cipher}. */
        Redeploy redeploy(PassphraseCipher cipher);

        /** How the output names it ("a second sandbox at http://127.0.0.1:41234"). */
        String describe();

        @Override
        void close();

        /**
         * A new cluster reached through {@code session}, deployed with {@code redeploy}, named {@code describe};
         * {@code close} stops it (the session is closed first).
         */
        static NewCluster of(ClusterSession session, java.util.function.Function<PassphraseCipher, Redeploy> redeploy,
                             String describe, Runnable close) {
            return new NewCluster() {
                @Override
                public ClusterSession session() {
                    return session;
                }

                @Override
                public Redeploy redeploy(PassphraseCipher cipher) {
                    return redeploy.apply(cipher);
                }

                @Override
                public String describe() {
                    return describe;
                }

                @Override
                public void close() {
                    try {
                        session.close();
                    } finally {
                        close.run();
                    }
                }
            };
        }
    }

    private final ClusterSession lost;
    private final Supplier<NewCluster> newCluster;
    private final HealthChecker checker;
    private final Clock clock;
    private final Duration timeout;
    private final Duration poll;
    private final BackupSource store;
    private Plan planned;
    private volatile RunbookOperation runbook;

    /**
     * @param lost       the cluster whose loss is drilled (it must offer {@link Capability#NEW_CLUSTERS})
     * @param newCluster starts the cluster to recover onto, when the drill reaches that step
     * @param store      where the archive is kept: the backups directory, and the bucket it is uploaded to and
     *                   restored from (none: restored from the directory)
     */
    public ClusterLossDrill(ClusterSession lost, Supplier<NewCluster> newCluster, BackupSource store,
                            HealthChecker checker, Clock clock, Duration timeout, Duration poll) {
        this.lost = Objects.requireNonNull(lost, "lost");
        this.newCluster = Objects.requireNonNull(newCluster, "newCluster");
        this.store = Objects.requireNonNull(store, "store");
        this.checker = Objects.requireNonNull(checker, "checker");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.poll = Objects.requireNonNull(poll, "poll");
    }

    /** The runbook's timeline once the runbook has started (null before). */
    public Timeline timeline() {
        RunbookOperation r = runbook;
        return r == null ? null : r.timeline();
    }

    @Override
    public Plan plan(Cancellation cancellation) {
        if (!lost.capabilities().contains(Capability.NEW_CLUSTERS)) {
            throw new ConsoleException("A cluster-loss drill recovers onto a new cluster started on this workstation,"
                    + " so it runs only from a cluster that offers that (the console's sandbox: monitoring-console"
                    + " sandbox start); context " + lost.context() + " does not, and nothing was changed. To"
                    + " rehearse elsewhere, walk the runbook against a spare cluster: monitoring-console runbook run"
                    + " cluster-loss --context SPARE --environment ENV.");
        }
        if (lost.state().snapshot().pods().stream().noneMatch(p -> p.name().equals("prometheus-0") && p.ready())) {
            throw new ConsoleException("prometheus-0 is not running and ready in " + lost.namespace() + "; a drill"
                    + " starts from a healthy stack. Nothing was changed.");
        }
        String where = store.s3() != null ? "the S3 bucket " + store.s3().location() + " (the archive is written to "
                + store.directory().dir() + ", uploaded, and the runbook restores it from the bucket)"
                : "the backups directory " + store.directory().dir() + " (no S3 bucket is configured: set it in the"
                + " Backups section or " + BackupSource.BUCKET_VARIABLE + " to drill the restore from S3)";
        planned = Plan.of("drill", "Drill " + SCENARIO + " of " + lost.context() + ": archive the stack, lose the"
                        + " cluster, rebuild it on a new one with the runbook", List.of(
                        new Step(Drill.STEP_BASELINE, "Record the ConfigMaps, Secrets (by digest) and silences"),
                        new Step(Drill.STEP_ARCHIVE, "Record the samples a replica holds, archive the configs, Secrets"
                                + " (sealed), TSDB and silences" + (store.s3() != null ? ", and upload the archive to "
                                + store.s3().location() : " into " + store.directory().dir())),
                        new Step(Drill.STEP_INJECT, "Lose " + lost.context() + ": stop using it and start a new,"
                                + " empty cluster"),
                        new Step(Drill.STEP_RUNBOOK, "Run the " + SCENARIO + " runbook on the new cluster"),
                        new Step(Drill.STEP_COMPARE, "Compare the new cluster with the record")))
                .withConfirmation(Confirmation.yes("Archive the stack of " + lost.context() + ", start a new cluster"
                        + " and rebuild the stack there with the " + SCENARIO + " runbook?"))
                .withNotes(List.of("The guide's figure for " + SCENARIO + ": " + IncidentClock.format(GUIDE) + ". The"
                                + " time to recovery runs from the loss to the passed verification.",
                        "Archive store: " + where + ".", "The cluster " + lost.context() + " is left as it is; the"
                                + " new one is closed when the drill ends."));
        return planned;
    }

    @Override
    public OperationResult<Drill.Report> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
        if (plan == null || plan != planned) {
            throw new IllegalArgumentException("Run the plan this drill made");
        }
        NewCluster[] target = {null};
        try {
            return Execution.run(plan, listener, cancellation, ex -> {
                PassphraseCipher cipher = PassphraseCipher.of(StackSecrets.generatePassword(32).toCharArray());
                Record before = ex.step(Drill.STEP_BASELINE, () -> {
                    Record r = new Record(DrillBaseline.read(lost), silences(lost));
                    ex.detail(r.baseline().describe());
                    return r;
                });
                Archived archived = ex.step(Drill.STEP_ARCHIVE, () -> archive(ex, cipher));
                Instant loss = ex.step(Drill.STEP_INJECT, () -> {
                    Instant at = clock.instant();
                    target[0] = newCluster.get();
                    ex.detail(lost.context() + " lost at " + at + "; recovering onto " + target[0].describe());
                    return at;
                });
                ClusterSession fresh = target[0].session();
                Timeline timeline = ex.step(Drill.STEP_RUNBOOK, () -> {
                    RunbookOperation op = new RunbookOperation(fresh, RunbookCatalog.named(SCENARIO).orElseThrow(),
                            checker, ManualGate.nobody(), clock, timeout, timeout, poll)
                            .withBackups(store.directory(), store.s3()).withRedeploy(target[0].redeploy(cipher));
                    runbook = op;
                    Drill.nested(op, ex, "The runbook did not rebuild the stack: ");
                    ex.detail(op.timeline().clock().status());
                    return op.timeline();
                });
                Duration recovery = Duration.between(loss, timeline.endedAt().orElse(clock.instant()));
                List<String> compared = new ArrayList<>();
                List<String> missing = ex.step(Drill.STEP_COMPARE, () -> {
                    List<String> l = compare(before, archived, fresh, compared);
                    compared.add("archive store: " + (store.s3() != null ? store.s3().location()
                            : store.directory().dir().toString()));
                    ex.detail(l.isEmpty() ? "nothing lost" : String.join("; ", l));
                    return l;
                });
                return new Drill.Report(SCENARIO, "cluster " + lost.context() + ", rebuilt on "
                        + target[0].describe(), recovery, GUIDE, missing, compared, timeline);
            });
        } finally {
            if (target[0] != null) {
                target[0].close();
            }
        }
    }

    /** The ConfigMaps and Secrets (by digest) and the active silences (by content) of the lost cluster. */
    private record Record(DrillBaseline baseline, Map<String, String> silences) {
    }

    /** The archive taken and the samples its replica held before it. */
    private record Archived(WrittenArchive archive, ReplicaSamples samples) {
    }

    private Archived archive(Execution ex, PassphraseCipher cipher) {
        HealthContext context = HealthContext.of(lost, timeout);
        String[] state = {"no sample yet"};
        ex.await(timeout, poll, () -> {
            ReplicaSamples now = ReplicaSamples.read(context, "prometheus-0", clock.instant());
            state[0] = now.describe();
            return now.samples() > 0;
        }, () -> state[0], now -> { }, now -> "Gave up after " + timeout.toSeconds() + " s waiting for"
                + " prometheus-0 to hold samples of up to archive (" + now + ").");
        Instant at = clock.instant();
        BackupOperation.Result r = Drill.nested(BackupOperation.of(lost, Drill.requestTimeout(timeout),
                store.directory().dir(), EnumSet.allOf(BackupComponent.class), cipher), ex,
                "The archive could not be taken: ");
        WrittenArchive archive = r.archive();
        String replica = r.tsdbReplica() != null ? r.tsdbReplica() : "prometheus-0";
        ReplicaSamples samples = ReplicaSamples.read(context, replica, at);
        if (samples.samples() == 0) {
            throw new ConsoleException("The archive's replica " + replica + " holds no sample up to " + at
                    + ", so the drill could not tell whether the restore brings the data back.");
        }
        String where = archive.file().getFileName() + " (" + archive.size() + " bytes, the TSDB of " + replica
                + ") written to " + store.directory().dir();
        if (store.s3() != null) {
            try (S3Store bucket = new S3Store(store.s3())) {
                bucket.upload(archive.file(), archive.sha256(), n -> { }, ex.cancellation());
            }
            where += " and uploaded to " + store.s3().location();
        }
        ex.detail(where + "; recorded " + samples.describe());
        return new Archived(archive, samples);
    }

    /** What the new cluster lacks against the record; a line per kind of thing compared goes to {@code compared}. */
    private List<String> compare(Record before, Archived archived, ClusterSession fresh, List<String> compared) {
        // only what the archive holds: a cluster's own objects (its CA bundle) differ from cluster to cluster
        DrillBaseline kept = new DrillBaseline(only(before.baseline().configMaps(), archived, "objects/configmaps/"),
                only(before.baseline().secrets(), archived, "secrets/"), Optional.empty(), "compared by content");
        List<String> missing = new ArrayList<>(kept.lostSince(DrillBaseline.read(fresh), compared));
        compared.remove(compared.size() - 1);
        Map<String, String> now = silences(fresh);
        int same = 0;
        for (Map.Entry<String, String> s : before.silences().entrySet()) {
            if (s.getValue().equals(now.get(s.getKey()))) {
                same++;
            } else {
                missing.add("silence " + s.getKey() + " is not active on the new cluster");
            }
        }
        compared.add("silences: " + before.silences().size() + " active before, " + same + " of them active on the"
                + " new cluster (by matchers, author, comment and end)");
        HealthContext context = HealthContext.of(fresh, timeout);
        List<String> replicas = fresh.state().snapshot().pods().stream().map(p -> p.name())
                .filter(p -> StackComponent.ofPod(p).orElse(null) == StackComponent.PROMETHEUS).sorted().toList();
        for (String replica : replicas) {
            missing.addAll(archived.samples().lostSince(ReplicaSamples.read(context, replica,
                    archived.samples().at()), compared));
        }
        return missing;
    }

    private static Map<String, String> only(Map<String, String> digests, Archived archived, String prefix) {
        Map<String, String> out = new TreeMap<>(digests);
        out.keySet().removeIf(name -> archived.archive().manifest().entry(prefix + name + ".yaml").isEmpty());
        return out;
    }

    /** The active silences by matchers, with author, comment and end. */
    private Map<String, String> silences(ClusterSession session) {
        Map<String, String> out = new TreeMap<>();
        for (AlertmanagerApi.Silence s : new AlertmanagerApi(session, Duration.ofSeconds(10)).silences()) {
            if ("active".equals(s.state())) {
                out.put(String.join(",", new TreeSet<>(s.matchers())), s.createdBy() + ": " + s.comment()
                        + " until " + s.endsAt());
            }
        }
        return out;
    }
}
