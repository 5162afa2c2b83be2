package io.neurectomy.console.core.stack;

import java.util.Map;

/**
 * A connection the stack needs, from {@code network-paths.yaml}; the NetworkPolicies must allow it.
 *
 * @param description what the connection is for
 * @param from        where it starts
 * @param to          where it goes
 * @param port        destination port
 * @param protocol    TCP or UDP
 * @param file        the file it was written in
 * @param line        its line
 */
public record NetworkPath(String description, Endpoint from, Endpoint to, int port, String protocol, String file,
        int line) {

    /**
     * Pods (by labels, in a namespace) or an address range.
     *
     * @param namespace the pods' namespace (null for an address range)
     * @param podLabels labels the pods carry (null for an address range; empty: any pod)
     * @param cidr      the address range (null for pods)
     */
    public record Endpoint(String namespace, Map<String, String> podLabels, String cidr) {

        /** Whether this endpoint is pods rather than an address range. */
        public boolean pods() {
            return cidr == null;
        }

        @Override
        public String toString() {
            if (!pods()) {
                return cidr;
            }
            return "pods " + (podLabels.isEmpty() ? "(any)" : podLabels.toString()) + " in namespace " + namespace;
        }
    }

    @Override
    public String toString() {
        return description + " (" + from + " -> " + to + " port " + port + "/" + protocol + ")";
    }
}
