package io.neurectomy.console.core.ops.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.ops.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code deploy-monitoring.sh destroy}: after a typed confirmation of the namespace name, exports every
 * stack object of the namespace to a local file (Secret values sealed with a passphrase, or left out when the user
 * says so), then deletes the objects in reverse dependency order — workloads first, waiting for their pods to go,
 * then the rest — and waits until everything is gone. The namespace itself stays (empty).
 */
public final class StackDestroyer {
    private static final Logger LOG = LoggerFactory.getLogger(StackDestroyer.class);
    private static final Set<String> WORKLOADS = Set.of("Ingress", "Deployment", "StatefulSet");
    private static final Duration POLL = Duration.ofMillis(300);

    private final ClusterSession session;

    public StackDestroyer(ClusterSession session) {
        this.session = session;
    }

    /** What destroy would delete, in order. */
    public record DestroyPlan(String namespace, String context, List<String> objects, int secrets,
            int volumeClaims) {
        public DestroyPlan {
            objects = List.copyOf(objects);
        }

        /** The plan as text (the CLI prints it). */
        public String describe() {
            StringBuilder out = new StringBuilder("Destroy plan for namespace " + namespace + " on context " + context
                    + ":\n");
            if (objects.isEmpty()) {
                out.append("  nothing to delete: the namespace holds no stack objects.\n");
            }
            objects.forEach(o -> out.append("  delete    ").append(o).append('\n'));
            out.append(objects.size()).append(" objects. Every object is exported to a local file first");
            out.append(secrets > 0 ? "; the " + secrets + " Secrets' values are encrypted with your passphrase"
                    + " (or left out if you choose so)" : "").append(".\n");
            if (volumeClaims > 0) {
                out.append("WARNING: ").append(volumeClaims).append(" PersistentVolumeClaims are deleted: the"
                        + " Prometheus data and Alertmanager silences on them are lost (the export keeps only"
                        + " their definitions).\n");
            }
            out.append("The namespace ").append(namespace).append(" itself stays.\n");
            return out.toString();
        }
    }

    /**
     * Where the export goes and what to do with Secret values.
     *
     * @param file                 the export file; must not exist yet
     * @param passphrase           the passphrase sealing Secret values, or null
     * @param leaveOutSecretValues the user's explicit choice to export Secrets without their values
     */
    public record ExportOptions(Path file, char[] passphrase, boolean leaveOutSecretValues) {
    }

    /**
     * What destroy did.
     *
     * @param export       the export file
     * @param secretValues how Secret values were exported
     * @param deleted      the objects deleted, in order ({@code Kind/name})
     * @param cancelled    whether the user stopped it between two deletions (then not everything was deleted)
     */
    public record DestroyResult(Path export, StackExport.SecretValues secretValues, List<String> deleted,
            boolean cancelled) {
        /** The result as text (the CLI prints it). */
        public String describe() {
            return "Exported to " + export + " (Secret values: " + secretValues.name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ') + ").\n" + (cancelled ? "Cancelled after deleting " : "Deleted ")
                    + deleted.size() + " objects" + (deleted.isEmpty() ? "" : ": " + String.join(", ", deleted))
                    + ".\n";
        }
    }

    /** Lists what destroy would delete. Reads only. */
    public DestroyPlan plan(String namespace, Cancellation cancellation) {
        List<HasMetadata> objects = deletionOrder(NamespaceObjects.list(session, namespace, cancellation));
        return new DestroyPlan(namespace, session.context(), objects.stream().map(StackDestroyer::ref).toList(),
                (int) objects.stream().filter(o -> o instanceof Secret).count(),
                (int) objects.stream().filter(o -> "PersistentVolumeClaim".equals(o.getKind())).count());
    }

    /** Throws unless {@code typed} is the namespace's name exactly: the check behind every destroy. */
    public static void confirm(String namespace, String typed) {
        if (typed == null || !typed.strip().equals(namespace)) {
            throw new DeployException("Destroy not confirmed: type the namespace name '" + namespace + "' exactly"
                    + " to confirm. Nothing was exported or deleted.", null);
        }
    }

    /**
     * Confirms, exports and deletes (see the class comment). Lists the namespace again, so the export holds what is
     * there now. Throws a {@link DeployException} before deleting anything when the confirmation is wrong, Secrets
     * would be exported without a passphrase or the export cannot be written; during deletion, one listing what was
     * and was not deleted.
     */
    public DestroyResult destroy(String namespace, String typedConfirmation, ExportOptions export, Duration timeout,
            Progress progress, Cancellation cancellation) {
        confirm(namespace, typedConfirmation);
        if (export == null || export.file() == null) {
            throw new DeployException("Choose a file for the export: destroy writes every object to it before"
                    + " deleting anything.", null);
        }
        if (Files.exists(export.file())) {
            throw new DeployException("The export file " + export.file() + " exists already; choose another name"
                    + " (nothing is overwritten). Nothing was deleted.", null);
        }
        List<HasMetadata> objects = deletionOrder(NamespaceObjects.list(session, namespace, cancellation));
        boolean hasSecrets = objects.stream().anyMatch(o -> o instanceof Secret);
        char[] passphrase = export.passphrase() == null || export.passphrase().length == 0 ? null
                : export.passphrase();
        if (hasSecrets && passphrase == null && !export.leaveOutSecretValues()) {
            throw new DeployException("Namespace " + namespace + " has Secrets: give a passphrase to encrypt their"
                    + " values in the export, or choose explicitly to leave the values out. Nothing was deleted.",
                    null);
        }
        int total = objects.size() + 2;
        cancellation.check();
        progress.step(0, total, "Exporting " + objects.size() + " objects to " + export.file());
        StackExport.SecretValues mode = StackExport.write(export.file(), namespace, session.context(), objects,
                export.leaveOutSecretValues() ? null : passphrase);
        LOG.info("Exported {} objects of namespace {} to {} (Secret values {})", objects.size(), namespace,
                export.file(), mode);
        progress.step(1, total, "Exported to " + export.file());

        List<String> deleted = new ArrayList<>();
        List<HasMetadata> workloads = objects.stream().filter(o -> WORKLOADS.contains(o.getKind())).toList();
        List<HasMetadata> rest = objects.stream().filter(o -> !WORKLOADS.contains(o.getKind())).toList();
        int step = 1;
        for (List<HasMetadata> phase : List.of(workloads, rest)) {
            for (HasMetadata o : phase) {
                if (cancellation.isCancelled()) {
                    LOG.info("Destroy of {} cancelled after deleting {} objects", namespace, deleted.size());
                    return new DestroyResult(export.file(), mode, deleted, true);
                }
                progress.step(step, total, "Deleting " + ref(o));
                try {
                    session.client().resource(o).delete();
                } catch (RuntimeException e) {
                    List<String> notDone = objects.stream().map(StackDestroyer::ref).filter(r -> !deleted.contains(r))
                            .toList();
                    throw ApiFailures.map(session, e, "delete", ApiFailures.plural(o.getKind()) + "/"
                            + o.getMetadata().getName(), o.getMetadata().getNamespace(), deleted, notDone);
                }
                deleted.add(ref(o));
                LOG.info("Deleted {} in {} (context {})", ref(o), namespace, session.context());
                step++;
            }
            if (phase == workloads) {
                progress.step(step, total, "Waiting for the pods to stop");
                deleteDependents(namespace, workloads, deleted, objects);
                waitUntil(namespace, timeout, cancellation, () -> pods(namespace).isEmpty(),
                        () -> "pods still running: " + String.join(", ", pods(namespace)));
            }
        }
        progress.step(step, total, "Waiting until every object is gone");
        waitUntil(namespace, timeout, cancellation, () -> remaining(objects).isEmpty(), () -> "still present: "
                + String.join(", ", remaining(objects)));
        progress.step(total, total, "Deleted " + deleted.size() + " objects");
        return new DestroyResult(export.file(), mode, deleted, false);
    }

    /**
     * Deletes the ReplicaSets and pods of the deleted workloads. The garbage collector of a real cluster does the
     * same (a 404 here means it was faster); clusters without one (the sandbox) would otherwise keep them running.
     */
    private void deleteDependents(String namespace, List<HasMetadata> workloads, List<String> deleted,
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

    private List<String> pods(String namespace) {
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

    private void waitUntil(String namespace, Duration timeout, Cancellation cancellation, BooleanSupplier done,
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
        out.sort(Comparator.comparingInt(StackDestroyer::deletionRank));
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
