package io.neurectomy.console.core.logs;

import java.util.List;

/** Pod logs of one cluster session; {@link PodLogs} is the implementation over the session's fabric8 client. */
public interface LogSource {
    /** The containers of {@code pod}, main container first; empty when the pod does not exist. */
    List<String> containers(String pod);

    /**
     * Opens a stream; lines and states go to {@code listener} until the returned handle is closed (which is quick
     * and idempotent) or the stream ends or fails.
     */
    LogSubscription open(LogRequest request, LogListener listener);

    /** An open stream. */
    interface LogSubscription extends AutoCloseable {
        @Override
        void close();
    }
}
