package io.neurectomy.console.core.cluster;

import java.time.Instant;

/**
 * A pod or node condition.
 *
 * @param type           condition type (Ready, PodScheduled, ContainersReady, …)
 * @param status         {@code True}, {@code False} or {@code Unknown}
 * @param reason         machine-readable reason, or empty
 * @param message        human-readable message, or empty
 * @param lastTransition when the status last changed, or null
 */
public record ConditionInfo(String type, String status, String reason, String message, Instant lastTransition) {
}
