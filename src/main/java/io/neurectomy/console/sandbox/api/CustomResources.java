package io.neurectomy.console.sandbox.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.neurectomy.console.sandbox.KubeStatus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CustomResourceDefinitions as an API server treats them: creating one makes its group and resource appear in
 * discovery and its objects storable; deleting it withdraws them; and a group of a third party (a dotted name outside
 * {@code k8s.io}) that no installed CRD defines is not found (404), so a client that asks "where the API exists"
 * gets the answer a cluster without, say, cert-manager gives.
 */
final class CustomResources {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final Pattern CRDS = Pattern.compile(
            "^/apis/apiextensions\\.k8s\\.io/v1/customresourcedefinitions(?:/([^/?]+))?/?(?:\\?.*)?$");
    private static final Pattern GROUP_VERSION = Pattern.compile("^/apis/([^/?]+)/([^/?]+)(?:[/?].*)?$");

    private final Discovery discovery;

    CustomResources(Discovery discovery) {
        this.discovery = discovery;
    }

    /** A 404 for a request under a third-party API group/version that no installed CRD serves; else empty. */
    Optional<MockResponse> refuse(RecordedRequest request) {
        Matcher m = GROUP_VERSION.matcher(request.getPath());
        if (!m.matches() || discovery.serves(m.group(1) + "/" + m.group(2))) {
            return Optional.empty();
        }
        return Optional.of(KubeStatus.failure(404, "NotFound", "the server could not find the requested resource"));
    }

    /** Follows what the store did with a CRD: serves it once created or changed, withdraws it once deleted. */
    void observe(RecordedRequest request, MockResponse response) {
        Matcher m = CRDS.matcher(request.getPath());
        if (!m.matches() || response.code() < 200 || response.code() > 299) {
            return;
        }
        switch (request.getMethod()) {
            case "POST", "PUT", "PATCH" -> {
                if (response.getBody() == null) {
                    return;
                }
                String body = new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
                try {
                    discovery.serve(JSON.unmarshal(body, CustomResourceDefinition.class));
                } catch (RuntimeException e) {
                    // Not a CRD document (e.g. a Status): nothing to serve.
                }
            }
            case "DELETE" -> {
                if (m.group(1) != null) {
                    discovery.withdraw(m.group(1));
                }
            }
            default -> { }
        }
    }
}
