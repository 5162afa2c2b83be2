package io.neurectomy.console.core.ops.deploy;

import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackManifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The bundled stack rendered with the test values of core/stack (and values given on top). */
final class DeployTestStacks {
    static final String VALUES = "stack/fixtures/test-values.yaml";

    private DeployTestStacks() {
    }

    static RenderedStack rendered(String environment, Map<String, String> values) {
        return StackManifests.bundled().render(environment, VALUES, text(), values);
    }

    static String text() {
        try (InputStream in = DeployTestStacks.class.getClassLoader().getResourceAsStream(VALUES)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
