package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.PodOperations;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.TaskRunner;
import io.neurectomy.console.ui.topology.TopologyActions;
import java.util.function.Consumer;

/** The topology's actions on one session: the core operations, run in the background by the task runner. */
final class SessionTopologyActions implements TopologyActions {
    private final ClusterSession session;
    private final TaskRunner runner;

    SessionTopologyActions(ClusterSession session, TaskRunner runner) {
        this.session = session;
        this.runner = runner;
    }

    @Override
    public Cancellable deletePod(String namespace, String name, Runnable onDone, Consumer<Throwable> onFailure) {
        // A pod whose namespace the picture does not carry is one of the session's own namespace.
        String ns = namespace == null || namespace.isEmpty() ? session.namespace() : namespace;
        return runner.run(() -> {
            PodOperations.deletePod(session, ns, name);
            return Boolean.TRUE;
        }, ok -> onDone.run(), onFailure);
    }

    @Override
    public Cancellable setNodeFailed(String node, boolean failed, Runnable onDone, Consumer<Throwable> onFailure) {
        return runner.run(() -> {
            PodOperations.setSandboxNodeFailed(session, node, failed);
            return Boolean.TRUE;
        }, ok -> onDone.run(), onFailure);
    }

    @Override
    public Cancellable setAllNamespaces(boolean all, Runnable onDone, Consumer<Throwable> onFailure) {
        return runner.run(() -> {
            session.setAllNamespaces(all);
            return Boolean.TRUE;
        }, ok -> onDone.run(), onFailure);
    }
}
