package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.ops.DeletePod;
import io.neurectomy.console.ui.health.HealthSession;

/** The Health section's work on one session: the core's standard health check, and the delete-pod operation. */
final class SessionHealth implements HealthSession {
    private final ClusterSession session;
    private final HealthChecker checker;

    SessionHealth(ClusterSession session, HealthChecker checker) {
        this.session = session;
        this.checker = checker;
    }

    @Override
    public HealthReport check() throws InterruptedException {
        return checker.check(session);
    }

    @Override
    public Operation<Void> deletePod(String namespace, String name) {
        String ns = namespace == null || namespace.isEmpty() ? session.namespace() : namespace;
        // The owner as the session's picture knows it, for the plan's note (as the topology's delete does).
        String controller = session.state().snapshot().pods().stream()
                .filter(p -> p.name().equals(name) && (p.namespace().isEmpty() || p.namespace().equals(ns)))
                .map(PodInfo::workload).findFirst().orElse("");
        return new DeletePod(session, ns, name, controller);
    }
}
