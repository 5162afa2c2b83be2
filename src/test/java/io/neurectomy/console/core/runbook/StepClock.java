package io.neurectomy.console.core.runbook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test moves it on (and, if asked, moves on by a step at every reading). */
final class StepClock extends Clock {
    private Instant now;
    private final Duration perReading;

    StepClock(Instant start, Duration perReading) {
        this.now = start;
        this.perReading = perReading;
    }

    StepClock(Instant start) {
        this(start, Duration.ZERO);
    }

    synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public synchronized Instant instant() {
        Instant reading = now;
        now = now.plus(perReading);
        return reading;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
