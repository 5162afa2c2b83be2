package io.neurectomy.console.core.backup.operations;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Alertmanager silences through its API ({@code /api/v2/silences}) on one ready replica; gossip spreads them. */
final class Silences {
    static final String ENTRY = "silences.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PodCalls pods;

    Silences(KubernetesClient client, String namespace, Duration timeout) {
        this.pods = new PodCalls(client, namespace, timeout);
    }

    /** The active and pending silences as a JSON array. */
    byte[] export() {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode s : live()) {
            String state = s.path("status").path("state").asString("");
            if (state.equals("active") || state.equals("pending")) {
                out.add(s);
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(out);
    }

    /** What a restore would do with the archived silences: which to create, which are already there. */
    record Plan(List<JsonNode> create, int present, int expired) {
    }

    Plan plan(byte[] archived, Instant now) {
        List<JsonNode> live = live();
        List<JsonNode> create = new ArrayList<>();
        int present = 0;
        int expired = 0;
        for (JsonNode s : JSON.readTree(archived)) {
            Instant ends = Instant.parse(s.path("endsAt").asString());
            if (!ends.isAfter(now)) {
                expired++;
            } else if (live.stream().anyMatch(l -> same(l, s))) {
                present++;
            } else {
                create.add(s);
            }
        }
        return new Plan(create, present, expired);
    }

    /** Creates each silence of {@code plan} (without its old id, so Alertmanager gives a new one); returns count. */
    int create(Plan plan) {
        String pod = readyPod();
        int created = 0;
        for (JsonNode s : plan.create()) {
            ObjectNode body = JSON.createObjectNode();
            body.set("matchers", s.path("matchers"));
            body.put("startsAt", s.path("startsAt").asString());
            body.put("endsAt", s.path("endsAt").asString());
            body.put("createdBy", s.path("createdBy").asString(""));
            body.put("comment", s.path("comment").asString(""));
            PodCalls.Response r = call(pod, "POST", JSON.writeValueAsString(body));
            if (!r.ok()) {
                throw new BackupException("Alertmanager " + pod + " refused a silence (HTTP " + r.status() + ": "
                        + r.body().strip() + "); " + created + " of " + plan.create().size() + " were re-created.");
            }
            created++;
        }
        return created;
    }

    /** Same matchers, end and comment: the same silence re-created before (ids differ after a restore). */
    private static boolean same(JsonNode live, JsonNode archived) {
        if (live.path("status").path("state").asString("").equals("expired")) {
            return false;
        }
        if (Objects.equals(live.path("id").asString(""), archived.path("id").asString(null))) {
            return true;
        }
        return live.path("matchers").equals(archived.path("matchers"))
                && Instant.parse(live.path("endsAt").asString()).equals(Instant.parse(archived.path("endsAt")
                .asString())) && live.path("comment").equals(archived.path("comment"));
    }

    private List<JsonNode> live() {
        String pod = readyPod();
        PodCalls.Response r = call(pod, "GET", null);
        if (!r.ok()) {
            throw new BackupException("Alertmanager " + pod + " did not list its silences (HTTP " + r.status() + ": "
                    + r.body().strip() + ").");
        }
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body().getBytes(StandardCharsets.UTF_8)).forEach(out::add);
        return out;
    }

    private String readyPod() {
        return StackPods.firstReady(pods.client(), pods.namespace(), StackComponent.ALERTMANAGER).getMetadata()
                .getName();
    }

    private PodCalls.Response call(String pod, String method, String body) {
        try {
            return pods.send(pod, StackComponent.ALERTMANAGER.port(), method, "/api/v2/silences", body);
        } catch (IOException e) {
            throw new BackupException("Could not reach Alertmanager " + pod + " for its silences: " + e.getMessage()
                    + ". Check that it runs and that you may create pods/portforward in " + pods.namespace() + ".",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
    }
}
