package io.neurectomy.console.core.topology;

/** How urgent a finding is; declared most urgent first. */
public enum Severity {
    /** Availability is lost or about to be: act now. */
    CRITICAL,
    /** Redundancy is reduced: the next failure hurts. */
    WARNING,
    /** Worth knowing, no loss of redundancy. */
    INFO
}
