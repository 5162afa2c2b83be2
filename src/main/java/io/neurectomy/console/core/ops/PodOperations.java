package io.neurectomy.console.core.ops;

import io.neurectomy.console.core.cluster.ClusterSession;

/** Changes to single pods and nodes that the topology view offers. */
public final class PodOperations {
    private PodOperations() {
    }

    /**
     * Deletes a pod (its controller creates a replacement). Throws a {@link io.neurectomy.console.core.ConsoleException}
     * whose message says what went wrong (forbidden, already gone, connection lost).
     */
    public static void deletePod(ClusterSession session, String namespace, String name) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * On the console's sandbox only: makes a node fail (NotReady, its pods stop) or recover. Throws a
     * {@link io.neurectomy.console.core.ConsoleException} on a real cluster.
     */
    public static void setSandboxNodeFailed(ClusterSession session, String node, boolean failed) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
