package io.neurectomy.console.core.topology;

import java.util.Locale;

/** How the topology colours and groups pods: by the stack component they belong to. */
public enum WorkloadGroup {
    PROMETHEUS, GRAFANA, ALERTMANAGER, OTHER;

    /** The group of a workload (or pod owner) name; anything outside the stack is {@link #OTHER}. */
    public static WorkloadGroup of(String workload) {
        if (workload == null) {
            return OTHER;
        }
        return switch (workload.toLowerCase(Locale.ROOT)) {
            case "prometheus" -> PROMETHEUS;
            case "grafana" -> GRAFANA;
            case "alertmanager" -> ALERTMANAGER;
            default -> OTHER;
        };
    }
}
