package io.neurectomy.console.core.endpoints;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One HTTP request to a port of one pod, through a port-forward that lives only as long as the request: how the
 * console reloads a server, reads its metrics or asks its API on that exact replica (never through a Service, which
 * would pick any replica).
 */
public final class PodHttp {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PodHttp.class);
    /** The status code and body of an answer. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final KubernetesClient client;
    private final String namespace;
    private final Duration timeout;

    /** Requests to pods of {@code namespace}, each allowed {@code timeout} for its answer. */
    public PodHttp(KubernetesClient client, String namespace, Duration timeout) {
        this.client = client;
        this.namespace = namespace;
        this.timeout = timeout;
    }

    public Response get(String pod, int port, String path) throws IOException, InterruptedException {
        return send(pod, port, "GET", path);
    }

    public Response post(String pod, int port, String path) throws IOException, InterruptedException {
        return send(pod, port, "POST", path);
    }

    /**
     * Sends {@code method path} to {@code pod:port}. Throws {@link IOException} naming the pod when the forward
     * cannot be opened or the pod does not answer in time.
     */
    public Response send(String pod, int port, String method, String path) throws IOException, InterruptedException {
        return send(pod, port, method, path, null);
    }

    /**
     * {@link #send(String, int, String, String)} with a JSON body (none when {@code json} is null). A request that
     * may safely be repeated ({@code GET}, and {@code POST /-/reload}) is tried once more over a fresh port-forward
     * when the first attempt fails or times out: a single stalled stream must not fail a reload or a backup.
     */
    public Response send(String pod, int port, String method, String path, String json)
            throws IOException, InterruptedException {
        boolean repeatable = method.equals("GET") || (method.equals("POST") && path.equals("/-/reload"));
        try {
            return sendOnce(pod, port, method, path, json);
        } catch (IOException first) {
            if (!repeatable) {
                throw first;
            }
            LOG.debug("{} {} on {} failed ({}); trying once more", method, path, pod, first.getMessage());
            try {
                return sendOnce(pod, port, method, path, json);
            } catch (IOException second) {
                second.addSuppressed(first);
                throw second;
            }
        }
    }

    private Response sendOnce(String pod, int port, String method, String path, String json)
            throws IOException, InterruptedException {
        LocalPortForward forward;
        try {
            forward = client.pods().inNamespace(namespace).withName(pod).portForward(port);
        } catch (KubernetesClientException e) {
            throw new IOException("cannot open a port-forward to " + namespace + "/" + pod + ":" + port + ": "
                    + e.getMessage(), e);
        }
        try (forward) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + forward.getLocalPort() + path))
                    .timeout(timeout).method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                builder.header("Content-Type", "application/json");
            }
            HttpRequest request = builder.build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException(pod + " did not answer " + method + " " + path + " within " + timeout.toSeconds()
                    + " s", e);
        }
    }
}
