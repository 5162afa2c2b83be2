package io.neurectomy.console.core.backup;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.ops.Progress;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a full backup of the stack into one archive: the stack's objects as YAML (configs), its Secrets sealed
 * under a passphrase (secrets), a Prometheus TSDB snapshot streamed out of one ready replica (tsdb), and the active
 * and pending Alertmanager silences (silences). Every component is optional.
 *
 * <p>Streaming and bounded in memory (TSDB files go from the exec stream straight into the archive); progress in
 * bytes; cancellable; the archive appears only when complete ({@link ArchiveWriter}'s temp file), and the snapshot
 * directory in the pod is removed afterwards whatever happened.
 */
public final class BackupOperation {
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

    /**
     * @param context  kubeconfig context (recorded in the manifest)
     * @param server   API server URL (recorded in the manifest)
     * @param timeout  for each pod request and for the end of each exec
     */
    public BackupOperation(KubernetesClient client, String context, String server, String namespace,
            Duration timeout) {
        this.client = client;
        this.context = context;
        this.server = server;
        this.namespace = namespace;
        this.timeout = timeout;
    }

    /** A backup of the stack {@code session} is connected to. */
    public static BackupOperation of(io.neurectomy.console.core.cluster.ClusterSession session, Duration timeout) {
        return new BackupOperation(session.client(), session.context(), session.server(), session.namespace(),
                timeout);
    }

    /**
     * Writes {@code full_YYYYMMDDhhmmss.tar.gz} into {@code dir}.
     *
     * @param cipher null without a passphrase: Secrets are then left out, with a note saying so
     * @throws BackupException with an actionable message; nothing is left in {@code dir} then
     */
    public Result run(Path dir, Set<BackupComponent> requested, PassphraseCipher cipher, Progress progress,
            Cancellation cancellation) {
        Progress p = progress == null ? Progress.none() : progress;
        Set<BackupComponent> components = requested.isEmpty() ? EnumSet.noneOf(BackupComponent.class)
                : EnumSet.copyOf(requested);
        if (components.isEmpty()) {
            throw new BackupException("Nothing to back up: choose at least one of configs, secrets, tsdb, silences.");
        }
        List<String> notes = new ArrayList<>();
        if (components.contains(BackupComponent.SECRETS) && cipher == null) {
            components.remove(BackupComponent.SECRETS);
            notes.add("Secrets were left out: no passphrase was given, and Secrets are only ever stored encrypted."
                    + " Give a passphrase (--passphrase-file) to include them.");
        }
        if (components.isEmpty()) {
            throw new BackupException(notes.get(0));
        }
        int steps = components.size() + 1;
        int step = 0;
        ArchiveMetadata metadata = new ArchiveMetadata(context, server, namespace, consoleVersion(),
                BackupComponent.ids(components));
        String replica = null;
        String container = null;
        String snapshot = null;
        List<String> blocks = List.of();
        TsdbTransfer tsdb = new TsdbTransfer(client, namespace, timeout);
        try (ArchiveWriter writer = ArchiveWriter.create(dir, metadata, cipher, p, cancellation)) {
            long expected = 0;
            if (components.contains(BackupComponent.TSDB)) {
                Pod pod = StackPods.firstReady(client, namespace, StackPods.PROMETHEUS);
                replica = pod.getMetadata().getName();
                container = StackPods.container(pod, StackPods.PROMETHEUS);
                p.step(step, steps, "Asking " + replica + " for a TSDB snapshot");
                snapshot = tsdb.snapshot(replica);
                LOG.info("TSDB snapshot {} taken on {}/{}", snapshot, namespace, replica);
                expected = Math.max(0, tsdb.size(replica, container, snapshot));
                writer.expectTotal(expected);
            }
            if (components.contains(BackupComponent.CONFIGS) || components.contains(BackupComponent.SECRETS)) {
                p.step(step++, steps, "Reading the stack's objects in " + namespace);
                List<StackObjects.Exported> objects = new StackObjects(client, namespace).export(
                        components.contains(BackupComponent.CONFIGS), components.contains(BackupComponent.SECRETS));
                expected += objects.stream().mapToLong(o -> o.yaml().length).sum();
                writer.expectTotal(expected);
                for (StackObjects.Exported o : objects) {
                    cancellation.check();
                    if (o.secret()) {
                        writer.addSecret(o.entryName(), o.yaml());
                    } else {
                        writer.add(o.entryName(), o.yaml());
                    }
                }
            }
            if (components.contains(BackupComponent.SILENCES)) {
                p.step(step++, steps, "Reading the Alertmanager silences");
                byte[] silences = new Silences(client, namespace, timeout).export();
                expected += silences.length;
                writer.expectTotal(expected);
                writer.add(Silences.ENTRY, silences);
            }
            if (snapshot != null) {
                p.step(step++, steps, "Streaming the TSDB snapshot " + snapshot + " out of " + replica);
                blocks = tsdb.streamInto(replica, container, snapshot, writer, cancellation);
            }
            p.step(step, steps, "Writing the manifest");
            WrittenArchive archive = writer.commit();
            p.step(steps, steps, "Backup " + archive.file().getFileName() + " written (" + archive.size()
                    + " bytes)");
            LOG.info("Backup {} written: components {}, {} bytes", archive.file().getFileName(),
                    metadata.components(), archive.size());
            return new Result(archive, components, notes, replica, blocks);
        } finally {
            if (snapshot != null) {
                String error = tsdb.remove(replica, container, TsdbTransfer.DATA + "/snapshots/" + snapshot);
                if (error != null) {
                    LOG.warn("The TSDB snapshot {} could not be removed from {}: {}. Remove it by hand, it pins"
                            + " disk space.", snapshot, replica, error);
                }
            }
        }
    }

    /** The console's version from the jar, or {@code unknown}. */
    static String consoleVersion() {
        try (InputStream in = BackupOperation.class.getResourceAsStream("/console-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties props = new Properties();
            props.load(in);
            String v = props.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
