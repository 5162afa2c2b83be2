package io.neurectomy.console.core.cluster;

import java.time.Duration;

/** Opens checked {@link ClusterSession}s. (Contract; implementation pending.) */
public final class ClusterConnector {
    private final Duration timeout;

    public ClusterConnector(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Builds a client for the context, checks the server (version, namespace, list pods) within the timeout and
     * returns a started session; every failure is a {@link ConnectionException} with its reason.
     */
    public ClusterSession connect(Kubeconfig kubeconfig, String context, String namespace) {
        throw new UnsupportedOperationException("pending " + timeout);
    }
}
