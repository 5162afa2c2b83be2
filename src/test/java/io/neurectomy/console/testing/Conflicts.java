package io.neurectomy.console.testing;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/**
 * A test's read-modify-write of an object the cluster's controllers also write (a pod's or a workload's status, a
 * budget's counts). fabric8's {@code edit} sends the version it read, and the server refuses it with 409 Conflict
 * when a controller wrote in between, as a real API server does; the edit is then made again on the newer object.
 */
public final class Conflicts {
    private Conflicts() {
    }

    /** Runs {@code edit} until the server takes it (refused with 409 only), at most for {@code timeout}. */
    public static void retry(Duration timeout, String what, Runnable edit) {
        Poll.until(timeout, what, () -> {
            try {
                edit.run();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return false;
                }
                throw e;
            }
        });
    }
}
