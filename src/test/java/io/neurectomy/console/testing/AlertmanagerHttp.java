package io.neurectomy.console.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A test's own line to the sandbox's Alertmanager replicas (a port-forward per request, as a user's curl would go):
 * posts alerts as Prometheus does, and reads what a replica holds, independently of the console's client.
 */
public final class AlertmanagerHttp {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PORT = 9093;

    private final KubernetesClient admin;
    private final String namespace;

    public AlertmanagerHttp(KubernetesClient admin, String namespace) {
        this.admin = admin;
        this.namespace = namespace;
    }

    /** Posts one alert firing from now for {@code lifetime} to each of {@code replicas}, as Prometheus does. */
    public void fire(Map<String, String> labels, Duration lifetime, String... replicas) throws IOException {
        ArrayNode body = JSON.createArrayNode();
        ObjectNode alert = body.addObject();
        ObjectNode l = alert.putObject("labels");
        labels.forEach(l::put);
        alert.putObject("annotations").put("summary", "Posted by a test.");
        Instant now = Instant.now();
        alert.put("startsAt", now.toString());
        alert.put("endsAt", now.plus(lifetime).toString());
        for (String replica : replicas) {
            HttpResponse<String> response = send(replica, "POST", "/api/v2/alerts", body.toString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException(replica + " refused the alert: HTTP " + response.statusCode() + " "
                        + response.body());
            }
        }
    }

    /** What {@code replica} answers to {@code GET path}, as JSON. */
    public JsonNode get(String replica, String path) throws IOException {
        return JSON.readTree(send(replica, "GET", path, null).body());
    }

    /** The alerts {@code replica} holds named {@code alertname} (empty when it cannot be asked). */
    public List<JsonNode> alerts(String replica, String alertname) {
        try {
            return filter(get(replica, "/api/v2/alerts"), alertname);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * The alerts {@code replica} holds named {@code alertname}, asked again until the replica answers (a forward of
     * the test's own can fail on a busy machine): an empty list here means the replica holds none.
     */
    public List<JsonNode> alertsAnswered(Duration wait, String replica, String alertname) {
        return Poll.until(wait, () -> {
            try {
                return Optional.of(filter(get(replica, "/api/v2/alerts"), alertname));
            } catch (IOException | RuntimeException e) {
                return Optional.<List<JsonNode>>empty();
            }
        }, Optional::isPresent, replica + " answering GET /api/v2/alerts").orElseThrow();
    }

    private static List<JsonNode> filter(JsonNode alerts, String alertname) {
        List<JsonNode> found = new ArrayList<>();
        alerts.forEach(a -> {
            if (a.path("labels").path("alertname").asString("").equals(alertname)) {
                found.add(a);
            }
        });
        return found;
    }

    /** The silences {@code replica} keeps (empty when it cannot be asked). */
    public List<JsonNode> silences(String replica) {
        List<JsonNode> list = new ArrayList<>();
        try {
            get(replica, "/api/v2/silences").forEach(list::add);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return list;
    }

    /** A silence's matchers as {@code name=value} ({@code name=~value} for a regex, {@code !} before a negation). */
    public static List<String> matchers(JsonNode silence) {
        List<String> list = new ArrayList<>();
        silence.path("matchers").forEach(m -> list.add(m.path("name").asString()
                + (m.path("isEqual").asBoolean(true) ? "" : "!") + (m.path("isRegex").asBoolean() ? "=~" : "=")
                + m.path("value").asString()));
        return list;
    }

    /**
     * The peers {@code replica} reports itself ({@code /api/v2/status}), by name, once its cluster has settled
     * ({@code ready}); empty when it does not answer or has not settled (a read through a port-forward may fail
     * once: callers poll).
     */
    public Set<String> settledPeers(String replica) {
        try {
            JsonNode cluster = get(replica, "/api/v2/status").path("cluster");
            Set<String> names = new TreeSet<>();
            cluster.path("peers").forEach(p -> names.add(p.path("name").asString("")));
            return "ready".equals(cluster.path("status").asString("")) ? names : Set.of();
        } catch (IOException e) {
            return Set.of();
        }
    }

    /**
     * Waits (at most {@code wait}) until exactly {@code alertmanager-0 … n-1} run, none leaving, and each reports
     * the same {@code n} peers.
     */
    public void awaitCluster(Duration wait, int n) {
        List<String> expected = IntStream.range(0, n).mapToObj(i -> "alertmanager-" + i).toList();
        Poll.until(wait, n + " Alertmanagers, each seeing the same " + n + " peers", () -> {
            List<String> running = admin.pods().inNamespace(namespace).withLabel("app", "alertmanager").list()
                    .getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .map(p -> p.getMetadata().getName()).sorted().toList();
            if (!running.equals(expected)) {
                return false;
            }
            Set<String> first = settledPeers(expected.get(0));
            return first.size() == n && expected.stream().allMatch(r -> settledPeers(r).equals(first));
        });
    }

    private HttpResponse<String> send(String replica, String method, String path, String body) throws IOException {
        try (LocalPortForward forward = admin.pods().inNamespace(namespace).withName(replica).portForward(PORT)) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + forward.getLocalPort() + path)).timeout(Duration.ofSeconds(30));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted asking " + replica, e);
        }
    }
}
