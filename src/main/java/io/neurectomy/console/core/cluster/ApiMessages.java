package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;

/** The words worth showing from what fabric8 and the JDK throw: the API server's own message, the root cause. */
public final class ApiMessages {
    private ApiMessages() {
    }

    /** The API server's status message of {@code e}, else the exception's message; empty for null. */
    public static String status(KubernetesClientException e) {
        if (e == null) {
            return "";
        }
        Status status = e.getStatus();
        if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
            return status.getMessage();
        }
        return e.getMessage() == null ? "" : e.getMessage();
    }

    /** The message of {@code t}'s root cause, or its class's simple name when it has none. */
    public static String root(Throwable t) {
        Throwable root = rootCause(t);
        String msg = root.getMessage();
        return msg == null || msg.isBlank() ? root.getClass().getSimpleName() : msg;
    }

    /** The innermost cause of {@code t} ({@code t} itself when it has none). */
    public static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** Whether {@code t} or a cause of it is the API server's refusal (RBAC, a missing object), not a network error. */
    public static boolean refusedByApi(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof KubernetesClientException) {
                return true;
            }
        }
        return false;
    }

    /** Whether an {@link IOException} is among the causes of {@code t}: the connection, not the server, failed. */
    public static boolean causedByIo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
