package io.neurectomy.console.core.ops;

import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.SandboxMarker;

/**
 * Makes a pod's server hang (it accepts connections and answers nothing, its readiness fails) on a cluster with
 * {@link Capability#POD_FAULTS}, through annotation {@value SandboxMarker#POD_HUNG_ANNOTATION}: what a recovery drill
 * injects for the pod-failure scenario. The fault lasts until the pod is deleted; its replacement runs normally.
 */
public final class PodFault extends PodAnnotationFault {
    /** The operation's name in plans and JSON. */
    public static final String NAME = "pod-fault";
    /** The step that makes the pod hang. */
    public static final String STEP_HANG = "hang-pod";

    public PodFault(ClusterSession session, String pod) {
        super(session, pod, new Fault(NAME, STEP_HANG, "Hang pod", "its server stops answering until the pod is"
                + " deleted", SandboxMarker.POD_HUNG_ANNOTATION, Capability.POD_FAULTS, "Making a pod hang is only"
                + " possible on a cluster that offers pod fault injection", "set to hang"));
    }
}
