package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ApiMessages;
import io.neurectomy.console.core.cluster.ClusterSession;

/** Failures of the single-object operations (pod delete, node fault) as messages a person can act on. */
final class ApiErrors {
    private ApiErrors() {
    }

    static void requireOpen(ClusterSession session, String what) {
        if (session.isClosed()) {
            throw new ConsoleException("Cannot " + what + ": the connection to context " + session.context()
                    + " is closed. Connect again and retry.");
        }
    }

    static ConsoleException closed(ClusterSession session, String what, IllegalStateException e) {
        return new ConsoleException("Cannot " + what + ": the connection to context " + session.context()
                + " was closed meanwhile. Connect again and retry.", e);
    }

    /** A fabric8 failure as a message a person can act on; 403 and 404 have their caller's wording. */
    static ConsoleException failure(ClusterSession session, KubernetesClientException e, String what,
                                     String forbidden, String notFound) {
        int code = e.getCode();
        if (code == 403) {
            return new ConsoleException(forbidden, e);
        }
        if (code == 404) {
            return new ConsoleException(notFound, e);
        }
        if (code == 401) {
            return new ConsoleException("Could not " + what + ": the API server " + session.server()
                    + " no longer accepts your credentials (401). Log in again or renew the token, then retry.", e);
        }
        if (code == 409) {
            return new ConsoleException("Could not " + what + ": it was changed at the same time by someone else"
                    + " (409 Conflict). Retry.", e);
        }
        if (code >= 500) {
            return new ConsoleException("Could not " + what + ": the API server failed (HTTP " + code + ": "
                    + ApiMessages.status(e) + "). Retry in a moment; if it persists, the cluster itself is unhealthy.",
                    e);
        }
        if (code == 0 || ApiMessages.causedByIo(e)) {
            return new ConsoleException("Could not " + what + ": the API server " + session.server()
                    + " could not be reached (" + ApiMessages.root(e) + "). Check the VPN or network connection and"
                    + " retry.", e);
        }
        return new ConsoleException("Could not " + what + ": HTTP " + code + " " + ApiMessages.status(e) + ".", e);
    }
}
