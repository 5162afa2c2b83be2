package io.neurectomy.console.core.config;

import io.neurectomy.console.core.stack.StackComponent;

/**
 * The three configuration objects the console edits and the component whose servers read them
 * ({@link StackComponent} says how those servers are reached and how a reload is verified). Names follow the
 * bundled stack (and the seed's guide); the namespace comes from the session.
 */
public enum ConfigTarget {
    /** ConfigMap {@code prometheus-config}, key {@code prometheus.yml}, read by every Prometheus replica. */
    PROMETHEUS("prometheus", "Prometheus config", false, "prometheus-config", "prometheus.yml",
            StackComponent.PROMETHEUS),
    /** ConfigMap {@code prometheus-alert-rules}: one rule file per key, loaded by every Prometheus replica. */
    RULES("rules", "Alert rules", false, "prometheus-alert-rules", null, StackComponent.PROMETHEUS),
    /** Secret {@code alertmanager-config}, key {@code alertmanager.yml}, read by every Alertmanager replica. */
    ALERTMANAGER("alertmanager", "Alertmanager config", true, "alertmanager-config", "alertmanager.yml",
            StackComponent.ALERTMANAGER);

    private final String cliName;
    private final String display;
    private final boolean secret;
    private final String objectName;
    private final String key;
    private final StackComponent server;

    ConfigTarget(String cliName, String display, boolean secret, String objectName, String key,
                 StackComponent server) {
        this.cliName = cliName;
        this.display = display;
        this.secret = secret;
        this.objectName = objectName;
        this.key = key;
        this.server = server;
    }

    /** The name the command line uses ({@code --target prometheus|rules|alertmanager}). */
    public String cliName() {
        return cliName;
    }

    public String display() {
        return display;
    }

    /** Whether the object is a Secret (else a ConfigMap). */
    public boolean secret() {
        return secret;
    }

    public String objectName() {
        return objectName;
    }

    /** The one data key of the object, or null when every key is a file of its own (rules). */
    public String key() {
        return key;
    }

    /** The component whose servers read the object (and are reloaded after a write). */
    public StackComponent server() {
        return server;
    }

    /** {@code ConfigMap/prometheus-config} or {@code Secret/alertmanager-config}. */
    public String ref() {
        return (secret ? "Secret/" : "ConfigMap/") + objectName;
    }

    /** The kind of file each key holds, for validation. */
    public ConfigKind kind() {
        return switch (this) {
            case PROMETHEUS -> ConfigKind.PROMETHEUS;
            case RULES -> ConfigKind.RULES;
            case ALERTMANAGER -> ConfigKind.ALERTMANAGER;
        };
    }

    /** The target with this command-line name; throws IllegalArgumentException listing the names otherwise. */
    public static ConfigTarget fromCli(String name) {
        for (ConfigTarget t : values()) {
            if (t.cliName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown target '" + name + "'; use prometheus, rules or alertmanager");
    }
}
