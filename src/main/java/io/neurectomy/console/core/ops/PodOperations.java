package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.SandboxMarker;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Changes to single pods and nodes that the topology view offers. */
public final class PodOperations {
    private static final Logger LOG = LoggerFactory.getLogger(PodOperations.class);

    private PodOperations() {
    }

    /**
     * Deletes a pod (its controller creates a replacement). Throws a {@link ConsoleException} whose message says
     * what went wrong (forbidden, already gone, connection lost).
     */
    public static void deletePod(ClusterSession session, String namespace, String name) {
        requireOpen(session, "delete pod " + name);
        List<StatusDetails> deleted;
        try {
            deleted = session.client().pods().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            throw failure(session, e, "delete pod " + name + " in namespace " + namespace,
                    "Your account may not delete pods in " + namespace + " (RBAC). Ask for a Role that allows"
                            + " 'delete' on pods in " + namespace + ", or ask someone who has it.",
                    gone(name, namespace));
        } catch (IllegalStateException e) {
            throw closed(session, "delete pod " + name, e);
        }
        if (deleted == null || deleted.isEmpty()) {
            throw new ConsoleException(gone(name, namespace));
        }
        LOG.info("Deleted pod {}/{} (context {})", namespace, name, session.context());
    }

    private static String gone(String name, String namespace) {
        return "Pod " + name + " no longer exists in namespace " + namespace + ": it was deleted or replaced"
                + " meanwhile. The view shows its replacement once the controller has created it.";
    }

    /**
     * On the console's sandbox only: makes a node fail (NotReady, its pods stop) or recover, through the node
     * annotation {@value SandboxMarker#NODE_FAILED_ANNOTATION} that the sandbox acts on. Throws a
     * {@link ConsoleException} on a real cluster.
     */
    public static void setSandboxNodeFailed(ClusterSession session, String node, boolean failed) {
        if (session.sandbox().isEmpty()) {
            throw new ConsoleException("Simulating a node failure is only possible on the console's sandbox;"
                    + " context " + session.context() + " is a real cluster, and nothing was changed. To take a"
                    + " real node out of service, cordon and drain it.");
        }
        requireOpen(session, (failed ? "fail" : "recover") + " node " + node);
        try {
            // A read-modify-write (JSON patch of the difference): a merge patch with null does not remove an
            // annotation on every server.
            session.client().nodes().withName(node).edit(n -> {
                Map<String, String> annotations = n.getMetadata().getAnnotations() == null ? new HashMap<>()
                        : new HashMap<>(n.getMetadata().getAnnotations());
                if (failed) {
                    annotations.put(SandboxMarker.NODE_FAILED_ANNOTATION, "true");
                } else {
                    annotations.remove(SandboxMarker.NODE_FAILED_ANNOTATION);
                }
                n.getMetadata().setAnnotations(annotations);
                return n;
            });
        } catch (KubernetesClientException e) {
            throw failure(session, e, (failed ? "fail" : "recover") + " sandbox node " + node,
                    "The sandbox refused to change node " + node + " (403): " + statusMessage(e),
                    "Node " + node + " does not exist in the sandbox (any more). Refresh the view.");
        } catch (IllegalStateException e) {
            throw closed(session, (failed ? "fail" : "recover") + " node " + node, e);
        }
        LOG.info("Sandbox node {} {}", node, failed ? "set to fail" : "set to recover");
    }

    private static void requireOpen(ClusterSession session, String what) {
        if (session.isClosed()) {
            throw new ConsoleException("Cannot " + what + ": the connection to context " + session.context()
                    + " is closed. Connect again and retry.");
        }
    }

    private static ConsoleException closed(ClusterSession session, String what, IllegalStateException e) {
        return new ConsoleException("Cannot " + what + ": the connection to context " + session.context()
                + " was closed meanwhile. Connect again and retry.", e);
    }

    /** A fabric8 failure as a message a person can act on; 403 and 404 have their caller's wording. */
    private static ConsoleException failure(ClusterSession session, KubernetesClientException e, String what,
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
                    + statusMessage(e) + "). Retry in a moment; if it persists, the cluster itself is unhealthy.", e);
        }
        if (code == 0 || isConnectionProblem(e)) {
            return new ConsoleException("Could not " + what + ": the API server " + session.server()
                    + " could not be reached (" + rootMessage(e) + "). Check the VPN or network connection and"
                    + " retry.", e);
        }
        return new ConsoleException("Could not " + what + ": HTTP " + code + " " + statusMessage(e) + ".", e);
    }

    private static boolean isConnectionProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String statusMessage(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isBlank()) {
            return e.getStatus().getMessage();
        }
        return e.getMessage() == null ? "" : e.getMessage();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return msg == null || msg.isBlank() ? root.getClass().getSimpleName().toLowerCase(Locale.ROOT) : msg;
    }
}
