package io.neurectomy.console.core.endpoints;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.topology.AlertmanagerPeers;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Asks a ready Alertmanager pod, through a short-lived port-forward, how many cluster members it sees
 * ({@code /api/v2/status}), every {@code interval}; reports empty when no pod can be asked.
 */
public final class AlertmanagerPeersProbe implements AutoCloseable {
    private AlertmanagerPeersProbe() {
    }

    /** Starts probing on a background thread; {@code listener} is called from that thread after every probe. */
    public static AlertmanagerPeersProbe start(ClusterSession session, Duration interval,
                                               Consumer<Optional<AlertmanagerPeers>> listener) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public void close() {
    }
}
