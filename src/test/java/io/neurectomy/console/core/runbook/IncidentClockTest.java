package io.neurectomy.console.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncidentClockTest {
    private static final Instant START = Instant.parse("2026-12-07T03:00:00Z");

    @Test
    void elapsedAndRemainingAreMeasuredFromTheStartAgainstTheFifteenMinuteRto() {
        StepClock time = new StepClock(START);
        IncidentClock clock = IncidentClock.start(time);
        time.advance(Duration.ofMinutes(3).plusSeconds(12));

        assertThat(clock.started()).isEqualTo(START);
        assertThat(clock.rto()).isEqualTo(Duration.ofMinutes(15));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(192));
        assertThat(clock.remaining()).isEqualTo(Duration.ofSeconds(708));
        assertThat(clock.overRto()).isFalse();
        assertThat(clock.status()).isEqualTo("03:12 elapsed, 11:48 left of the 15:00 RTO");
    }

    @Test
    void pastTheRtoTheStatusSaysByHowMuch() {
        StepClock time = new StepClock(START);
        IncidentClock clock = IncidentClock.start(time);
        time.advance(Duration.ofMinutes(17).plusSeconds(5));

        assertThat(clock.overRto()).isTrue();
        assertThat(clock.remaining()).isNegative();
        assertThat(clock.status()).isEqualTo("17:05 elapsed, 02:05 over the 15:00 RTO");
    }

    @Test
    void exactlyAtTheRtoIsStillWithinIt() {
        StepClock time = new StepClock(START);
        IncidentClock clock = IncidentClock.start(time);
        time.advance(IncidentClock.RTO);

        assertThat(clock.overRto()).isFalse();
    }

    @Test
    void aTimeBeforeTheStartCountsAsZeroAndHoursAreShown() {
        IncidentClock clock = IncidentClock.start(new StepClock(START));

        assertThat(clock.elapsedAt(START.minusSeconds(30))).isZero();
        assertThat(IncidentClock.format(Duration.ofMinutes(75).plusSeconds(3))).isEqualTo("1:15:03");
    }

    @Test
    void aRtoThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> IncidentClock.start(new StepClock(START), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RTO must be positive");
    }
}
