package io.neurectomy.console.core.endpoints;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.neurectomy.console.core.cluster.PodPortForwards;
import io.neurectomy.console.core.util.BoundedText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into one exact pod of a namespace, never through a Service (which would pick any replica): a short command
 * run in a container with its output collected ({@link #exec}, for checks such as {@code sha256sum}), or one HTTP
 * request to a port through a port-forward that lives only as long as the request ({@link #send}). How the console
 * reloads a server, reads its metrics or asks its API on that exact replica.
 *
 * @param client    the cluster's client
 * @param namespace the namespace of the pods
 * @param timeout   how long a command may run, or a request wait for its whole answer
 * @param maxBody   the most bytes of an answer's body read ({@link BoundedAnswer}); a longer answer is an error
 */
public record PodCalls(KubernetesClient client, String namespace, Duration timeout, long maxBody) {
    private static final Logger LOG = LoggerFactory.getLogger(PodCalls.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Calls that read at most {@value BoundedAnswer#MAX_BODY} bytes of an answer. */
    public PodCalls(KubernetesClient client, String namespace, Duration timeout) {
        this(client, namespace, timeout, BoundedAnswer.MAX_BODY);
    }

    /** Exit code (-1 when the server did not say), standard output and standard error of a command. */
    public record ExecResult(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** The status code and body of an HTTP answer. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /**
         * What the body is, for a message about an answer that should have been JSON and is not: "an HTML page" (an
         * error or login page of something in front of the server), "an empty body", or "text that is not JSON".
         */
        public String notJson() {
            return describe(body);
        }

        /**
         * Whether the body is an HTML page: what a proxy or login page in front of the server sends, never the
         * answer of Prometheus's or Alertmanager's API.
         */
        public boolean html() {
            return isHtml(body);
        }

        /** {@link #notJson()} of a body. */
        public static String describe(String body) {
            String text = body == null ? "" : body.strip();
            if (text.isEmpty()) {
                return "an empty body instead of JSON";
            }
            if (isHtml(text)) {
                return "an HTML page instead of JSON (an error or login page of something in front of the server?)";
            }
            return "text that is not JSON (" + body.length() + " characters)";
        }

        private static boolean isHtml(String body) {
            String text = body == null ? "" : body.strip();
            String head = text.substring(0, Math.min(text.length(), 200)).toLowerCase(Locale.ROOT);
            return head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<body")
                    || head.contains("<head");
        }
    }

    /** The pod called {@code name} in the namespace, for calls of its own (a streamed exec). */
    public PodResource pod(String name) {
        return client.pods().inNamespace(namespace).withName(name);
    }

    /**
     * Runs {@code command} in {@code container} of {@code pod} (the pod's only container when {@code container} is
     * null). Throws {@link IOException} naming the pod when exec is refused, fails, or outlasts the timeout. Of each
     * output the first {@value BoundedText#DEFAULT_LIMIT} bytes are kept ({@link BoundedText}).
     */
    public ExecResult exec(String pod, String container, List<String> command)
            throws IOException, InterruptedException {
        BoundedText out = new BoundedText();
        BoundedText err = new BoundedText();
        PodResource resource = pod(pod);
        try (ExecWatch watch = (container == null ? resource.writingOutput(out) : resource.inContainer(container)
                .writingOutput(out)).writingError(err).exec(command.toArray(String[]::new))) {
            Integer code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ExecResult(code == null ? -1 : code, out.toString(), err.toString());
        } catch (KubernetesClientException e) {
            throw new IOException("exec in " + namespace + "/" + pod + " was refused: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("exec in " + namespace + "/" + pod + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IOException("'" + String.join(" ", command) + "' in " + namespace + "/" + pod
                    + " did not finish within " + timeout.toSeconds() + " s", e);
        }
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
     * when the first attempt fails or times out: a single stalled stream must not fail a reload or a backup (an
     * answer over {@link #maxBody} is not asked for again).
     */
    public Response send(String pod, int port, String method, String path, String json)
            throws IOException, InterruptedException {
        boolean repeatable = method.equals("GET") || (method.equals("POST") && path.equals("/-/reload"));
        try {
            return sendOnce(pod, port, method, path, json);
        } catch (IOException first) {
            if (!repeatable || first instanceof BoundedAnswer.TooLargeException) {
                throw first; // not repeatable, or too large again the next time
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
            forward = PodPortForwards.open(pod(pod), port);
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
            HttpResponse<String> response = BoundedAnswer.send(HTTP, request, timeout, maxBody, pod,
                    method + " " + path);
            return new Response(response.statusCode(), response.body());
        }
    }
}
