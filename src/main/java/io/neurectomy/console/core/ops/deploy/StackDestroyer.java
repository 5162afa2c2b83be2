package io.neurectomy.console.core.ops.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.operations.BackupOperation;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code deploy-monitoring.sh destroy} as an operation. The plan lists the stack objects of the namespace
 * and asks for the namespace's name typed in full. The run first takes a full backup archive ({@code backup}: the
 * existing {@link BackupOperation} with configs, Secrets sealed with a passphrase, the Prometheus TSDB and the
 * Alertmanager silences; the archive {@code restore} reads), unless the user chose explicitly to go without one. A
 * failed backup stops the destroy before anything is deleted. Then it deletes in reverse dependency order — the
 * workloads ({@code delete-workloads}), waiting for their pods to go ({@code wait-pods}), then the rest
 * ({@code delete}) — and waits until everything is gone ({@code wait}). The namespace itself stays (empty).
 * Cancellation is checked between two deletions.
 */
public final class StackDestroyer extends PlannedOperation<StackDestroyer.DestroyResult> {
    /** Step ids, in order. */
    public static final String BACKUP = "backup";
    public static final String DELETE_WORKLOADS = "delete-workloads";
    public static final String WAIT_PODS = "wait-pods";
    public static final String DELETE = "delete";
    public static final String WAIT = "wait";

    private static final Logger LOG = LoggerFactory.getLogger(StackDestroyer.class);
    private static final Set<String> WORKLOADS = Set.of("Ingress", "Deployment", "StatefulSet");
    private static final Duration POLL = Duration.ofMillis(300);
    private static final Duration BACKUP_TIMEOUT = Duration.ofSeconds(60);

    private final ClusterSession session;
    private final String namespace;
    private final BackupOptions backup;
    private final Duration timeout;

    /**
     * @param namespace the namespace whose stack objects go
     * @param backup    where the backup goes and what to do with Secret values, or {@link BackupOptions#none()}
     *                  for a destroy without a backup (null when only planning: the plan then says a backup is
     *                  taken)
     * @param timeout   how long each wait step waits
     */
    public StackDestroyer(ClusterSession session, String namespace, BackupOptions backup, Duration timeout) {
        this.session = Objects.requireNonNull(session, "session");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.backup = backup;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Where the backup archive goes and what to do with Secret values.
     *
     * @param dir                  the backups directory the archive ({@code full_YYYYMMDDhhmmss.tar.gz}) is written
     *                             into; null for a destroy without a backup
     * @param passphrase           asked only when the namespace has Secrets and their values are kept: the
     *                             passphrase sealing them, or null (or empty) when there is none; the array is wiped
     *                             after use
     * @param leaveOutSecretValues the user's explicit choice to back up without the Secrets
     */
    public record BackupOptions(Path dir, Supplier<char[]> passphrase, boolean leaveOutSecretValues) {
        public BackupOptions {
            passphrase = passphrase == null ? () -> null : passphrase;
        }

        /** The user's explicit choice: no backup ({@code --no-backup}, the window's box unticked). */
        public static BackupOptions none() {
            return new BackupOptions(null, null, false);
        }

        /** Whether a backup is taken. */
        public boolean enabled() {
            return dir != null;
        }
    }

    /**
     * What destroy did.
     *
     * @param archive    the backup archive written before anything was deleted; null without a backup
     * @param components what the archive holds ({@code configs, secrets, tsdb, silences})
     * @param notes      what the backup left out and why
     * @param deleted    the objects deleted, in order ({@code Kind/name})
     */
    public record DestroyResult(Path archive, List<String> components, List<String> notes, List<String> deleted) {
        public DestroyResult {
            components = List.copyOf(components);
            notes = List.copyOf(notes);
            deleted = List.copyOf(deleted);
        }

        /** The result as text (the CLI prints it). */
        public String describe() {
            StringBuilder b = new StringBuilder();
            if (archive != null) {
                b.append("Backup: ").append(archive).append(" (").append(String.join(", ", components))
                        .append(").\n");
                notes.forEach(n -> b.append(n).append('\n'));
            } else {
                b.append("No backup was taken.\n");
            }
            b.append("Deleted ").append(deleted.size()).append(" objects").append(deleted.isEmpty() ? ""
                    : ": " + String.join(", ", deleted)).append(".\n");
            if (archive != null) {
                b.append("To bring the stack back: deploy it, then restore ").append(archive)
                        .append(" (monitoring-console deploy ENV, then monitoring-console restore ").append(archive)
                        .append(" --passphrase-file FILE).\n");
            }
            return b.toString();
        }
    }

    /** Lists what destroy would delete (reads only). */
    @Override
    protected Plan makePlan(Cancellation cancellation) {
        List<HasMetadata> objects = deletionOrder(NamespaceObjects.list(session, namespace, cancellation));
        long secrets = objects.stream().filter(o -> o instanceof Secret).count();
        long claims = objects.stream().filter(o -> "PersistentVolumeClaim".equals(o.getKind())).count();
        boolean backupFirst = backup == null || backup.enabled();
        String where = backup == null || backup.dir() == null ? "the backups directory" : backup.dir().toString();
        List<String> notes = new ArrayList<>();
        if (objects.isEmpty()) {
            notes.add("Nothing to delete: the namespace holds no stack objects.");
        } else if (backupFirst) {
            notes.add(objects.size() + " objects. A full backup archive (configs, Secrets, Prometheus TSDB,"
                    + " Alertmanager silences) is written to " + where + " first; restore brings the stack back"
                    + " from it after a deploy. If the backup fails, nothing is deleted" + (secrets > 0
                    ? ". The " + secrets + " Secrets are sealed with your passphrase (or left out if you choose"
                    + " so)" : "") + ".");
        } else {
            notes.add(objects.size() + " objects. WARNING: no backup is taken: the configs, Secrets, Prometheus"
                    + " data and silences are gone for good.");
        }
        if (claims > 0) {
            notes.add("WARNING: " + claims + " PersistentVolumeClaims are deleted: the Prometheus data and"
                    + " Alertmanager silences on them are lost" + (backupFirst ? " but for what the backup holds"
                    : "") + ".");
        }
        notes.add("The namespace " + namespace + " itself stays.");
        List<Step> steps = new ArrayList<>();
        if (backupFirst) {
            steps.add(new Step(BACKUP, "Back up configs, Secrets, TSDB and silences to " + where));
        }
        steps.add(new Step(DELETE_WORKLOADS, "Delete the Ingresses, Deployments and StatefulSets"));
        steps.add(new Step(WAIT_PODS, "Wait for their pods to stop"));
        steps.add(new Step(DELETE, "Delete the other objects"));
        steps.add(new Step(WAIT, "Wait until every object is gone"));
        return Plan.of("destroy", "Destroy the stack in namespace " + namespace + " on context " + session.context()
                        + " (" + objects.size() + " objects)", steps)
                .withChanges(objects.stream().map(o -> new Change(Change.Action.DELETE, ref(o), "")).toList())
                .withConfirmation(objects.isEmpty() ? Confirmation.none() : Confirmation.typed(namespace,
                        "Destroy the stack in namespace " + namespace + "?"))
                .withBackupFirst(backupFirst && !objects.isEmpty())
                .withNotes(notes);
    }

    /**
     * Backs up and deletes (see the class comment). Lists the namespace again, so deletion deletes what is there
     * now. The backup step fails, before anything is deleted, when Secrets would be backed up without a passphrase
     * or the backup cannot be taken (no ready Prometheus, an unwritable directory, ...); a failed deletion says what
     * was and was not deleted.
     */
    @Override
    protected DestroyResult execute(Execution ex) {
        if (ex.plan().changes().isEmpty()) {
            for (Step s : ex.plan().steps()) {
                ex.skip(s.id(), "nothing to delete");
            }
            return null;
        }
        BackupOperation.Result archive = null;
        if (ex.plan().backupFirst()) {
            archive = ex.step(BACKUP, () -> backup(ex));
        }
        List<HasMetadata> objects = new ArrayList<>(deletionOrder(NamespaceObjects.list(session, namespace,
                ex.cancellation())));
        List<String> deleted = new ArrayList<>();
        List<HasMetadata> workloads = objects.stream().filter(o -> WORKLOADS.contains(o.getKind())).toList();
        List<HasMetadata> rest = objects.stream().filter(o -> !WORKLOADS.contains(o.getKind())).toList();
        ex.step(DELETE_WORKLOADS, () -> delete(workloads, deleted, objects, ex));
        ex.step(WAIT_PODS, () -> {
            deleteDependents(workloads, deleted, objects);
            waitUntil(ex.cancellation(), () -> pods().isEmpty(), () -> "pods still running: "
                    + String.join(", ", pods()));
        });
        ex.step(DELETE, () -> delete(rest, deleted, objects, ex));
        ex.step(WAIT, () -> {
            waitUntil(ex.cancellation(), () -> remaining(objects).isEmpty(), () -> "still present: "
                    + String.join(", ", remaining(objects)));
            ex.detail("deleted " + deleted.size() + " objects");
        });
        return archive == null ? new DestroyResult(null, List.of(), List.of(), deleted)
                : new DestroyResult(archive.archive().file(), BackupComponent.ids(archive.components()),
                        archive.notes(), deleted);
    }

    private BackupOperation.Result backup(Execution ex) {
        if (backup == null || backup.dir() == null) {
            throw new DeployException("Choose a directory for the backup: destroy writes a full backup archive"
                    + " before deleting anything. Nothing was deleted.", null);
        }
        boolean hasSecrets = !NamespaceObjects.list(session, namespace, ex.cancellation()).stream()
                .filter(o -> o instanceof Secret).toList().isEmpty();
        char[] passphrase = hasSecrets && !backup.leaveOutSecretValues() ? backup.passphrase().get() : null;
        try {
            if (hasSecrets && !backup.leaveOutSecretValues() && (passphrase == null || passphrase.length == 0)) {
                throw new DeployException("Namespace " + namespace + " has Secrets: give a passphrase to seal them"
                        + " in the backup, or choose explicitly to leave them out. Nothing was deleted.", null);
            }
            Set<BackupComponent> components = EnumSet.allOf(BackupComponent.class);
            if (!hasSecrets || backup.leaveOutSecretValues()) {
                components.remove(BackupComponent.SECRETS);
            }
            PassphraseCipher cipher = passphrase == null ? null : PassphraseCipher.of(passphrase);
            BackupOperation.Result result;
            try {
                result = new BackupOperation(session.client(), session.context(), session.server(), namespace,
                        BACKUP_TIMEOUT, backup.dir(), components, cipher).runWithin(ex.cancellation(),
                        ex.listener());
            } catch (OperationCancelledException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new DeployException("The backup failed, so nothing was deleted: " + e.getMessage() + " Fix"
                        + " that and destroy again, or destroy without a backup if the data may go.", e);
            }
            List<String> ids = BackupComponent.ids(result.components());
            LOG.info("Backed up {} of namespace {} to {} before destroy", ids, namespace, result.archive().file());
            ex.detail(result.archive().file() + " (" + String.join(", ", ids) + ", " + result.archive().size()
                    + " bytes)");
            return backup.leaveOutSecretValues() && hasSecrets ? new BackupOperation.Result(result.archive(),
                    result.components(), withNote(result.notes(), "The Secrets were left out at your request: they"
                    + " cannot be restored from this archive."), result.tsdbReplica(), result.blocks()) : result;
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    private static List<String> withNote(List<String> notes, String note) {
        List<String> out = new ArrayList<>(notes);
        out.add(note);
        return out;
    }

    /** Deletes {@code phase} in order, checking for a cancel between two deletions. */
    private void delete(List<HasMetadata> phase, List<String> deleted, List<HasMetadata> objects, Execution ex) {
        int count = 0;
        for (HasMetadata o : phase) {
            ex.detail("deleted " + count + " of " + phase.size());
            if (ex.cancellation().isCancelled()) {
                LOG.info("Destroy of {} cancelled after deleting {} objects", namespace, deleted.size());
            }
            ex.cancellation().check();
            try {
                session.client().resource(o).delete();
            } catch (RuntimeException e) {
                List<String> notDone = objects.stream().map(StackDestroyer::ref).filter(r -> !deleted.contains(r))
                        .toList();
                throw ApiFailures.map(session, e, "delete", ApiFailures.plural(o.getKind()) + "/"
                        + o.getMetadata().getName(), o.getMetadata().getNamespace(), deleted, notDone);
            }
            deleted.add(ref(o));
            count++;
            LOG.info("Deleted {} in {} (context {})", ref(o), namespace, session.context());
        }
        ex.detail("deleted " + count + (count == 1 ? " object" : " objects"));
    }

    /**
     * Deletes the ReplicaSets and pods of the deleted workloads. The garbage collector of a real cluster does the
     * same (a 404 here means it was faster); clusters without one (the sandbox) would otherwise keep them running.
     */
    private void deleteDependents(List<HasMetadata> workloads, List<String> deleted,
            List<HasMetadata> objects) {
        Set<String> owners = new HashSet<>();
        workloads.forEach(w -> owners.add(w.getKind() + "/" + w.getMetadata().getName()));
        try {
            for (var rs : session.client().apps().replicaSets().inNamespace(namespace).list().getItems()) {
                if (ownedBy(rs, owners)) {
                    owners.add("ReplicaSet/" + rs.getMetadata().getName());
                    session.client().resource(rs).delete();
                }
            }
            for (Pod pod : session.client().pods().inNamespace(namespace).list().getItems()) {
                if (ownedBy(pod, owners)) {
                    session.client().resource(pod).delete();
                }
            }
        } catch (RuntimeException e) {
            List<String> notDone = objects.stream().map(StackDestroyer::ref).filter(r -> !deleted.contains(r))
                    .toList();
            throw ApiFailures.map(session, e, "delete", "pods", namespace, deleted, notDone);
        }
    }

    private static boolean ownedBy(HasMetadata o, Set<String> owners) {
        return o.getMetadata().getOwnerReferences() != null && o.getMetadata().getOwnerReferences().stream()
                .anyMatch(r -> owners.contains(r.getKind() + "/" + r.getName()));
    }

    private List<String> pods() {
        return session.client().pods().inNamespace(namespace).list().getItems().stream()
                .map(Pod::getMetadata).map(m -> m.getName()).toList();
    }

    private List<String> remaining(List<HasMetadata> objects) {
        List<String> out = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (session.client().resource(o).get() != null) {
                out.add(ref(o));
            }
        }
        return out;
    }

    private void waitUntil(Cancellation cancellation, BooleanSupplier done,
            Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!done.getAsBoolean()) {
                cancellation.check();
                if (System.nanoTime() > deadline) {
                    throw new DeployException("Deleted everything, but after " + timeout.toSeconds() + " s "
                            + what.get() + ". Finalizers or a controller may hold them; check with kubectl get all -n "
                            + namespace + " and run destroy again.", null);
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancellation.check();
        }
    }

    /** Reverse of the apply order; claims right after the workloads whose pods use them. */
    static List<HasMetadata> deletionOrder(List<HasMetadata> objects) {
        List<HasMetadata> out = new ArrayList<>(objects);
        // Kind and name after the rank: the plan and the run list the same objects in the same order, whatever order
        // the API server lists them in.
        out.sort(Comparator.comparingInt(StackDestroyer::deletionRank).thenComparing(HasMetadata::getKind)
                .thenComparing(o -> o.getMetadata().getName()));
        return out;
    }

    private static int deletionRank(HasMetadata o) {
        return switch (o.getKind()) {
            case "Ingress" -> 0;
            case "Deployment" -> 1;
            case "StatefulSet" -> 2;
            case "PersistentVolumeClaim" -> 3;
            default -> 100 - StackDeployer.rank(o.getKind());
        };
    }

    static String ref(HasMetadata o) {
        return o.getKind() + "/" + o.getMetadata().getName();
    }
}
