package io.neurectomy.console.core.runbook;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.operations.RestoreOperation;
import io.neurectomy.console.core.backup.operations.RestoreResult;
import io.neurectomy.console.core.backup.store.ArchiveListing;
import io.neurectomy.console.core.backup.store.BackupAge;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.RemoteArchive;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.health.BackupSource;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.health.Preflight;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.ops.deploy.ArchivedValues;
import io.neurectomy.console.core.ops.deploy.DeployOperation;
import io.neurectomy.console.core.ops.deploy.KeptValues;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.stack.StackManifests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The automatic steps of the cluster-loss runbook, run against the new cluster's context: preflight, deploy the
 * environment with the archive's secret values, and restore configs, Secrets, TSDB (into every Prometheus replica)
 * and silences from the newest archive. They need the {@link Redeploy} the run was given (environment, values file,
 * passphrase); without it each fails and says how to go on by hand.
 *
 * <p>The archive is the newest in the S3 bucket when one is configured (downloaded with its checksum checked and
 * verified), else the newest archive in the backups directory that holds the stack's objects, whatever context it
 * was taken from: the lost cluster's context is not the new one's.
 */
final class ClusterLossSteps {
    private static final String USAGE = "monitoring-console runbook run cluster-loss --context NEW --environment ENV"
            + " --values FILE --passphrase-file FILE";

    private static final String REDEPLOY = "redeploy";

    private ClusterLossSteps() {
    }

    /** Whether {@code scenario} deploys the stack (so a cluster without its namespace is where it starts). */
    static boolean deploys(Scenario scenario) {
        return scenario.steps().stream().anyMatch(s -> s.id().equals(REDEPLOY));
    }

    static RunbookStep.Automatic preflight() {
        return new RunbookStep.Automatic("preflight", "Check that the new cluster can host the environment"
                + " (preflight)", "kubectl config use-context NEW; monitoring-console preflight ENV --values FILE",
                (context, ex) -> {
                    Redeploy r = required(context, "preflight");
                    RenderedStack stack = Preflight.render(r.environment(), r.valuesFile(), Map.of());
                    HealthReport report;
                    try {
                        report = Preflight.check(context.session(), stack, Duration.ofSeconds(10));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new OperationCancelledException();
                    }
                    List<Finding> blocking = report.findings().stream().filter(f -> f.severity() == Severity.CRITICAL
                            || f.severity() == Severity.ERROR).toList();
                    if (!blocking.isEmpty()) {
                        throw new ConsoleException("Context " + context.session().context() + " cannot host "
                                + r.environment() + ": " + blocking.stream().map(f -> f.code() + ": " + f.message())
                                .collect(Collectors.joining("; ")) + ". Nothing was deployed.");
                    }
                    List<Finding> warnings = report.findings().stream().filter(f -> f.severity() == Severity.WARNING)
                            .toList();
                    warnings.forEach(f -> ex.note("Preflight warning: " + f.code() + ": " + f.message()));
                    return StepOutcome.done(report.results().size() + " checks, nothing blocks " + r.environment()
                            + (warnings.isEmpty() ? "" : "; " + warnings.size() + " warning"
                            + (warnings.size() == 1 ? "" : "s")));
                });
    }

    static RunbookStep.Automatic redeploy() {
        return new RunbookStep.Automatic(REDEPLOY, "Deploy the environment on the new cluster, with the secret"
                + " values of the newest archive", "monitoring-console deploy ENV --values FILE --yes",
                (context, ex) -> {
                    Redeploy r = required(context, "deploy");
                    Archive archive = newest(context, ex);
                    Map<String, String> archived = Map.of();
                    if (r.cipher() != null) {
                        archived = ArchivedValues.read(archive.file(), r.cipher(), ex.cancellation());
                    } else {
                        ex.note("No passphrase was given: the secret values come from the values file alone.");
                    }
                    Map<String, String> fromArchive = archived;
                    DeployOperation deploy = new DeployOperation(context.session(), current -> {
                        Map<String, String> kept = new LinkedHashMap<>(fromArchive);
                        kept.putAll(current);
                        return StackManifests.bundled().render(r.environment(), r.valuesFile(),
                                KeptValues.notSetIn(kept, r.valuesFile()));
                    }, context.stepTimeout());
                    context.run(deploy, ex);
                    return StepOutcome.done(r.environment() + " deployed from the bundled manifests"
                            + (r.valuesFile() != null ? " and " + r.valuesFile().getFileName() : "") + ", with "
                            + archived.size() + " secret values from " + archive.name());
                });
    }

    static RunbookStep.Automatic restoreAll() {
        return new RunbookStep.Automatic("restore-all", "Restore configs, Secrets, TSDB (into every Prometheus"
                + " replica) and silences from the newest archive, verified first",
                "monitoring-console restore --latest s3://BUCKET/PREFIX/ --passphrase-file FILE -n NS",
                (context, ex) -> {
                    Redeploy r = required(context, "restore");
                    Archive archive = newest(context, ex);
                    Path dir = backups(context).dir();
                    List<String> replicas = prometheusReplicas(context, ex);
                    List<String> done = new ArrayList<>();
                    for (String replica : replicas) {
                        // the first restore puts everything back; the others add the TSDB of their replica
                        Set<BackupComponent> components = done.isEmpty() ? Set.of() : Set.of(BackupComponent.TSDB);
                        RestoreResult result = context.run(RestoreOperation.of(context.session(),
                                new RestoreOperation.Options(Duration.ofSeconds(60), context.stepTimeout(),
                                        context.poll()), new RestoreOperation.Request(archive.file(), components,
                                        replica, r.cipher(), dir)), ex);
                        done.add(replica + ": " + result.blocksWritten() + " blocks");
                    }
                    return StepOutcome.done("restored from " + archive.name() + (r.cipher() == null
                            ? " (no passphrase: Secrets not restored)" : "") + "; TSDB " + String.join(", ", done));
                });
    }

    private static Redeploy required(RunbookContext context, String what) {
        if (context.redeploy() == null) {
            throw new ConsoleException("No environment was given to " + what + " on the new cluster. Run: " + USAGE
                    + " (or carry out the steps by hand).");
        }
        return context.redeploy();
    }

    private static BackupDirectory backups(RunbookContext context) {
        return context.backups() != null ? context.backups()
                : new BackupDirectory(BackupDirectory.defaultDir(AppDirs.current()));
    }

    /** The newest archive, local: the bucket's (downloaded and verified), or the backups directory's. */
    private static Archive newest(RunbookContext context, Execution ex) {
        BackupDirectory dir = backups(context);
        S3Settings bucket = context.bucket();
        if (bucket != null) {
            try (S3Store store = new S3Store(bucket)) {
                RemoteArchive remote = store.browse(BackupAge.DEFAULT_RPO).newest().orElseThrow(() ->
                        new ConsoleException("There is no archive in " + bucket.location() + " to recover from."));
                S3Store.Download d = store.fetch(remote.name(), dir, ProgressListener.none(), ex.cancellation());
                return new Archive(d.file(), "s3://" + bucket.bucket() + "/" + remote.key());
            }
        }
        return dir.list().stream().filter(a -> a.problem() == null
                        && a.components().contains(BackupComponent.CONFIGS.id()))
                .max(Comparator.comparing(ArchiveListing::created))
                .map(a -> new Archive(a.file(), a.file().getFileName().toString()))
                .orElseThrow(() -> new ConsoleException("No archive to recover from: no S3 bucket is configured"
                        + " (Backups section, or " + BackupSource.BUCKET_VARIABLE + ") and " + dir.dir()
                        + " holds no archive of the stack's configs."));
    }

    /** The Prometheus replicas of the deployed stack, in ordinal order, once the snapshot shows them all ready. */
    private static List<String> prometheusReplicas(RunbookContext context, Execution ex) {
        List<List<String>> seen = new ArrayList<>(List.of(List.of()));
        ex.await(context.stepTimeout(), context.poll(), () -> {
            List<PodInfo> pods = context.session().state().snapshot().pods().stream()
                    .filter(p -> StackComponent.ofPod(p.name()).orElse(null) == StackComponent.PROMETHEUS).toList();
            seen.set(0, pods.stream().map(PodInfo::name).sorted().toList());
            return !pods.isEmpty() && pods.stream().allMatch(PodInfo::ready);
        }, () -> seen.get(0).isEmpty() ? "no Prometheus replica yet" : String.join(", ", seen.get(0)),
                now -> { }, now -> "The Prometheus replicas are not ready after the deploy (" + now + "); restore"
                        + " by hand once they are: monitoring-console restore --latest s3://BUCKET/PREFIX/"
                        + " --passphrase-file FILE -n " + context.session().namespace());
        return seen.get(0);
    }

    /** A local archive file and how the step names it. */
    private record Archive(Path file, String name) {
    }
}
