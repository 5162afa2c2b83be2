package io.neurectomy.console.core.endpoints;

import java.time.Duration;
import java.util.Optional;

/**
 * Notices that the machine slept (or that its wall clock was set): between two checks the wall clock moved more
 * than {@code threshold} further than the monotonic clock, which stands still during sleep. After a wake-up every
 * stream may be dead without anyone having noticed, so a forward checks its target again at once.
 *
 * <p>Not thread-safe: one forward's worker thread calls {@link #check()}.
 */
public final class ClockJumpDetector {
    private final ForwardClock clock;
    private final long thresholdNanos;
    private long lastMono;
    private long lastWallMillis;

    public ClockJumpDetector(ForwardClock clock, Duration threshold) {
        this.clock = clock;
        this.thresholdNanos = threshold.toNanos();
        this.lastMono = clock.monotonicNanos();
        this.lastWallMillis = clock.now().toEpochMilli();
    }

    /** The jump since the last check (wall time minus monotonic time), when it is larger than the threshold. */
    public Optional<Duration> check() {
        long mono = clock.monotonicNanos();
        long wall = clock.now().toEpochMilli();
        long monoDelta = mono - lastMono;
        long wallDelta = (wall - lastWallMillis) * 1_000_000L;
        lastMono = mono;
        lastWallMillis = wall;
        long jump = wallDelta - monoDelta;
        return Math.abs(jump) > thresholdNanos ? Optional.of(Duration.ofNanos(jump)) : Optional.empty();
    }
}
