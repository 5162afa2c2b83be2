package io.neurectomy.console.core.cluster;

/**
 * A cluster node as the overview needs it.
 *
 * @param name          node name
 * @param ready         whether the Ready condition is True
 * @param unschedulable whether the node is cordoned
 */
public record NodeInfo(String name, boolean ready, boolean unschedulable) {
}
