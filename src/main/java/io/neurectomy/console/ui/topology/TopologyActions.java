package io.neurectomy.console.ui.topology;

import io.neurectomy.console.ui.fx.Cancellable;
import java.util.function.Consumer;

/**
 * What the topology may change in the cluster. Implementations run the work off the FX thread and call exactly one
 * callback back on it; the view model never holds a client.
 */
public interface TopologyActions {
    /** Deletes a pod; its controller replaces it. */
    Cancellable deletePod(String namespace, String name, Runnable onDone, Consumer<Throwable> onFailure);

    /** On the sandbox only: makes a node fail (NotReady, its pods stop) or recover. */
    Cancellable setNodeFailed(String node, boolean failed, Runnable onDone, Consumer<Throwable> onFailure);

    /** Watches every namespace ({@code true}) or only the session's. */
    Cancellable setAllNamespaces(boolean all, Runnable onDone, Consumer<Throwable> onFailure);
}
