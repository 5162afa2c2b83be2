package io.neurectomy.console.core.logs;

import java.util.List;

/** Receives a log stream. Called on a stream thread, never the FX thread; calls for one stream never overlap. */
public interface LogListener {
    /** New lines, oldest first. Batched: a burst arrives as one call. */
    void lines(List<LogLine> batch);

    /**
     * The stream's state changed.
     *
     * @param state   what it is doing now
     * @param message for people: why it reconnects, why it ended or failed (an actionable sentence), or null
     */
    void state(LogStreamState state, String message);
}
