package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubectl rollout undo} done safely: returns a component to its previous revision (the ControllerRevision
 * before the one its template is now; for Grafana, the Deployment's previous ReplicaSet) with the same rollout as
 * {@link UpgradeOperation}: the StatefulSet held by its partition, the previous template written back, then one
 * replica at a time from the highest ordinal, each passing the health gate; a replica stuck on the version being
 * left (not ready) is deleted so that it comes back. Steps: {@code template}, then {@code replica-NAME} per replica
 * (or {@code rollout} for a Deployment). A failure or cancel stops where it is and says what each replica runs.
 */
public final class RollbackOperation extends PlannedOperation<UpgradeOperation.Result> {
    private static final Logger LOG = LoggerFactory.getLogger(RollbackOperation.class);

    private final ClusterSession session;
    private final StackComponent component;
    private final ReplicaRollout rollout;

    private int replicas;
    private String fromImage;
    private String toImage;
    private ControllerRevision target;
    private PodTemplateSpec targetTemplate;

    /**
     * The rollback of {@code component} in the session's namespace.
     *
     * @param timeout how long each replica may take to run the previous version and be ready, and then the gate
     * @param poll    how often to look meanwhile
     */
    public RollbackOperation(ClusterSession session, StackComponent component, Duration timeout, Duration poll) {
        this.session = Objects.requireNonNull(session, "session");
        this.component = Objects.requireNonNull(component, "component");
        this.rollout = new ReplicaRollout(session, component, timeout, poll);
    }

    private String ref() {
        return rollout.workload().ref();
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        HasMetadata workload = rollout.workload().read();
        replicas = ComponentWorkload.replicas(workload);
        fromImage = rollout.image(ComponentWorkload.template(workload));
        List<String> notes = new ArrayList<>();
        cancellation.check();
        String revisionText;
        if (workload instanceof StatefulSet sts) {
            String update = sts.getStatus() == null ? null : sts.getStatus().getUpdateRevision();
            List<ControllerRevision> history = rollout.revisions(sts);
            target = history.stream().filter(r -> !r.getMetadata().getName().equals(update))
                    .reduce((a, b) -> b).orElseThrow(() -> new ConsoleException(ref() + " has no previous revision"
                            + " to return to (" + history.size() + " recorded): it has not been changed since it"
                            + " was created, or its history was pruned."));
            targetTemplate = ReplicaRollout.template(target);
            revisionText = "revision " + target.getRevision();
        } else {
            targetTemplate = rollout.previousDeploymentTemplate(workload).orElseThrow(() -> new ConsoleException(
                    ref() + " has no previous ReplicaSet to return to: it has not been changed since it was"
                    + " created."));
            revisionText = "the previous ReplicaSet";
        }
        toImage = rollout.image(targetTemplate);
        String from = ReplicaRollout.tag(fromImage);
        String to = ReplicaRollout.tag(toImage);
        if (toImage.equals(fromImage)) {
            notes.add("The previous revision runs the same image (" + to + "); it differs in other fields of the"
                    + " pod template.");
        }
        List<Step> steps = new ArrayList<>();
        if (component.stateful()) {
            steps.add(new Step("template", "Hold every replica (partition " + replicas + ") and restore "
                    + revisionText + " (" + toImage + ")"));
            for (int i = replicas - 1; i >= 0; i--) {
                String pod = rollout.workload().name() + "-" + i;
                steps.add(new Step("replica-" + pod, "Move " + pod + " back to " + to + " and pass the health"
                        + " gate"));
            }
        } else {
            steps.add(new Step("template", "Restore " + revisionText + " of " + ref() + " (" + toImage + ")"));
            steps.add(new Step("rollout", "Wait for the rollout, one replica at a time, and the health gate"));
        }
        notes.add("Replicas not ready on " + from + " are deleted when their turn comes, so that they come back on "
                + to + " (a StatefulSet does not replace them by itself).");
        notes.add("Set " + component.id() + "Version: " + to + " in your values file too, or the next deploy"
                + " returns to " + from + ".");
        String title = "Roll " + component.title() + " in " + session.namespace() + " back from " + from + " to "
                + to + " (" + replicas + " replicas)";
        return new Plan("rollback", title, steps, List.of(new Change(Change.Action.UPDATE, ref(), "image "
                + fromImage + " → " + toImage + " (" + revisionText + ")")), Confirmation.yes(title + "?"), false,
                notes);
    }

    @Override
    protected UpgradeOperation.Result execute(Execution ex) {
        String to = ReplicaRollout.tag(toImage);
        ex.step("template", () -> {
            if (component.stateful()) {
                rollout.partition(replicas);
                rollout.restore(target);
            } else {
                rollout.restore(targetTemplate);
            }
            LOG.info("Rolling {} in {} back from {} to {}", ref(), session.namespace(), fromImage, toImage);
            ex.detail("template of " + to + " restored");
        });
        String verified = "";
        try {
            if (component.stateful()) {
                String name = target.getMetadata().getName();
                for (int i = replicas - 1; i >= 0; i--) {
                    int ordinal = i;
                    String pod = rollout.workload().name() + "-" + i;
                    verified = ex.step("replica-" + pod, () -> {
                        String summary = rollout.replica(ex, ordinal, replicas, p -> name.equals(
                                p.getMetadata().getLabels().get(ReplicaRollout.REVISION_LABEL)), to);
                        ex.detail(pod + " on " + to + "; " + summary);
                        return summary;
                    });
                }
            } else {
                verified = ex.step("rollout", () -> {
                    String summary = rollout.deployment(ex, replicas, p -> toImage.equals(rollout.image(p)), to);
                    ex.detail(summary);
                    return summary;
                });
            }
        } catch (RuntimeException e) {
            ex.resultNote("Stopped; replicas now: " + String.join(", ", rollout.replicas()) + ".");
            throw e;
        }
        List<String> now = rollout.replicas();
        ex.resultNote("Replicas: " + String.join(", ", now) + ".");
        return new UpgradeOperation.Result(ref(), ReplicaRollout.tag(fromImage), to, now, null, verified);
    }
}
