package io.neurectomy.console.core.endpoints;

import java.time.Instant;

/**
 * The two clocks a forward reads: the monotonic one (for intervals; on Linux and macOS it stands still while the
 * machine sleeps) and the wall clock (for times shown to people; it jumps ahead across a sleep). Tests inject both.
 */
public interface ForwardClock {
    /** Monotonic nanoseconds, like {@link System#nanoTime()}. */
    long monotonicNanos();

    /** The wall-clock time. */
    Instant now();

    /** The machine's clocks. */
    static ForwardClock system() {
        return new ForwardClock() {
            @Override
            public long monotonicNanos() {
                return System.nanoTime();
            }

            @Override
            public Instant now() {
                return Instant.now();
            }
        };
    }
}
