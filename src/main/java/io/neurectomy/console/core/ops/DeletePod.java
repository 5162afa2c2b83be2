package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes one pod; its controller creates a replacement. One step, {@value #STEP_DELETE}; confirmed with a yes. A
 * failure says what went wrong (forbidden, already gone, connection lost).
 */
public final class DeletePod implements Operation<Void> {
    /** The operation's name in plans and JSON. */
    public static final String NAME = "delete-pod";
    /** The one step: delete the pod. */
    public static final String STEP_DELETE = "delete";
    private static final Logger LOG = LoggerFactory.getLogger(DeletePod.class);

    private final ClusterSession session;
    private final String namespace;
    private final String name;
    private final String controller;

    /**
     * @param namespace  the pod's namespace; empty for the session's
     * @param name       the pod's name
     * @param controller the workload that replaces it (for the plan's note), or empty when nothing does
     */
    public DeletePod(ClusterSession session, String namespace, String name, String controller) {
        this.session = session;
        this.namespace = namespace == null || namespace.isEmpty() ? session.namespace() : namespace;
        this.name = name;
        this.controller = controller == null ? "" : controller;
    }

    /**
     * A delete of pod {@code name} whose plan names the controller that replaces it, read from the pod's owner
     * (the command line's way in; the window knows the owner from its snapshot). A pod that does not exist is
     * refused with a message saying so.
     */
    public static DeletePod lookingUpOwner(ClusterSession session, String namespace, String name) {
        String ns = namespace == null || namespace.isEmpty() ? session.namespace() : namespace;
        ApiErrors.requireOpen(session, "read pod " + name);
        Pod pod;
        try {
            pod = session.client().pods().inNamespace(ns).withName(name).get();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "read pod " + name + " in namespace " + ns,
                    "Your account may not read pods in " + ns + " (RBAC).", "Pod " + name + " does not exist in "
                            + ns + ".");
        }
        if (pod == null) {
            throw new ConsoleException("Pod " + name + " does not exist in namespace " + ns + ". List the pods"
                    + " with kubectl get pods -n " + ns + ", or look at the console's overview.");
        }
        String owner = pod.getMetadata().getOwnerReferences() == null ? "" : pod.getMetadata().getOwnerReferences()
                .stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst()
                .map(r -> r.getKind() + " " + r.getName()).orElse("");
        return new DeletePod(session, ns, name, owner);
    }

    /** {@code namespace/name}. */
    private String key() {
        return namespace + "/" + name;
    }

    @Override
    public Plan plan(Cancellation cancellation) {
        String note = controller.isEmpty() ? "This pod has no controller: nothing will replace it."
                : controller + " will create a replacement; until it is ready, " + controller
                + " runs with one replica less.";
        return Plan.of(NAME, "Delete pod " + key(), List.of(new Step(STEP_DELETE, "Delete pod " + key())))
                .withChanges(List.of(new Change(Change.Action.DELETE, "pod " + key(), "")))
                .withConfirmation(Confirmation.yes("Delete pod " + key() + "?"))
                .withNotes(List.of(note));
    }

    @Override
    public OperationResult<Void> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
        return Execution.run(plan, listener, cancellation, ex -> {
            ex.step(STEP_DELETE, this::delete);
            return null;
        });
    }

    private void delete() {
        ApiErrors.requireOpen(session, "delete pod " + name);
        List<StatusDetails> deleted;
        try {
            deleted = session.client().pods().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "delete pod " + name + " in namespace " + namespace,
                    "Your account may not delete pods in " + namespace + " (RBAC). Ask for a Role that allows"
                            + " 'delete' on pods in " + namespace + ", or ask someone who has it.",
                    gone());
        } catch (IllegalStateException e) {
            throw ApiErrors.closed(session, "delete pod " + name, e);
        }
        if (deleted == null || deleted.isEmpty()) {
            throw new ConsoleException(gone());
        }
        LOG.info("Deleted pod {}/{} (context {})", namespace, name, session.context());
    }

    private String gone() {
        return "Pod " + name + " no longer exists in namespace " + namespace + ": it was deleted or replaced"
                + " meanwhile. The view shows its replacement once the controller has created it.";
    }
}
