package io.neurectomy.console.core.cluster;

/**
 * One context of a (merged) kubeconfig, as {@code kubectl config get-contexts} shows it.
 *
 * @param name      context name
 * @param cluster   name of the cluster entry the context refers to
 * @param server    API server URL of that cluster, or empty when the cluster entry is missing
 * @param user      name of the user entry
 * @param namespace namespace set on the context, or empty
 * @param current   whether this is the kubeconfig's current-context
 */
public record KubeContext(String name, String cluster, String server, String user, String namespace,
                          boolean current) {
}
