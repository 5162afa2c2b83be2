package io.neurectomy.console.sandbox.api;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pod list narrowed to one node by {@code fieldSelector=spec.nodeName=NODE} (or {@code !=}), as {@code kubectl
 * drain} and {@code kubectl get pods --field-selector} ask. The CRUD store knows no such field and answers an empty
 * list, so that a drain would find nothing to evict; here the store is asked without that term and its answer is
 * narrowed by node. Watches with such a selector are left to the store.
 *
 * @param forStore the same request without the node term, for the CRUD store
 * @param node     the node named
 * @param negated  {@code spec.nodeName!=NODE}: every pod not on that node (unscheduled ones included)
 */
record PodsByNode(RecordedRequest forStore, String node, boolean negated) {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final Pattern PATH = Pattern.compile("^(/api/v1(?:/namespaces/[^/?]+)?/pods)\\?(.*)$");
    private static final Pattern TERM = Pattern.compile("^spec\\.nodeName(==|=|!=)(.*)$");

    /** The node restriction of a pod list request; empty for every other request. */
    static Optional<PodsByNode> of(RecordedRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return Optional.empty();
        }
        Matcher path = PATH.matcher(request.getPath());
        if (!path.matches()) {
            return Optional.empty();
        }
        List<String> kept = new ArrayList<>();
        String node = null;
        boolean negated = false;
        for (String pair : path.group(2).split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (key.equals("watch") && (value.equals("true") || value.equals("1"))) {
                return Optional.empty();
            }
            if (!key.equals("fieldSelector")) {
                kept.add(pair);
                continue;
            }
            List<String> otherTerms = new ArrayList<>();
            for (String term : value.split(",")) {
                Matcher m = TERM.matcher(term.trim());
                if (m.matches() && node == null) {
                    node = m.group(2);
                    negated = m.group(1).equals("!=");
                } else if (!term.isBlank()) {
                    otherTerms.add(term);
                }
            }
            if (!otherTerms.isEmpty()) {
                kept.add("fieldSelector=" + URLEncoder.encode(String.join(",", otherTerms), StandardCharsets.UTF_8));
            }
        }
        if (node == null) {
            return Optional.empty();
        }
        String storePath = path.group(1) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        RecordedRequest forStore = new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, storePath,
                request.getHeaders(), request.getBody());
        return Optional.of(new PodsByNode(forStore, node, negated));
    }

    /** The store's answer with only the pods this selector selects, as a PodList; errors pass unchanged. */
    MockResponse narrow(MockResponse fromStore) {
        if (fromStore.code() != 200 || fromStore.getBody() == null) {
            return fromStore;
        }
        PodList list = JSON.unmarshal(new String(fromStore.getBody().getBytes(), StandardCharsets.UTF_8),
                PodList.class);
        List<Pod> selected = Optional.ofNullable(list.getItems()).orElse(List.of()).stream()
                .filter(p -> negated != node.equals(nodeOf(p)))
                .toList();
        list.setItems(new ArrayList<>(selected));
        // The store calls every list "List"; kubectl's typed client reads such a list as empty. A real server says
        // PodList.
        list.setApiVersion("v1");
        list.setKind("PodList");
        return fromStore.setBody(JSON.asJson(list));
    }

    /** The pod's node, "" when it is not scheduled (as the API server compares it). */
    private static String nodeOf(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
