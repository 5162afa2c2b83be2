package io.neurectomy.console.core.check;

/** How urgent a finding is; declared most urgent first, so sorting by it puts what to fix first on top. */
public enum Severity {
    /** Availability is lost or about to be: act now. */
    CRITICAL,
    /** Something is refused or does not work as intended (an invalid config, a failed check): fix it. */
    ERROR,
    /** Something promised is reduced (redundancy, isolation, headroom): the next failure hurts. */
    WARNING,
    /** The check could not run (no access, no answer); the reason says why. Never read as healthy. */
    UNKNOWN,
    /** Worth knowing; nothing is lost. */
    INFO,
    /** The check ran and found what it should. */
    OK;

    /** Whether a finding of this severity asks for action. */
    public boolean actionable() {
        return this == CRITICAL || this == ERROR || this == WARNING;
    }
}
