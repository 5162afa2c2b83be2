package io.neurectomy.console.sandbox.api;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.neurectomy.console.core.cluster.SandboxMarker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The orphaning delete of a workload ({@code propagationPolicy: Orphan}, {@code kubectl delete --cascade=orphan}):
 * before the store deletes the StatefulSet, Deployment or ReplicaSet, it is marked
 * {@link SandboxMarker#ORPHANING_ANNOTATION} (so the reconciler stops adopting for it) and its dependents (pods,
 * ReplicaSets, ControllerRevisions) lose their ownerReference to it, as the garbage collector's orphan finalizer does,
 * so they keep running and a new owner with the same selector can adopt them. Other deletes go to the store unchanged;
 * the
 * reconciler collects the dependents of owners that are gone.
 */
final class OrphanDelete {
    private static final Pattern PATH = Pattern.compile(
            "^/apis/apps/v1/namespaces/([^/]+)/(statefulsets|deployments|replicasets)/([^/?]+)(\\?(.*))?$");
    private static final List<String> DEPENDENTS = List.of("/api/v1/namespaces/%s/pods",
            "/apis/apps/v1/namespaces/%s/replicasets", "/apis/apps/v1/namespaces/%s/controllerrevisions");

    private final Dispatcher crud;

    OrphanDelete(Dispatcher crud) {
        this.crud = crud;
    }

    /** When {@code request} deletes a workload with the Orphan policy, frees its dependents first. */
    void release(RecordedRequest request) {
        Matcher m = PATH.matcher(request.getPath());
        if (!"DELETE".equals(request.getMethod()) || !m.matches() || !orphan(request, m.group(5))) {
            return;
        }
        String ns = m.group(1);
        MockResponse owner = crud.dispatch(StrategicMergePatch.request(HttpMethod.GET,
                "/apis/apps/v1/namespaces/" + ns + "/" + m.group(2) + "/" + m.group(3), null, null));
        if (owner.code() != 200) {
            return;
        }
        Object uid = metadata(StrategicMergePatch.read(body(owner))).get("uid");
        // The owner is marked as being deleted first, as the API server does before the orphan finalizer runs: the
        // controllers then no longer adopt for it, so no dependent freed below is taken back by the dying owner.
        crud.dispatch(StrategicMergePatch.request(HttpMethod.PATCH, "/apis/apps/v1/namespaces/" + ns + "/"
                + m.group(2) + "/" + m.group(3), "application/merge-patch+json", StrategicMergePatch.write(Map.of(
                "metadata", Map.of("annotations", Map.of(SandboxMarker.ORPHANING_ANNOTATION, "true"))))));
        for (String list : DEPENDENTS) {
            String path = String.format(list, ns);
            MockResponse answer = crud.dispatch(StrategicMergePatch.request(HttpMethod.GET, path, null, null));
            if (answer.code() != 200) {
                continue;
            }
            Object items = StrategicMergePatch.read(body(answer)).get("items");
            for (Object item : items instanceof List<?> l ? l : List.of()) {
                if (item instanceof Map<?, ?> dependent) {
                    release(path, dependent, uid);
                }
            }
        }
    }

    private void release(String listPath, Map<?, ?> dependent, Object ownerUid) {
        Map<String, Object> metadata = metadata(dependent);
        Object refs = metadata.get("ownerReferences");
        if (!(refs instanceof List<?> owners)) {
            return;
        }
        List<Object> kept = new ArrayList<>();
        for (Object ref : owners) {
            if (!(ref instanceof Map<?, ?> r && Objects.equals(r.get("uid"), ownerUid))) {
                kept.add(ref);
            }
        }
        if (kept.size() == owners.size()) {
            return;
        }
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", kept.isEmpty() ? "remove" : "replace");
        op.put("path", "/metadata/ownerReferences");
        if (!kept.isEmpty()) {
            op.put("value", kept);
        }
        crud.dispatch(StrategicMergePatch.request(HttpMethod.PATCH, listPath + "/" + metadata.get("name"),
                "application/json-patch+json", StrategicMergePatch.write(List.of(op))));
    }

    private static boolean orphan(RecordedRequest request, String query) {
        if (query != null && (query.contains("propagationPolicy=Orphan") || query.contains("orphanDependents=true"))) {
            return true;
        }
        String body = StrategicMergePatch.body(request);
        if (body.isBlank()) {
            return false;
        }
        try {
            Map<String, Object> options = StrategicMergePatch.read(body);
            return "Orphan".equals(options.get("propagationPolicy"))
                    || Boolean.TRUE.equals(options.get("orphanDependents"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<?, ?> object) {
        return object.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String body(MockResponse response) {
        return new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
    }
}
