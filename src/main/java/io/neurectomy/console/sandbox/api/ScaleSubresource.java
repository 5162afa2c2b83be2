package io.neurectomy.console.sandbox.api;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.neurectomy.console.sandbox.KubeStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code scale} subresource of StatefulSets, Deployments and ReplicaSets, as a real API server serves it: reads
 * and writes answer with an {@code autoscaling/v1 Scale} (kubectl's {@code scale} rejects anything else), and a
 * write changes the object's {@code spec.replicas} in the store. Accepts a Scale ({@code PUT}), a merge or
 * strategic-merge patch of {@code spec.replicas}, and a JSON patch of {@code /spec/replicas}.
 */
final class ScaleSubresource {
    private static final Pattern PATH = Pattern.compile(
            "^/apis/apps/v1/namespaces/([^/]+)/(statefulsets|deployments|replicasets)/([^/?]+)/scale(\\?.*)?$");
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final Dispatcher crud;

    ScaleSubresource(Dispatcher crud) {
        this.crud = crud;
    }

    /** The answer when {@code request} is for a scale subresource; empty otherwise. */
    Optional<MockResponse> answer(RecordedRequest request) {
        Matcher m = PATH.matcher(request.getPath());
        if (!m.matches()) {
            return Optional.empty();
        }
        String object = "/apis/apps/v1/namespaces/" + m.group(1) + "/" + m.group(2) + "/" + m.group(3);
        return Optional.of(switch (request.getMethod()) {
            case "GET" -> scaleOf(crud.dispatch(request(HttpMethod.GET, object, null)));
            case "PUT", "PATCH" -> write(request, object);
            default -> KubeStatus.failure(405, "MethodNotAllowed", "the scale subresource takes GET, PUT and"
                    + " PATCH");
        });
    }

    private MockResponse write(RecordedRequest request, String object) {
        String body = request.getBody() == null ? "" : new String(request.getBody().getBytes(),
                StandardCharsets.UTF_8);
        Integer replicas;
        try {
            replicas = replicas(request.getHeader("Content-Type"), body);
        } catch (RuntimeException e) {
            return KubeStatus.failure(400, "BadRequest", "cannot read the scale request: " + e.getMessage());
        }
        if (replicas == null || replicas < 0) {
            return KubeStatus.failure(422, "Invalid", "spec.replicas: Invalid value: a scale needs a replica"
                    + " count of 0 or more");
        }
        MockResponse patched = crud.dispatch(request(HttpMethod.PATCH, object,
                "{\"spec\":{\"replicas\":" + replicas + "}}"));
        return scaleOf(patched);
    }

    /** The replica count a scale write asks for, or null when it names none. */
    @SuppressWarnings("unchecked")
    private static Integer replicas(String contentType, String body) {
        if (contentType != null && contentType.startsWith("application/json-patch+json")) {
            List<Map<String, Object>> ops = JSON.unmarshal(body, List.class);
            return ops.stream().filter(op -> "/spec/replicas".equals(op.get("path"))
                            && List.of("replace", "add").contains(op.get("op")))
                    .map(op -> ((Number) op.get("value")).intValue()).reduce((a, b) -> b).orElse(null);
        }
        Map<String, Object> doc = JSON.unmarshal(body, Map.class);
        Object spec = doc.get("spec");
        Object replicas = spec instanceof Map<?, ?> s ? s.get("replicas") : null;
        return replicas instanceof Number n ? n.intValue() : null;
    }

    /** The Scale of the object in {@code response}, or the response itself when it carries no object. */
    private static MockResponse scaleOf(MockResponse response) {
        if (response.code() < 200 || response.code() >= 300) { // the store answers a patch with 202
            return response;
        }
        GenericKubernetesResource object = JSON.unmarshal(new String(response.getBody().getBytes(),
                StandardCharsets.UTF_8), GenericKubernetesResource.class);
        Map<String, Object> spec = map(object.getAdditionalProperties().get("spec"));
        Map<String, Object> status = map(object.getAdditionalProperties().get("status"));
        Map<String, Object> selector = map(map(spec.get("selector")).get("matchLabels"));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", object.getMetadata().getName());
        metadata.put("namespace", object.getMetadata().getNamespace());
        metadata.put("uid", object.getMetadata().getUid());
        metadata.put("resourceVersion", object.getMetadata().getResourceVersion());
        metadata.put("creationTimestamp", object.getMetadata().getCreationTimestamp());
        Map<String, Object> scale = new LinkedHashMap<>();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        scale.put("metadata", metadata);
        scale.put("spec", Map.of("replicas", spec.getOrDefault("replicas", 1)));
        scale.put("status", Map.of("replicas", status.getOrDefault("replicas", 0),
                "selector", selector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","))));
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(JSON.asJson(scale));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static RecordedRequest request(HttpMethod method, String path, String mergePatch) {
        Headers headers = mergePatch == null ? Headers.builder().build()
                : Headers.builder().add("Content-Type", "application/merge-patch+json").build();
        Buffer buffer = new Buffer();
        if (mergePatch != null) {
            buffer.writeUtf8(mergePatch);
        }
        return new RecordedRequest("HTTP/1.1", method, path, headers, buffer);
    }
}
