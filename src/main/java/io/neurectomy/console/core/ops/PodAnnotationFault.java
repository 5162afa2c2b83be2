package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ApiMessages;
import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault injected into one pod in one step, by setting the annotation a cluster offering the fault's
 * {@link Capability} acts on; refused, with nothing changed, where the cluster does not offer it.
 */
abstract class PodAnnotationFault extends PlannedOperation<Void> {
    private static final Logger LOG = LoggerFactory.getLogger(PodAnnotationFault.class);

    /**
     * What a fault is.
     *
     * @param name       the operation's name
     * @param step       its one step
     * @param action     what it does, before the pod's name ("Hang pod")
     * @param effect     what the pod then does, for the plan's change
     * @param annotation the annotation set to {@code "true"}
     * @param capability what the cluster must offer
     * @param refusal    what is refused where it does not ("Making a pod hang is only possible on a cluster that
     *                   offers pod fault injection")
     * @param done       what the step's detail says after the pod's name ("set to hang")
     */
    record Fault(String name, String step, String action, String effect, String annotation, Capability capability,
                 String refusal, String done) {
    }

    private final ClusterSession session;
    private final String pod;
    private final Fault fault;

    PodAnnotationFault(ClusterSession session, String pod, Fault fault) {
        this.session = Objects.requireNonNull(session, "session");
        this.pod = Objects.requireNonNull(pod, "pod");
        this.fault = fault;
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        String title = fault.action() + " " + session.namespace() + "/" + pod;
        return Plan.of(fault.name(), title, List.of(new Step(fault.step(), title))).withChanges(List.of(new Change(
                Change.Action.UPDATE, "pod " + session.namespace() + "/" + pod, fault.effect())));
    }

    @Override
    protected Void execute(Execution ex) {
        ex.step(fault.step(), () -> {
            annotate();
            LOG.info("Pod {}/{} {} (context {})", session.namespace(), pod, fault.done(), session.context());
            ex.detail(pod + " " + fault.done());
        });
        return null;
    }

    private void annotate() {
        if (!session.capabilities().contains(fault.capability())) {
            throw new ConsoleException(fault.refusal() + " (the console's sandbox); context " + session.context()
                    + " does not, and nothing was changed.");
        }
        String what = Character.toLowerCase(fault.action().charAt(0)) + fault.action().substring(1) + " " + pod;
        ApiErrors.requireOpen(session, what);
        try {
            ConflictRetry.write(what, () -> session.client().pods().inNamespace(session.namespace())
                    .withName(pod).edit(p -> {
                        Map<String, String> a = p.getMetadata().getAnnotations() == null ? new HashMap<>()
                                : new HashMap<>(p.getMetadata().getAnnotations());
                        a.put(fault.annotation(), "true");
                        p.getMetadata().setAnnotations(a);
                        return p;
                    }));
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, what, "The cluster refused to change pod " + pod + " (403): "
                    + ApiMessages.status(e), "Pod " + pod + " does not exist in " + session.namespace() + ".");
        } catch (IllegalStateException e) {
            throw ApiErrors.closed(session, what, e);
        }
    }
}
