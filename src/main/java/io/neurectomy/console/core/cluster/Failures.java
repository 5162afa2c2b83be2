package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.cluster.ConnectionException.Reason;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** Turns what fabric8 and the JDK throw while connecting into {@link ConnectionException}s a person can act on. */
final class Failures {
    /** The RBAC denial text of the API server: {@code User "u" cannot list resource "pods" in API group ""...}. */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "(?:User \"([^\"]*)\" )?cannot (\\S+) resource \"([^\"]+)\" in API group \"([^\"]*)\""
                    + "(?: in the namespace \"([^\"]+)\"| at the cluster scope)?");

    private Failures() {
    }

    static ConnectionException map(Throwable t, ClusterConnector.Target target, ClusterConnector connector) {
        ConnectionException known = find(t, ConnectionException.class);
        if (known != null) {
            return known;
        }
        KubernetesClientException kce = find(t, KubernetesClientException.class);
        int code = kce == null ? 0 : kce.getCode();
        if (code == 401) {
            return unauthorized(kce, target);
        }
        if (code == 403) {
            return forbidden(kce, target);
        }
        if (find(t, SSLException.class) != null || find(t, CertificateException.class) != null) {
            return tls(t, target);
        }
        if (find(t, UnknownHostException.class) != null) {
            return new ConnectionException(Reason.UNREACHABLE, "Cannot reach the API server " + target.server()
                    + ": the host name is unknown. Check the VPN / DNS, or the server address in context "
                    + target.context() + ".", t);
        }
        if (find(t, ConnectException.class) != null || find(t, NoRouteToHostException.class) != null) {
            String why = find(t, NoRouteToHostException.class) != null ? "no route to host" : "connection refused";
            return new ConnectionException(Reason.UNREACHABLE, "Cannot reach the API server " + target.server()
                    + ": " + why + ". Check the VPN / the server address in context " + target.context() + ".", t);
        }
        AnswerLimit.AnswerTooLargeException tooLarge = find(t, AnswerLimit.AnswerTooLargeException.class);
        if (tooLarge != null) {
            return new ConnectionException(Reason.OTHER, "The API server " + target.server() + " sent more than "
                    + (tooLarge.limit() >> 20) + " MiB when asked to " + target.step() + " it (context "
                    + target.context() + "); the console reads at most that much of one answer. Is "
                    + target.server() + " really a Kubernetes API server, with nothing in front of it that"
                    + " answers in its place?", t);
        }
        if (looksLikeHtml(ApiMessages.root(t))) {
            return new ConnectionException(Reason.OTHER, "The API server " + target.server() + " answered with an"
                    + " HTML page instead of the API's JSON when asked to " + target.step() + " it (context "
                    + target.context() + "). Is " + target.server() + " really a Kubernetes API server? A proxy or"
                    + " login page in front of it answers like this; check the server address.", t);
        }
        if (isTimeout(t)) {
            return new ConnectionException(Reason.TIMEOUT, connector.timeoutMessage(target), t);
        }
        if (code == 404) {
            return new ConnectionException(Reason.OTHER, "The API server " + target.server() + " answered 404 Not"
                    + " Found when asked to " + target.step() + " it (context " + target.context() + "). Is "
                    + target.server() + " really a Kubernetes API server (check the path in the address)?", t);
        }
        if (code >= 500) {
            return new ConnectionException(Reason.OTHER, "The API server " + target.server() + " failed (HTTP "
                    + code + ") when asked to " + target.step() + " it: " + ApiMessages.status(kce)
                    + ". Retry in a moment; if it persists, the cluster itself is unhealthy.", t);
        }
        String detail = code > 0 ? "HTTP " + code + " " + ApiMessages.status(kce) : ApiMessages.root(t);
        return new ConnectionException(Reason.OTHER, "Could not " + target.step() + " " + target.server()
                + " (context " + target.context() + "): " + detail + ".", t);
    }

    /** Whether a parse error quotes an HTML page (what a proxy or login page sends instead of the API's JSON). */
    static boolean looksLikeHtml(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("<!doctype html") || m.contains("<html") || m.contains("<body");
    }

    /** A failure while building the client (before any request): bad certificate or key material, usually. */
    static ConnectionException clientBuild(RuntimeException e, ClusterConnector.Target target) {
        ConnectionException known = find(e, ConnectionException.class);
        if (known != null) {
            return known;
        }
        if (find(e, GeneralSecurityException.class) != null || find(e, SSLException.class) != null) {
            return new ConnectionException(Reason.TLS, "Cannot set up TLS for context " + target.context() + ": "
                    + ApiMessages.root(e) + ". Check the certificate-authority(-data) of cluster " + target.cluster()
                    .name() + " and the client-certificate / client-key of user " + target.userName() + ".", e);
        }
        return new ConnectionException(Reason.OTHER, "Cannot create a client for context " + target.context()
                + ": " + ApiMessages.root(e) + ".", e);
    }

    private static ConnectionException unauthorized(KubernetesClientException e, ClusterConnector.Target target) {
        ExecCredentialProvider plugin = target.plugin();
        String how = plugin != null
                ? "Log in again so that the credential plugin '" + plugin.command() + "' returns a fresh token."
                : "Log in again / renew the token or certificate in the kubeconfig.";
        String user = target.user() == null ? "(no user: anonymous)" : target.userName();
        return new ConnectionException(Reason.UNAUTHORIZED, "The API server " + target.server()
                + " rejected the credentials of user " + user + " (401 Unauthorized, context " + target.context()
                + "): they are invalid or expired. " + how, e);
    }

    private static ConnectionException forbidden(KubernetesClientException e, ClusterConnector.Target target) {
        String message = ApiMessages.status(e);
        Matcher m = FORBIDDEN.matcher(message);
        String who = target.userName();
        String verb;
        String resource;
        String scope;
        if (m.find()) {
            if (m.group(1) != null && !m.group(1).isEmpty()) {
                who = m.group(1);
            }
            verb = m.group(2);
            resource = m.group(4).isEmpty() ? m.group(3) : m.group(3) + "." + m.group(4);
            scope = m.group(5) != null ? "namespace " + m.group(5) : "the cluster scope";
        } else {
            // No RBAC sentence (an admission webhook, an old server): fall back to what we were doing.
            String step = target.step();
            verb = step.startsWith("list") ? "list" : "get";
            Status status = e.getStatus();
            String kind = status != null && status.getDetails() != null && status.getDetails().getKind() != null
                    ? status.getDetails().getKind() : e.getResourcePlural();
            resource = kind != null && !kind.isEmpty() ? kind : step.contains("pods") ? "pods" : "namespaces";
            scope = resource.startsWith("namespace") ? "the cluster scope" : "namespace " + target.namespace();
        }
        String role = scope.startsWith("namespace") ? "a Role" : "a ClusterRole";
        return new ConnectionException(Reason.FORBIDDEN, "Forbidden: user " + who + " cannot " + verb + " "
                + resource + " in " + scope + " (context " + target.context() + ") — ask your cluster admin for "
                + role + " granting " + verb + " on " + resource + (scope.startsWith("namespace") ? " in " + scope
                : "") + ".", e);
    }

    private static ConnectionException tls(Throwable t, ClusterConnector.Target target) {
        String root = ApiMessages.root(t);
        String lower = root.toLowerCase(Locale.ROOT);
        String cluster = target.cluster().name();
        String what;
        if (lower.contains("subject alternative") || lower.contains("hostname") || lower.contains("host name")) {
            what = "its certificate does not match the host name (" + root + "). Check the server address of"
                    + " cluster " + cluster + " (or tls-server-name).";
        } else if (lower.contains("pkix") || lower.contains("certification path") || lower.contains("trust")) {
            what = "its certificate is not trusted. Check certificate-authority(-data) of cluster " + cluster + ".";
        } else if (lower.contains("unrecognized ssl message") || lower.contains("not an ssl")
                || lower.contains("plaintext")) {
            what = "it does not speak TLS on that port. Check the address (https:// and port) of cluster "
                    + cluster + ".";
        } else if (lower.contains("expired") || lower.contains("notafter")) {
            what = "a certificate has expired (" + root + "). Check certificate-authority(-data) of cluster "
                    + cluster + " and the client certificate of user " + target.userName() + ".";
        } else {
            what = "the TLS handshake failed (" + root + "). Check certificate-authority(-data) of cluster "
                    + cluster + " and the client certificate of user " + target.userName() + ".";
        }
        return new ConnectionException(Reason.TLS, "Cannot connect securely to the API server " + target.server()
                + " (context " + target.context() + "): " + what, t);
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SocketTimeoutException || c instanceof java.util.concurrent.TimeoutException
                    || c instanceof java.net.http.HttpTimeoutException
                    || c.getClass().getSimpleName().toLowerCase(Locale.ROOT).contains("timeout")) {
                return true;
            }
            String msg = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (msg.contains("timed out") || msg.contains("timeout")) {
                return true;
            }
        }
        return false;
    }



    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            for (Throwable s : c.getSuppressed()) {
                if (type.isInstance(s)) {
                    return type.cast(s);
                }
            }
        }
        return null;
    }
}
