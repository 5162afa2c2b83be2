package io.neurectomy.console.core.stack;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.neurectomy.console.testing.FuzzProperty;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz target for values rendering: the bundled stack rendered for production with a fuzzed values file. Whatever
 * the values, a rendered stack or a {@link StackException} listing the problems (its documented error), within the
 * budget. Seeds: the test values and a few broken ones.
 */
@Tag("fuzz")
class StackRenderFuzzTest {
    private static final StackManifests BUNDLED = StackManifests.bundled();

    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void valuesFile(byte[] input) {
        String values = new String(input, StandardCharsets.UTF_8);
        FuzzProperty.check("StackManifests.render", () -> BUNDLED.render("production", "values.yaml", values,
                Map.of()), StackException.class);
    }
}
