package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.ops.DeletePod;
import io.neurectomy.console.core.ops.NodeFault;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.TaskRunner;
import io.neurectomy.console.ui.topology.TopologyActions;
import java.util.function.Consumer;

/** The topology's actions on one session: the core operations, and the scope switch run by the task runner. */
final class SessionTopologyActions implements TopologyActions {
    private final ClusterSession session;
    private final TaskRunner runner;

    SessionTopologyActions(ClusterSession session, TaskRunner runner) {
        this.session = session;
        this.runner = runner;
    }

    @Override
    public Operation<Void> deletePod(String namespace, String name, String controller) {
        return new DeletePod(session, namespace, name, controller);
    }

    @Override
    public Operation<Void> nodeFault(String node, boolean failed) {
        return new NodeFault(session, node, failed);
    }

    @Override
    public Cancellable setAllNamespaces(boolean all, Runnable onDone, Consumer<Throwable> onFailure) {
        return runner.run(() -> {
            session.setAllNamespaces(all);
            return Boolean.TRUE;
        }, ok -> onDone.run(), onFailure);
    }
}
