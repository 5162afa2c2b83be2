package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a drill calls lost: a ConfigMap or Secret gone or changed, a silence no longer active. */
class DrillBaselineTest {
    private static DrillBaseline record(Map<String, String> configMaps, Map<String, String> secrets,
                                        Set<String> silences) {
        return new DrillBaseline(configMaps, secrets, Optional.of(silences), "");
    }

    @Test
    void theSameRecordLosesNothingAndSaysWhatWasCompared() {
        DrillBaseline before = record(Map.of("prometheus-config", "a1"), Map.of("grafana", "s1"), Set.of("x"));
        List<String> compared = new ArrayList<>();

        assertThat(before.lostSince(record(Map.of("prometheus-config", "a1"), Map.of("grafana", "s1"), Set.of("x",
                "y")), compared)).isEmpty();
        assertThat(compared).containsExactly("ConfigMaps: 1 of 1 identical", "Secrets: 1 of 1 identical",
                "silences: 1 active before, 1 of them active after");
    }

    @Test
    void aChangedConfigMapAMissingSecretAndAnEndedSilenceAreLost() {
        DrillBaseline before = record(Map.of("prometheus-config", "a1", "rules", "r1"), Map.of("grafana", "s1"),
                Set.of("x", "y"));

        List<String> lost = before.lostSince(record(Map.of("prometheus-config", "a2", "rules", "r1"), Map.of(),
                Set.of("y")), new ArrayList<>());

        assertThat(lost).containsExactlyInAnyOrder("ConfigMap prometheus-config changed", "Secret grafana is gone",
                "silence x is no longer active");
    }

    @Test
    void silencesThatCouldNotBeReadAreNotComparedAndSaySo() {
        DrillBaseline before = new DrillBaseline(Map.of(), Map.of(), Optional.empty(), "no Alertmanager answered");
        List<String> compared = new ArrayList<>();

        assertThat(before.lostSince(record(Map.of(), Map.of(), Set.of()), compared)).isEmpty();
        assertThat(compared).contains("silences: not compared (no Alertmanager answered)");
    }
}
