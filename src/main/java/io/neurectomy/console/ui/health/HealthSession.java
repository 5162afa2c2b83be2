package io.neurectomy.console.ui.health;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.ops.DeletePod;
import java.time.Duration;

/**
 * What the Health section may do in one session: run the health check, and make the operation a finding's
 * "Restart" link runs. The view model never holds a client.
 */
public interface HealthSession {
    /** How long a check waits for the session's first listing of the namespace before it says it could not check. */
    Duration SYNC_LIMIT = Duration.ofSeconds(20);

    /**
     * Runs every health probe over the session's stack; blocks (off the FX thread), about a second, and after
     * connecting until the session's picture of the namespace has been listed.
     */
    HealthReport check() throws InterruptedException;

    /**
     * The operation that deletes pod {@code name} of {@code namespace} so that its controller replaces it (the
     * controller named in its plan, as the session's picture knows it).
     */
    Operation<Void> deletePod(String namespace, String name);

    /** The core's standard health check of {@code session}'s stack, and its delete-pod operation. */
    static HealthSession of(ClusterSession session) {
        HealthChecker checker = HealthChecker.standard();
        return new HealthSession() {
            @Override
            public HealthReport check() throws InterruptedException {
                // Right after connecting the first check would otherwise say "could not be listed" for a moment.
                HealthChecker.awaitSync(session, SYNC_LIMIT);
                return checker.check(session);
            }

            @Override
            public Operation<Void> deletePod(String namespace, String name) {
                String ns = namespace == null || namespace.isEmpty() ? session.namespace() : namespace;
                // The owner as the session's picture knows it, for the plan's note (as the topology's delete).
                String controller = session.state().snapshot().pods().stream()
                        .filter(p -> p.name().equals(name) && (p.namespace().isEmpty() || p.namespace().equals(ns)))
                        .map(PodInfo::workload).findFirst().orElse("");
                return new DeletePod(session, ns, name, controller);
            }
        };
    }
}
