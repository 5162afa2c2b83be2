package io.neurectomy.console.core.config;

/**
 * The three configuration objects the console edits, the servers that read them, and how those servers are
 * reached. Names follow the bundled stack (and the seed's guide); the namespace comes from the session.
 */
public enum ConfigTarget {
    /** ConfigMap {@code prometheus-config}, key {@code prometheus.yml}, read by every Prometheus replica. */
    PROMETHEUS("prometheus", "Prometheus config", false, "prometheus-config", "prometheus.yml", Server.PROMETHEUS),
    /** ConfigMap {@code prometheus-alert-rules}: one rule file per key, loaded by every Prometheus replica. */
    RULES("rules", "Alert rules", false, "prometheus-alert-rules", null, Server.PROMETHEUS),
    /** Secret {@code alertmanager-config}, key {@code alertmanager.yml}, read by every Alertmanager replica. */
    ALERTMANAGER("alertmanager", "Alertmanager config", true, "alertmanager-config", "alertmanager.yml",
            Server.ALERTMANAGER);

    /** A server kind: its workload, container, web port and reload metrics. */
    public enum Server {
        PROMETHEUS("prometheus", "prometheus", 9090, "prometheus_config_last_reload_successful",
                "prometheus_config_last_reload_success_timestamp_seconds"),
        ALERTMANAGER("alertmanager", "alertmanager", 9093, "alertmanager_config_last_reload_successful",
                "alertmanager_config_last_reload_success_timestamp_seconds");

        private final String workload;
        private final String container;
        private final int port;
        private final String successMetric;
        private final String timestampMetric;

        Server(String workload, String container, int port, String successMetric, String timestampMetric) {
            this.workload = workload;
            this.container = container;
            this.port = port;
            this.successMetric = successMetric;
            this.timestampMetric = timestampMetric;
        }

        /** The StatefulSet whose pods run this server. */
        public String workload() {
            return workload;
        }

        public String container() {
            return container;
        }

        public int port() {
            return port;
        }

        /** The gauge that is 1 when the last reload succeeded. */
        public String successMetric() {
            return successMetric;
        }

        /** The gauge with the time of the last successful reload (seconds since the epoch). */
        public String timestampMetric() {
            return timestampMetric;
        }

        public String display() {
            return this == PROMETHEUS ? "Prometheus" : "Alertmanager";
        }
    }

    private final String cliName;
    private final String display;
    private final boolean secret;
    private final String objectName;
    private final String key;
    private final Server server;

    ConfigTarget(String cliName, String display, boolean secret, String objectName, String key, Server server) {
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

    public Server server() {
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
