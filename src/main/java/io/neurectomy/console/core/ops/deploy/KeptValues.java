package io.neurectomy.console.core.ops.deploy;

import io.neurectomy.console.core.util.BoundedYaml;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Deployed secret values as the lowest layer of a rendering: what the user gives (values file, wizard fields)
 * wins, and what nobody gives keeps what the cluster has.
 */
public final class KeptValues {
    private KeptValues() {
    }

    /** The names a values file sets (none when there is no file or it cannot be read). */
    public static Set<String> namesIn(Path valuesFile) {
        Set<String> names = new HashSet<>();
        if (valuesFile != null) {
            try {
                Object doc = BoundedYaml.load(BoundedYaml.read(valuesFile));
                if (doc instanceof Map<?, ?> map) {
                    map.keySet().forEach(k -> names.add(String.valueOf(k)));
                }
            } catch (IOException | RuntimeException e) {
                // Rendering reads the file again and reports its problem with the file and line.
                return names;
            }
        }
        return names;
    }

    /** {@code current} without the names the values file sets. */
    public static Map<String, String> notSetIn(Map<String, String> current, Path valuesFile) {
        Map<String, String> out = new LinkedHashMap<>(current);
        out.keySet().removeAll(namesIn(valuesFile));
        return out;
    }

    /** The values to render with: {@code current} (minus what the file sets) overridden by {@code given}. */
    public static Map<String, String> merged(Map<String, String> current, Path valuesFile, Map<String, String> given) {
        Map<String, String> out = notSetIn(current, valuesFile);
        out.putAll(given);
        return out;
    }
}
