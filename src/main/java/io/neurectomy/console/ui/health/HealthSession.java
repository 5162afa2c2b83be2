package io.neurectomy.console.ui.health;

import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.operation.Operation;

/**
 * What the Health section may do in one session: run the health check, and make the operation a finding's
 * "Restart" link runs. The view model never holds a client.
 */
public interface HealthSession {
    /** Runs every health probe over the session's stack; blocks (off the FX thread), about a second. */
    HealthReport check() throws InterruptedException;

    /**
     * The operation that deletes pod {@code name} of {@code namespace} so that its controller replaces it (the
     * controller named in its plan, as the session's picture knows it).
     */
    Operation<Void> deletePod(String namespace, String name);
}
