package io.neurectomy.console.core.cluster;

import java.util.Map;

/**
 * A PodDisruptionBudget of the watched namespace(s).
 *
 * @param namespace          namespace
 * @param name               name
 * @param selector           the selector's {@code matchLabels} (expressions are not evaluated)
 * @param minAvailable       {@code spec.minAvailable} as written (a number or a percentage), or empty
 * @param maxUnavailable     {@code spec.maxUnavailable} as written, or empty
 * @param currentHealthy     {@code status.currentHealthy}
 * @param desiredHealthy     {@code status.desiredHealthy}
 * @param disruptionsAllowed {@code status.disruptionsAllowed}
 * @param expectedPods       {@code status.expectedPods}
 */
public record PdbInfo(String namespace, String name, Map<String, String> selector, String minAvailable,
                      String maxUnavailable, int currentHealthy, int desiredHealthy, int disruptionsAllowed,
                      int expectedPods) {
    public PdbInfo {
        selector = Map.copyOf(selector);
    }
}
