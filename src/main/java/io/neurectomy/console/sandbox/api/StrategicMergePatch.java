package io.neurectomy.console.sandbox.api;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import io.neurectomy.console.sandbox.KubeStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strategic-merge patches, which the CRUD store refuses with 415 and kubectl sends for {@code cordon}, {@code drain},
 * {@code set image}, {@code patch} (its default type) and {@code rollout undo} of a StatefulSet. A strategic merge
 * differs from a JSON merge patch (RFC 7386) in how it merges lists and in its {@code $}-directives. A patch with
 * neither is passed on as a merge patch; any other is applied here to the stored object, as the API server applies
 * it, and the difference is handed to the store as a merge patch.
 *
 * <p>Lists merge by the keys Kubernetes' types declare ({@code containers} by {@code name}, {@code volumeMounts} by
 * {@code mountPath}, container {@code ports} by {@code containerPort}, …); lists without a merge key are replaced.
 * Directives: {@code $patch: replace | delete} (on maps and list elements), {@code $retainKeys},
 * {@code $setElementOrder/FIELD} and {@code $deleteFromPrimitiveList/FIELD}.
 */
final class StrategicMergePatch {
    static final String STRATEGIC = "application/strategic-merge-patch+json";
    private static final String MERGE = "application/merge-patch+json";
    private static final String JSON_PATCH = "application/json-patch+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SET_ORDER = "$setElementOrder/";
    private static final String DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";
    /** Merge keys by field name, as the Kubernetes types declare them ({@code patchMergeKey}). */
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"), Map.entry("volumes", "name"), Map.entry("env", "name"),
            Map.entry("imagePullSecrets", "name"), Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"), Map.entry("ownerReferences", "uid"),
            Map.entry("conditions", "type"), Map.entry("hostAliases", "ip"),
            Map.entry("topologySpreadConstraints", "topologyKey"), Map.entry("resourceClaims", "name"),
            Map.entry("schedulingGates", "name"), Map.entry("volumeClaimTemplates", "name"));
    /** Lists of scalars that merge as sets ({@code patchStrategy: merge}). */
    private static final Set<String> MERGED_SCALARS = Set.of("finalizers");

    private StrategicMergePatch() {
    }

    static boolean isStrategic(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        return "PATCH".equals(request.getMethod()) && type != null && request.getBody() != null
                && type.toLowerCase(Locale.ROOT).startsWith(STRATEGIC);
    }

    /** The request as a merge patch when it is a strategic-merge patch without lists or directives. */
    static Optional<RecordedRequest> asMergePatch(RecordedRequest request) {
        if (!isStrategic(request)) {
            return Optional.empty();
        }
        Map<String, Object> patch;
        try {
            patch = read(body(request));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (patch == null || !plain(patch)) {
            return Optional.empty();
        }
        return Optional.of(new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
                request.getHeaders().newBuilder().set("Content-Type", MERGE).build(), request.getBody()));
    }

    /**
     * Applies a strategic-merge patch with lists or directives to the stored object and writes the difference as a
     * merge patch; the store's answer is the patched object, or its 404 when there is none.
     */
    static MockResponse apply(Dispatcher crud, RecordedRequest request) {
        Map<String, Object> patch;
        try {
            patch = read(body(request));
        } catch (RuntimeException e) {
            return KubeStatus.failure(400, "BadRequest", "the strategic merge patch is not a JSON object: "
                    + e.getMessage());
        }
        String path = request.getPath();
        String object = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (object.endsWith("/status")) {
            object = object.substring(0, object.length() - "/status".length());
        }
        MockResponse current = crud.dispatch(request(HttpMethod.GET, object, null, null));
        if (current.code() != 200) {
            return current;
        }
        Map<String, Object> stored = read(new String(current.getBody().getBytes(), StandardCharsets.UTF_8));
        Map<String, Object> patched = merge(stored, patch);
        List<Map<String, Object>> ops = new ArrayList<>();
        jsonPatch(stored, mergeDiff(stored, patched == null ? Map.of() : patched), "", ops);
        // A JSON patch, not a merge patch: the store's merge patch appends to lists where RFC 7386 replaces them.
        return crud.dispatch(request(HttpMethod.PATCH, path, JSON_PATCH, JSON.writeValueAsString(ops)));
    }

    /** The JSON patch (RFC 6902) operations that apply the merge patch {@code diff} to {@code from}. */
    @SuppressWarnings("unchecked")
    static void jsonPatch(Map<String, Object> from, Map<String, Object> diff, String prefix,
            List<Map<String, Object>> ops) {
        for (Map.Entry<String, Object> e : diff.entrySet()) {
            String path = prefix + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
            Object before = from.get(e.getKey());
            if (e.getValue() == null) {
                if (from.containsKey(e.getKey())) {
                    ops.add(Map.of("op", "remove", "path", path));
                }
            } else if (e.getValue() instanceof Map<?, ?> inner && before instanceof Map<?, ?> old) {
                jsonPatch((Map<String, Object>) old, (Map<String, Object>) inner, path, ops);
            } else {
                Map<String, Object> op = new LinkedHashMap<>();
                op.put("op", "add");
                op.put("path", path);
                op.put("value", e.getValue());
                ops.add(op);
            }
        }
    }

    /**
     * The object {@code stored} becomes by the PATCH or PUT {@code request}, as the API server computes it
     * (merge, strategic-merge and JSON patches, or the PUT's body).
     */
    static Map<String, Object> result(RecordedRequest request, Map<String, Object> stored) {
        String body = body(request);
        if ("PUT".equals(request.getMethod())) {
            return read(body);
        }
        String type = Optional.ofNullable(request.getHeader("Content-Type")).orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith(JSON_PATCH)) {
            JsonNode result = JsonPatch.apply(JSON.readTree(body), JSON.valueToTree(stored));
            return JSON.convertValue(result, JSON.getTypeFactory().constructMapType(LinkedHashMap.class,
                    String.class, Object.class));
        }
        if (type.startsWith(STRATEGIC)) {
            return merge(stored, read(body));
        }
        return mergePatch(stored, read(body));
    }

    /** RFC 7386. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergePatch(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> result = new LinkedHashMap<>(target == null ? Map.of() : target);
        patch.forEach((k, v) -> {
            if (v == null) {
                result.remove(k);
            } else if (v instanceof Map<?, ?> m) {
                result.put(k, mergePatch(result.get(k) instanceof Map<?, ?> t ? (Map<String, Object>) t : null,
                        (Map<String, Object>) m));
            } else {
                result.put(k, v);
            }
        });
        return result;
    }

    /** The strategic merge of {@code patch} into {@code original}; null when the patch deletes the object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> original, Map<String, Object> patch) {
        Object directive = patch.get("$patch");
        if ("delete".equals(directive)) {
            return null;
        }
        if ("replace".equals(directive)) {
            return merge(null, without(patch, "$patch"));
        }
        Map<String, Object> result = new LinkedHashMap<>(original == null ? Map.of() : original);
        if (patch.get("$retainKeys") instanceof List<?> retain) {
            Set<Object> keep = new LinkedHashSet<>(retain);
            keep.addAll(patch.keySet());
            result.keySet().retainAll(keep);
        }
        Map<String, List<?>> orders = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.startsWith(SET_ORDER)) {
                orders.put(key.substring(SET_ORDER.length()), value instanceof List<?> l ? l : List.of());
            } else if (key.startsWith(DELETE_PRIMITIVE)) {
                String field = key.substring(DELETE_PRIMITIVE.length());
                if (result.get(field) instanceof List<?> list && value instanceof List<?> gone) {
                    List<Object> kept = new ArrayList<>(list);
                    kept.removeAll(gone);
                    result.put(field, kept);
                }
            } else if (key.startsWith("$")) {
                continue;
            } else if (value == null) {
                result.remove(key);
            } else if (value instanceof Map<?, ?> m) {
                Map<String, Object> merged = merge(result.get(key) instanceof Map<?, ?> o
                        ? (Map<String, Object>) o : null, (Map<String, Object>) m);
                if (merged == null) {
                    result.remove(key);
                } else {
                    result.put(key, merged);
                }
            } else if (value instanceof List<?> l) {
                result.put(key, mergeList(key, result.get(key) instanceof List<?> o ? o : null, l));
            } else {
                result.put(key, value);
            }
        }
        orders.forEach((field, order) -> {
            if (result.get(field) instanceof List<?> list) {
                result.put(field, ordered(field, list, order));
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mergeList(String field, List<?> original, List<?> patch) {
        if (MERGED_SCALARS.contains(field)) {
            Set<Object> union = new LinkedHashSet<>(original == null ? List.of() : original);
            union.addAll(patch);
            return new ArrayList<>(union);
        }
        String mergeKey = mergeKey(field, patch, original);
        boolean replace = patch.stream().anyMatch(e -> e instanceof Map<?, ?> m && "replace".equals(m.get("$patch"))
                && (mergeKey == null || !m.containsKey(mergeKey)));
        if (mergeKey == null || replace || original == null) {
            List<Object> result = new ArrayList<>();
            for (Object e : patch) {
                if (e instanceof Map<?, ?> m) {
                    if (m.containsKey("$patch") && (mergeKey == null || !m.containsKey(mergeKey))) {
                        continue;
                    }
                    if (!"delete".equals(m.get("$patch"))) {
                        result.add(merge(null, (Map<String, Object>) m));
                    }
                } else {
                    result.add(e);
                }
            }
            return result;
        }
        List<Object> result = new ArrayList<>(original);
        for (Object e : patch) {
            if (!(e instanceof Map<?, ?> m)) {
                result.add(e);
                continue;
            }
            Object key = m.get(mergeKey);
            int at = indexOf(result, mergeKey, key);
            if ("delete".equals(m.get("$patch"))) {
                if (at >= 0) {
                    result.remove(at);
                }
            } else if (at >= 0) {
                result.set(at, merge((Map<String, Object>) result.get(at), (Map<String, Object>) m));
            } else {
                result.add(merge(null, (Map<String, Object>) m));
            }
        }
        return result;
    }

    private static String mergeKey(String field, List<?> patch, List<?> original) {
        if ("ports".equals(field)) {
            List<Object> all = new ArrayList<>(patch);
            if (original != null) {
                all.addAll(original);
            }
            boolean container = all.stream().anyMatch(e -> e instanceof Map<?, ?> m && m.containsKey("containerPort"));
            return container ? "containerPort" : "port";
        }
        return MERGE_KEYS.get(field);
    }

    private static int indexOf(List<Object> list, String mergeKey, Object key) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> m && Objects.equals(m.get(mergeKey), key)) {
                return i;
            }
        }
        return -1;
    }

    /** The list in the order {@code $setElementOrder} gives; elements it does not name keep their place after. */
    private static List<Object> ordered(String field, List<?> list, List<?> order) {
        String mergeKey = mergeKey(field, order, list);
        List<Object> keys = order.stream().map(o -> o instanceof Map<?, ?> m && mergeKey != null ? m.get(mergeKey) : o)
                .toList();
        List<Object> sorted = new ArrayList<>();
        for (Object key : keys) {
            for (Object e : list) {
                Object k = e instanceof Map<?, ?> m && mergeKey != null ? m.get(mergeKey) : e;
                if (Objects.equals(k, key) && !sorted.contains(e)) {
                    sorted.add(e);
                }
            }
        }
        list.stream().filter(e -> !sorted.contains(e)).forEach(sorted::add);
        return sorted;
    }

    /** The merge patch (RFC 7386) that turns {@code from} into {@code to}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergeDiff(Map<String, Object> from, Map<String, Object> to) {
        Map<String, Object> diff = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : to.entrySet()) {
            Object before = from.get(e.getKey());
            if (from.containsKey(e.getKey()) && Objects.equals(before, e.getValue())) {
                continue;
            }
            if (before instanceof Map<?, ?> b && e.getValue() instanceof Map<?, ?> a) {
                diff.put(e.getKey(), mergeDiff((Map<String, Object>) b, (Map<String, Object>) a));
            } else {
                diff.put(e.getKey(), e.getValue());
            }
        }
        for (String key : from.keySet()) {
            if (!to.containsKey(key)) {
                diff.put(key, null);
            }
        }
        return diff;
    }

    private static Map<String, Object> without(Map<String, Object> map, String key) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        return copy;
    }

    /** No list and no {@code $} directive anywhere in the object. */
    private static boolean plain(Map<?, ?> object) {
        for (Map.Entry<?, ?> e : object.entrySet()) {
            if (String.valueOf(e.getKey()).startsWith("$") || e.getValue() instanceof List<?>) {
                return false;
            }
            if (e.getValue() instanceof Map<?, ?> inner && !plain(inner)) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String json) {
        Object value = JSON.readValue(json, Object.class);
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return (Map<String, Object>) value;
    }

    static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** The body, left in place for the store (getUtf8Body() would consume it). */
    static String body(RecordedRequest request) {
        return request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    static RecordedRequest request(HttpMethod method, String path, String contentType, String body) {
        Headers headers = contentType == null ? Headers.builder().build()
                : Headers.builder().add("Content-Type", contentType).build();
        Buffer buffer = new Buffer();
        if (body != null) {
            buffer.writeUtf8(body);
        }
        return new RecordedRequest("HTTP/1.1", method, path, headers, buffer);
    }
}
