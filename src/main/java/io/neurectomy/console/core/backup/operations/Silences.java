package io.neurectomy.console.core.backup.operations;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.util.BoundedJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Alertmanager silences through its API ({@code /api/v2/silences}) on one ready replica; gossip spreads them. */
final class Silences {
    static final String ENTRY = "silences.json";
    /** Most silences a restore re-creates from an archive (a team has tens; each is one request). */
    static final int MAX_SILENCES = 10_000;
    /** Deepest nesting of the archived silences' JSON (a silence has four levels). */
    static final int MAX_DEPTH = 32;
    /** Longest archived silences file read, in characters. */
    static final int MAX_CHARS = 32 * 1024 * 1024;
    private static final JsonMapper JSON = BoundedJson.mapper(MAX_DEPTH, MAX_CHARS);

    /** Requests for one silence before giving up, spread over the ready replicas. */
    private static final int CREATE_ATTEMPTS = 3;

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
        return plan(live(), archived, now);
    }

    /**
     * What a restore would do with the archived silences ({@code archived}, the archive's {@value #ENTRY}) given the
     * {@code live} ones.
     *
     * @throws BackupException when {@code archived} is not a JSON array of silences, each with its end
     */
    static Plan plan(List<JsonNode> live, byte[] archived, Instant now) {
        List<JsonNode> create = new ArrayList<>();
        int present = 0;
        int expired = 0;
        JsonNode silences;
        try {
            silences = JSON.readTree(archived);
        } catch (JacksonException e) {
            if (BoundedJson.isLimit(e)) {
                throw new BackupException("The archive's " + ENTRY + " is refused: it is "
                        + BoundedJson.describe(e, MAX_DEPTH, MAX_CHARS) + ", which no list of silences is; leave"
                        + " silences out of the restore.", e);
            }
            throw new BackupException("The archive's " + ENTRY + " is not JSON (" + e.getOriginalMessage()
                    + "); leave silences out of the restore.", e);
        }
        if (silences == null || !silences.isArray()) {
            throw new BackupException("The archive's " + ENTRY + " is not a list of silences; leave silences out of"
                    + " the restore.");
        }
        if (silences.size() > MAX_SILENCES) {
            throw new BackupException("The archive's " + ENTRY + " lists " + silences.size() + " silences, more than"
                    + " the " + MAX_SILENCES + " a restore re-creates; leave silences out of the restore and re-create"
                    + " the ones you need with amtool.");
        }
        for (JsonNode s : silences) {
            Instant ends = instant(s.path("endsAt"));
            if (ends == null) {
                throw new BackupException("A silence in the archive's " + ENTRY + " has no valid endsAt; leave"
                        + " silences out of the restore.");
            }
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

    /**
     * Creates each silence of {@code plan} (without its old id, so Alertmanager gives a new one); returns count. A
     * replica that does not answer is not the end: the next ready one is asked (gossip spreads what any of them
     * holds), after checking that the unanswered request did not create the silence after all.
     */
    int create(Plan plan) {
        int created = 0;
        for (JsonNode s : plan.create()) {
            ObjectNode body = JSON.createObjectNode();
            body.set("matchers", s.path("matchers"));
            body.put("startsAt", s.path("startsAt").asString());
            body.put("endsAt", s.path("endsAt").asString());
            body.put("createdBy", s.path("createdBy").asString(""));
            body.put("comment", s.path("comment").asString(""));
            createOne(s, JSON.writeValueAsString(body), created, plan.create().size());
            created++;
        }
        return created;
    }

    private void createOne(JsonNode archived, String body, int created, int total) {
        List<String> replicas = readyPods();
        BackupException unanswered = null;
        for (int attempt = 0; attempt < Math.max(CREATE_ATTEMPTS, replicas.size()); attempt++) {
            String pod = replicas.get(attempt % replicas.size());
            try {
                if (unanswered != null && live(pod, listed(pod)).stream().anyMatch(l -> same(l, archived))) {
                    return;
                }
                PodCalls.Response r = send(pod, "POST", body);
                if (!r.ok()) {
                    throw new BackupException("Alertmanager " + pod + " refused a silence (HTTP " + r.status() + ": "
                            + r.body().strip() + "); " + created + " of " + total + " were re-created.");
                }
                return;
            } catch (IOException e) {
                unanswered = unreachable(pod, e);
            }
        }
        throw new BackupException(unanswered.getMessage() + " " + created + " of " + total + " silences were"
                + " re-created; restore again to create the rest (those present are not created twice).",
                unanswered.getCause());
    }

    /** Same matchers, end and comment: the same silence re-created before (ids differ after a restore). */
    private static boolean same(JsonNode live, JsonNode archived) {
        if (live.path("status").path("state").asString("").equals("expired")) {
            return false;
        }
        if (Objects.equals(live.path("id").asString(""), archived.path("id").asString(null))) {
            return true;
        }
        Instant liveEnd = instant(live.path("endsAt"));
        return live.path("matchers").equals(archived.path("matchers")) && liveEnd != null
                && liveEnd.equals(instant(archived.path("endsAt"))) && live.path("comment").equals(archived.path(
                "comment"));
    }

    /** A silence's time, or null when it has none or it does not parse. */
    private static Instant instant(JsonNode node) {
        try {
            return node.isString() ? Instant.parse(node.asString()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The silences as the first ready replica that answers lists them. */
    private List<JsonNode> live() {
        BackupException unanswered = null;
        for (String pod : readyPods()) {
            try {
                return live(pod, listed(pod));
            } catch (IOException e) {
                unanswered = unreachable(pod, e);
            }
        }
        throw unanswered;
    }

    /** Alertmanager {@code pod}'s answer to {@code GET /api/v2/silences}. */
    private String listed(String pod) throws IOException {
        PodCalls.Response r = send(pod, "GET", null);
        if (!r.ok()) {
            throw new BackupException("Alertmanager " + pod + " did not list its silences (HTTP " + r.status() + ": "
                    + r.body().strip() + ").");
        }
        return r.body();
    }

    /**
     * The silences of Alertmanager {@code pod}'s answer {@code body} to {@code /api/v2/silences}.
     *
     * @throws BackupException when the answer is not a JSON list
     */
    static List<JsonNode> live(String pod, String body) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new BackupException("Alertmanager " + pod + " listed its silences in no JSON ("
                    + e.getOriginalMessage() + ").", e);
        }
        if (answer == null || !answer.isArray()) {
            throw new BackupException("Alertmanager " + pod + " did not list its silences: its answer is not a list.");
        }
        List<JsonNode> out = new ArrayList<>();
        answer.forEach(out::add);
        return out;
    }

    private List<String> readyPods() {
        return StackPods.ready(pods.client(), pods.namespace(), StackComponent.ALERTMANAGER).stream()
                .map(p -> p.getMetadata().getName()).toList();
    }

    private PodCalls.Response send(String pod, String method, String body) throws IOException {
        try {
            return pods.send(pod, StackComponent.ALERTMANAGER.port(), method, "/api/v2/silences", body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        }
    }

    private BackupException unreachable(String pod, IOException e) {
        String why = String.valueOf(e.getMessage()).strip();
        why = why.endsWith(".") ? why.substring(0, why.length() - 1) : why;
        return new BackupException("Could not reach Alertmanager " + pod + " for its silences: " + why + ". Check"
                + " that it runs and that you may create pods/portforward in " + pods.namespace() + ".", e);
    }
}
