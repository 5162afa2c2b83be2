package io.neurectomy.console.ui.topology;

/** How a pod, lane or workload looks at a glance; the view colours it. */
public enum Health {
    /** Running and ready, or bound, or complete. */
    OK,
    /** On its way or degraded: starting, not ready yet, pending, terminating. */
    WARNING,
    /** Broken: crash loops, OOM kills, image pull errors, failed. */
    ERROR,
    /** Nothing to judge (e.g. not deployed). */
    NEUTRAL
}
