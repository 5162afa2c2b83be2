package io.neurectomy.console.core.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One configuration object as read from the cluster: its data (Secret values decoded), and the
 * {@code resourceVersion} a save must match so that nobody else's change is overwritten.
 *
 * <p>{@link #toString()} never shows data: Secret content must not reach a log.
 */
public record ConfigObject(ConfigTarget target, String namespace, String resourceVersion, Map<String, String> data) {
    public ConfigObject {
        data = Collections.unmodifiableMap(new TreeMap<>(data));
    }

    /** The text of one key, or empty text when the key does not exist. */
    public String text(String key) {
        return data.getOrDefault(key, "");
    }

    /** The text of the target's one key ({@code prometheus.yml}, {@code alertmanager.yml}). */
    public String text() {
        if (target.key() == null) {
            throw new IllegalStateException(target.ref() + " has one file per key; name the key");
        }
        return text(target.key());
    }

    /** A copy with other data (for a planned write). */
    public ConfigObject withData(Map<String, String> newData) {
        return new ConfigObject(target, namespace, resourceVersion, newData);
    }

    @Override
    public String toString() {
        return target.ref() + " in " + namespace + " @" + resourceVersion + " keys=" + data.keySet();
    }
}
