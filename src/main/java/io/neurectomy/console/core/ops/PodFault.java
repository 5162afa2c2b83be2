package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ApiMessages;
import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.SandboxMarker;
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
 * Makes a pod's server hang (it accepts connections and answers nothing, its readiness fails) on a cluster with
 * {@link Capability#POD_FAULTS}, through annotation {@value SandboxMarker#POD_HUNG_ANNOTATION}: what a recovery drill
 * injects for the pod-failure scenario. The fault lasts until the pod is deleted; its replacement runs normally.
 */
public final class PodFault extends PlannedOperation<Void> {
    /** The operation's name in plans and JSON. */
    public static final String NAME = "pod-fault";
    /** The step that makes the pod hang. */
    public static final String STEP_HANG = "hang-pod";
    private static final Logger LOG = LoggerFactory.getLogger(PodFault.class);

    private final ClusterSession session;
    private final String pod;

    public PodFault(ClusterSession session, String pod) {
        this.session = Objects.requireNonNull(session, "session");
        this.pod = Objects.requireNonNull(pod, "pod");
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        String title = "Hang pod " + session.namespace() + "/" + pod;
        return Plan.of(NAME, title, List.of(new Step(STEP_HANG, title))).withChanges(List.of(new Change(
                Change.Action.UPDATE, "pod " + session.namespace() + "/" + pod, "its server stops answering until"
                + " the pod is deleted")));
    }

    @Override
    protected Void execute(Execution ex) {
        ex.step(STEP_HANG, () -> {
            if (!session.capabilities().contains(Capability.POD_FAULTS)) {
                throw new ConsoleException("Making a pod hang is only possible on a cluster that offers pod fault"
                        + " injection (the console's sandbox); context " + session.context() + " does not, and"
                        + " nothing was changed.");
            }
            ApiErrors.requireOpen(session, "hang pod " + pod);
            try {
                ConflictRetry.write("hang pod " + pod, () -> session.client().pods().inNamespace(session.namespace())
                        .withName(pod).edit(p -> {
                            Map<String, String> a = p.getMetadata().getAnnotations() == null ? new HashMap<>()
                                    : new HashMap<>(p.getMetadata().getAnnotations());
                            a.put(SandboxMarker.POD_HUNG_ANNOTATION, "true");
                            p.getMetadata().setAnnotations(a);
                            return p;
                        }));
            } catch (KubernetesClientException e) {
                throw ApiErrors.failure(session, e, "hang pod " + pod, "The cluster refused to change pod " + pod
                        + " (403): " + ApiMessages.status(e), "Pod " + pod + " does not exist in "
                        + session.namespace() + ".");
            } catch (IllegalStateException e) {
                throw ApiErrors.closed(session, "hang pod " + pod, e);
            }
            LOG.info("Pod {}/{} set to hang (context {})", session.namespace(), pod, session.context());
            ex.detail(pod + " set to hang");
        });
        return null;
    }
}
