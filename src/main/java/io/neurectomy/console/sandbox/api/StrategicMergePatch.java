package io.neurectomy.console.sandbox.api;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Strategic-merge patches the CRUD store can take after all. The store answers 415 to
 * {@code application/strategic-merge-patch+json}, which kubectl uses for {@code cordon}, {@code uncordon} and
 * {@code drain}. A strategic merge differs from a JSON merge patch (RFC 7386) only in how it merges lists and in its
 * {@code $}-directives; a patch with neither means exactly the same as a merge patch, so it is passed on as one.
 * Any other strategic patch still gets the store's 415.
 */
final class StrategicMergePatch {
    private static final String STRATEGIC = "application/strategic-merge-patch+json";
    private static final String MERGE = "application/merge-patch+json";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private StrategicMergePatch() {
    }

    /** The request as a merge patch when it is a strategic-merge patch without lists or directives. */
    static Optional<RecordedRequest> asMergePatch(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        if (!"PATCH".equals(request.getMethod()) || type == null || request.getBody() == null
                || !type.toLowerCase(Locale.ROOT).startsWith(STRATEGIC)) {
            return Optional.empty();
        }
        Object patch;
        try {
            // getBytes() leaves the body in place for the store (getUtf8Body() would consume it).
            patch = JSON.unmarshal(new String(request.getBody().getBytes(), StandardCharsets.UTF_8), Map.class);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!(patch instanceof Map<?, ?> map) || !plain(map)) {
            return Optional.empty();
        }
        return Optional.of(new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
                request.getHeaders().newBuilder().set("Content-Type", MERGE).build(), request.getBody()));
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
}
