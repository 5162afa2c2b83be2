package io.neurectomy.console.core.backup;

import io.neurectomy.console.core.ops.StatefulSetPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.endpoints.PodHttp;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.ops.Progress;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Restores a verified archive, all of it or chosen components: objects (configs), Secrets, the TSDB into one chosen
 * Prometheus replica, silences.
 *
 * <p>{@link #plan} changes nothing: it verifies the archive (and refuses a damaged one), checks the passphrase, and
 * compares every archived object, block and silence with what is live. {@link #execute} then requires the typed
 * confirmation, takes a pre-restore backup of what will be replaced, and only then writes.
 *
 * <p>The TSDB restore: a StatefulSet cannot stop one chosen replica (scaling down stops only the highest ordinal),
 * so the blocks are extracted into the replica's volume while it runs (exec {@code tar -x}; each block's
 * {@code meta.json} last, because Prometheus skips a block directory without it, so a half-written block is never
 * loaded), then the pod is deleted: the StatefulSet recreates it on the same claim and Prometheus opens the restored
 * blocks at start. Blocks already present (same ULID) are left alone; nothing of the replica's own data is removed.
 * If the extraction fails, the blocks written so far are removed again before the pod is touched.
 */
public final class RestoreOperation {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreOperation.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Timeouts: each pod request and exec, the replica's return to ready, and the poll interval. */
    public record Options(Duration timeout, Duration readyTimeout, Duration poll) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(60), Duration.ofMinutes(15), Duration.ofSeconds(1));
        }
    }

    private final KubernetesClient client;
    private final String context;
    private final String server;
    private final String namespace;
    private final Options options;
    private final Clock clock;

    public RestoreOperation(KubernetesClient client, String context, String server, String namespace,
            Options options) {
        this.client = client;
        this.context = context;
        this.server = server;
        this.namespace = namespace;
        this.options = options;
        this.clock = Clock.systemUTC();
    }

    /** A restore into the stack {@code session} is connected to. */
    public static RestoreOperation of(io.neurectomy.console.core.cluster.ClusterSession session, Options options) {
        return new RestoreOperation(session.client(), session.context(), session.server(), session.namespace(),
                options);
    }

    /**
     * Verifies {@code archive} and computes what restoring {@code requested} (empty: everything it holds) would do.
     *
     * @param replica the Prometheus pod for the TSDB (null: the first replica)
     * @param cipher  the passphrase the backup was made with; needed only when Secrets are restored
     * @throws ArchiveRejectedException when the archive fails verification
     * @throws BackupException          when the passphrase is missing or wrong, or the cluster cannot be read
     */
    public RestorePlan plan(Path archive, Set<BackupComponent> requested, String replica, PassphraseCipher cipher,
            Progress progress, Cancellation cancellation) {
        Progress p = progress == null ? Progress.none() : progress;
        p.step(0, 3, "Verifying " + archive.getFileName());
        // Verification keeps the small entries the plan and the restore read, so neither reads the file again
        // for them; only writing TSDB blocks streams it once more.
        ArchiveReader reader = ArchiveReader.open(archive, p, cancellation, RestoreOperation::small);
        Manifest manifest = reader.manifest();
        Set<BackupComponent> inArchive = BackupComponent.known(manifest.metadata().components());
        Set<BackupComponent> components = EnumSet.noneOf(BackupComponent.class);
        List<String> notes = new ArrayList<>();
        for (BackupComponent c : requested.isEmpty() ? inArchive : requested) {
            if (inArchive.contains(c)) {
                components.add(c);
            } else {
                notes.add(c.id() + " is not in this archive and is not restored.");
            }
        }
        if (components.isEmpty()) {
            throw new BackupException("Nothing to restore: the archive holds " + String.join(", ",
                    manifest.metadata().components()) + ".");
        }
        if (!manifest.metadata().context().equals(context) || !manifest.metadata().namespace().equals(namespace)) {
            notes.add("The archive was taken from context " + manifest.metadata().context() + ", namespace "
                    + manifest.metadata().namespace() + "; it is restored into context " + context + ", namespace "
                    + namespace + ".");
        }
        if (components.contains(BackupComponent.SECRETS)) {
            if (cipher == null) {
                throw new BackupException("The archive's Secrets are encrypted: give the passphrase the backup was made"
                        + " with, or leave secrets out of the restore.");
            }
            reader.checkPassphrase(cipher);
        }
        p.step(1, 3, "Comparing the archive with the cluster");
        StackObjects stack = new StackObjects(client, namespace);
        List<RestorePlan.PlannedObject> objects = new ArrayList<>();
        Map<String, byte[]> metas = new LinkedHashMap<>();
        Map<String, Long> blockBytes = new LinkedHashMap<>();
        byte[][] silences = new byte[1][];
        for (ManifestEntry entry : manifest.entries()) {
            String block = blockOf(entry.name());
            if (block != null && components.contains(BackupComponent.TSDB)) {
                blockBytes.merge(block, entry.size(), Long::sum);
            }
        }
        reader.read(name -> wanted(name, components) && small(name), components.contains(BackupComponent.SECRETS)
                ? cipher : null, Progress.none(), cancellation, (entry, in) -> {
                    var parsed = StackObjects.parseEntry(entry.name());
                    if (parsed.isPresent()) {
                        boolean secret = entry.name().startsWith("secrets/");
                        if (secret ? components.contains(BackupComponent.SECRETS)
                                : components.contains(BackupComponent.CONFIGS)) {
                            StackObjects.Kind kind = parsed.get().getKey();
                            StackObjects.Comparison c = stack.plan(kind, in.readAllBytes());
                            objects.add(new RestorePlan.PlannedObject(kind.plural(), parsed.get().getValue(), secret,
                                    c.action(), c.changed()));
                        }
                    } else if (entry.name().equals(Silences.ENTRY)) {
                        silences[0] = in.readAllBytes();
                    } else if (blockOf(entry.name()) != null) {
                        metas.put(blockOf(entry.name()), in.readAllBytes());
                    }
                });
        String target = null;
        List<RestorePlan.PlannedBlock> blocks = new ArrayList<>();
        if (components.contains(BackupComponent.TSDB)) {
            Pod pod = replicaPod(replica);
            target = pod.getMetadata().getName();
            Set<String> present = new TsdbTransfer(client, namespace, options.timeout()).blocks(target,
                    StackPods.container(pod, StackPods.PROMETHEUS));
            for (Map.Entry<String, Long> b : blockBytes.entrySet()) {
                byte[] meta = metas.get(b.getKey());
                if (meta == null || !TsdbTransfer.isBlock(b.getKey())) {
                    notes.add("tsdb/" + b.getKey() + " is not a complete block (no meta.json) and is skipped.");
                    continue;
                }
                JsonNode m = JSON.readTree(meta);
                blocks.add(new RestorePlan.PlannedBlock(b.getKey(),
                        Instant.ofEpochMilli(m.path("minTime").asLong()), Instant.ofEpochMilli(m.path("maxTime")
                        .asLong()), b.getValue(), present.contains(b.getKey())));
            }
            if (!StatefulSetPods.ready(pod)) {
                notes.add(target + " is not ready now; the restore needs its container running to extract the"
                        + " blocks.");
            }
        }
        int toCreate = 0;
        int present = 0;
        int expired = 0;
        if (components.contains(BackupComponent.SILENCES) && silences[0] != null) {
            Silences.Plan sp = new Silences(client, namespace, options.timeout()).plan(silences[0], clock.instant());
            toCreate = sp.create().size();
            present = sp.present();
            expired = sp.expired();
        }
        p.step(3, 3, "Plan ready");
        return new RestorePlan(archive, manifest, components, objects, target, blocks, toCreate, present, expired,
                notes, namespace, reader);
    }

    /**
     * Carries out {@code plan} once the user typed {@link RestorePlan#confirmationWord()}.
     *
     * @param typed       what the user typed
     * @param backupsDir  where the pre-restore backup goes
     * @param cipher      the passphrase (decrypts archived Secrets, seals the pre-restore backup's Secrets)
     * @throws BackupException when the confirmation does not match (nothing changed), or a step fails (the message
     *                         says what was done until then and where the pre-restore backup is)
     */
    public RestoreResult execute(RestorePlan plan, String typed, Path backupsDir, PassphraseCipher cipher,
            Progress progress, Cancellation cancellation) {
        if (typed == null || !typed.strip().equals(plan.confirmationWord())) {
            throw new BackupException("Restore not started: the confirmation typed does not match. Type the"
                    + " namespace '" + plan.confirmationWord() + "' exactly to restore into it.");
        }
        Progress p = progress == null ? Progress.none() : progress;
        List<String> steps = new ArrayList<>();
        int total = 5;
        ArchiveReader reader;
        if (plan.verified() != null) {
            plan.verified().checkUnchanged();
            reader = plan.verified();
        } else {
            p.step(0, total, "Verifying " + plan.archive().getFileName());
            reader = ArchiveReader.open(plan.archive(), Progress.none(), cancellation, RestoreOperation::small);
        }

        p.step(0, total, "Taking a pre-restore backup");
        Set<BackupComponent> before = EnumSet.noneOf(BackupComponent.class);
        for (BackupComponent c : plan.components()) {
            if (c != BackupComponent.TSDB && (c != BackupComponent.SECRETS || cipher != null)) {
                before.add(c);
            }
        }
        Path preBackup = null;
        if (!before.isEmpty()) {
            BackupOperation.Result pre = new BackupOperation(client, context, server, namespace, options.timeout())
                    .run(backupsDir, before, cipher, Progress.none(), cancellation);
            preBackup = pre.archive().file();
            steps.add("Pre-restore backup " + preBackup.getFileName() + " written (" + String.join(", ",
                    BackupComponent.ids(pre.components())) + ")");
        }
        if (plan.components().contains(BackupComponent.TSDB)) {
            steps.add("The TSDB is not in the pre-restore backup: the restore only adds blocks and removes none of"
                    + " the replica's data.");
        }
        cancellation.check();

        int[] counts = new int[3];
        // Objects and silences are small: one pass over the archive collects them all.
        Map<String, byte[]> objects = new LinkedHashMap<>();
        byte[][] silencesArchived = new byte[1][];
        Set<BackupComponent> small = EnumSet.copyOf(plan.components());
        small.remove(BackupComponent.TSDB);
        boolean secrets = plan.components().contains(BackupComponent.SECRETS);
        if (!small.isEmpty()) {
            reader.read(name -> wanted(name, small), secrets ? cipher : null, Progress.none(), cancellation,
                    (entry, in) -> {
                        if (entry.name().equals(Silences.ENTRY)) {
                            silencesArchived[0] = in.readAllBytes();
                        } else if (StackObjects.parseEntry(entry.name()).isPresent()) {
                            objects.put(entry.name(), in.readAllBytes());
                        }
                    });
        }
        if (plan.components().contains(BackupComponent.CONFIGS) || secrets) {
            p.step(1, total, "Restoring objects");
            StackObjects stack = new StackObjects(client, namespace);
            for (StackObjects.Kind kind : StackObjects.KINDS) {
                for (Map.Entry<String, byte[]> e : objects.entrySet()) {
                    var parsed = StackObjects.parseEntry(e.getKey()).orElseThrow();
                    if (!parsed.getKey().equals(kind)) {
                        continue;
                    }
                    cancellation.check();
                    StackObjects.Action done = stack.apply(kind, e.getValue());
                    switch (done) {
                        case CREATE -> counts[0]++;
                        case REPLACE -> counts[1]++;
                        default -> counts[2]++;
                    }
                    LOG.info("Restore: {} {}/{}", done, kind.plural(), parsed.getValue());
                }
            }
            steps.add("Objects: " + counts[0] + " created, " + counts[1] + " replaced, " + counts[2] + " unchanged");
        }

        int silencesCreated = 0;
        if (plan.components().contains(BackupComponent.SILENCES)) {
            p.step(2, total, "Re-creating silences");
            byte[] archived = silencesArchived[0];
            if (archived == null) {
                throw new BackupException("The archive lists silences but holds no " + Silences.ENTRY + ".");
            }
            Silences silences = new Silences(client, namespace, options.timeout());
            silencesCreated = silences.create(silences.plan(archived, clock.instant()));
            steps.add("Silences: " + silencesCreated + " re-created");
        }

        int blocksWritten = 0;
        long series = -1;
        if (plan.replica() != null) {
            List<RestorePlan.PlannedBlock> toWrite = plan.blocksToWrite();
            p.step(3, total, "Writing " + toWrite.size() + " TSDB blocks into " + plan.replica());
            Pod pod = replicaPod(plan.replica());
            String container = StackPods.container(pod, StackPods.PROMETHEUS);
            if (!toWrite.isEmpty()) {
                extractBlocks(reader, pod.getMetadata().getName(), container, toWrite, p, cancellation);
                blocksWritten = toWrite.size();
            }
            steps.add("TSDB: " + blocksWritten + " blocks written into " + plan.replica() + ", "
                    + (plan.blocks().size() - blocksWritten) + " already there");
            p.step(4, total, "Restarting " + plan.replica() + " on the restored blocks");
            restartAndWait(pod, cancellation);
            steps.add(plan.replica() + " restarted and ready");
            series = checkQueryable(plan.replica(), plan.blocks());
            steps.add("Query over the restored range answers with " + series + " 'up' series");
        }
        p.step(total, total, "Restore complete");
        return new RestoreResult(preBackup, counts[0], counts[1], counts[2], blocksWritten, series,
                silencesCreated, steps);
    }

    private void extractBlocks(ArchiveReader reader, String pod, String container,
            List<RestorePlan.PlannedBlock> toWrite, Progress progress, Cancellation cancellation) {
        Set<String> wanted = new LinkedHashSet<>();
        toWrite.forEach(b -> wanted.add(b.ulid()));
        long total = toWrite.stream().mapToLong(RestorePlan.PlannedBlock::bytes).sum();
        Set<String> started = new LinkedHashSet<>();
        TsdbTransfer tsdb = new TsdbTransfer(client, namespace, options.timeout());
        try (TsdbTransfer.Extract extract = tsdb.extract(pod, container)) {
            String[] current = {null};
            byte[][] meta = {null};
            long[] done = {0};
            // Only the wanted blocks' entries: the read stops after the last of them.
            reader.read(name -> wanted.contains(blockOf(name)), null, Progress.none(), cancellation,
                    (entry, in) -> {
                String block = blockOf(entry.name());
                if (!block.equals(current[0])) {
                    flushMeta(extract, current[0], meta, cancellation);
                    current[0] = block;
                    started.add(block);
                }
                if (isBlockMeta(entry.name())) {
                    // written after the block's other files: Prometheus skips a block without meta.json
                    meta[0] = in.readAllBytes();
                } else {
                    extract.add(entry.name().substring(TsdbTransfer.PREFIX.length()), entry.size(), in,
                            cancellation);
                }
                done[0] += entry.size();
                progress.bytes(done[0], total);
            });
            flushMeta(extract, current[0], meta, cancellation);
            extract.finish();
        } catch (IOException | RuntimeException e) {
            for (String block : started) {
                String error = tsdb.remove(pod, container, TsdbTransfer.DATA + "/" + block);
                if (error != null) {
                    LOG.warn("Could not remove the half-restored block {} from {}: {}", block, pod, error);
                }
            }
            if (e instanceof OperationCancelledException) {
                throw new OperationCancelledException("Restore cancelled while writing TSDB blocks; the blocks"
                        + " written so far were removed from " + pod + ", which was not restarted.");
            }
            String why = e.getMessage();
            throw new BackupException("Writing the TSDB blocks into " + pod + " failed: " + why + ". The blocks"
                    + " written so far were removed and " + pod + " was not restarted; retry the TSDB restore.", e);
        }
    }

    /** Whether an entry belongs to one of {@code components}. */
    /**
     * The entries a restore reads whole into memory: objects, Secrets (sealed), silences and each TSDB block's
     * {@code meta.json}; never the block data.
     */
    private static boolean small(String name) {
        return name.startsWith("objects/") || name.startsWith("secrets/") || name.equals(Silences.ENTRY)
                || isBlockMeta(name);
    }

    /** Whether {@code name} is a block's own {@code tsdb/BLOCK/meta.json}. */
    private static boolean isBlockMeta(String name) {
        String block = blockOf(name);
        return block != null && name.equals(TsdbTransfer.PREFIX + block + "/meta.json");
    }

    /** The block a TSDB entry belongs to ({@code tsdb/BLOCK/...}), for the meta.json and the files of a block. */
    private static String blockOf(String name) {
        if (!name.startsWith(TsdbTransfer.PREFIX)) {
            return null;
        }
        String rel = name.substring(TsdbTransfer.PREFIX.length());
        int slash = rel.indexOf('/');
        return slash > 0 ? rel.substring(0, slash) : null;
    }

    private static boolean wanted(String name, Set<BackupComponent> components) {
        if (name.startsWith("secrets/")) {
            return components.contains(BackupComponent.SECRETS);
        }
        if (name.startsWith("objects/")) {
            return components.contains(BackupComponent.CONFIGS);
        }
        if (name.equals(Silences.ENTRY)) {
            return components.contains(BackupComponent.SILENCES);
        }
        return name.startsWith(TsdbTransfer.PREFIX) && components.contains(BackupComponent.TSDB);
    }

    private static void flushMeta(TsdbTransfer.Extract extract, String block, byte[][] meta,
            Cancellation cancellation) throws IOException {
        if (block != null && meta[0] != null) {
            extract.add(block + "/meta.json", meta[0].length, new ByteArrayInputStream(meta[0]), cancellation);
        }
        meta[0] = null;
    }

    private void restartAndWait(Pod pod, Cancellation cancellation) {
        String name = pod.getMetadata().getName();
        String oldUid = pod.getMetadata().getUid();
        try {
            client.pods().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of(e, "delete", "pods", namespace, "restarting " + name + " on the restored blocks");
        }
        LOG.info("Restore: deleted pod {}/{} so that it restarts on the restored blocks", namespace, name);
        long deadline = System.nanoTime() + options.readyTimeout().toNanos();
        while (true) {
            cancellation.check();
            Pod now;
            try {
                now = client.pods().inNamespace(namespace).withName(name).get();
            } catch (KubernetesClientException e) {
                throw ClusterErrors.of(e, "get", "pods", namespace, "waiting for " + name);
            }
            if (now != null && !now.getMetadata().getUid().equals(oldUid) && StatefulSetPods.ready(now)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new BackupException("The blocks are in " + name + "'s volume, but " + name + " was not ready"
                        + " again within " + options.readyTimeout().toMinutes() + " min (WAL replay of a big TSDB"
                        + " takes time). Watch it in the topology view; its logs tell what it is doing.");
            }
            try {
                Thread.sleep(options.poll().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCancelledException();
            }
        }
    }

    /** Counts the series of {@code up} with samples in the restored range, at its end. */
    private long checkQueryable(String pod, List<RestorePlan.PlannedBlock> blocks) {
        Instant min = blocks.stream().map(RestorePlan.PlannedBlock::minTime).min(Instant::compareTo).orElseThrow();
        Instant max = blocks.stream().map(RestorePlan.PlannedBlock::maxTime).max(Instant::compareTo).orElseThrow();
        long seconds = Math.max(1, Duration.between(min, max).toSeconds() + 1);
        String query = "count(count_over_time(up[" + seconds + "s]))";
        String path = "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&time="
                + (max.toEpochMilli() / 1000.0);
        long deadline = System.nanoTime() + options.readyTimeout().toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                PodHttp.Response r = new PodHttp(client, namespace, options.timeout()).get(pod,
                        StackPods.PROMETHEUS_PORT, path);
                if (r.ok()) {
                    JsonNode result = JSON.readTree(r.body()).path("data").path("result");
                    if (result.size() > 0) {
                        long n = (long) Double.parseDouble(result.get(0).path("value").get(1).asString());
                        if (n > 0) {
                            return n;
                        }
                    }
                    last = "no series answered";
                } else {
                    last = "HTTP " + r.status() + ": " + r.body().strip();
                }
            } catch (IOException e) {
                last = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCancelledException();
            }
            try {
                Thread.sleep(options.poll().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCancelledException();
            }
        }
        throw new BackupException(pod + " is ready again, but a query over the restored range (" + min + " .. " + max
                + ") finds no data (" + last + "). Check its logs for skipped or corrupted blocks.");
    }

    private Pod replicaPod(String replica) {
        List<Pod> pods = StackPods.of(client, namespace, StackPods.PROMETHEUS);
        if (pods.isEmpty()) {
            throw new BackupException("No Prometheus replica in " + namespace + ": deploy the stack first, then"
                    + " restore the TSDB.");
        }
        if (replica == null || replica.isBlank()) {
            return pods.get(0);
        }
        return pods.stream().filter(p -> p.getMetadata().getName().equals(replica)).findFirst()
                .orElseThrow(() -> new BackupException("There is no Prometheus replica " + replica + " in "
                        + namespace + "; the replicas are " + pods.stream().map(p -> p.getMetadata().getName())
                        .toList() + "."));
    }
}
