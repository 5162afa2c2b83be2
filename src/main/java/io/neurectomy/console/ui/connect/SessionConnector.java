package io.neurectomy.console.ui.connect;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.Kubeconfig;

/**
 * Opens a started {@link ClusterSession}; in production {@code new ClusterConnector(timeout)::connect}.
 *
 * <p>Blocking; called on a background thread. Failures are {@code ConnectionException}s with a readable message.
 */
@FunctionalInterface
public interface SessionConnector {
    ClusterSession connect(Kubeconfig kubeconfig, String context, String namespace);
}
