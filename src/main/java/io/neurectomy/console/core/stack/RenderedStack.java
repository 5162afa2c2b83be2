package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The stack rendered for one environment: typed Kubernetes objects in the order they are applied (Namespace, RBAC,
 * ConfigMaps and Secrets, Services, workloads, disruption budgets, NetworkPolicies, Ingresses), and the network
 * paths the stack needs. Secrets hold the real values: never log this object's resources.
 */
public final class RenderedStack {
    /** The namespace every namespaced object of the stack lives in. */
    public static final String NAMESPACE = "monitoring";
    /** ConfigMap holding {@code prometheus.yml}. */
    public static final String PROMETHEUS_CONFIG = "prometheus-config";
    /** ConfigMap holding the rule files. */
    public static final String PROMETHEUS_RULES = "prometheus-alert-rules";
    /** Secret holding {@code alertmanager.yml}. */
    public static final String ALERTMANAGER_CONFIG = "alertmanager-config";

    private final String environment;
    private final List<StackObject> objects;
    private final List<NetworkPath> networkPaths;
    private final List<UnsetSecret> unsetSecrets;

    RenderedStack(String environment, List<StackObject> objects, List<NetworkPath> networkPaths) {
        this(environment, objects, networkPaths, List.of());
    }

    RenderedStack(String environment, List<StackObject> objects, List<NetworkPath> networkPaths,
            List<UnsetSecret> unsetSecrets) {
        this.environment = environment;
        this.objects = List.copyOf(objects);
        this.networkPaths = List.copyOf(networkPaths);
        this.unsetSecrets = List.copyOf(unsetSecrets);
    }

    /** The environment rendered (e.g. {@code production}). */
    public String environment() {
        return environment;
    }

    /**
     * The secret values rendered with placeholders because nobody gave them (empty unless rendered by
     * {@link StackManifests#renderWithPlaceholders}). A stack with any must not be applied.
     */
    public List<UnsetSecret> unsetSecrets() {
        return unsetSecrets;
    }

    /** The objects with their source locations, in apply order. */
    public List<StackObject> objects() {
        return objects;
    }

    /** The objects, in apply order. */
    public List<HasMetadata> resources() {
        return objects.stream().map(StackObject::resource).toList();
    }

    /** The connections the NetworkPolicies must allow. */
    public List<NetworkPath> networkPaths() {
        return networkPaths;
    }

    /** The object of this kind and name. */
    public Optional<StackObject> find(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.kind()) && Objects.equals(name, o.name())).findFirst();
    }

    /** Every object of this model class. */
    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().map(StackObject::resource).filter(type::isInstance).map(type::cast).toList();
    }

    /** Every object (with location) of this model class. */
    public List<StackObject> objectsOf(Class<? extends HasMetadata> type) {
        return objects.stream().filter(o -> type.isInstance(o.resource())).toList();
    }

    /** A key of a ConfigMap of the stack. */
    public Optional<String> configMapData(String name, String key) {
        return find("ConfigMap", name).map(o -> ((ConfigMap) o.resource()).getData())
                .map(data -> data.get(key));
    }

    /** A key of a Secret of the stack ({@code stringData} or decoded {@code data}). */
    public Optional<String> secretData(String name, String key) {
        return find("Secret", name).map(o -> (Secret) o.resource()).map(s -> {
            if (s.getStringData() != null && s.getStringData().containsKey(key)) {
                return s.getStringData().get(key);
            }
            String encoded = s.getData() == null ? null : s.getData().get(key);
            return encoded == null ? null : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        });
    }

    /** Prometheus's configuration file, as mounted. */
    public Optional<String> prometheusConfig() {
        return configMapData(PROMETHEUS_CONFIG, "prometheus.yml");
    }

    /** The rule files by file name, as mounted in the rules directory. */
    public Map<String, String> ruleFiles() {
        return find("ConfigMap", PROMETHEUS_RULES).map(o -> ((ConfigMap) o.resource()).getData())
                .map(LinkedHashMap::new).map(m -> (Map<String, String>) m).orElse(Map.of());
    }

    /** Alertmanager's configuration file, as mounted. */
    public Optional<String> alertmanagerConfig() {
        return secretData(ALERTMANAGER_CONFIG, "alertmanager.yml");
    }

    /** A copy with {@code replacements} in place of the objects of the same kind and name (others appended). */
    RenderedStack replacing(List<StackObject> replacements) {
        List<StackObject> result = new ArrayList<>(objects);
        for (StackObject r : replacements) {
            int index = -1;
            for (int i = 0; i < result.size(); i++) {
                if (result.get(i).kind().equals(r.kind()) && Objects.equals(result.get(i).name(), r.name())) {
                    index = i;
                }
            }
            if (index >= 0) {
                result.set(index, r);
            } else {
                result.add(r);
            }
        }
        return new RenderedStack(environment, result, networkPaths, unsetSecrets);
    }

    /** A copy without the object of this kind and name. */
    RenderedStack without(String kind, String name) {
        return new RenderedStack(environment, objects.stream()
                .filter(o -> !(o.kind().equals(kind) && Objects.equals(o.name(), name))).toList(), networkPaths,
                unsetSecrets);
    }

    /** A copy with other network paths. */
    RenderedStack withNetworkPaths(List<NetworkPath> paths) {
        return new RenderedStack(environment, objects, paths, unsetSecrets);
    }
}
