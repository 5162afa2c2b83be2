package io.neurectomy.console.core.ops.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code deploy-monitoring.sh destroy} as an operation. The plan lists the stack objects of the namespace
 * and asks for the namespace's name typed in full. The run exports every object to a local file first
 * ({@code export}; Secret values sealed with a passphrase, or left out when the user says so), then deletes in
 * reverse dependency order — the workloads ({@code delete-workloads}), waiting for their pods to go
 * ({@code wait-pods}), then the rest ({@code delete}) — and waits until everything is gone ({@code wait}). The
 * namespace itself stays (empty). Cancellation is checked between two deletions.
 */
public final class StackDestroyer extends PlannedOperation<StackDestroyer.DestroyResult> {
    /** Step ids, in order. */
    public static final String EXPORT = "export";
    public static final String DELETE_WORKLOADS = "delete-workloads";
    public static final String WAIT_PODS = "wait-pods";
    public static final String DELETE = "delete";
    public static final String WAIT = "wait";

    private static final Logger LOG = LoggerFactory.getLogger(StackDestroyer.class);
    private static final Set<String> WORKLOADS = Set.of("Ingress", "Deployment", "StatefulSet");
    private static final Duration POLL = Duration.ofMillis(300);

    private final ClusterSession session;
    private final String namespace;
    private final ExportOptions export;
    private final Duration timeout;

    /**
     * @param namespace the namespace whose stack objects go
     * @param export    where the export goes and what to do with Secret values (null when only planning)
     * @param timeout   how long each wait step waits
     */
    public StackDestroyer(ClusterSession session, String namespace, ExportOptions export, Duration timeout) {
        this.session = Objects.requireNonNull(session, "session");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.export = export;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Where the export goes and what to do with Secret values.
     *
     * @param file                 the export file; must not exist yet
     * @param passphrase           asked only when Secret values are exported: the passphrase sealing them, or null
     *                             (or empty) when there is none; the array is wiped after the export
     * @param leaveOutSecretValues the user's explicit choice to export Secrets without their values
     */
    public record ExportOptions(Path file, Supplier<char[]> passphrase, boolean leaveOutSecretValues) {
        public ExportOptions {
            passphrase = passphrase == null ? () -> null : passphrase;
        }
    }

    /**
     * What destroy did.
     *
     * @param export       the export file
     * @param secretValues how Secret values were exported
     * @param deleted      the objects deleted, in order ({@code Kind/name})
     */
    public record DestroyResult(Path export, StackExport.SecretValues secretValues, List<String> deleted) {
        public DestroyResult {
            deleted = List.copyOf(deleted);
        }

        /** The result as text (the CLI prints it). */
        public String describe() {
            return "Exported to " + export + " (Secret values: " + secretValues.name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ') + ").\nDeleted " + deleted.size() + " objects"
                    + (deleted.isEmpty() ? "" : ": " + String.join(", ", deleted)) + ".\n";
        }
    }

    /**
     * Lists what destroy would delete (reads only). Refuses at once an export file that exists already, before
     * anyone confirms.
     */
    @Override
    protected Plan makePlan(Cancellation cancellation) {
        if (export != null && export.file() != null && Files.exists(export.file())) {
            throw new DeployException("The export file " + export.file() + " exists already; choose another name"
                    + " (nothing is overwritten). Nothing was deleted.", null);
        }
        List<HasMetadata> objects = deletionOrder(NamespaceObjects.list(session, namespace, cancellation));
        long secrets = objects.stream().filter(o -> o instanceof Secret).count();
        long claims = objects.stream().filter(o -> "PersistentVolumeClaim".equals(o.getKind())).count();
        List<String> notes = new ArrayList<>();
        if (objects.isEmpty()) {
            notes.add("Nothing to delete: the namespace holds no stack objects.");
        } else {
            notes.add(objects.size() + " objects. Every object is exported to a local file first" + (secrets > 0
                    ? "; the " + secrets + " Secrets' values are encrypted with your passphrase (or left out if you"
                    + " choose so)" : "") + ".");
        }
        if (claims > 0) {
            notes.add("WARNING: " + claims + " PersistentVolumeClaims are deleted: the Prometheus data and"
                    + " Alertmanager silences on them are lost (the export keeps only their definitions).");
        }
        notes.add("The namespace " + namespace + " itself stays.");
        List<Step> steps = List.of(
                new Step(EXPORT, "Export every object to " + (export == null || export.file() == null
                        ? "a local file" : export.file())),
                new Step(DELETE_WORKLOADS, "Delete the Ingresses, Deployments and StatefulSets"),
                new Step(WAIT_PODS, "Wait for their pods to stop"),
                new Step(DELETE, "Delete the other objects"),
                new Step(WAIT, "Wait until every object is gone"));
        return Plan.of("destroy", "Destroy the stack in namespace " + namespace + " on context " + session.context()
                        + " (" + objects.size() + " objects)", steps)
                .withChanges(objects.stream().map(o -> new Change(Change.Action.DELETE, ref(o), "")).toList())
                .withConfirmation(objects.isEmpty() ? Confirmation.none() : Confirmation.typed(namespace,
                        "Destroy the stack in namespace " + namespace + "?"))
                .withNotes(notes);
    }

    /**
     * Exports and deletes (see the class comment). Lists the namespace again, so the export holds what is there
     * now. The export step fails, before anything is deleted, when Secrets would be exported without a passphrase
     * or the export cannot be written; a failed deletion says what was and was not deleted.
     */
    @Override
    protected DestroyResult execute(Execution ex) {
        if (ex.plan().changes().isEmpty()) {
            for (Step s : ex.plan().steps()) {
                ex.skip(s.id(), "nothing to delete");
            }
            return null;
        }
        List<HasMetadata> objects = new ArrayList<>();
        StackExport.SecretValues mode = ex.step(EXPORT, () -> {
            // Listed again: the export holds what is there now, and deletion deletes just that.
            objects.addAll(deletionOrder(NamespaceObjects.list(session, namespace, ex.cancellation())));
            return export(objects, ex);
        });
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
        return new DestroyResult(export.file(), mode, deleted);
    }

    private StackExport.SecretValues export(List<HasMetadata> objects, Execution ex) {
        if (export == null || export.file() == null) {
            throw new DeployException("Choose a file for the export: destroy writes every object to it before"
                    + " deleting anything.", null);
        }
        if (Files.exists(export.file())) {
            throw new DeployException("The export file " + export.file() + " exists already; choose another name"
                    + " (nothing is overwritten). Nothing was deleted.", null);
        }
        boolean hasSecrets = objects.stream().anyMatch(o -> o instanceof Secret);
        char[] passphrase = hasSecrets && !export.leaveOutSecretValues() ? export.passphrase().get() : null;
        try {
            if (hasSecrets && !export.leaveOutSecretValues() && (passphrase == null || passphrase.length == 0)) {
                throw new DeployException("Namespace " + namespace + " has Secrets: give a passphrase to encrypt"
                        + " their values in the export, or choose explicitly to leave the values out. Nothing was"
                        + " deleted.", null);
            }
            StackExport.SecretValues mode = StackExport.write(export.file(), namespace, session.context(), objects,
                    passphrase);
            LOG.info("Exported {} objects of namespace {} to {} (Secret values {})", objects.size(), namespace,
                    export.file(), mode);
            ex.detail(objects.size() + " objects to " + export.file() + ", Secret values "
                    + mode.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            return mode;
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
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
