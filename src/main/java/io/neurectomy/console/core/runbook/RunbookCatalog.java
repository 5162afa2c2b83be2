package io.neurectomy.console.core.runbook;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.operations.RestoreOperation;
import io.neurectomy.console.core.backup.operations.RestoreResult;
import io.neurectomy.console.core.backup.operations.S3RestoreOperation;
import io.neurectomy.console.core.backup.store.ArchiveListing;
import io.neurectomy.console.core.backup.store.BackupAge;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.RemoteArchive;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Store;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.health.BackupSource;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.ops.CordonNodes;
import io.neurectomy.console.core.ops.ReplacePods;
import io.neurectomy.console.core.stack.StackComponent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The console's recovery runbooks: the deployment guide's four Disaster Recovery scenarios (pod failure, node
 * failure, storage failure, complete cluster loss) and four outages from its Troubleshooting section (a Prometheus
 * out of disk, a config that broke a component, an Alertmanager cluster that sends no notifications, a lost or
 * corrupted Secret). Steps the console cannot carry out yet are manual checkpoints with the exact command.
 */
public final class RunbookCatalog {
    private RunbookCatalog() {
    }

    /** Every scenario, in the order {@code runbook list} shows them. */
    public static List<Scenario> all() {
        return List.of(podFailure(), nodeFailure(), storageFailure(), clusterLoss(), prometheusOutOfDisk(),
                brokenConfig(), silentAlertmanager(), lostSecret());
    }

    /** The scenario with {@code id}. */
    public static Optional<Scenario> named(String id) {
        return all().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * The scenarios that {@code findings} point to, the one with the most matching findings first (the order of
     * {@link #all()} among equals): what the Health section offers beside its findings.
     */
    public static List<Scenario> pointedTo(Collection<Finding> findings) {
        return all().stream().filter(s -> !s.detection().matches(findings).isEmpty())
                .sorted(Comparator.comparingInt((Scenario s) -> -s.detection().matches(findings).size()))
                .toList();
    }

    /** The scenarios' ids, comma-separated (for error messages). */
    public static String ids() {
        return all().stream().map(Scenario::id).collect(Collectors.joining(", "));
    }

    /**
     * The automatic step that deletes the stack pods the findings of {@code codes} name (hung, not ready, crash
     * looping) and waits for each replacement to be ready; skipped when the findings name none.
     */
    static RunbookStep.Automatic replaceStuckPods(String id, String title, String... codes) {
        return new RunbookStep.Automatic(id, title, "kubectl delete pod POD -n NS && kubectl get pods -n NS -w",
                (context, ex) -> {
                    List<String> pods = context.pods(codes);
                    if (pods.isEmpty()) {
                        return StepOutcome.skipped("the findings name no stuck pod");
                    }
                    List<String> replaced = context.run(new ReplacePods(context.session(), pods,
                            context.stepTimeout(), context.poll()), ex);
                    return StepOutcome.done("replaced and ready: " + String.join(", ", replaced));
                });
    }

    /** The nodes of the session's picture that are not Ready, by name. */
    private static List<String> nodesDown(RunbookContext context) {
        return context.session().state().snapshot().nodes().stream().filter(n -> !n.ready()).map(NodeInfo::name)
                .sorted().toList();
    }

    /**
     * The automatic step that cordons the nodes that are not Ready, so that no replacement is placed on one of them
     * until it is repaired; skipped when every node is Ready.
     */
    static RunbookStep.Automatic cordonFailedNodes() {
        return new RunbookStep.Automatic("cordon-failed-nodes", "Cordon the nodes that are not Ready",
                "kubectl get nodes; kubectl cordon NODE", (context, ex) -> {
                    List<String> down = nodesDown(context);
                    if (down.isEmpty()) {
                        return StepOutcome.skipped("every node is Ready");
                    }
                    List<String> changed = context.run(new CordonNodes(context.session(), down, true), ex);
                    return StepOutcome.done("cordoned: " + String.join(", ", down) + (changed.size() == down.size()
                            ? "" : " (" + (down.size() - changed.size()) + " already were)"));
                });
    }

    /**
     * The automatic step that deletes the stack pods on nodes that are not Ready, so that they are scheduled on
     * healthy nodes, and waits for each to be ready; skipped when no node is down. The pods are deleted without a
     * grace period: the kubelet of a node that is down never confirms a graceful delete, and the StatefulSet would
     * not replace a pod that stays Terminating. It comes after the step that cordons the node.
     */
    static RunbookStep.Automatic replacePodsOnFailedNodes() {
        return new RunbookStep.Automatic("replace-pods-on-failed-nodes", "Delete the stack's pods on nodes that are"
                + " not Ready and wait until they run, ready, elsewhere",
                "kubectl get pods -n NS -o wide --field-selector spec.nodeName=NODE; kubectl delete pod POD -n NS"
                        + " --grace-period=0 --force",
                (context, ex) -> {
                    StackSnapshot snapshot = context.session().state().snapshot();
                    Set<String> down = Set.copyOf(nodesDown(context));
                    List<String> pods = snapshot.pods().stream().filter(p -> down.contains(p.node()))
                            .map(PodInfo::name).filter(p -> StackComponent.ofPod(p).isPresent()).sorted().toList();
                    if (pods.isEmpty()) {
                        return StepOutcome.skipped(down.isEmpty() ? "every node is Ready"
                                : "no stack pod on " + String.join(", ", down));
                    }
                    ex.note("Nodes not Ready: " + String.join(", ", down.stream().sorted().toList()));
                    List<String> replaced = context.run(new ReplacePods(context.session(), pods,
                            context.stepTimeout(), context.poll()).forced(), ex);
                    return StepOutcome.done("replaced and ready: " + String.join(", ", replaced));
                });
    }

    /**
     * The automatic step that finds the newest readable archive of this cluster in the backups directory and records
     * in the timeline what a restore from it cannot bring back: the data written between the archive and the
     * failure (taken as the start of the run, when the failure was seen at the latest). Changes nothing; skipped
     * when there is no such archive.
     */
    static RunbookStep.Automatic newestArchiveRpo() {
        return new RunbookStep.Automatic("archive-rpo", "Find the newest archive of this cluster, in the backups"
                + " directory and the S3 bucket, and record the data a restore from it cannot bring back (the RPO)",
                "monitoring-console list --dir DIR; aws s3 ls s3://BUCKET/PREFIX/", (context, ex) -> {
                    Instant failure = context.timeline().clock().started();
                    String cluster = context.session().context();
                    List<String> looked = new ArrayList<>();
                    String name = null;
                    Instant created = null;
                    BackupDirectory dir = context.backups();
                    if (dir != null) {
                        looked.add(dir.dir().toString());
                        String server = context.session().server();
                        List<ArchiveListing> ours = dir.list().stream()
                                .filter(a -> a.context() == null && a.server() == null || cluster.equals(a.context())
                                        || server != null && server.equals(a.server())).toList();
                        Optional<ArchiveListing> local = BackupAge.of(ours, failure, BackupAge.DEFAULT_RPO).newest();
                        if (local.isPresent()) {
                            name = local.get().file().getFileName().toString();
                            created = local.get().created();
                        }
                    }
                    S3Settings bucket = context.bucket();
                    if (bucket != null) {
                        looked.add(bucket.location());
                        try (S3Store store = new S3Store(bucket)) {
                            Optional<RemoteArchive> remote = store.browse(BackupAge.DEFAULT_RPO).newest();
                            if (remote.isPresent() && (created == null || remote.get().created().isAfter(created))) {
                                name = "s3://" + bucket.bucket() + "/" + remote.get().key();
                                created = remote.get().created();
                            }
                        } catch (RuntimeException e) {
                            ex.note("The bucket " + bucket.location() + " could not be listed (" + e.getMessage()
                                    + "); the RPO is that of the backups directory alone.");
                        }
                    }
                    if (looked.isEmpty()) {
                        return StepOutcome.skipped("no backups directory or S3 bucket is known");
                    }
                    if (name == null) {
                        return StepOutcome.skipped("no readable archive of context " + cluster + " in "
                                + String.join(" or ", looked));
                    }
                    context.timeline().restoredFrom(name, created, failure);
                    return StepOutcome.done(context.timeline().rpo().orElseThrow().sentence());
                });
    }

    /**
     * Restores the TSDB of each Prometheus replica the findings name (it lost its data) from the newest archive: the
     * S3 bucket's when one is configured (downloaded with its checksum checked), else the backups directory's newest
     * archive of this cluster that holds a TSDB. The restore verifies the archive first and refuses a damaged one
     * before anything is changed, backs up what it replaces, writes the blocks the replica lacks and restarts it.
     */
    static RunbookStep.Automatic restoreTsdb() {
        return new RunbookStep.Automatic("restore-tsdb", "Restore the TSDB of the replicas that lost data from the"
                + " newest archive, verified first", "monitoring-console restore --latest s3://BUCKET/PREFIX/"
                + " --components tsdb --pod POD -n NS", (context, ex) -> {
                    List<String> replicas = context.pods("prometheus-tsdb", "pvc-bound", "prometheus-ready").stream()
                            .filter(p -> StackComponent.ofPod(p).orElse(null) == StackComponent.PROMETHEUS).toList();
                    if (replicas.isEmpty()) {
                        return StepOutcome.skipped("no finding names a Prometheus replica that lost its data");
                    }
                    BackupDirectory dir = context.backups() != null ? context.backups()
                            : new BackupDirectory(BackupDirectory.defaultDir(AppDirs.current()));
                    S3Settings bucket = context.bucket();
                    Path local = null;
                    if (bucket == null) {
                        String cluster = context.session().context();
                        String server = context.session().server();
                        local = dir.list().stream().filter(a -> a.problem() == null
                                        && a.components().contains(BackupComponent.TSDB.id())
                                        && (a.context() == null && a.server() == null || cluster.equals(a.context())
                                        || server != null && server.equals(a.server())))
                                .max(Comparator.comparing(ArchiveListing::created)).map(ArchiveListing::file)
                                .orElseThrow(() -> new ConsoleException("No archive to restore from: no S3 bucket is"
                                        + " configured (Backups section, or " + BackupSource.BUCKET_VARIABLE + ") and "
                                        + dir.dir() + " holds no archive of context " + cluster + " with a TSDB."
                                        + " Restore by hand: monitoring-console restore --latest s3://BUCKET/PREFIX/"
                                        + " --components tsdb --pod " + replicas.get(0) + " -n "
                                        + context.session().namespace()));
                    }
                    List<String> done = new ArrayList<>();
                    for (String replica : replicas) {
                        Function<Path, RestoreOperation> restore = file -> RestoreOperation.of(context.session(),
                                RestoreOperation.Options.defaults(), new RestoreOperation.Request(file,
                                        Set.of(BackupComponent.TSDB), replica, null, dir.dir()));
                        Operation<RestoreResult> op = bucket != null
                                ? new S3RestoreOperation(bucket, null, dir, restore, null) : restore.apply(local);
                        RestoreResult r = context.run(op, ex);
                        done.add(replica + ": " + r.blocksWritten() + " blocks");
                        ex.note("The TSDB of " + replica + " was restored from " + (bucket != null
                                ? bucket.location() : local.getFileName()) + " (" + r.blocksWritten() + " blocks)");
                    }
                    return StepOutcome.done("restored from " + (bucket != null ? "the newest archive in "
                            + bucket.location() : local.getFileName().toString()) + ": " + String.join(", ", done));
                });
    }

    static Scenario podFailure() {
        return new Scenario("pod-failure", "Pod failure",
                "A replica is hung, crash-looping or not ready. Its controller replaces it once it is deleted; its"
                        + " volume stays, so no data is lost.",
                "under 30 s (the guide's figure)",
                Detection.of(Severity.WARNING, "prometheus-ready", "alertmanager-ready", "workload-replicas")
                        .and("grafana-health", Severity.CRITICAL).and("pod-restarts", Severity.ERROR),
                List.of(replaceStuckPods("replace-stuck-pods", "Delete the stuck pods the findings name and wait"
                        + " until their replacements are ready", "prometheus-ready", "alertmanager-ready",
                        "grafana-health", "pod-restarts")),
                List.of("workload-replicas", "pod-pending", "prometheus-ready", "alertmanager-ready",
                        "grafana-health"));
    }

    static Scenario nodeFailure() {
        return new Scenario("node-failure", "Node failure",
                "A node is NotReady; its replicas stop serving. The node is cordoned, its stack pods are moved to"
                        + " healthy nodes (anti-affinity keeps replicas apart), and the node is repaired.",
                "2 to 5 min (the guide's figure)",
                Detection.of(Severity.WARNING, "workload-replicas", "prometheus-ready", "alertmanager-ready",
                        "alertmanager-cluster").and("pod-pending", Severity.ERROR),
                List.of(cordonFailedNodes(),
                        replacePodsOnFailedNodes(),
                        new RunbookStep.Manual("repair-node", "Repair or replace the node, then uncordon it",
                                "Repair the node (or replace it: the volumes follow the pods where the storage"
                                        + " allows). When it is Ready again, let pods back on it.",
                                "kubectl get nodes -w; kubectl uncordon NODE")),
                List.of("workload-replicas", "pod-pending", "prometheus-ready", "alertmanager-ready",
                        "alertmanager-cluster"));
    }

    static Scenario storageFailure() {
        return new Scenario("storage-failure", "Storage failure: restore from S3",
                "A replica's volume is lost or corrupted. The component is restored from the newest verified"
                        + " archive; the data written between that archive and the failure is lost (the RPO).",
                "10 to 15 min (the guide's figure)",
                Detection.of(Severity.ERROR, "pvc-bound", "prometheus-tsdb").and("prometheus-ready",
                        Severity.CRITICAL),
                List.of(newestArchiveRpo(), restoreTsdb(),
                        replaceStuckPods("replace-stuck-pods", "Delete the replicas that still fail and wait"
                                + " until they are ready", "prometheus-ready")),
                List.of("pvc-bound", "prometheus-ready", "prometheus-tsdb", "workload-replicas"));
    }

    static Scenario clusterLoss() {
        return new Scenario("cluster-loss", "Complete cluster loss",
                "The cluster is gone. Run against the new cluster's context: it is checked (preflight), the"
                        + " environment is deployed with the newest archive's secret values, and its configs, Secrets,"
                        + " TSDB and silences are restored from the archive (S3).",
                "15 min (the guide's figure)",
                Detection.of(Severity.ERROR, "workload-replicas"),
                List.of(ClusterLossSteps.preflight(), newestArchiveRpo(), ClusterLossSteps.redeploy(),
                        ClusterLossSteps.restoreAll()),
                List.of("workload-replicas", "prometheus-ready", "alertmanager-ready", "alertmanager-cluster",
                        "grafana-health"));
    }

    static Scenario prometheusOutOfDisk() {
        return new Scenario("prometheus-out-of-disk", "Prometheus out of disk",
                "A Prometheus volume is full or about to be: the TSDB stops writing and the replica may crash. The"
                        + " volume is grown (or the retention lowered) and the replica restarted.",
                "a few minutes once the volume has grown",
                Detection.of(Severity.WARNING, "storage-disk-use", "storage-growth", "storage-retention")
                        .and("prometheus-tsdb", Severity.ERROR).and("prometheus-ready", Severity.CRITICAL),
                List.of(new RunbookStep.Manual("grow-volume", "Grow the volumes (or lower the retention)",
                                "Expand the Prometheus volumes where the StorageClass allows it, keeping the"
                                        + " retention size within them; else lower the retention size.",
                                "monitoring-console expand-storage prometheus SIZE --retention-size SIZE; or kubectl"
                                        + " patch pvc prometheus-data-prometheus-0 -n NS -p"
                                        + " '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"SIZE\"}}}}'"),
                        replaceStuckPods("replace-stuck-pods", "Delete the replicas that crashed on the full disk"
                                + " and wait until they are ready", "prometheus-ready")),
                List.of("storage-disk-use", "prometheus-tsdb", "prometheus-ready"));
    }

    static Scenario brokenConfig() {
        return new Scenario("config-broke-component", "A config change broke a component",
                "After a config change a component refuses its config or crash-loops. The previous config is put"
                        + " back and the failing replicas restarted.",
                "a few minutes",
                Detection.of(Severity.ERROR, "prometheus-config-reload", "prometheus-rules", "pod-restarts")
                        .and("prometheus-ready", Severity.WARNING).and("alertmanager-ready", Severity.WARNING),
                List.of(ConfigRollbackStep.step(),
                        replaceStuckPods("replace-failing-pods", "Delete the replicas that still fail and wait until"
                                + " they are ready on the restored config", "pod-restarts", "prometheus-ready",
                                "alertmanager-ready")),
                List.of("prometheus-config-reload", "prometheus-rules", "pod-restarts", "prometheus-ready",
                        "alertmanager-ready"));
    }

    static Scenario silentAlertmanager() {
        return new Scenario("alertmanager-silent", "Alertmanager sends no notifications",
                "Alerts fire but nobody is told: notifications fail, or the Alertmanagers do not form one cluster,"
                        + " or Prometheus does not reach them.",
                "a few minutes",
                Detection.of(Severity.WARNING, "alertmanager-notifications", "alertmanager-cluster",
                        "prometheus-alertmanagers", "alertmanager-ready"),
                List.of(replaceStuckPods("replace-stray-replicas", "Delete the Alertmanager replicas that are not"
                                + " ready or outside the cluster and wait until they rejoin", "alertmanager-ready",
                                "alertmanager-cluster"),
                        new RunbookStep.Manual("check-receivers", "Check the receivers and routes",
                                "See which receiver fails and why (a webhook URL, a credential, a route that matches"
                                        + " nothing); fix it in the Alertmanager config.",
                                "kubectl exec -n NS alertmanager-0 -- amtool config routes test"
                                        + " --config.file=/etc/alertmanager/alertmanager.yml severity=critical;"
                                        + " kubectl logs -n NS alertmanager-0 | grep -i notify"),
                        new RunbookStep.Manual("test-alert", "Send a test alert and see it arrive",
                                "Send a test alert through the Alertmanagers and check that the receiver gets it.",
                                "monitoring-console alerts test --wait 2m -n NS")),
                List.of("alertmanager-ready", "alertmanager-cluster", "alertmanager-notifications",
                        "prometheus-alertmanagers"));
    }

    static Scenario lostSecret() {
        return new Scenario("secret-lost", "A Secret was lost or corrupted",
                "A Secret the stack mounts (Grafana's admin password, Alertmanager's webhook URLs) is missing or"
                        + " wrong: pods cannot start, or notifications and logins fail.",
                "a few minutes",
                Detection.of(Severity.ERROR, "pod-restarts").and("grafana-health", Severity.CRITICAL)
                        .and("alertmanager-notifications", Severity.WARNING).and("workload-replicas",
                                Severity.WARNING),
                List.of(new RunbookStep.Manual("find-secret", "Find the Secret that is missing or wrong",
                                "See which Secret the failing pods mount and whether it exists (never print its"
                                        + " values).",
                                "kubectl get secrets -n NS; kubectl describe pod POD -n NS | grep -A3 -i secret"),
                        new RunbookStep.Manual("restore-secret", "Restore the Secret",
                                "Restore the Secrets from the newest archive (sealed with its passphrase), or"
                                        + " re-create the Secret from your secret store.",
                                "monitoring-console restore ARCHIVE --components secrets --passphrase-file FILE -n"
                                        + " NS"),
                        replaceStuckPods("replace-failing-pods", "Delete the pods that failed without the Secret and"
                                + " wait until they are ready", "pod-restarts", "grafana-health",
                                "alertmanager-ready")),
                List.of("pod-restarts", "grafana-health", "alertmanager-notifications", "workload-replicas"));
    }
}
