package io.neurectomy.console.core.runbook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The time of an incident, from the start of its runbook, against the recovery time objective (the guide's RTO:
 * 15 minutes). The clock is injected so that tests read fixed times.
 */
public final class IncidentClock {
    /** The deployment guide's recovery time objective. */
    public static final Duration RTO = Duration.ofMinutes(15);

    private final Clock clock;
    private final Instant started;
    private final Duration rto;

    private IncidentClock(Clock clock, Instant started, Duration rto) {
        this.clock = clock;
        this.started = started;
        this.rto = rto;
    }

    /** A clock started now (by {@code clock}) against the guide's 15-minute RTO. */
    public static IncidentClock start(Clock clock) {
        return start(clock, RTO);
    }

    /** A clock started now (by {@code clock}) against {@code rto}. */
    public static IncidentClock start(Clock clock, Duration rto) {
        Objects.requireNonNull(clock, "clock");
        if (rto == null || rto.isNegative() || rto.isZero()) {
            throw new IllegalArgumentException("The RTO must be positive, not " + rto);
        }
        return new IncidentClock(clock, clock.instant(), rto);
    }

    public Instant started() {
        return started;
    }

    public Duration rto() {
        return rto;
    }

    /** The time now, by the clock the incident is measured with. */
    public Instant now() {
        return clock.instant();
    }

    /** Time since the start. */
    public Duration elapsed() {
        return elapsedAt(now());
    }

    /** Time from the start to {@code when} (zero before the start). */
    public Duration elapsedAt(Instant when) {
        Duration d = Duration.between(started, when);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Time left within the RTO; negative once it is exceeded. */
    public Duration remaining() {
        return rto.minus(elapsed());
    }

    /** Whether the recovery has taken longer than the RTO. */
    public boolean overRto() {
        return elapsed().compareTo(rto) > 0;
    }

    /** "03:12 elapsed, 11:48 left of the 15:00 RTO" or "17:05 elapsed, 02:05 over the 15:00 RTO". */
    public String status() {
        return statusAt(now());
    }

    /** {@link #status()} as it reads at {@code when}. */
    public String statusAt(Instant when) {
        Duration elapsed = elapsedAt(when);
        Duration left = rto.minus(elapsed);
        return format(elapsed) + " elapsed, " + (left.isNegative() ? format(left.negated()) + " over"
                : format(left) + " left of") + " the " + format(rto) + " RTO";
    }

    /** {@code mm:ss}, or {@code h:mm:ss} from an hour on. */
    public static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long h = s / 3600;
        long m = s % 3600 / 60;
        long sec = s % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, sec) : String.format("%02d:%02d", m, sec);
    }
}
