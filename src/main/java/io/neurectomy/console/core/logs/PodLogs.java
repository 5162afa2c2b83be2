package io.neurectomy.console.core.logs;

import io.neurectomy.console.core.cluster.ClusterSession;
import java.util.List;

/** Pod logs of a cluster session. Placeholder: this build has no log stream yet. */
public final class PodLogs implements LogSource {
    private PodLogs() {
    }

    /** The pod logs of {@code session}. */
    public static PodLogs of(ClusterSession session) {
        return new PodLogs();
    }

    @Override
    public List<String> containers(String pod) {
        throw new UnsupportedOperationException("pod logs: not in this build");
    }

    @Override
    public LogSubscription open(LogRequest request, LogListener listener) {
        throw new UnsupportedOperationException("pod logs: not in this build");
    }
}
