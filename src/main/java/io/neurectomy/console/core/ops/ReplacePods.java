package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guide's "force rescheduling": deletes stack pods that are stuck (hung, not ready, on a failed node) one after
 * the other and waits, for each, until its controller has created a replacement (a new UID) that is ready. One step
 * per pod, {@code replace-POD}; confirmed with a yes. A pod that is not one of the stack's is refused in the plan.
 */
public final class ReplacePods extends PlannedOperation<List<String>> {
    /** The operation's name in plans and JSON. */
    public static final String NAME = "replace-pods";
    private static final Logger LOG = LoggerFactory.getLogger(ReplacePods.class);

    private final ClusterSession session;
    private final List<String> pods;
    private final Duration timeout;
    private final Duration poll;
    private boolean force;

    /**
     * @param pods    the pods to replace, in the session's namespace ({@code prometheus-1})
     * @param timeout how long each replacement may take to be ready
     * @param poll    how often to look meanwhile
     */
    public ReplacePods(ClusterSession session, List<String> pods, Duration timeout, Duration poll) {
        this.session = Objects.requireNonNull(session, "session");
        this.pods = List.copyOf(pods);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.poll = Objects.requireNonNull(poll, "poll");
        if (this.pods.isEmpty()) {
            throw new IllegalArgumentException("no pod to replace");
        }
    }

    /**
     * Deletes at once, without a grace period ({@code kubectl delete --grace-period=0 --force}): for pods on a node
     * that is down, whose kubelet can never confirm a graceful delete, so that the pod would stay Terminating and its
     * StatefulSet would not create it again. Only for a node known to be down (cordoned, its processes gone): a pod
     * that in fact still runs would run twice for a while. Returns this operation.
     */
    public ReplacePods forced() {
        this.force = true;
        return this;
    }

    /** The step that replaces {@code pod}. */
    public static String stepId(String pod) {
        return "replace-" + pod;
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        List<Step> steps = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (String pod : pods) {
            StackComponent component = component(pod);
            steps.add(new Step(stepId(pod), "Delete " + pod + " and wait until " + component.workloadKind().kind()
                    + " " + owner(pod, component) + " has replaced it with a ready pod"));
            changes.add(new Change(Change.Action.DELETE, "pod " + session.namespace() + "/" + pod,
                    "re-created by " + component.workloadKind().kind() + " " + owner(pod, component)));
        }
        String title = "Replace " + String.join(", ", pods) + " in " + session.namespace();
        Plan plan = Plan.of(NAME, title, steps).withChanges(changes).withConfirmation(Confirmation.yes(title + "?"));
        return force ? plan.withNotes(List.of("Deleted without a grace period (their node is down): nothing waits"
                + " for the old processes to stop.")) : plan;
    }

    /**
     * The workload that re-creates {@code pod}: a StatefulSet's is in the pod's name ({@code prometheus-v2-55-1-0}
     * belongs to the blue-green side {@code prometheus-v2-55-1}); a Deployment's is the one serving the component.
     */
    private String owner(String pod, StackComponent component) {
        return component.stateful() ? pod.replaceFirst("-\\d+$", "")
                : new ComponentWorkload(session, component).name();
    }

    private StackComponent component(String pod) {
        return StackComponent.ofPod(pod).orElseThrow(() -> new ConsoleException(pod + " is not a pod of the"
                + " monitoring stack (Prometheus, Alertmanager or Grafana); nothing was changed."));
    }

    @Override
    protected List<String> execute(Execution ex) {
        List<String> replaced = new ArrayList<>();
        for (String pod : pods) {
            replaced.add(ex.step(stepId(pod), () -> replace(ex, pod)));
        }
        return replaced;
    }

    private String replace(Execution ex, String pod) {
        StackComponent component = component(pod);
        String before = uid(pod);
        Set<String> existing = new HashSet<>();
        if (!component.stateful()) {
            new ComponentWorkload(session, component).pods().forEach(p -> existing.add(p.getMetadata().getUid()));
            existing.add(before);
        }
        if (force) {
            forceDelete(pod);
        } else {
            DeletePod delete = new DeletePod(session, session.namespace(), pod, owner(pod, component));
            OperationResult<Void> deleted = delete.run(delete.plan(ex.cancellation()), e -> { }, ex.cancellation());
            if (!deleted.succeeded()) {
                throw new ConsoleException(deleted.error().isBlank() ? "The delete of " + pod + " did not complete."
                        : deleted.error());
            }
        }
        if (!component.stateful()) {
            return awaitNewPod(ex, component, pod, existing);
        }
        String[] now = {""};
        new ComponentWorkload(session, component).await(ex, timeout, poll, "a ready replacement of " + pod, () -> {
            Pod p = read(pod);
            now[0] = p == null ? "" : p.getMetadata().getUid();
            return p != null && !now[0].equals(before) && p.getMetadata().getDeletionTimestamp() == null
                    && StatefulSetPods.ready(p);
        }, () -> now[0].isEmpty() || now[0].equals(before) ? pod + " not re-created yet"
                : pod + " re-created, not ready yet", "Look at the pod's events and log (Pending? crash-looping?).");
        ex.detail(pod + " replaced and ready (uid " + shortUid(before) + " → " + shortUid(now[0]) + ")");
        return pod;
    }

    /**
     * A Deployment's replacement has a new name: waits until the workload has a ready pod that is none of the pods
     * it had when {@code pod} was deleted ({@code known}, by UID).
     */
    private String awaitNewPod(Execution ex, StackComponent component, String pod, Set<String> known) {
        ComponentWorkload workload = new ComponentWorkload(session, component);
        String[] found = {""};
        workload.await(ex, timeout, poll, "a ready replacement of " + pod, () -> {
            for (Pod p : workload.pods()) {
                if (!known.contains(p.getMetadata().getUid()) && !p.getMetadata().getName().equals(pod)
                        && StatefulSetPods.ready(p)) {
                    found[0] = p.getMetadata().getName();
                    return true;
                }
            }
            return false;
        }, () -> pod + " deleted; no new ready pod of " + workload.ref() + " yet", "Look at the Deployment's"
                + " events and its new pod (Pending? crash-looping?).");
        ex.detail(pod + " replaced by " + found[0] + ", ready");
        return pod;
    }

    private void forceDelete(String pod) {
        ApiErrors.requireOpen(session, "delete pod " + pod);
        try {
            session.client().pods().inNamespace(session.namespace()).withName(pod).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "delete pod " + pod + " in " + session.namespace(),
                    "Your account may not delete pods in " + session.namespace() + " (RBAC). Ask for a Role that"
                            + " allows 'delete' on pods.", "Pod " + pod + " no longer exists in "
                            + session.namespace() + ".");
        }
        LOG.info("Deleted pod {}/{} without a grace period (context {})", session.namespace(), pod,
                session.context());
    }

    private String uid(String pod) {
        Pod p = read(pod);
        return p == null ? "" : p.getMetadata().getUid();
    }

    private Pod read(String pod) {
        ApiErrors.requireOpen(session, "read pod " + pod);
        try {
            return session.client().pods().inNamespace(session.namespace()).withName(pod).get();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "read pod " + pod + " in " + session.namespace(),
                    "Your account may not read pods in " + session.namespace() + " (RBAC).",
                    "Pod " + pod + " does not exist in " + session.namespace() + ".");
        }
    }

    private static String shortUid(String uid) {
        return uid == null || uid.isEmpty() ? "none" : uid.length() <= 8 ? uid : uid.substring(0, 8);
    }
}
