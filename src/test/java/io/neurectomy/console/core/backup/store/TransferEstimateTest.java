package io.neurectomy.console.core.backup.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransferEstimateTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aSteadyRateGivesTheRemainingTime() {
        TransferEstimate e = new TransferEstimate();
        e.update(0, 1000_000_000, 0);
        assertThat(e.remaining()).isEmpty();
        for (int s = 1; s <= 10; s++) {
            e.update(s * 10_000_000L, 1000_000_000, s * SECOND);
        }
        assertThat(e.bytesPerSecond()).hasValueSatisfying(r -> assertThat(r).isEqualTo(10_000_000.0));
        assertThat(e.remaining()).contains(Duration.ofSeconds(90));
        assertThat(e.fraction()).contains(0.1);
    }

    @Test
    void anUnknownTotalGivesARateButNoEta() {
        TransferEstimate e = new TransferEstimate();
        e.update(0, -1, 0);
        e.update(5_000_000, -1, SECOND);
        assertThat(e.bytesPerSecond()).contains(5_000_000.0);
        assertThat(e.remaining()).isEmpty();
        assertThat(e.fraction()).isEmpty();
    }
}
