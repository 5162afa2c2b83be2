package io.neurectomy.console.core.endpoints;

/** Where a forward stands; {@link ForwardStatus#reason()} says why. */
public enum ForwardState {
    /** Listening locally, looking for the target and checking it for the first time. */
    STARTING,
    /** The last health check through a stream to the pod passed: connections work. */
    ACTIVE,
    /**
     * The forward keeps its local port and tries again with backoff: the pod was deleted or is not ready, the health
     * check failed, or the machine woke from sleep. New connections succeed again as soon as a check passes.
     */
    RECONNECTING,
    /** It cannot work as asked (port pinned and busy, forbidden, target gone for good); the local port is released. */
    FAILED,
    /** Stopped by the user or by closing its manager; the local port is released. */
    STOPPED;

    /** Whether the forward has ended (FAILED or STOPPED) and holds no port any more. */
    public boolean ended() {
        return this == FAILED || this == STOPPED;
    }
}
