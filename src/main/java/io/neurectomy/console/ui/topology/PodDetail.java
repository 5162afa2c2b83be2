package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.stack.StackComponent;
import java.util.List;
import java.util.Optional;

/**
 * Everything the pod panel shows about the selected pod.
 *
 * @param key        {@code namespace/name}
 * @param name       pod name
 * @param namespace  namespace
 * @param node       node, or empty when unscheduled
 * @param workload   owner, or empty
 * @param component  stack component (empty outside the stack)
 * @param status     status as kubectl prints it
 * @param health     colour of the status
 * @param ready      "x/y" containers ready
 * @param restarts   restarts
 * @param age        age
 * @param scheduling why it is not scheduled, or empty
 * @param containers its containers, with the guide's defaults beside stack containers
 * @param conditions its conditions
 * @param claims     the claims its volumes mount
 * @param events     latest events about it, newest first
 * @param gone       true when the pod no longer exists (the panel then shows its last known state)
 */
public record PodDetail(String key, String name, String namespace, String node, String workload,
                        Optional<StackComponent> component, String status, Health health, String ready, int restarts,
                        String age, String scheduling,
                        List<ContainerRow> containers, List<ConditionRow> conditions, List<ClaimRow> claims,
                        List<EventRow> events, boolean gone) {
    public PodDetail {
        containers = List.copyOf(containers);
        conditions = List.copyOf(conditions);
        claims = List.copyOf(claims);
        events = List.copyOf(events);
    }

    /** The same detail, marked as belonging to a pod that has been deleted. */
    public PodDetail asGone() {
        return new PodDetail(key, name, namespace, node, workload, component, status, health, ready, restarts, age,
                scheduling, containers, conditions, claims, events, true);
    }

    /**
     * One container.
     *
     * @param name         container name
     * @param image        image
     * @param state        "running", "waiting: CrashLoopBackOff", … with the last termination reason
     * @param health       colour of the state
     * @param requests     "2 CPU, 8Gi" or "not set"
     * @param limits       "4 CPU, 16Gi" or "not set"
     * @param seed         the guide's default, "requests 2 CPU, 8Gi · limits 4 CPU, 16Gi", or empty outside the stack
     * @param differsFromSeed whether requests or limits differ from the guide's default
     */
    public record ContainerRow(String name, String image, String state, Health health, String requests,
                               String limits, String seed, boolean differsFromSeed) {
    }

    /**
     * One condition.
     *
     * @param type    condition type
     * @param status  True, False or Unknown
     * @param reason  reason and message, or empty
     * @param healthy whether the status is the good one
     */
    public record ConditionRow(String type, String status, String reason, boolean healthy) {
    }

    /**
     * One claim.
     *
     * @param name     claim name
     * @param phase    Bound, Pending, Lost, or "not found"
     * @param capacity capacity and storage class, or empty
     * @param health   colour of the phase
     */
    public record ClaimRow(String name, String phase, String capacity, Health health) {
    }

    /**
     * One event.
     *
     * @param warning whether its type is Warning
     * @param reason  reason
     * @param message message (with "×n" when repeated)
     * @param age     since it last happened
     */
    public record EventRow(boolean warning, String reason, String message, String age) {
    }
}
