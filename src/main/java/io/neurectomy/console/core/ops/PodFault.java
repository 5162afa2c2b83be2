package io.neurectomy.console.core.ops;

import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.SandboxMarker;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import java.util.List;
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
            FaultAnnotation.set(session, pod, SandboxMarker.POD_HUNG_ANNOTATION, Capability.POD_FAULTS,
                    "Making a pod hang is only possible on a cluster that offers pod fault injection",
                    "hang pod " + pod);
            LOG.info("Pod {}/{} set to hang (context {})", session.namespace(), pod, session.context());
            ex.detail(pod + " set to hang");
        });
        return null;
    }
}
