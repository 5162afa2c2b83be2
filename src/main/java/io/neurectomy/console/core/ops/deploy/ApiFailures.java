package io.neurectomy.console.core.ops.deploy;

import static io.neurectomy.console.core.cluster.ApiMessages.causedByIo;
import static io.neurectomy.console.core.cluster.ApiMessages.root;
import static io.neurectomy.console.core.cluster.ApiMessages.status;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.cluster.ClusterSession;
import java.util.List;
import java.util.Locale;

/** Turns fabric8 failures of deploy, validate and destroy into messages an on-call engineer can act on. */
final class ApiFailures {
    private ApiFailures() {
    }

    /**
     * @param verb     the API verb that failed (get, list, create, update, delete)
     * @param resource the resource (plural, e.g. {@code statefulsets}) and object, e.g. {@code statefulsets/prometheus}
     * @param namespace the namespace, or null for cluster-scoped objects
     * @param done     objects already written, for a failure in the middle of an operation
     * @param notDone  objects not written yet, the failed one first
     */
    static DeployException map(ClusterSession session, RuntimeException e, String verb, String resource,
            String namespace, List<String> done, List<String> notDone) {
        String where = namespace == null ? "at cluster scope" : "in namespace " + namespace;
        String what = verb + " " + resource + " " + where;
        String partial = partial(verb, done, notDone);
        if (e instanceof IllegalStateException) {
            return new DeployException("Could not " + what + ": the connection to context " + session.context()
                    + " was closed meanwhile." + partial + " Connect again and retry.", e, done, notDone);
        }
        KubernetesClientException k = e instanceof KubernetesClientException kce ? kce : null;
        int code = k == null ? 0 : k.getCode();
        String plural = resource.contains("/") ? resource.substring(0, resource.indexOf('/')) : resource;
        String message;
        if (code == 403) {
            message = "Forbidden: your account (context " + session.context() + ") may not " + verb + " " + plural
                    + " " + where + "." + partial + " Ask a cluster administrator for a "
                    + (namespace == null ? "ClusterRole" : "Role in " + namespace) + " that allows '" + verb + "' on "
                    + plural + (namespace == null ? "" : " (the built-in ClusterRole 'admin' bound in " + namespace
                    + " covers the namespaced objects)") + (namespace == null ? " (deploying the stack also needs"
                    + " create/update on clusterroles and clusterrolebindings)" : "") + ", then retry.";
        } else if (code == 401) {
            message = "Could not " + what + ": the API server " + session.server() + " no longer accepts your"
                    + " credentials (401)." + partial + " Log in again or renew the token, then retry.";
        } else if (code == 409) {
            message = "Could not " + what + ": someone changed or created it at the same time (409 Conflict)."
                    + partial + " Run the plan again: it compares with the new state.";
        } else if (code == 422 || code == 400) {
            message = "The API server refused to " + what + " (" + code + "): " + status(k) + "." + partial
                    + (resource.startsWith("statefulsets") ? " A StatefulSet's volumeClaimTemplates, selector and"
                    + " podManagementPolicy cannot change in place: delete the StatefulSet with --cascade=orphan"
                    + " (pods and volumes stay) and deploy again." : " Fix the value that causes it and retry.");
        } else if (code == 404) {
            message = "Could not " + what + ": it does not exist (any more), or the API server does not know this"
                    + " kind (404)." + partial + " Run the plan again.";
        } else if (code >= 500) {
            message = "Could not " + what + ": the API server failed (HTTP " + code + ": " + status(k) + ")."
                    + partial + " Retry in a moment; if it persists, the cluster itself is unhealthy.";
        } else if (code == 0 || causedByIo(e)) {
            message = "Could not " + what + ": the API server " + session.server() + " could not be reached ("
                    + root(e) + ")." + partial + " Check the VPN or network connection, then run it again: it"
                    + " plans from what is in the cluster and continues where it stopped.";
        } else {
            message = "Could not " + what + ": HTTP " + code + " " + status(k) + "." + partial;
        }
        return new DeployException(message, e, done, notDone);
    }

    private static String partial(String verb, List<String> done, List<String> notDone) {
        if (done.isEmpty() && notDone.size() <= 1) {
            return "";
        }
        String past = verb.equals("delete") ? "Deleted" : "Applied";
        return " " + past + " before the failure (" + done.size() + "): " + (done.isEmpty() ? "none"
                : String.join(", ", done)) + ". Not " + past.toLowerCase(Locale.ROOT) + " (" + notDone.size()
                + "): " + String.join(", ", notDone) + ".";
    }

    /** The resource's plural name as RBAC knows it, for messages. */
    static String plural(String kind) {
        return switch (kind) {
            case "NetworkPolicy" -> "networkpolicies";
            case "Ingress" -> "ingresses";
            case "PodDisruptionBudget" -> "poddisruptionbudgets";
            default -> kind.toLowerCase(Locale.ROOT) + "s";
        };
    }
}
