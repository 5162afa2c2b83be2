package io.neurectomy.console.ui.overview;

import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.util.AgeFormat;
import java.time.Instant;

/**
 * One line of the pod table, already formatted like {@code kubectl get pods}.
 *
 * @param name     pod name
 * @param node     node it runs on, or empty
 * @param status   STATUS column (phase or the reason that explains it)
 * @param ready    READY column, e.g. "1/1"
 * @param restarts restarts summed over the containers
 * @param age      AGE column, e.g. "5m"
 * @param healthy  running with every container ready
 */
public record PodRow(String name, String node, String status, String ready, int restarts, String age,
                     boolean healthy) {

    static PodRow of(PodInfo p, Instant now) {
        boolean healthy = p.ready() && ("Running".equals(p.status()) || "Succeeded".equals(p.status()));
        return new PodRow(p.name(), p.node(), p.status(), p.readyContainers() + "/" + p.containers(), p.restarts(),
                AgeFormat.age(p.created(), now), healthy);
    }
}
