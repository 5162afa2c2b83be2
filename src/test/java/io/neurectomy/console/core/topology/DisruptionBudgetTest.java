package io.neurectomy.console.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.PdbInfo;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DisruptionBudgetTest {

    @ParameterizedTest(name = "minAvailable={0} maxUnavailable={1} of {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            // integers
            "1,    -,    2,  1",
            "2,    -,    2,  2",
            "3,    -,    2,  3",   // more than there are: taken as written
            "0,    -,    3,  0",
            "-,    1,    3,  2",
            "-,    0,    3,  3",
            "-,    5,    3,  0",   // never below zero
            // percentages: minAvailable rounds up
            "50%,  -,    3,  2",   // 1.5 -> 2
            "50%,  -,    2,  1",
            "34%,  -,    3,  2",   // 1.02 -> 2
            "33%,  -,    3,  1",   // 0.99 -> 1
            "1%,   -,    10, 1",   // 0.1 -> 1
            "100%, -,    5,  5",
            "0%,   -,    5,  0",
            // percentages: maxUnavailable rounds the unavailable part up
            "-,    50%,  3,  1",   // 1.5 unavailable -> 2, leaves 1
            "-,    34%,  3,  1",   // 1.02 -> 2, leaves 1
            "-,    33%,  3,  2",   // 0.99 -> 1, leaves 2
            "-,    10%,  5,  4",   // 0.5 -> 1
            "-,    0%,   5,  5",
            "-,    100%, 5,  0",
            // maxUnavailable wins when both are written
            "1,    1,    3,  2",
            // written with spaces
            "' 2 ', -,   3,  2",
            "-,    ' 25 %', 4, 3",
            // neither, or unreadable
            "-,    -,    3, -1",
            "abc,  -,    3, -1",
            "-50%, -,    3, -1",
    })
    void minimumHealthyFollowsKubernetesRounding(String min, String max, int expected, int minHealthy) {
        assertThat(DisruptionBudget.minHealthy(min, max, expected)).isEqualTo(minHealthy);
    }

    static Stream<Arguments> drains() {
        return Stream.of(
                // minAvailable, maxUnavailable, replicas, blocks every drain
                Arguments.of("1", "", 2, false),
                Arguments.of("2", "", 2, true),
                Arguments.of("3", "", 2, true),
                Arguments.of("1", "", 1, true),
                Arguments.of("100%", "", 3, true),
                Arguments.of("99%", "", 3, true),   // 2.97 rounds up to 3
                Arguments.of("66%", "", 3, false),  // 1.98 -> 2
                Arguments.of("", "0", 3, true),
                Arguments.of("", "0%", 3, true),
                Arguments.of("", "1", 3, false),
                Arguments.of("", "1%", 3, false),   // 0.03 rounds up to 1 unavailable
                Arguments.of("1", "", 0, false));   // scaled to zero: nothing to drain
    }

    @ParameterizedTest(name = "minAvailable={0} maxUnavailable={1} replicas={2} blocks={3}")
    @MethodSource("drains")
    void budgetsThatNeverAllowAnEvictionBlockEveryDrain(String min, String max, int replicas, boolean blocks) {
        PdbInfo pdb = new PdbInfo("monitoring", "pdb", Map.of("app", "x"), min, max, 0, 0, 0, replicas);
        assertThat(DisruptionBudget.of(pdb, replicas).blocksEveryDrain()).isEqualTo(blocks);
    }

    @ParameterizedTest(name = "{0} ready, min {1} -> {2} allowed")
    @CsvSource({"3, 2, 1", "2, 2, 0", "1, 2, 0", "5, 1, 4"})
    void allowedDisruptionsAreTheReadyPodsAboveTheMinimum(int ready, int min, int allowed) {
        PdbInfo pdb = new PdbInfo("monitoring", "pdb", Map.of(), String.valueOf(min), "", 0, 0, 0, 5);
        assertThat(DisruptionBudget.of(pdb, 5).allowedWith(ready)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "min={0} max={1} -> rule \"{2}\", min healthy {3}")
    @CsvSource(nullValues = "-", value = {
            "1,  -,   minAvailable 1,   1",
            "-,  25%, maxUnavailable 25%, 3",
            "-,  -,   desiredHealthy 2, 2",   // neither written: the reported status is used
    })
    void ruleAndFallbackToReportedStatus(String min, String max, String rule, int minHealthy) {
        PdbInfo pdb = new PdbInfo("monitoring", "pdb", Map.of(), min == null ? "" : min, max == null ? "" : max,
                3, 2, 1, 4);
        DisruptionBudget budget = DisruptionBudget.of(pdb, 4);
        assertThat(budget.rule()).isEqualTo(rule);
        assertThat(budget.minHealthy()).isEqualTo(minHealthy);
    }
}
