package io.neurectomy.console.core.backup.operations;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.archive.Manifest;
import io.neurectomy.console.core.backup.archive.ManifestEntry;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.ops.StatefulSetPods;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.util.BoundedYaml;
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
 * compares every archived object, block and silence with what is live; the plan needs the namespace typed and says
 * that a pre-restore backup is taken first. {@link #run} then takes that backup of what will be replaced, and only
 * then writes. Steps (ids): {@code pre-backup}, {@code objects}, {@code silences}, {@code tsdb-write},
 * {@code tsdb-restart}, {@code tsdb-query} (each only when its component is restored).
 *
 * <p>The TSDB restore: a StatefulSet cannot stop one chosen replica (scaling down stops only the highest ordinal),
 * so the blocks are extracted into the replica's volume while it runs (exec {@code tar -x}; each block's
 * {@code meta.json} last, because Prometheus skips a block directory without it, so a half-written block is never
 * loaded), then the pod is deleted: the StatefulSet recreates it on the same claim and Prometheus opens the restored
 * blocks at start. Blocks already present (same ULID) are left alone; nothing of the replica's own data is removed.
 * If the extraction fails, the blocks written so far are removed again before the pod is touched.
 */
public final class RestoreOperation extends PlannedOperation<RestoreResult> {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreOperation.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Largest TSDB block {@code meta.json} read whole (Prometheus writes a few KiB). */
    private static final int MAX_META = 1024 * 1024;

    /** Timeouts: each pod request and exec, the replica's return to ready, and the poll interval. */
    public record Options(Duration timeout, Duration readyTimeout, Duration poll) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(60), Duration.ofMinutes(15), Duration.ofSeconds(1));
        }
    }

    /**
     * What to restore.
     *
     * @param archive    the archive
     * @param components what to restore (empty: everything it holds)
     * @param replica    the Prometheus pod for the TSDB (null: the first replica)
     * @param cipher     the passphrase the backup was made with; needed only when Secrets are restored (it also
     *                   seals the pre-restore backup's Secrets)
     * @param backupsDir where the pre-restore backup goes
     */
    public record Request(Path archive, Set<BackupComponent> components, String replica, PassphraseCipher cipher,
            Path backupsDir) {
        public Request {
            components = Set.copyOf(components);
        }
    }

    private final KubernetesClient client;
    private final String context;
    private final String server;
    private final String namespace;
    private final Options options;
    private final Request request;
    private final Clock clock;
    private RestorePlan restorePlan;

    public RestoreOperation(KubernetesClient client, String context, String server, String namespace,
            Options options, Request request) {
        this.client = client;
        this.context = context;
        this.server = server;
        this.namespace = namespace;
        this.options = options;
        this.request = request;
        this.clock = Clock.systemUTC();
    }

    /** A restore into the stack {@code session} is connected to. */
    public static RestoreOperation of(ClusterSession session, Options options, Request request) {
        return new RestoreOperation(session.client(), session.context(), session.server(), session.namespace(),
                options, request);
    }

    /** The detailed plan {@link #plan} computed (objects, blocks, silences), or null before. */
    public RestorePlan restorePlan() {
        return restorePlan;
    }

    /**
     * Verifies the archive and computes what restoring the requested components would do.
     *
     * @throws io.neurectomy.console.core.backup.archive.ArchiveRejectedException when the archive fails verification
     * @throws BackupException when the passphrase is missing or wrong, or the cluster cannot be read
     */
    @Override
    protected Plan makePlan(Cancellation cancellation) {
        restorePlan = compute(request.archive(), request.components(), request.replica(), request.cipher(),
                cancellation);
        return toPlan(restorePlan);
    }

    private Plan toPlan(RestorePlan p) {
        List<Step> steps = new ArrayList<>();
        boolean preBackup = !preBackupComponents(p).isEmpty();
        if (preBackup) {
            steps.add(new Step("pre-backup", "Take a pre-restore backup of what will be replaced"));
        }
        if (p.components().contains(BackupComponent.CONFIGS) || p.components().contains(BackupComponent.SECRETS)) {
            steps.add(new Step("objects", "Restore the objects"));
        }
        if (p.components().contains(BackupComponent.SILENCES)) {
            steps.add(new Step("silences", "Re-create the silences"));
        }
        if (p.replica() != null) {
            steps.add(new Step("tsdb-write", "Write " + p.blocksToWrite().size() + " TSDB blocks into "
                    + p.replica()));
            steps.add(new Step("tsdb-restart", "Restart " + p.replica() + " on the restored blocks"));
            steps.add(new Step("tsdb-query", "Query the restored range on " + p.replica()));
        }
        List<Change> changes = new ArrayList<>();
        for (RestorePlan.PlannedObject o : p.objects()) {
            String what = o.kind() + "/" + o.name();
            changes.add(switch (o.action()) {
                case CREATE -> new Change(Change.Action.CREATE, what, "");
                case REPLACE -> new Change(Change.Action.UPDATE, what, o.changed().isEmpty() ? ""
                        : "differs in " + String.join(", ", o.changed()));
                case UNCHANGED -> new Change(Change.Action.UNCHANGED, what, "same as in the archive");
                case KEEP_IMMUTABLE -> new Change(Change.Action.UNCHANGED, what, "exists; a claim's spec cannot"
                        + " change");
            });
        }
        for (RestorePlan.PlannedBlock b : p.blocks()) {
            changes.add(new Change(b.present() ? Change.Action.UNCHANGED : Change.Action.WRITE, "block " + b.ulid(),
                    b.minTime() + " .. " + b.maxTime() + ", " + b.bytes() + " bytes"
                    + (b.present() ? ": already in the replica" : "")));
        }
        if (p.replica() != null) {
            changes.add(new Change(Change.Action.RESTART, "pod/" + p.replica(), "the StatefulSet restarts it on the"
                    + " restored blocks; the console waits until it is ready and queries the restored range"));
        }
        if (p.components().contains(BackupComponent.SILENCES)) {
            changes.add(new Change(p.silencesToCreate() > 0 ? Change.Action.CREATE : Change.Action.UNCHANGED,
                    "silences", "re-create " + p.silencesToCreate() + ", skip " + p.silencesPresent()
                    + " already present and " + p.silencesExpired() + " that have ended"));
        }
        List<String> notes = new ArrayList<>(p.notes());
        if (p.components().contains(BackupComponent.TSDB)) {
            notes.add("The TSDB is not in the pre-restore backup: the restore only adds blocks and removes none of"
                    + " the replica's data.");
        }
        Manifest m = p.manifest();
        return Plan.of("restore", "Restore " + String.join(", ", BackupComponent.ids(p.components())) + " from "
                + p.archive().getFileName() + " (taken " + m.created() + " from context " + m.metadata().context()
                + ", namespace " + m.metadata().namespace() + ") into " + namespace, steps)
                .withChanges(changes)
                .withConfirmation(Confirmation.typed(p.confirmationWord(), "Restore into namespace "
                        + p.confirmationWord() + "? What the archive holds replaces what is live."))
                .withBackupFirst(preBackup)
                .withNotes(notes);
    }

    private Set<BackupComponent> preBackupComponents(RestorePlan p) {
        Set<BackupComponent> before = EnumSet.noneOf(BackupComponent.class);
        for (BackupComponent c : p.components()) {
            if (c != BackupComponent.TSDB && (c != BackupComponent.SECRETS || request.cipher() != null)) {
                before.add(c);
            }
        }
        return before;
    }

    private RestorePlan compute(Path archive, Set<BackupComponent> requested, String replica,
            PassphraseCipher cipher, Cancellation cancellation) {
        // Verification keeps the small entries the plan and the restore read, so neither reads the file again
        // for them; only writing TSDB blocks streams it once more.
        ArchiveReader reader = ArchiveReader.open(archive, ProgressListener.none(), cancellation,
                RestoreOperation::small);
        Manifest manifest = reader.manifest();
        Set<BackupComponent> inArchive = BackupComponent.known(manifest.metadata().components());
        Set<BackupComponent> components = EnumSet.noneOf(BackupComponent.class);
        List<String> notes = new ArrayList<>();
        Set<BackupComponent> wantedComponents = requested.isEmpty() ? EnumSet.copyOf(inArchive) : requested;
        if (requested.isEmpty() && cipher == null && inArchive.contains(BackupComponent.SECRETS)) {
            // Everything but Secrets: restoring them needs the passphrase the backup was made with.
            wantedComponents.remove(BackupComponent.SECRETS);
            notes.add("No passphrase was given (--passphrase-file): Secrets are not restored.");
        }
        for (BackupComponent c : wantedComponents) {
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
        requireDeployedStack(archive, components);
        if (components.contains(BackupComponent.SECRETS)) {
            if (cipher == null) {
                throw new BackupException("The archive's Secrets are encrypted: give the passphrase the backup was made"
                        + " with, or leave secrets out of the restore.");
            }
            reader.checkPassphrase(cipher);
        }
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
                ? cipher : null, ProgressListener.none(), cancellation, (entry, in) -> {
                    var parsed = StackObjects.parseEntry(entry.name());
                    if (parsed.isPresent()) {
                        boolean secret = entry.name().startsWith("secrets/");
                        if (secret ? components.contains(BackupComponent.SECRETS)
                                : components.contains(BackupComponent.CONFIGS)) {
                            StackObjects.Kind kind = parsed.get().getKey();
                            StackObjects.Comparison c = stack.plan(kind, ArchiveReader.readWhole(entry, in,
                                    BoundedYaml.MAX_CHARS));
                            objects.add(new RestorePlan.PlannedObject(kind.plural(), parsed.get().getValue(), secret,
                                    c.action(), c.changed()));
                        }
                    } else if (entry.name().equals(Silences.ENTRY)) {
                        silences[0] = ArchiveReader.readWhole(entry, in, Silences.MAX_CHARS);
                    } else if (blockOf(entry.name()) != null) {
                        metas.put(blockOf(entry.name()), ArchiveReader.readWhole(entry, in, MAX_META));
                    }
                });
        String target = null;
        List<RestorePlan.PlannedBlock> blocks = new ArrayList<>();
        if (components.contains(BackupComponent.TSDB)) {
            Pod pod = replicaPod(replica);
            target = pod.getMetadata().getName();
            Set<String> present = new TsdbTransfer(client, namespace, options.timeout()).blocks(target,
                    StackPods.container(pod, StackComponent.PROMETHEUS));
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
        return new RestorePlan(archive, manifest, components, objects, target, blocks, toCreate, present, expired,
                notes, namespace, reader);
    }

    /**
     * Refuses, before anything is written, a restore into a namespace where the stack is not deployed (after a
     * destroy, or on a new cluster): the namespace holds no stack object at all, or it runs no StatefulSet and no
     * Deployment while the TSDB or the silences are to be restored. The archive holds the stack's configs,
     * Secrets, data and silences, not its ServiceAccounts and RBAC, and the TSDB and silences need running
     * Prometheus and Alertmanager pods. Deploy first, then restore: the cluster-loss path too.
     */
    private void requireDeployedStack(Path archive, Set<BackupComponent> components) {
        boolean workloads;
        boolean anything;
        try {
            workloads = !client.apps().statefulSets().inNamespace(namespace).list().getItems().isEmpty()
                    || !client.apps().deployments().inNamespace(namespace).list().getItems().isEmpty();
            anything = workloads || new StackObjects(client, namespace).holdsAny();
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of(e, "list", "statefulsets", namespace, "checking that the stack is deployed");
        }
        boolean needsPods = components.contains(BackupComponent.TSDB) || components.contains(BackupComponent.SILENCES);
        if (!anything || (needsPods && !workloads)) {
            throw new BackupException("Namespace " + namespace + " on context " + context + " holds no deployed"
                    + " stack (no StatefulSets, no Deployments" + (anything ? "" : ", no stack objects at all")
                    + "): it was destroyed, or this is a new cluster. Deploy the stack first (monitoring-console"
                    + " deploy ENV, or Stack > Deploy in the window), then restore " + archive.getFileName()
                    + " again: it puts back the archived configs and Secrets over the deployed ones, the"
                    + " Prometheus data and the silences. Nothing was changed.");
        }
    }

    /** Takes the pre-restore backup, then restores; a failure or a cancel says what was done until then. */
    @Override
    protected RestoreResult execute(Execution ex) {
        return execute(restorePlan, ex);
    }

    private RestoreResult execute(RestorePlan p, Execution ex) {
        Cancellation cancellation = ex.cancellation();
        PassphraseCipher cipher = request.cipher();
        List<String> steps = new ArrayList<>();
        ArchiveReader reader;
        if (p.verified() != null) {
            p.verified().checkUnchanged();
            reader = p.verified();
        } else {
            reader = ArchiveReader.open(p.archive(), ProgressListener.none(), cancellation, RestoreOperation::small);
        }
        Set<BackupComponent> before = preBackupComponents(p);
        Path preBackup = null;
        if (!before.isEmpty()) {
            BackupOperation.Result pre = ex.step("pre-backup", () -> {
                BackupOperation.Result r = new BackupOperation(client, context, server, namespace,
                        options.timeout(), request.backupsDir(), before, cipher).runWithin(cancellation);
                ex.detail(r.archive().file().getFileName() + " (" + String.join(", ",
                        BackupComponent.ids(r.components())) + ")");
                return r;
            });
            preBackup = pre.archive().file();
            steps.add("Pre-restore backup " + preBackup.getFileName() + " written (" + String.join(", ",
                    BackupComponent.ids(pre.components())) + ")");
        }
        if (p.components().contains(BackupComponent.TSDB)) {
            steps.add("The TSDB is not in the pre-restore backup: the restore only adds blocks and removes none of"
                    + " the replica's data.");
        }

        int[] counts = new int[3];
        // Objects and silences are small: one pass over the archive collects them all.
        Map<String, byte[]> objects = new LinkedHashMap<>();
        byte[][] silencesArchived = new byte[1][];
        Set<BackupComponent> small = EnumSet.copyOf(p.components());
        small.remove(BackupComponent.TSDB);
        boolean secrets = p.components().contains(BackupComponent.SECRETS);
        if (!small.isEmpty()) {
            cancellation.check();
            reader.read(name -> wanted(name, small), secrets ? cipher : null, ProgressListener.none(), cancellation,
                    (entry, in) -> {
                        if (entry.name().equals(Silences.ENTRY)) {
                            silencesArchived[0] = ArchiveReader.readWhole(entry, in, Silences.MAX_CHARS);
                        } else if (StackObjects.parseEntry(entry.name()).isPresent()) {
                            objects.put(entry.name(), ArchiveReader.readWhole(entry, in, BoundedYaml.MAX_CHARS));
                        }
                    });
        }
        if (p.components().contains(BackupComponent.CONFIGS) || secrets) {
            ex.step("objects", () -> {
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
                ex.detail(counts[0] + " created, " + counts[1] + " replaced, " + counts[2] + " unchanged");
            });
            steps.add("Objects: " + counts[0] + " created, " + counts[1] + " replaced, " + counts[2] + " unchanged");
        }

        int silencesCreated = 0;
        if (p.components().contains(BackupComponent.SILENCES)) {
            silencesCreated = ex.step("silences", () -> {
                byte[] archived = silencesArchived[0];
                if (archived == null) {
                    throw new BackupException("The archive lists silences but holds no " + Silences.ENTRY + ".");
                }
                Silences silences = new Silences(client, namespace, options.timeout());
                int created = silences.create(silences.plan(archived, clock.instant()));
                ex.detail(created + " re-created");
                return created;
            });
            steps.add("Silences: " + silencesCreated + " re-created");
        }

        int blocksWritten = 0;
        long series = -1;
        if (p.replica() != null) {
            List<RestorePlan.PlannedBlock> toWrite = p.blocksToWrite();
            Pod pod = ex.step("tsdb-write", () -> {
                Pod target = replicaPod(p.replica());
                String container = StackPods.container(target, StackComponent.PROMETHEUS);
                if (!toWrite.isEmpty()) {
                    extractBlocks(reader, target.getMetadata().getName(), container, toWrite, ex, cancellation);
                }
                ex.detail(toWrite.size() + " written, " + (p.blocks().size() - toWrite.size()) + " already there");
                return target;
            });
            blocksWritten = toWrite.size();
            steps.add("TSDB: " + blocksWritten + " blocks written into " + p.replica() + ", "
                    + (p.blocks().size() - blocksWritten) + " already there");
            ex.step("tsdb-restart", () -> restartAndWait(pod, cancellation));
            steps.add(p.replica() + " restarted and ready");
            series = ex.step("tsdb-query", () -> {
                long n = checkQueryable(p.replica(), p.blocks());
                ex.detail(n + " 'up' series answer");
                return n;
            });
            steps.add("Query over the restored range answers with " + series + " 'up' series");
        }
        return new RestoreResult(preBackup, counts[0], counts[1], counts[2], blocksWritten, series,
                silencesCreated, steps);
    }

    private void extractBlocks(ArchiveReader reader, String pod, String container,
            List<RestorePlan.PlannedBlock> toWrite, Execution ex, Cancellation cancellation) {
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
            reader.read(name -> wanted.contains(blockOf(name)), null, ProgressListener.none(), cancellation,
                    (entry, in) -> {
                String block = blockOf(entry.name());
                if (!block.equals(current[0])) {
                    flushMeta(extract, current[0], meta, cancellation);
                    current[0] = block;
                    started.add(block);
                }
                if (isBlockMeta(entry.name())) {
                    // written after the block's other files: Prometheus skips a block without meta.json
                    meta[0] = ArchiveReader.readWhole(entry, in, MAX_META);
                } else {
                    extract.add(entry.name().substring(TsdbTransfer.PREFIX.length()), entry.size(), in,
                            cancellation);
                }
                done[0] += entry.size();
                ex.bytes(done[0], total);
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
                PodCalls.Response r = new PodCalls(client, namespace, options.timeout()).get(pod,
                        StackComponent.PROMETHEUS.port(), path);
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
        List<Pod> pods = StackPods.of(client, namespace, StackComponent.PROMETHEUS);
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
