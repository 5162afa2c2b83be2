package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-modify-write of an object that something else also writes: a node or a pod (their status, written by the
 * kubelet), a workload (its status, written by its controller). fabric8's {@code edit} sends the version it read,
 * and the API server refuses the write with 409 Conflict when the object changed in between; the edit then reads
 * the newer object and writes again, a few times, as Kubernetes' own clients do ({@code RetryOnConflict}). Any
 * other error, and a conflict that persists, is the caller's to report.
 */
final class ConflictRetry {
    /** How often a write that met a concurrent change is tried in all. */
    static final int ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ConflictRetry.class);

    private ConflictRetry() {
    }

    /** Runs {@code write} (a read-modify-write) until the server takes it, trying again on 409 only. */
    static void write(String what, Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.debug("{}: the object changed meanwhile; reading it again ({} of {})", what, attempt, ATTEMPTS);
            }
        }
    }
}
