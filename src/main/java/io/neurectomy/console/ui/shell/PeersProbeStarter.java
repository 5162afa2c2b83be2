package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.endpoints.AlertmanagerPeersProbe;
import io.neurectomy.console.core.topology.AlertmanagerPeers;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** Starts asking a session's Alertmanagers about their cluster; closing the handle stops it. */
@FunctionalInterface
public interface PeersProbeStarter {
    /** How often the production probe asks. */
    Duration INTERVAL = Duration.ofSeconds(15);

    /** Starts probing; {@code listener} is called from a background thread after every probe. */
    AutoCloseable start(ClusterSession session, Consumer<Optional<AlertmanagerPeers>> listener);

    /** The core probe, every {@link #INTERVAL}. */
    static PeersProbeStarter production() {
        return (session, listener) -> AlertmanagerPeersProbe.start(session, INTERVAL, listener);
    }
}
