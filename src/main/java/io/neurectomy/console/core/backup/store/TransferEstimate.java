package io.neurectomy.console.core.backup.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Turns {@link io.neurectomy.console.core.operation.ProgressEvent.Bytes} events into a rate and an ETA for a
 * progress bar. The rate is smoothed (exponential moving average over about five seconds) so the ETA does not jump with
 * every buffer. Not thread-safe: feed it from one thread (or the FX thread after the hand-off).
 */
public final class TransferEstimate {
    private static final double WINDOW_SECONDS = 5.0;

    private long startNanos = -1;
    private long lastNanos;
    private long lastDone;
    private long total = -1;
    private long done;
    private double rate = -1;

    /** Records that {@code done} of {@code total} (-1: unknown) bytes were moved at {@code nanoTime}. */
    public void update(long done, long total, long nanoTime) {
        if (startNanos < 0) {
            startNanos = nanoTime;
            lastNanos = nanoTime;
            lastDone = done;
        } else if (nanoTime > lastNanos) {
            double seconds = (nanoTime - lastNanos) / 1e9;
            double instant = (done - lastDone) / seconds;
            double weight = Math.min(1.0, seconds / WINDOW_SECONDS);
            rate = rate < 0 ? instant : rate + weight * (instant - rate);
            lastNanos = nanoTime;
            lastDone = done;
        }
        this.done = done;
        this.total = total;
    }

    /** Bytes per second, once two reports came in. */
    public Optional<Double> bytesPerSecond() {
        return rate < 0 ? Optional.empty() : Optional.of(rate);
    }

    /** Time left at the current rate, when the total is known and the rate positive. */
    public Optional<Duration> remaining() {
        if (total < 0 || rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) (Math.max(0, total - done) / rate * 1000)));
    }

    /** Fraction done (0..1), or empty when the total is unknown. */
    public Optional<Double> fraction() {
        return total <= 0 ? Optional.empty() : Optional.of(Math.min(1.0, (double) done / total));
    }
}
