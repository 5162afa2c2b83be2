package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.cluster.Resources;
import io.neurectomy.console.core.topology.WorkloadGroup;
import java.util.Map;
import java.util.Optional;

/**
 * The default requests and limits of the deployment guide ("Default Resource Requests/Limits"), shown beside a
 * container's own so that a changed or missing setting stands out.
 */
public final class SeedDefaults {
    private static final long GI = 1024L * 1024 * 1024;

    /**
     * One component's defaults.
     *
     * @param requests CPU and memory requests
     * @param limits   CPU and memory limits
     */
    public record Defaults(Resources requests, Resources limits) {
    }

    private static final Map<WorkloadGroup, Defaults> TABLE = Map.of(
            WorkloadGroup.PROMETHEUS, new Defaults(new Resources(2000, 8 * GI), new Resources(4000, 16 * GI)),
            WorkloadGroup.GRAFANA, new Defaults(new Resources(1000, 2 * GI), new Resources(2000, 4 * GI)),
            WorkloadGroup.ALERTMANAGER, new Defaults(new Resources(500, GI), new Resources(1000, 2 * GI)));

    private SeedDefaults() {
    }

    /** The guide's defaults for a stack component; empty for anything outside the stack. */
    public static Optional<Defaults> of(WorkloadGroup group) {
        return Optional.ofNullable(TABLE.get(group));
    }
}
