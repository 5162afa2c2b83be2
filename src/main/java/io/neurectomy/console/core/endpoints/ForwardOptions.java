package io.neurectomy.console.core.endpoints;

import java.time.Duration;
import java.util.Objects;

/**
 * The timings of a {@link PortForwardManager}'s forwards.
 *
 * @param probeInterval      time between health checks while ACTIVE (2 s)
 * @param probeTimeout       how long one health check may take before it counts as failed (1.5 s); a check that
 *                           got no answer at all is tried once more on a new stream (a stream can stall)
 * @param firstBackoff       wait before the first retry after a failure (0.5 s); doubles after each failure …
 * @param maxBackoff         … up to this (5 s)
 * @param podGoneTimeout     a pod target that has been deleted and not re-created for this long turns the forward
 *                           FAILED (5 min)
 * @param clockJumpThreshold a difference between wall-clock and monotonic time between two ticks larger than this
 *                           counts as a wake-up from sleep (5 s)
 * @param streamOpenTimeout  a user connection whose stream to the pod has not opened within this is closed (10 s)
 * @param clock              the clocks (tests inject their own)
 */
public record ForwardOptions(Duration probeInterval, Duration probeTimeout, Duration firstBackoff, Duration maxBackoff,
                             Duration podGoneTimeout, Duration clockJumpThreshold, Duration streamOpenTimeout,
                             ForwardClock clock) {
    public ForwardOptions {
        positive(probeInterval, "probeInterval");
        positive(probeTimeout, "probeTimeout");
        positive(firstBackoff, "firstBackoff");
        positive(maxBackoff, "maxBackoff");
        positive(podGoneTimeout, "podGoneTimeout");
        positive(clockJumpThreshold, "clockJumpThreshold");
        positive(streamOpenTimeout, "streamOpenTimeout");
        Objects.requireNonNull(clock, "clock");
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
    }

    /** The console's timings. */
    public static ForwardOptions defaults() {
        return new ForwardOptions(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(500),
                Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
                ForwardClock.system());
    }

    public ForwardOptions withPodGoneTimeout(Duration d) {
        return new ForwardOptions(probeInterval, probeTimeout, firstBackoff, maxBackoff, d, clockJumpThreshold,
                streamOpenTimeout, clock);
    }

    public ForwardOptions withClock(ForwardClock c) {
        return new ForwardOptions(probeInterval, probeTimeout, firstBackoff, maxBackoff, podGoneTimeout,
                clockJumpThreshold, streamOpenTimeout, c);
    }

    public ForwardOptions withProbeInterval(Duration d) {
        return new ForwardOptions(d, probeTimeout, firstBackoff, maxBackoff, podGoneTimeout, clockJumpThreshold,
                streamOpenTimeout, clock);
    }

    public ForwardOptions withStreamOpenTimeout(Duration d) {
        return new ForwardOptions(probeInterval, probeTimeout, firstBackoff, maxBackoff, podGoneTimeout,
                clockJumpThreshold, d, clock);
    }
}
