package io.neurectomy.console.core.backup.operations;

import static io.neurectomy.console.core.cluster.ApiMessages.causedByIo;
import static io.neurectomy.console.core.cluster.ApiMessages.root;
import static io.neurectomy.console.core.cluster.ApiMessages.status;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.backup.BackupException;

/** Turns fabric8 failures of backup and restore into messages that say which verb and resource, and what to do. */
final class ClusterErrors {
    private ClusterErrors() {
    }

    /**
     * @param verb      the API verb that failed (get, list, create, update, delete, create pods/exec, ...)
     * @param resource  the resource (configmaps, secrets, pods/exec, ...)
     * @param namespace where
     * @param purpose   what the console was doing, e.g. "a backup"
     */
    static BackupException of(KubernetesClientException e, String verb, String resource, String namespace,
            String purpose) {
        int code = e.getCode();
        if (code == 403) {
            return new BackupException("Forbidden: your account may not " + verb + " " + resource + " in namespace "
                    + namespace + ", which " + purpose + " needs. Ask your cluster admin for a Role in " + namespace
                    + " that allows '" + verb + "' on " + resource + " (e.g. the 'admin' ClusterRole bound in "
                    + namespace + ").", e);
        }
        if (code == 401) {
            return new BackupException("The API server no longer accepts your credentials (401) while trying to "
                    + verb + " " + resource + " for " + purpose + ". Log in again or renew the token, then retry.",
                    e);
        }
        if (code == 409) {
            return new BackupException("Could not " + verb + " " + resource + " in " + namespace + " for " + purpose
                    + ": it was changed by someone else at the same time (409 Conflict). Retry.", e);
        }
        if (code == 0 || causedByIo(e)) {
            return new BackupException("Connection to the API server lost while trying to " + verb + " " + resource
                    + " in " + namespace + " for " + purpose + " (" + root(e) + "). Check the VPN or network and"
                    + " retry.", e);
        }
        return new BackupException("Could not " + verb + " " + resource + " in " + namespace + " for " + purpose
                + ": HTTP " + code + " " + status(e) + ".", e);
    }
}
