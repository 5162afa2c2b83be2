package io.neurectomy.console.core.endpoints;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import io.neurectomy.console.core.cluster.ApiMessages;

/** Turns what fabric8 collected about a failed port-forward stream into a sentence and a kind. */
final class StreamErrors {

    /** What kind of failure it was; FORBIDDEN does not heal by retrying. */
    enum Kind {
        FORBIDDEN,
        NOT_FOUND,
        OTHER
    }

    /** A classified failure. */
    record Failure(Kind kind, String message) {
    }

    private StreamErrors() {
    }

    /** Classifies one error of a port-forward stream to {@code namespace/pod}. */
    static Failure classify(Throwable error, String namespace, String pod) {
        for (Throwable c = error; c != null; c = c.getCause() == c ? null : c.getCause()) {
            int code = 0;
            if (c instanceof WebSocketHandshakeException h && h.getResponse() != null) {
                code = h.getResponse().code();
            } else if (c instanceof KubernetesClientException k) {
                code = k.getCode();
            }
            if (code == 401) {
                return new Failure(Kind.FORBIDDEN, "Unauthorized (401): the cluster did not accept your credentials"
                        + " for port-forwarding. Log in again (refresh the kubeconfig's token) and restart the"
                        + " forward.");
            }
            if (code == 403) {
                return new Failure(Kind.FORBIDDEN, "Forbidden (403): your account may not port-forward to pods in "
                        + namespace + ". Ask for a Role that allows 'create' on 'pods/portforward' there.");
            }
            if (code == 404) {
                return new Failure(Kind.NOT_FOUND, "pod " + namespace + "/" + pod + " was not found (404)");
            }
            if (code >= 400) {
                return new Failure(Kind.OTHER, "the API server refused the stream (HTTP " + code + ")"
                        + detail(c));
            }
            String msg = c.getMessage();
            if (c instanceof PodStream.RemoteError) {
                return new Failure(Kind.OTHER, clean(msg));
            }
        }
        Throwable root = ApiMessages.rootCause(error);
        String msg = root.getMessage();
        return new Failure(Kind.OTHER, root.getClass().getSimpleName() + (msg == null || msg.isBlank() ? ""
                : ": " + clean(msg)));
    }

    private static String detail(Throwable c) {
        String m = c.getMessage();
        return m == null || m.isBlank() ? "" : ": " + clean(m);
    }

    /** The first line, trimmed, at most 300 characters. */
    static String clean(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        if (nl >= 0) {
            t = t.substring(0, nl).strip();
        }
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }
}
