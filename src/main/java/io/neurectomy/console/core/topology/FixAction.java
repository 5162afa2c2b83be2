package io.neurectomy.console.core.topology;

/**
 * An action of the console that addresses a finding, for a link beside it.
 *
 * @param kind   what to do
 * @param target what to do it to: a node name, a {@code namespace/pod} key, or a {@code namespace/workload} key
 * @param label  the link text, e.g. "Show node node-b"
 */
public record FixAction(Kind kind, String target, String label) {
    /** The actions a finding can link to. */
    public enum Kind {
        /** Select a node's lane. */
        SHOW_NODE,
        /** Select a pod and open its detail panel. */
        SHOW_POD,
        /** Select a workload in the strip (and highlight its pods). */
        SHOW_WORKLOAD,
        /** Delete a pod so that its controller reschedules it (with confirmation). */
        DELETE_POD
    }
}
