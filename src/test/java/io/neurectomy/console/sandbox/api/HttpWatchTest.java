package io.neurectomy.console.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Watches over plain HTTP, as kubectl asks for them ({@code get -w}, {@code rollout status}, {@code wait}), against
 * an API-only sandbox: events arrive as lines while the watch is open, as tables when asked for, and the watch ends
 * at its {@code timeoutSeconds}.
 */
class HttpWatchTest {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String PODS = "/api/v1/namespaces/monitoring/pods";
    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));
        admin = sandbox.adminClient();
        http = HttpClient.newHttpClient();
        Poll.until(WAIT, "the reconciler's seven pods", () -> admin.pods().inNamespace("monitoring").list()
                .getItems().size() == 7);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aDeletedPodAndItsReplacementArriveAsEventLinesWhileTheWatchIsOpen() throws Exception {
        try (Lines lines = watch(PODS + "?watch=true", "application/json")) {
            admin.pods().inNamespace("monitoring").withName("prometheus-1").delete();

            Map<String, Object> deleted = lines.await(e -> "DELETED".equals(e.get("type"))
                    && "prometheus-1".equals(name(e)), "prometheus-1 deleted");
            assertThat(object(deleted)).containsEntry("kind", "Pod");
            lines.await(e -> "ADDED".equals(e.get("type")) && "prometheus-1".equals(name(e)),
                    "prometheus-1 added again by the reconciler");
        }
    }

    @Test
    void aWatchAskedForTablesGetsOneRowTables() throws Exception {
        try (Lines lines = watch(PODS + "?watch=true", "application/json;as=Table;v=v1;g=meta.k8s.io,"
                + "application/json")) {
            // A merge patch without a resourceVersion: the controller may update the pod's status at any moment, and
            // an edit (read, then patch that version) would then be refused with 409 Conflict.
            admin.pods().inNamespace("monitoring").withName("alertmanager-2").patch(
                    PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"touched\":\"yes\"}}}");

            Map<String, Object> event = lines.await(e -> "MODIFIED".equals(e.get("type")) && ((List<?>) object(e)
                    .getOrDefault("rows", List.of())).stream().anyMatch(r -> String.valueOf(r).contains(
                    "alertmanager-2")), "alertmanager-2 modified, as a table");
            assertThat(object(event)).containsEntry("kind", "Table").containsKey("columnDefinitions");
        }
    }

    @Test
    void theWatchEndsAtItsTimeout() throws Exception {
        try (Lines lines = watch(PODS + "?watch=true&timeoutSeconds=1", "application/json")) {
            Poll.until(WAIT, "the watch's response ended", lines.ended::isDone);
        }
    }

    /** The lines of a watch response as they arrive, read on their own thread. */
    private static final class Lines implements AutoCloseable {
        final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> ended;
        private final Stream<String> body;

        @SuppressWarnings("unchecked")
        Lines(HttpResponse<Stream<String>> response) {
            assertThat(response.statusCode()).isEqualTo(200);
            body = response.body();
            ended = CompletableFuture.runAsync(() -> body.filter(l -> !l.isBlank())
                    .forEach(l -> events.add(JSON.unmarshal(l, Map.class))));
        }

        Map<String, Object> await(java.util.function.Predicate<Map<String, Object>> wanted, String what) {
            return Poll.until(WAIT, () -> {
                Map<String, Object> event;
                while ((event = events.poll()) != null) {
                    if (wanted.test(event)) {
                        return Optional.of(event);
                    }
                }
                return Optional.<Map<String, Object>>empty();
            }, Optional::isPresent, what).orElseThrow();
        }

        @Override
        public void close() {
            body.close();
            ended.cancel(true);
        }
    }

    private static Lines watch(String path, String accept) throws Exception {
        return new Lines(http.send(HttpRequest.newBuilder(URI.create(sandbox.url() + path)).header("Accept", accept)
                .build(), HttpResponse.BodyHandlers.ofLines()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> event) {
        return (Map<String, Object>) event.get("object");
    }

    @SuppressWarnings("unchecked")
    private static String name(Map<String, Object> event) {
        Object metadata = object(event).get("metadata");
        return metadata instanceof Map<?, ?> m ? (String) ((Map<String, Object>) m).get("name") : null;
    }
}
