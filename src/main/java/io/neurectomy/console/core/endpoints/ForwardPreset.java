package io.neurectomy.console.core.endpoints;

import io.neurectomy.console.core.stack.StackComponent;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one-click forwards to the stack's components: a view of the {@link StackComponent} registry, each preset the
 * component's Service, web port and readiness path.
 */
public enum ForwardPreset {
    PROMETHEUS(StackComponent.PROMETHEUS),
    GRAFANA(StackComponent.GRAFANA),
    ALERTMANAGER(StackComponent.ALERTMANAGER);

    private final StackComponent component;

    ForwardPreset(StackComponent component) {
        this.component = component;
    }

    /** The preset of a stack component. */
    public static ForwardPreset of(StackComponent component) {
        return Arrays.stream(values()).filter(p -> p.component == component).findFirst().orElseThrow();
    }

    /** The component it forwards to: its Service (also the preset's name), title, web port and readiness path. */
    public StackComponent component() {
        return component;
    }

    /** The forward to this component's Service in {@code namespace}. */
    public ForwardSpec spec(String namespace) {
        return ForwardSpec.of(ForwardTarget.service(namespace, component.service()), component.port())
                .withHealth(HealthCheck.http(component.readinessPath()));
    }

    /** The preset named {@code name} (its Service name, any case). */
    public static Optional<ForwardPreset> named(String name) {
        return StackComponent.named(name).map(ForwardPreset::of);
    }

    /**
     * The component a target belongs to, judged by name: the Service itself, or one of its pods
     * ({@code prometheus-0}, {@code grafana-7d9c-x2x} …); with {@code port} > 0, only when it is the component's port.
     */
    public static Optional<ForwardPreset> forTarget(ForwardTarget target, int port) {
        for (ForwardPreset p : values()) {
            String service = p.component.service();
            boolean named = target.kind() == ForwardTarget.Kind.SERVICE ? target.name().equals(service)
                    : Pattern.matches(Pattern.quote(service) + "-[a-z0-9-]+", target.name());
            if (named && (port <= 0 || port == p.component.port())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
