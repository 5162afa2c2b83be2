package io.neurectomy.console.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockJumpDetectorTest {
    /** Two hand-driven clocks. */
    private static final class Clocks implements ForwardClock {
        long mono = 1_000_000_000L;
        Instant wall = Instant.parse("2026-11-26T12:00:00Z");

        void tick(Duration monotonic, Duration wallTime) {
            mono += monotonic.toNanos();
            wall = wall.plus(wallTime);
        }

        @Override
        public long monotonicNanos() {
            return mono;
        }

        @Override
        public Instant now() {
            return wall;
        }
    }

    private final Clocks clocks = new Clocks();
    private final ClockJumpDetector detector = new ClockJumpDetector(clocks, Duration.ofSeconds(5));

    @Test
    void ticksWhereBothClocksAgreeAreNoJump() {
        for (int i = 0; i < 10; i++) {
            clocks.tick(Duration.ofSeconds(1), Duration.ofMillis(1003));
            assertThat(detector.check()).isEmpty();
        }
    }

    @Test
    void sleepMakesTheWallClockRunAhead() {
        clocks.tick(Duration.ofSeconds(1), Duration.ofMinutes(45)); // monotonic time stood still while asleep

        assertThat(detector.check()).hasValueSatisfying(d -> assertThat(d.toSeconds()).isEqualTo(2699));
        clocks.tick(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(detector.check()).as("reported once").isEmpty();
    }

    @Test
    void aWallClockSetBackIsAJumpToo() {
        clocks.tick(Duration.ofSeconds(1), Duration.ofMinutes(-10));

        assertThat(detector.check()).hasValueSatisfying(d -> assertThat(d).isNegative());
    }

    @Test
    void smallDriftBelowTheThresholdIsIgnored() {
        clocks.tick(Duration.ofSeconds(2), Duration.ofSeconds(6));

        assertThat(detector.check()).isEmpty();
    }
}
