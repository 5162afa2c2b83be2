package io.neurectomy.console.core.backup.operations;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.AppVersion;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.backup.archive.ArchiveMetadata;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.backup.archive.WrittenArchive;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a full backup of the stack into one archive: the stack's objects as YAML (configs), its Secrets sealed
 * under a passphrase (secrets), a Prometheus TSDB snapshot streamed out of one ready replica (tsdb), and the active
 * and pending Alertmanager silences (silences). Every component is optional.
 *
 * <p>Steps (ids): {@code snapshot} (tsdb), {@code objects} (configs, secrets), {@code silences}, {@code stream-tsdb}
 * (tsdb), {@code manifest}. It writes only a new local file, so it needs no confirmation.
 *
 * <p>Streaming and bounded in memory (TSDB files go from the exec stream straight into the archive); progress in
 * bytes; cancellable between steps and objects; the archive appears only when complete ({@link ArchiveWriter}'s temp
 * file, removed on a failure or a cancel), and the snapshot directory in the pod is removed afterwards whatever
 * happened.
 */
public final class BackupOperation extends PlannedOperation<BackupOperation.Result> {
    private static final Logger LOG = LoggerFactory.getLogger(BackupOperation.class);

    /** What was written, and what the user should know (components left out and why). */
    public record Result(WrittenArchive archive, Set<BackupComponent> components, List<String> notes,
            String tsdbReplica, List<String> blocks) {
    }

    private final KubernetesClient client;
    private final String context;
    private final String server;
    private final String namespace;
    private final Duration timeout;
    private final Path dir;
    private final Set<BackupComponent> requested;
    private final PassphraseCipher cipher;

    private Set<BackupComponent> components;
    private List<String> notes;
    private Pod replica;

    /**
     * @param context   kubeconfig context (recorded in the manifest)
     * @param server    API server URL (recorded in the manifest)
     * @param timeout   for each pod request and for the end of each exec
     * @param dir       where {@code full_YYYYMMDDhhmmss.tar.gz} is written
     * @param requested the components to back up
     * @param cipher    null without a passphrase: Secrets are then left out, with a note saying so
     */
    public BackupOperation(KubernetesClient client, String context, String server, String namespace,
            Duration timeout, Path dir, Set<BackupComponent> requested, PassphraseCipher cipher) {
        this.client = client;
        this.context = context;
        this.server = server;
        this.namespace = namespace;
        this.timeout = timeout;
        this.dir = dir;
        this.requested = requested.isEmpty() ? EnumSet.noneOf(BackupComponent.class) : EnumSet.copyOf(requested);
        this.cipher = cipher;
    }

    /** A backup of the stack {@code session} is connected to. */
    public static BackupOperation of(ClusterSession session, Duration timeout, Path dir,
            Set<BackupComponent> requested, PassphraseCipher cipher) {
        return new BackupOperation(session.client(), session.context(), session.server(), session.namespace(),
                timeout, dir, requested, cipher);
    }

    /**
     * Says which components are backed up (Secrets only with a passphrase) and finds the ready Prometheus replica
     * for the TSDB.
     *
     * @throws BackupException when nothing is left to back up, or no Prometheus replica is ready for the TSDB
     */
    @Override
    protected Plan makePlan(Cancellation cancellation) {
        Set<BackupComponent> chosen = EnumSet.noneOf(BackupComponent.class);
        chosen.addAll(requested);
        if (chosen.isEmpty()) {
            throw new BackupException("Nothing to back up: choose at least one of configs, secrets, tsdb, silences.");
        }
        List<String> planNotes = new ArrayList<>();
        if (chosen.contains(BackupComponent.SECRETS) && cipher == null) {
            chosen.remove(BackupComponent.SECRETS);
            planNotes.add("Secrets were left out: no passphrase was given, and Secrets are only ever stored"
                    + " encrypted. Give a passphrase (--passphrase-file) to include them.");
        }
        if (chosen.isEmpty()) {
            throw new BackupException(planNotes.get(0));
        }
        Pod pod = null;
        if (chosen.contains(BackupComponent.TSDB)) {
            pod = StackPods.firstReady(client, namespace, StackComponent.PROMETHEUS);
        }
        String name = pod == null ? null : pod.getMetadata().getName();
        List<Step> steps = new ArrayList<>();
        if (name != null) {
            steps.add(new Step("snapshot", "Ask " + name + " for a TSDB snapshot"));
        }
        if (chosen.contains(BackupComponent.CONFIGS) || chosen.contains(BackupComponent.SECRETS)) {
            steps.add(new Step("objects", "Read the stack's objects in " + namespace));
        }
        if (chosen.contains(BackupComponent.SILENCES)) {
            steps.add(new Step("silences", "Read the Alertmanager silences"));
        }
        if (name != null) {
            steps.add(new Step("stream-tsdb", "Stream the TSDB snapshot out of " + name));
        }
        steps.add(new Step("manifest", "Write the manifest and the archive"));
        String ids = String.join(", ", BackupComponent.ids(chosen));
        this.components = chosen;
        this.notes = List.copyOf(planNotes);
        this.replica = pod;
        return Plan.of("backup", "Back up " + ids + " of " + namespace + " (context " + context + ") into "
                + dir, steps)
                .withChanges(List.of(new Change(Change.Action.WRITE, dir.resolve("full_YYYYMMDDhhmmss.tar.gz")
                        .toString(), ids)))
                .withNotes(planNotes);
    }

    /** Writes the archive; on a failure or a cancel nothing is left in the backups directory. */
    @Override
    protected Result execute(Execution ex) {
        Cancellation cancellation = ex.cancellation();
        ArchiveMetadata metadata = new ArchiveMetadata(context, server, namespace, AppVersion.current(),
                BackupComponent.ids(components));
        String name = replica == null ? null : replica.getMetadata().getName();
        String container = replica == null ? null : StackPods.container(replica, StackComponent.PROMETHEUS);
        String[] snapshot = {null};
        TsdbTransfer tsdb = new TsdbTransfer(client, namespace, timeout);
        try (ArchiveWriter writer = ArchiveWriter.create(dir, metadata, cipher, ex.listener(), cancellation)) {
            long[] expected = {0};
            if (name != null) {
                ex.step("snapshot", () -> {
                    snapshot[0] = tsdb.snapshot(name);
                    LOG.info("TSDB snapshot {} taken on {}/{}", snapshot[0], namespace, name);
                    expected[0] = Math.max(0, tsdb.size(name, container, snapshot[0]));
                    writer.expectTotal(expected[0]);
                    ex.detail("snapshot " + snapshot[0]);
                });
            }
            if (components.contains(BackupComponent.CONFIGS) || components.contains(BackupComponent.SECRETS)) {
                ex.step("objects", () -> {
                    List<StackObjects.Exported> objects = new StackObjects(client, namespace).export(
                            components.contains(BackupComponent.CONFIGS),
                            components.contains(BackupComponent.SECRETS));
                    expected[0] += objects.stream().mapToLong(o -> o.yaml().length).sum();
                    writer.expectTotal(expected[0]);
                    for (StackObjects.Exported o : objects) {
                        cancellation.check();
                        if (o.secret()) {
                            writer.addSecret(o.entryName(), o.yaml());
                        } else {
                            writer.add(o.entryName(), o.yaml());
                        }
                    }
                    ex.detail(objects.size() + " objects");
                });
            }
            if (components.contains(BackupComponent.SILENCES)) {
                ex.step("silences", () -> {
                    byte[] silences = new Silences(client, namespace, timeout).export();
                    expected[0] += silences.length;
                    writer.expectTotal(expected[0]);
                    writer.add(Silences.ENTRY, silences);
                });
            }
            List<String> blocks = name == null ? List.of()
                    : ex.step("stream-tsdb", () -> {
                        List<String> streamed = tsdb.streamInto(name, container, snapshot[0], writer, cancellation);
                        ex.detail(streamed.size() + " blocks");
                        return streamed;
                    });
            WrittenArchive archive = ex.step("manifest", () -> {
                WrittenArchive written = writer.commit();
                ex.detail(written.file().getFileName() + ", " + written.size() + " bytes");
                return written;
            });
            LOG.info("Backup {} written: components {}, {} bytes", archive.file().getFileName(),
                    metadata.components(), archive.size());
            return new Result(archive, components, notes, name, blocks);
        } finally {
            if (snapshot[0] != null) {
                String error = tsdb.remove(name, container, TsdbTransfer.DATA + "/snapshots/" + snapshot[0]);
                if (error != null) {
                    LOG.warn("The TSDB snapshot {} could not be removed from {}: {}. Remove it by hand, it pins"
                            + " disk space.", snapshot[0], name, error);
                }
            }
        }
    }

    /**
     * Runs this backup inside another operation (the pre-restore backup, the backup before a destroy): its value, or
     * its failure or cancel thrown on.
     */
    public Result runWithin(Cancellation cancellation) {
        return runWithin(cancellation, ProgressListener.none());
    }

    /**
     * {@link #runWithin(Cancellation)}, passing the archive's byte progress ({@link ProgressEvent.Bytes}) on to
     * {@code bytes}; the backup's own steps stay inside it.
     */
    public Result runWithin(Cancellation cancellation, ProgressListener bytes) {
        ProgressListener forward = event -> {
            if (event instanceof ProgressEvent.Bytes) {
                bytes.on(event);
            }
        };
        OperationResult<Result> result = run(plan(cancellation), forward, cancellation);
        if (result.cancelled()) {
            throw new OperationCancelledException();
        }
        if (!result.succeeded()) {
            throw result.failure() instanceof RuntimeException e ? e : new BackupException(result.error());
        }
        return result.value();
    }
}
