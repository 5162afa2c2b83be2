package io.neurectomy.console.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.testing.YamlBombs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shared YAML limits, as the readers that are not the config validator use them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BoundedYamlTest {
    @TempDir
    Path tmp;

    @Test
    void ordinaryYamlWithAnchorsAndMergeKeysLoads() {
        Object doc = BoundedYaml.load("base: &b {a: 1}\nmerged:\n  <<: *b\n  c: [x, y]\n");

        assertThat(doc).isEqualTo(Map.of("base", Map.of("a", 1), "merged", Map.of("a", 1, "c", List.of("x", "y"))));
    }

    @Test
    void loadRefusesTheNestedAliasBombNamingTheLimitAndItsPlace() {
        assertThatThrownBy(() -> BoundedYaml.load(YamlBombs.nestedAliases(10, 9)))
                .isInstanceOfSatisfying(BoundedYaml.LimitException.class, e -> {
                    assertThat(e.line()).isEqualTo(7);
                    assertThat(e.column()).isEqualTo(30);
                    assertThat(e.getMessage()).isEqualTo("YAML limit: more than 50 aliases (*name) to lists or"
                            + " mappings (line 7, column 30); write the repeated parts out, or use fewer anchors"
                            + " (&name)");
                });
    }

    @Test
    void checkRefusesLimitsInAnyDocumentButLeavesOtherErrorsToTheReader() {
        assertThatThrownBy(() -> BoundedYaml.check("a: 1\n---\n" + YamlBombs.nestedAliases(24, 2)))
                .isInstanceOf(BoundedYaml.LimitException.class)
                .hasMessageStartingWith("YAML limit: aliases expand the document by more than 100000 nodes");
        assertThatCode(() -> BoundedYaml.check("a: [unclosed\n")).doesNotThrowAnyException();
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        Path big = tmp.resolve("big.yaml");
        Files.writeString(big, YamlBombs.oversized(9 * 1024 * 1024));

        assertThatThrownBy(() -> BoundedYaml.read(big)).isInstanceOf(BoundedYaml.LimitException.class)
                .hasMessage("YAML limit: the document is " + Files.size(big) + " bytes, more than the 8388608 the"
                        + " console reads; split it, or remove what it does not need");
    }

    @Test
    void anInterruptedThreadStopsParsing() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> BoundedYaml.load("a: [1, 2, 3]\n")).isInstanceOf(CancellationException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aPlainValueYamlTakesForANumberButIsNoneIsAYamlErrorThatLeavesTheValueOut() {
        // SnakeYAML resolves "._" as a float and then fails to read it with a NumberFormatException.
        for (String value : List.of("._", "-._", ".__", "._e1")) {
            assertThatThrownBy(() -> BoundedYaml.load("command: " + value + "\n"))
                    .as(value).isInstanceOf(org.yaml.snakeyaml.error.YAMLException.class)
                    .hasMessageContaining("put it in quotes").hasMessageNotContaining(value);
        }
        assertThat(BoundedYaml.load("command: '._'\n")).isEqualTo(Map.of("command", "._"));
    }
}
