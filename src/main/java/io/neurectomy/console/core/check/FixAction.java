package io.neurectomy.console.core.check;

import java.util.Objects;

/**
 * The console's action that addresses a finding, offered beside it: a place to go ({@code show-node}) or an
 * operation to run ({@code delete-pod}, {@code reload}), named the way the command line names it.
 *
 * @param operation what to do, e.g. {@link #SHOW_NODE} or {@link #DELETE_POD}
 * @param target    what to do it to: a node name, a {@code namespace/pod} key, a {@code namespace/workload} key, an
 *                  alert's matchers
 * @param label     the link text, e.g. "Show node node-b"
 */
public record FixAction(String operation, String target, String label) {
    /** Select a node's lane. */
    public static final String SHOW_NODE = "show-node";
    /** Select a pod and open its detail panel. */
    public static final String SHOW_POD = "show-pod";
    /** Select a workload (and highlight its pods). */
    public static final String SHOW_WORKLOAD = "show-workload";
    /** Delete a pod so that its controller reschedules it (with confirmation). */
    public static final String DELETE_POD = "delete-pod";
    /** Open the Logs section on a pod ({@code namespace/pod}). */
    public static final String SHOW_LOGS = "show-logs";
    /**
     * Silence a firing alert: the target is the silence's matchers, one a line ({@code alertname="Watchdog"}), for the
     * user to complete with a duration and a comment.
     */
    public static final String SILENCE_ALERT = "silence-alert";

    public FixAction {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(label, "label");
    }
}
