package io.neurectomy.console.core.operation;

/**
 * Receives a running operation's events, on the operation's own thread. A window listener hands them to the FX
 * thread itself; a command-line listener prints them.
 */
@FunctionalInterface
public interface ProgressListener {
    void on(ProgressEvent event);

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return e -> {
        };
    }
}
