package io.neurectomy.console.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgeFormatTest {

    @Test
    void formatsLikeKubectl() {
        assertThat(AgeFormat.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(AgeFormat.format(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(AgeFormat.format(Duration.ofSeconds(150))).isEqualTo("2m30s");
        assertThat(AgeFormat.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(AgeFormat.format(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(AgeFormat.format(Duration.ofMinutes(200))).isEqualTo("3h20m");
        assertThat(AgeFormat.format(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(AgeFormat.format(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(AgeFormat.format(Duration.ofHours(50))).isEqualTo("2d2h");
        assertThat(AgeFormat.format(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(AgeFormat.format(Duration.ofDays(40))).isEqualTo("40d");
        assertThat(AgeFormat.format(Duration.ofDays(800))).isEqualTo("2y70d");
        assertThat(AgeFormat.format(Duration.ofDays(365 * 9))).isEqualTo("9y");
    }

    @Test
    void clockSkewShowsZeroAndUnknownTimeShowsNothing() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(AgeFormat.age(now.plusMillis(500), now)).isEqualTo("0s");
        assertThat(AgeFormat.age(null, now)).isEmpty();
    }
}
