package io.neurectomy.console.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.config.ConfigHistory;
import io.neurectomy.console.core.config.ConfigTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which version the broken-config runbook puts back, from what runs and the console's history. */
class ConfigRollbackStepTest {
    private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");

    private static ConfigHistory.Version version(String text, Duration ago) {
        return new ConfigHistory.Version(NOW.minus(ago), "prod", ConfigTarget.PROMETHEUS, "1",
                Map.of("prometheus.yml", text), Path.of("v"));
    }

    @Test
    void aConfigChangedOutsideTheConsoleGoesBackToTheNewestVersionInTheHistory() {
        ConfigHistory.Version newest = version("good", Duration.ofDays(3));
        List<ConfigHistory.Version> history = List.of(newest, version("older", Duration.ofDays(9)));

        assertThat(ConfigRollbackStep.before(Map.of("prometheus.yml", "bad"), history, NOW)).contains(newest);
    }

    @Test
    void aRecentChangeThroughTheConsoleGoesBackToTheVersionBeforeIt() {
        ConfigHistory.Version previous = version("good", Duration.ofDays(1));
        List<ConfigHistory.Version> history = List.of(version("bad", Duration.ofMinutes(20)),
                version("bad", Duration.ofMinutes(30)), previous);

        assertThat(ConfigRollbackStep.before(Map.of("prometheus.yml", "bad"), history, NOW)).contains(previous);
    }

    @Test
    void aConfigThatHasNotChangedLatelyIsLeftAlone() {
        List<ConfigHistory.Version> history = List.of(version("same", ConfigRollbackStep.RECENT.plusSeconds(1)),
                version("older", Duration.ofDays(9)));

        assertThat(ConfigRollbackStep.before(Map.of("prometheus.yml", "same"), history, NOW)).isEmpty();
        assertThat(ConfigRollbackStep.before(Map.of("prometheus.yml", "same"), List.of(), NOW)).isEmpty();
        assertThat(ConfigRollbackStep.before(Map.of("prometheus.yml", "same"), List.of(version("same",
                Duration.ofMinutes(5))), NOW)).as("no earlier version").isEmpty();
    }
}
