package io.neurectomy.console.core.cluster;

import java.time.Instant;

/**
 * A Kubernetes event about an object of the watched namespace(s).
 *
 * @param namespace    namespace
 * @param involvedKind kind of the object it is about (Pod, Node, StatefulSet, …)
 * @param involvedName name of that object
 * @param type         {@code Normal} or {@code Warning}
 * @param reason       short reason (FailedScheduling, BackOff, Killing, …)
 * @param message      the event's message
 * @param count        how many times it happened
 * @param lastSeen     when it last happened, or null
 */
public record EventInfo(String namespace, String involvedKind, String involvedName, String type, String reason,
                        String message, int count, Instant lastSeen) {
}
