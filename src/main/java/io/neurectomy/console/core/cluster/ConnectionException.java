package io.neurectomy.console.core.cluster;

import io.neurectomy.console.core.ConsoleException;

/** Connecting to a cluster failed; {@link #reason()} says which of the known ways it failed. */
public final class ConnectionException extends ConsoleException {
    private static final long serialVersionUID = 1L;

    /** The ways a connection can fail, each with its own message. */
    public enum Reason {
        KUBECONFIG_MISSING,
        KUBECONFIG_MALFORMED,
        UNKNOWN_CONTEXT,
        UNREACHABLE,
        TIMEOUT,
        TLS,
        UNAUTHORIZED,
        FORBIDDEN,
        NAMESPACE_NOT_FOUND,
        CREDENTIAL_PLUGIN,
        OTHER
    }

    private final Reason reason;

    public ConnectionException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public ConnectionException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
