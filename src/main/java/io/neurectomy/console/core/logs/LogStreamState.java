package io.neurectomy.console.core.logs;

/** What a log stream is doing. */
public enum LogStreamState {
    /** Opening the stream. */
    CONNECTING,
    /** Lines arrive as the container writes them (or, without follow, the tail is being read). */
    STREAMING,
    /** The followed container stopped or its pod was replaced; waiting for it to run again, then continuing. */
    RECONNECTING,
    /** The stream ended normally: the tail was read (no follow), or it was closed. */
    ENDED,
    /** It cannot go on: the pod is gone for good, access is denied, the connection was lost. The message says why. */
    FAILED
}
