package io.neurectomy.console.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigHistoryTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void keepsTheLastVersionsPerContextNewestFirst() {
        ConfigHistory history = new ConfigHistory(dir, 3);
        for (int i = 0; i < 5; i++) {
            history.record("prod", new ConfigObject(ConfigTarget.PROMETHEUS, "monitoring", "v" + i,
                    Map.of("prometheus.yml", "version " + i)), T0.plusSeconds(i));
        }
        history.record("staging", new ConfigObject(ConfigTarget.PROMETHEUS, "monitoring", "s1",
                Map.of("prometheus.yml", "staging")), T0);

        List<ConfigHistory.Version> prod = history.list("prod", ConfigTarget.PROMETHEUS);
        assertThat(prod).extracting(ConfigHistory.Version::resourceVersion).containsExactly("v4", "v3", "v2");
        assertThat(prod.get(0).data()).containsEntry("prometheus.yml", "version 4");
        assertThat(prod.get(0).time()).isEqualTo(T0.plusSeconds(4));
        assertThat(history.list("staging", ConfigTarget.PROMETHEUS)).hasSize(1);
        assertThat(history.list("prod", ConfigTarget.RULES)).isEmpty();
    }

    @Test
    void secretVersionsAreSealedOnDiskAndReadBack() throws Exception {
        ConfigHistory history = new ConfigHistory(dir, 5);
        String secret = "https://hooks.slack.com/services/T000/B000/SECRETVALUE";
        ConfigHistory.Version v = history.record("ctx/with:odd chars", new ConfigObject(ConfigTarget.ALERTMANAGER,
                "monitoring", "7", Map.of("alertmanager.yml", "api_url: " + secret)), T0);

        assertThat(v.file().getFileName().toString()).endsWith(".json.sealed");
        assertThat(v.file().getParent().getParent().getFileName().toString()).isEqualTo("ctx_with_odd_chars");
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
            }
        }
        assertThat(history.list("ctx/with:odd chars", ConfigTarget.ALERTMANAGER)).singleElement()
                .satisfies(read -> assertThat(read.data().get("alertmanager.yml")).contains(secret));
    }

    @Test
    void aDamagedEntryIsSkippedNotFatal() throws Exception {
        ConfigHistory history = new ConfigHistory(dir, 5);
        ConfigHistory.Version v = history.record("prod", new ConfigObject(ConfigTarget.RULES, "monitoring", "1",
                Map.of("a.yml", "groups: []")), T0);
        Files.writeString(v.file().resolveSibling("20990101T000000.000Z.json"), "{not json");
        assertThat(history.list("prod", ConfigTarget.RULES)).extracting(ConfigHistory.Version::resourceVersion)
                .containsExactly("1");
    }
}
