package io.neurectomy.console.sandbox.api;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.neurectomy.console.sandbox.KubeStatus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A change of a PersistentVolumeClaim's requested storage, checked as the API server checks it before the store
 * takes it: validation refuses a smaller request (422 Invalid, "field can not be less than previous value") and a
 * resize of a claim that is not bound; the {@code PersistentVolumeClaimResize} admission plugin then refuses a larger
 * one unless the claim's StorageClass says {@code allowVolumeExpansion: true} (403 Forbidden, with the real plugin's
 * message). A resize that passes is stored; the reconciler then plays the resizer and the kubelet
 * ({@code status.capacity} follows, with the conditions a cluster shows on the way).
 */
final class ClaimResize {
    private static final Pattern PATH = Pattern.compile(
            "^/api/v1/namespaces/([^/]+)/persistentvolumeclaims/([^/?]+)(\\?.*)?$");

    private final Dispatcher crud;

    ClaimResize(Dispatcher crud) {
        this.crud = crud;
    }

    /** The refusal of a write to a claim that the API server would refuse; empty for everything else. */
    Optional<MockResponse> refuse(RecordedRequest request) {
        Matcher m = PATH.matcher(request.getPath());
        if (!m.matches() || !("PATCH".equals(request.getMethod()) || "PUT".equals(request.getMethod()))) {
            return Optional.empty();
        }
        String name = m.group(2);
        MockResponse current = crud.dispatch(StrategicMergePatch.request(HttpMethod.GET,
                "/api/v1/namespaces/" + m.group(1) + "/persistentvolumeclaims/" + name, null, null));
        if (current.code() != 200) {
            return Optional.empty();
        }
        Map<String, Object> stored;
        Map<String, Object> wanted;
        try {
            stored = StrategicMergePatch.read(new String(current.getBody().getBytes(), StandardCharsets.UTF_8));
            wanted = StrategicMergePatch.result(request, stored);
        } catch (RuntimeException e) {
            return Optional.empty(); // the store answers a malformed patch itself
        }
        BigDecimal before = storage(stored);
        BigDecimal after = storage(wanted);
        if (before == null || after == null || after.compareTo(before) == 0) {
            return Optional.empty();
        }
        if (after.compareTo(before) < 0) {
            return Optional.of(invalid(name, "spec.resources.requests.storage",
                    "Forbidden: field can not be less than previous value"));
        }
        if (!"Bound".equals(at(stored, "status", "phase"))) {
            return Optional.of(invalid(name, "spec", "Forbidden: spec is immutable after creation except"
                    + " resources.requests and volumeAttributesClassName for bound claims"));
        }
        if (!expandable(at(stored, "spec", "storageClassName"))) {
            return Optional.of(KubeStatus.failure(403, "Forbidden", "persistentvolumeclaims \"" + name
                    + "\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that"
                    + " provisions the pvc must support resize"));
        }
        return Optional.empty();
    }

    private boolean expandable(Object storageClass) {
        if (!(storageClass instanceof String name) || name.isEmpty()) {
            return false;
        }
        MockResponse sc = crud.dispatch(StrategicMergePatch.request(HttpMethod.GET,
                "/apis/storage.k8s.io/v1/storageclasses/" + name, null, null));
        if (sc.code() != 200) {
            return false;
        }
        return Boolean.TRUE.equals(StrategicMergePatch.read(new String(sc.getBody().getBytes(),
                StandardCharsets.UTF_8)).get("allowVolumeExpansion"));
    }

    private static MockResponse invalid(String name, String field, String detail) {
        String message = "PersistentVolumeClaim \"" + name + "\" is invalid: " + field + ": " + detail;
        Map<String, Object> status = Map.of("kind", "Status", "apiVersion", "v1", "metadata", Map.of(),
                "status", "Failure", "message", message, "reason", "Invalid", "code", 422,
                "details", Map.of("name", name, "kind", "PersistentVolumeClaim", "causes", java.util.List.of(
                        Map.of("reason", "FieldValueForbidden", "message", detail, "field", field))));
        return new MockResponse().setResponseCode(422).setHeader("Content-Type", "application/json")
                .setBody(StrategicMergePatch.write(status));
    }

    private static BigDecimal storage(Map<String, Object> claim) {
        Object value = at(claim, "spec", "resources", "requests", "storage");
        if (value == null) {
            return null;
        }
        try {
            return Quantity.getAmountInBytes(new Quantity(String.valueOf(value)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Object at(Map<String, Object> object, String... path) {
        Object value = object;
        for (String key : path) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(key);
        }
        return value;
    }
}
