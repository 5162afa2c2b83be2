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
 * Empties a pod's persistent volumes and restarts it on them, on a cluster with {@link Capability#STORAGE_FAULTS},
 * through annotation {@value SandboxMarker#VOLUME_WIPED_ANNOTATION}: what a recovery drill injects for the
 * storage-failure scenario. The claims stay bound; the pod keeps its name and node; the data on them is gone.
 */
public final class StorageFault extends PlannedOperation<Void> {
    /** The operation's name in plans and JSON. */
    public static final String NAME = "storage-fault";
    /** The step that wipes the pod's volumes. */
    public static final String STEP_WIPE = "wipe-volumes";
    private static final Logger LOG = LoggerFactory.getLogger(StorageFault.class);

    private final ClusterSession session;
    private final String pod;

    public StorageFault(ClusterSession session, String pod) {
        this.session = Objects.requireNonNull(session, "session");
        this.pod = Objects.requireNonNull(pod, "pod");
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        String title = "Wipe the volumes of pod " + session.namespace() + "/" + pod;
        return Plan.of(NAME, title, List.of(new Step(STEP_WIPE, title))).withChanges(List.of(new Change(
                Change.Action.UPDATE, "pod " + session.namespace() + "/" + pod, "its persistent volumes are emptied"
                + " and it restarts on them (the claims stay; their data is gone)")));
    }

    @Override
    protected Void execute(Execution ex) {
        ex.step(STEP_WIPE, () -> {
            FaultAnnotation.set(session, pod, SandboxMarker.VOLUME_WIPED_ANNOTATION, Capability.STORAGE_FAULTS,
                    "Wiping a pod's volumes is only possible on a cluster that offers storage fault injection",
                    "wipe the volumes of pod " + pod);
            LOG.info("Pod {}/{} set to have its volumes wiped (context {})", session.namespace(), pod,
                    session.context());
            ex.detail(pod + " set to have its volumes wiped");
        });
        return null;
    }
}
