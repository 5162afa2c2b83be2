package io.neurectomy.console.core.ops.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares and merges Kubernetes objects on the fields a manifest sets. A live object carries fields the server
 * fills in (status, resourceVersion, uid, defaults): a comparison looks only at the manifest's fields, so a
 * deployed stack compares equal to its manifests; an update writes the manifest's fields over the live object and
 * keeps everything else (a Service's clusterIP, labels other tools added).
 */
final class ObjectFields {
    static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final List<String> KEPT_METADATA = List.of("name", "namespace", "labels", "annotations");
    /** Shown in place of a Secret value that did not change: values never reach a diff. */
    static final String HIDDEN = "(secret value)";
    static final String CHANGED = "(value changed)";
    static final String NEW = "(new value)";

    private ObjectFields() {
    }

    /** The object as a map (JSON names), Secrets' {@code stringData} folded into base64 {@code data}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(HasMetadata object) {
        Map<String, Object> map = JSON.convertValue(object, LinkedHashMap.class);
        if (object instanceof Secret) {
            foldStringData(map);
        }
        return map;
    }

    /** What a manifest says: its map without status and without the server's metadata. */
    static Map<String, Object> desired(HasMetadata object) {
        Map<String, Object> map = toMap(object);
        map.remove("status");
        if (map.get("metadata") instanceof Map<?, ?> metadata) {
            Map<String, Object> kept = new LinkedHashMap<>();
            for (String key : KEPT_METADATA) {
                if (metadata.get(key) != null) {
                    kept.put(key, metadata.get(key));
                }
            }
            map.put("metadata", kept);
        }
        return map;
    }

    /** The live object cut down to the fields {@code desired} has (in its shape): equal to it when unchanged. */
    @SuppressWarnings("unchecked")
    static Object project(Object desired, Object live) {
        if (desired instanceof Map<?, ?> d && live instanceof Map<?, ?> l) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : d.entrySet()) {
                if (l.containsKey(e.getKey())) {
                    out.put(String.valueOf(e.getKey()), project(e.getValue(), l.get(e.getKey())));
                }
            }
            return out;
        }
        if (desired instanceof List<?> d && live instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                out.add(i < d.size() ? project(d.get(i), l.get(i)) : l.get(i));
            }
            return out;
        }
        return live;
    }

    /** Whether the live object has every field of {@code desired} with the same value. */
    static boolean matches(Map<String, Object> desired, Map<String, Object> live) {
        return Objects.equals(normalize(desired), normalize(project(desired, live)));
    }

    /** The live object with the manifest's fields written over it (maps merged, lists replaced). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> live, Map<String, Object> desired) {
        Map<String, Object> out = new LinkedHashMap<>(live);
        for (Map.Entry<String, Object> e : desired.entrySet()) {
            Object old = out.get(e.getKey());
            if (old instanceof Map<?, ?> o && e.getValue() instanceof Map<?, ?> n) {
                out.put(e.getKey(), merge((Map<String, Object>) o, (Map<String, Object>) n));
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Turns the map back into the model class of {@code like}. */
    static HasMetadata toObject(Map<String, Object> map, HasMetadata like) {
        return JSON.convertValue(map, like.getClass());
    }

    /** YAML for a diff; for Secrets every value is replaced by a marker saying whether it changed. */
    static String yaml(Map<String, Object> map) {
        return JSON.asYaml(map).replaceFirst("^---\\R", "");
    }

    /**
     * The desired and the live Secret with their values masked: unchanged values show {@link #HIDDEN} on both sides,
     * changed ones {@link #CHANGED} on the desired side, added ones {@link #NEW}.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object>[] maskSecrets(Map<String, Object> desired, Map<String, Object> live) {
        Map<String, Object> d = new LinkedHashMap<>(desired);
        Map<String, Object> l = live == null ? null : new LinkedHashMap<>(live);
        Map<String, Object> dData = d.get("data") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> lData = l != null && l.get("data") instanceof Map<?, ?> m ? (Map<String, Object>) m
                : Map.of();
        Map<String, Object> maskedD = new LinkedHashMap<>();
        dData.forEach((k, v) -> maskedD.put(k, !lData.containsKey(k) ? NEW
                : Objects.equals(v, lData.get(k)) ? HIDDEN : CHANGED));
        Map<String, Object> maskedL = new LinkedHashMap<>();
        lData.forEach((k, v) -> maskedL.put(k, HIDDEN));
        if (d.containsKey("data")) {
            d.put("data", maskedD);
        }
        if (l != null && l.containsKey("data")) {
            l.put("data", maskedL);
        }
        return new Map[] {d, l};
    }

    @SuppressWarnings("unchecked")
    private static void foldStringData(Map<String, Object> map) {
        if (!(map.get("stringData") instanceof Map<?, ?> stringData)) {
            map.remove("stringData");
            return;
        }
        Map<String, Object> data = map.get("data") instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m)
                : new LinkedHashMap<>();
        stringData.forEach((k, v) -> data.put(String.valueOf(k), Base64.getEncoder().encodeToString(
                String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
        map.remove("stringData");
        map.put("data", data);
    }

    /** Numbers compare by value (JSON gives Integer or Long for the same number). */
    private static Object normalize(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, normalize(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(ObjectFields::normalize).toList();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        return value;
    }
}
