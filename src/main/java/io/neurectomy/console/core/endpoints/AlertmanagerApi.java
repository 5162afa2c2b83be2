package io.neurectomy.console.core.endpoints;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alerts and silences through Alertmanager's API ({@code /api/v2}) on one ready replica of the stack, the first by
 * name: the cluster's gossip gives every replica the same silences and alerts. What {@code amtool alert} and
 * {@code amtool silence} do by hand.
 */
public final class AlertmanagerApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StackComponent ALERTMANAGER = StackComponent.ALERTMANAGER;
    /** {@code name=value}, {@code name!=value}, {@code name=~regex}, {@code name!~regex}; the value may be quoted. */
    private static final Pattern MATCHER = Pattern.compile(
            "^\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^\"]*?)\\s*$");

    /**
     * An alert Alertmanager holds.
     *
     * @param name        its {@code alertname}
     * @param labels      every label
     * @param summary     its {@code summary} (or {@code description}) annotation, or empty
     * @param state       {@code active}, {@code suppressed} or {@code unprocessed}
     * @param startsAt    when it started firing
     * @param receivers   the receivers its route chose
     * @param silencedBy  the silences that mute it
     * @param inhibitedBy the alerts that inhibit it
     */
    public record Alert(String name, Map<String, String> labels, String summary, String state, Instant startsAt,
                        List<String> receivers, List<String> silencedBy, List<String> inhibitedBy) {
    }

    /**
     * A silence.
     *
     * @param id        Alertmanager's identifier
     * @param matchers  as written: {@code alertname="Watchdog"}, {@code severity=~"warn|info"}
     * @param state     {@code active}, {@code pending} or {@code expired}
     * @param startsAt  when it starts muting
     * @param endsAt    when it stops
     * @param createdBy its author
     * @param comment   why
     */
    public record Silence(String id, List<String> matchers, String state, Instant startsAt, Instant endsAt,
                          String createdBy, String comment) {
    }

    private final Supplier<StackSnapshot> snapshot;
    private final PodCalls calls;

    public AlertmanagerApi(ClusterSession session, Duration timeout) {
        this(new PodCalls(session.client(), session.namespace(), timeout), () -> session.state().snapshot());
    }

    /**
     * Alertmanager of {@code calls}' namespace, its replicas as {@code snapshot} shows them at each call (the health
     * check's picture of one run).
     */
    public AlertmanagerApi(PodCalls calls, Supplier<StackSnapshot> snapshot) {
        this.calls = calls;
        this.snapshot = snapshot;
    }

    /** The replica asked: the first ready Alertmanager pod by name. */
    public String replica() {
        String namespace = calls.namespace();
        return snapshot.get().pods().stream()
                .filter(p -> ALERTMANAGER.runs(p.workload()) && p.ready()
                        && (p.namespace().isEmpty() || p.namespace().equals(namespace)))
                .map(PodInfo::name).min(Comparator.naturalOrder())
                .orElseThrow(() -> new ConsoleException("No ready Alertmanager replica in " + namespace
                        + ": alerts and silences cannot be read. See the health check (health) for why."));
    }

    /** Every alert Alertmanager holds (firing, silenced or inhibited), by name then start. */
    public List<Alert> alerts() {
        return alerts(replica(), List.of());
    }

    /**
     * The alerts replica {@code pod} holds that match every one of {@code matchers} ({@code label="value"}, as
     * Alertmanager's {@code filter} parameter reads them), by name then start. Alerts are not gossiped: an alert
     * posted to one replica is held by that replica only.
     */
    public List<Alert> alerts(String pod, List<String> matchers) {
        StringBuilder path = new StringBuilder("/api/v2/alerts");
        for (String m : matchers) {
            path.append(path.indexOf("?") < 0 ? '?' : '&').append("filter=")
                    .append(URLEncoder.encode(m, StandardCharsets.UTF_8));
        }
        return alertsOf(send(pod, "GET", path.toString(), null));
    }

    /** The alerts of an answer of {@code /api/v2/alerts}, by name then start; what is not an alert is left out. */
    static List<Alert> alertsOf(JsonNode answer) {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode a : answer) {
            Map<String, String> labels = strings(a.path("labels"));
            JsonNode annotations = a.path("annotations");
            String summary = annotations.path("summary").asString(annotations.path("description").asString(""));
            alerts.add(new Alert(labels.getOrDefault("alertname", ""), labels, summary,
                    a.path("status").path("state").asString(""), instant(a.path("startsAt")),
                    a.path("receivers").valueStream().map(r -> r.path("name").asString("")).toList(),
                    a.path("status").path("silencedBy").valueStream().map(n -> n.asString("")).toList(),
                    a.path("status").path("inhibitedBy").valueStream().map(n -> n.asString("")).toList()));
        }
        alerts.sort(Comparator.comparing(Alert::name).thenComparing(Alert::startsAt,
                Comparator.nullsLast(Comparator.naturalOrder())));
        return alerts;
    }

    /**
     * Posts one alert to replica {@code pod}, as Prometheus does: firing from {@code startsAt} until {@code endsAt},
     * when Alertmanager resolves it by itself.
     */
    public void post(String pod, Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
                     Instant endsAt) {
        ArrayNode body = JSON.createArrayNode();
        ObjectNode alert = body.addObject();
        ObjectNode l = alert.putObject("labels");
        labels.forEach(l::put);
        ObjectNode a = alert.putObject("annotations");
        annotations.forEach(a::put);
        alert.put("startsAt", startsAt.toString());
        alert.put("endsAt", endsAt.toString());
        send(pod, "POST", "/api/v2/alerts", body.toString());
    }

    /** Replica {@code pod}'s own metrics ({@code /metrics}), as text. */
    public String metrics(String pod) {
        return raw(pod, "GET", "/metrics", null);
    }

    /** Every silence Alertmanager keeps (expired ones too, for a while), newest end first. */
    public List<Silence> silences() {
        return silencesOf(get("/api/v2/silences"));
    }

    /** The silences of an answer of {@code /api/v2/silences}, newest end first. */
    static List<Silence> silencesOf(JsonNode answer) {
        List<Silence> silences = new ArrayList<>();
        for (JsonNode s : answer) {
            List<String> matchers = new ArrayList<>();
            for (JsonNode m : s.path("matchers")) {
                boolean equal = m.path("isEqual").asBoolean(true);
                boolean regex = m.path("isRegex").asBoolean(false);
                String op = equal ? (regex ? "=~" : "=") : (regex ? "!~" : "!=");
                matchers.add(m.path("name").asString("") + op + quote(m.path("value").asString("")));
            }
            silences.add(new Silence(s.path("id").asString(""), matchers, s.path("status").path("state").asString(""),
                    instant(s.path("startsAt")), instant(s.path("endsAt")), s.path("createdBy").asString(""),
                    s.path("comment").asString("")));
        }
        silences.sort(Comparator.comparing(Silence::endsAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return silences;
    }

    /**
     * Creates a silence of {@code matchers} from now for {@code duration}; returns its id. Throws
     * {@link ConsoleException} with the reason for a matcher that does not parse, and with Alertmanager's own words
     * when it refuses the silence.
     */
    public String silence(List<String> matchers, Duration duration, String author, String comment) {
        if (matchers.isEmpty()) {
            throw new ConsoleException("A silence needs at least one matcher, e.g. alertname=Watchdog.");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new ConsoleException("A silence needs a duration above zero, e.g. 2h.");
        }
        if (author == null || author.isBlank() || comment == null || comment.isBlank()) {
            throw new ConsoleException("A silence needs an author and a comment that says why.");
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("matchers");
        for (String text : matchers) {
            Matcher m = MATCHER.matcher(text);
            if (!m.matches()) {
                throw new ConsoleException("Matcher '" + text + "' does not parse: write label=value, label!=value,"
                        + " label=~regex or label!~regex.");
            }
            String op = m.group(2);
            String value = unquote(m.group(3));
            if (op.endsWith("~")) {
                try {
                    Pattern.compile(value);
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw new ConsoleException("Matcher '" + text + "' has an invalid regex: " + e.getDescription());
                }
            }
            ObjectNode node = list.addObject();
            node.put("name", m.group(1));
            node.put("value", value);
            node.put("isRegex", op.endsWith("~"));
            node.put("isEqual", !op.startsWith("!"));
        }
        Instant now = Instant.now();
        body.put("startsAt", now.toString());
        body.put("endsAt", now.plus(duration).toString());
        body.put("createdBy", author.strip());
        body.put("comment", comment.strip());
        JsonNode answer = send("POST", "/api/v2/silences", body.toString());
        return answer.path("silenceID").asString("");
    }

    /** Expires the silence {@code id} at once. */
    public void expire(String id) {
        if (id == null || !id.matches("[0-9a-fA-F-]{1,64}")) {
            throw new ConsoleException("'" + id + "' is not a silence id (list them with silence list).");
        }
        send("DELETE", "/api/v2/silence/" + id, null);
    }

    private JsonNode get(String path) {
        return send(replica(), "GET", path, null);
    }

    private JsonNode send(String method, String path, String body) {
        return send(replica(), method, path, body);
    }

    private JsonNode send(String pod, String method, String path, String body) {
        return json(pod, path, raw(pod, method, path, body));
    }

    /**
     * The JSON of an answer ({@code text}) of replica {@code pod} to {@code path}; an empty object for an empty answer.
     *
     * @throws ConsoleException when it is not JSON
     */
    static JsonNode json(String pod, String path, String text) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            throw new ConsoleException("Alertmanager " + pod + " answered " + path + " with "
                    + PodCalls.Response.describe(text) + ". Check that the pod's port is served by Alertmanager"
                    + " itself.", e);
        }
    }

    private String raw(String pod, String method, String path, String body) {
        PodCalls.Response response;
        try {
            response = calls.send(pod, ALERTMANAGER.port(), method, path, body);
        } catch (IOException e) {
            throw new ConsoleException("Cannot ask Alertmanager " + pod + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleException("Interrupted while asking Alertmanager " + pod + ".", e);
        }
        if (!response.ok()) {
            String said = response.body() == null ? "" : response.body().strip();
            throw new ConsoleException("Alertmanager " + pod + " refused " + method + " " + path + " (HTTP "
                    + response.status() + ")" + (said.isEmpty() ? "." : ": " + abbreviate(said)));
        }
        return response.body();
    }

    /**
     * A silence's or a test's length: {@code 30m}, {@code 2h}, {@code 1d}, {@code 90s}, or ISO-8601 ({@code PT2H}).
     * Throws {@link ConsoleException} saying how to write one.
     */
    public static Duration duration(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new ConsoleException("cannot read the duration '" + text + "': write 30m, 2h, 1d or PT2H.");
        }
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asString("")));
        return map;
    }

    private static Instant instant(JsonNode node) {
        try {
            return node.isMissingNode() || node.isNull() ? null : Instant.parse(node.asString(""));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The matcher {@code name="value"} (the value quoted and escaped), as {@link #silence} and amtool read it. */
    public static String matcher(String name, String value) {
        return name + "=" + quote(value);
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
