package io.neurectomy.console.core.config;

/** What a reload transaction did on one replica. */
public record ReplicaResult(String pod, Outcome outcome, String detail) {
    /** The replica's end state. */
    public enum Outcome {
        /** Runs the new config: the file matched, the reload succeeded and was verified. */
        RELOADED,
        /** Refused the new config (or could not be verified); it was brought back to the old one. */
        FAILED,
        /** Reloaded with the new config, then brought back to the old one because a later replica failed. */
        ROLLED_BACK,
        /** Never reloaded: the transaction stopped before reaching it. */
        NOT_TOUCHED,
        /** Not ready, so not reloaded; it reads the file when it starts. */
        SKIPPED
    }
}
