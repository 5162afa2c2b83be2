package io.neurectomy.console.ui.overview;

import io.neurectomy.console.core.cluster.WorkloadInfo;

/**
 * One line of the workload table.
 *
 * @param kind    StatefulSet, Deployment or DaemonSet
 * @param name    workload name
 * @param desired replicas asked for
 * @param current replicas that exist
 * @param ready   replicas that are ready
 * @param updated replicas on the current template
 * @param stack   whether it is one of the monitoring stack's own workloads
 * @param health  how it compares to what was asked for
 */
public record WorkloadRow(String kind, String name, int desired, int current, int ready, int updated, boolean stack,
                          Health health) {

    /** How a workload compares to its spec. */
    public enum Health {
        /** Every desired replica is ready. */
        OK,
        /** Fewer replicas are ready than desired. */
        DEGRADED,
        /** A stack workload that the namespace does not have. */
        MISSING
    }

    static WorkloadRow of(WorkloadInfo w) {
        Health health = !w.present() ? Health.MISSING : w.ready() < w.desired() ? Health.DEGRADED : Health.OK;
        return new WorkloadRow(w.kind(), w.name(), w.desired(), w.current(), w.ready(), w.updated(), w.stack(),
                health);
    }

    /** The status column: "not deployed", "2/3 ready" or "ready". */
    public String statusText() {
        return switch (health) {
            case MISSING -> "not deployed";
            case DEGRADED -> ready + "/" + desired + " ready";
            case OK -> desired == 0 ? "scaled to zero" : "ready";
        };
    }
}
