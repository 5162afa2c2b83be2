package io.neurectomy.console.core.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The bundled stack rendered with test values, and fixtures that replace some of its objects. */
final class TestStacks {
    static final String VALUES = "stack/fixtures/test-values.yaml";
    private static final Map<String, RenderedStack> RENDERED = new ConcurrentHashMap<>();

    private TestStacks() {
    }

    /** The bundled stack rendered for {@code environment} with the test values (cached; it is immutable). */
    static RenderedStack rendered(String environment) {
        return RENDERED.computeIfAbsent(environment, env -> StackManifests.bundled().render(env, VALUES,
                resource(VALUES), Map.of()));
    }

    /** The production stack with the objects of a fixture file in place of the bundled ones. */
    static RenderedStack broken(String fixture) {
        String file = "stack/fixtures/" + fixture;
        List<StackObject> replacements = StackManifests.objectsOf(file, resource(file));
        return rendered("production").replacing(replacements);
    }

    static String resource(String path) {
        try (InputStream in = TestStacks.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
