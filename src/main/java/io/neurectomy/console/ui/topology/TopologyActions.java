package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.ui.fx.Cancellable;
import java.util.function.Consumer;

/**
 * What the topology may change in one session: the operations it runs through the window's operation model, and
 * the scope switch. The view model never holds a client.
 */
public interface TopologyActions {
    /**
     * The operation that deletes a pod (its controller replaces it).
     *
     * @param namespace  the pod's namespace; empty for the session's
     * @param controller the workload that replaces it, or empty
     */
    Operation<Void> deletePod(String namespace, String name, String controller);

    /** The operation that makes a node fail (NotReady, its pods stop) or recover. */
    Operation<Void> nodeFault(String node, boolean failed);

    /**
     * Watches every namespace ({@code true}) or only the session's; off the FX thread, calling exactly one callback
     * back on it.
     */
    Cancellable setAllNamespaces(boolean all, Runnable onDone, Consumer<Throwable> onFailure);
}
