package io.neurectomy.console.core.ops;

import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.SandboxMarker;

/**
 * Empties a pod's persistent volumes and restarts it on them, on a cluster with {@link Capability#STORAGE_FAULTS},
 * through annotation {@value SandboxMarker#VOLUME_WIPED_ANNOTATION}: what a recovery drill injects for the
 * storage-failure scenario. The claims stay bound and the pod keeps its name and node; the data on them is gone.
 */
public final class StorageFault extends PodAnnotationFault {
    /** The operation's name in plans and JSON. */
    public static final String NAME = "storage-fault";
    /** The step that wipes the pod's volumes. */
    public static final String STEP_WIPE = "wipe-volumes";

    public StorageFault(ClusterSession session, String pod) {
        super(session, pod, new Fault(NAME, STEP_WIPE, "Wipe the volumes of pod", "its persistent volumes are"
                + " emptied and it restarts on them (the claims stay; their data is gone)",
                SandboxMarker.VOLUME_WIPED_ANNOTATION, Capability.STORAGE_FAULTS, "Wiping a pod's volumes is only"
                + " possible on a cluster that offers storage fault injection", "set to have its volumes wiped"));
    }
}
