package io.neurectomy.console.core.config;

/** The kinds of configuration file the console validates. */
public enum ConfigKind {
    /** Prometheus's main configuration, {@code prometheus.yml}. */
    PROMETHEUS,
    /** One Prometheus rule file ({@code groups:} of alerting and recording rules). */
    RULES,
    /** Alertmanager's configuration, {@code alertmanager.yml}. */
    ALERTMANAGER
}
