package io.neurectomy.console.core.config;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the configuration objects, optimistically: a write names the {@code resourceVersion} it was
 * based on, and the API server refuses it (409) when the object changed meanwhile, which becomes a
 * {@link ConfigConflictException} with the three versions. Only {@code data} changes; labels, annotations and every
 * other field stay as they are, and the console adds none of its own.
 */
public final class ConfigStore {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigStore.class);

    private final KubernetesClient client;
    private final String namespace;

    public ConfigStore(KubernetesClient client, String namespace) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    public String namespace() {
        return namespace;
    }

    /** The object as it is now. Throws a {@link ConsoleException} when it is missing or cannot be read. */
    public ConfigObject read(ConfigTarget target) {
        HasMetadata live = fetch(target);
        if (live == null) {
            throw new ConsoleException(target.ref() + " does not exist in namespace " + namespace + ". Deploy the"
                    + " stack first (Stack → Deploy), or check the namespace.");
        }
        return toObject(target, live);
    }

    /**
     * Writes {@code data} over the object, provided it is still at {@code base}'s version. Returns the object as
     * written (with its new version). Throws {@link ConfigConflictException} when someone else changed it.
     */
    public ConfigObject write(ConfigObject base, Map<String, String> data) {
        ConfigTarget target = base.target();
        HasMetadata live = fetch(target);
        if (live == null) {
            throw new ConsoleException(target.ref() + " was deleted from namespace " + namespace + " since you"
                    + " opened it. Nothing was written.");
        }
        if (!Objects.equals(live.getMetadata().getResourceVersion(), base.resourceVersion())) {
            throw new ConfigConflictException(base, toObject(target, live), base.withData(data));
        }
        HasMetadata updated = withData(target, live, data);
        updated.getMetadata().setResourceVersion(base.resourceVersion());
        try {
            HasMetadata written = client.resource(updated).inNamespace(namespace).update();
            LOG.info("Wrote {} in {} (version {} → {})", target.ref(), namespace, base.resourceVersion(),
                    written.getMetadata().getResourceVersion());
            return toObject(target, written);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                HasMetadata now = fetch(target);
                if (now == null) {
                    throw new ConsoleException(target.ref() + " was deleted while saving. Nothing was written.");
                }
                throw new ConfigConflictException(base, toObject(target, now), base.withData(data));
            }
            throw failure(target, "update", e);
        }
    }

    private HasMetadata fetch(ConfigTarget target) {
        try {
            return target.secret()
                    ? client.secrets().inNamespace(namespace).withName(target.objectName()).get()
                    : client.configMaps().inNamespace(namespace).withName(target.objectName()).get();
        } catch (KubernetesClientException e) {
            throw failure(target, "get", e);
        }
    }

    private ConsoleException failure(ConfigTarget target, String verb, KubernetesClientException e) {
        String resource = target.secret() ? "secrets" : "configmaps";
        if (e.getCode() == 403) {
            return new ConsoleException("Forbidden: your account may not " + verb + " " + resource + " in namespace "
                    + namespace + ". Ask for a Role that allows '" + verb + "' on " + resource + " (" + target.ref()
                    + "). Nothing was written.", e);
        }
        if (e.getCode() == 0 || e.getCode() >= 500) {
            return new ConsoleException("The cluster did not answer while trying to " + verb + " " + target.ref()
                    + " (" + firstLine(e.getMessage()) + "). Check the connection and try again; for a write,"
                    + " reopen the editor to see whether it was saved.", e);
        }
        return new ConsoleException("The cluster refused to " + verb + " " + target.ref() + " (HTTP " + e.getCode()
                + "): " + firstLine(e.getMessage()), e);
    }

    /** The first line of a server or library message ("no detail" for none). */
    static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static ConfigObject toObject(ConfigTarget target, HasMetadata live) {
        Map<String, String> data = new LinkedHashMap<>();
        if (live instanceof Secret secret) {
            if (secret.getData() != null) {
                secret.getData().forEach((k, v) -> data.put(k,
                        new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
            }
            if (secret.getStringData() != null) {
                data.putAll(secret.getStringData());
            }
        } else if (live instanceof ConfigMap map && map.getData() != null) {
            data.putAll(map.getData());
        }
        return new ConfigObject(target, live.getMetadata().getNamespace(), live.getMetadata().getResourceVersion(),
                data);
    }

    private static HasMetadata withData(ConfigTarget target, HasMetadata live, Map<String, String> data) {
        if (live instanceof Secret secret) {
            Map<String, String> encoded = new LinkedHashMap<>();
            data.forEach((k, v) -> encoded.put(k,
                    Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            return new SecretBuilder(secret).withData(encoded).withStringData(null).build();
        }
        if (live instanceof ConfigMap map) {
            return new ConfigMapBuilder(map).withData(new LinkedHashMap<>(data)).build();
        }
        throw new IllegalStateException("unexpected kind " + live.getKind() + " for " + target.ref());
    }
}
