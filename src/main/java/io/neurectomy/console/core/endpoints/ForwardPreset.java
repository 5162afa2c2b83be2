package io.neurectomy.console.core.endpoints;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The one-click forwards to the stack's components: each its Service, its port and its health path. */
public enum ForwardPreset {
    PROMETHEUS("prometheus", "Prometheus", 9090, "/-/ready"),
    GRAFANA("grafana", "Grafana", 3000, "/api/health"),
    ALERTMANAGER("alertmanager", "Alertmanager", 9093, "/-/ready");

    private final String service;
    private final String title;
    private final int port;
    private final String healthPath;

    ForwardPreset(String service, String title, int port, String healthPath) {
        this.service = service;
        this.title = title;
        this.port = port;
        this.healthPath = healthPath;
    }

    /** The Service's name, also the preset's name on the command line. */
    public String service() {
        return service;
    }

    /** The component's name for people. */
    public String title() {
        return title;
    }

    public int port() {
        return port;
    }

    public String healthPath() {
        return healthPath;
    }

    /** The forward to this component's Service in {@code namespace}. */
    public ForwardSpec spec(String namespace) {
        return ForwardSpec.of(ForwardTarget.service(namespace, service), port).withHealth(HealthCheck.http(healthPath));
    }

    /** The preset named {@code name} (its Service name, any case). */
    public static Optional<ForwardPreset> named(String name) {
        return Arrays.stream(values()).filter(p -> p.service.equals(name == null ? "" : name.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    /**
     * The component a target belongs to, judged by name: the Service itself, or one of its pods
     * ({@code prometheus-0}, {@code grafana-7d9c-x2x} …); with {@code port} > 0, only when it is the component's port.
     */
    public static Optional<ForwardPreset> forTarget(ForwardTarget target, int port) {
        for (ForwardPreset p : values()) {
            boolean named = target.kind() == ForwardTarget.Kind.SERVICE ? target.name().equals(p.service)
                    : Pattern.matches(Pattern.quote(p.service) + "-[a-z0-9-]+", target.name());
            if (named && (port <= 0 || port == p.port)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
