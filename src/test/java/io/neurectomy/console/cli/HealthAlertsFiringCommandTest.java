package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.AlertmanagerHttp;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code alerts-firing} health check through {@code health}, against the sandbox's real Alertmanager cluster:
 * on a fresh stack nothing fires but the Watchdog heartbeat (OK, exit 0); an alert posted to the replicas, as
 * Prometheus posts it, is an INFO finding {@code alert/NAME} that leaves the exit code at 0, with the silence command
 * as its fix; running that command silences the alert at Alertmanager, and the finding goes. The fresh stack is
 * checked first: the later tests leave alerts firing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthAlertsFiringCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NS = "monitoring";
    private static final String[] REPLICAS = {"alertmanager-0", "alertmanager-1", "alertmanager-2"};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static SandboxCluster sandbox;
    private static AlertmanagerHttp alertmanager;

    private final CommandLineRun cli = new CommandLineRun();

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
        alertmanager = new AlertmanagerHttp(sandbox.adminClient(), NS);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** {@code health --output json}: the document, with the exit code put in as {@code exit}. */
    private JsonNode health() {
        cli.clearOut();
        int code = cli.on(sandbox.kubeconfig(), "health", "--output", "json");
        try {
            JsonNode doc = JSON.readTree(cli.out());
            ((tools.jackson.databind.node.ObjectNode) doc).put("exit", code);
            return doc;
        } catch (RuntimeException e) {
            return JSON.createObjectNode().put("exit", code);
        }
    }

    private static List<JsonNode> firing(JsonNode doc) {
        List<JsonNode> findings = new ArrayList<>();
        doc.path("checks").forEach(c -> {
            if (c.path("code").asString().equals("alerts-firing")) {
                c.path("findings").forEach(findings::add);
            }
        });
        return findings;
    }

    private static Optional<JsonNode> finding(JsonNode doc, String subject) {
        return firing(doc).stream().filter(f -> f.path("subject").asString().equals(subject)).findFirst();
    }

    @Test
    @Order(1)
    void onAFreshStackNoAlertFiresButTheHeartbeatAndHealthExitsZero() throws Exception {
        // The outside observer: the replicas hold the Watchdog, firing (Prometheus sends it once its rule evaluated).
        for (String replica : REPLICAS) {
            Poll.until(AlertsAndSilencesCommandTest.FIRST_ALERT, replica + " holding the Watchdog, active",
                    () -> alertmanager.alerts(replica, "Watchdog")
                    .stream().anyMatch(a -> a.path("status").path("state").asString().equals("active")));
        }
        JsonNode doc = Poll.until(WAIT, this::health, d -> d.path("exit").asInt(-1) == 0
                        && firing(d).stream().anyMatch(f -> f.path("severity").asString().equals("ok")),
                "a healthy report with alerts-firing OK");

        List<JsonNode> findings = firing(doc);
        assertThat(findings).hasSize(1);
        JsonNode ok = findings.get(0);
        assertThat(ok.path("subject").asString()).isEqualTo("alertmanager");
        assertThat(ok.path("message").asString()).isEqualTo("no alert firing (the Watchdog heartbeat fires, as it"
                + " should)");
        // The check set the Watchdog apart; it did not miss it.
        assertThat(ok.path("evidence").asString()).contains("asked: alertmanager-0, alertmanager-1, alertmanager-2")
                .contains("Watchdog (the always-firing heartbeat): firing");
    }

    @Test
    @Order(2)
    void aPostedAlertIsAnInfoFindingThatLeavesTheExitCodeAtZeroWithTheSilenceCommand() throws Exception {
        String name = "ConsoleCheckDiskFilling";
        alertmanager.fire(Map.of("alertname", name, "severity", "warning", "job", "node", "instance",
                "node-a:9100"), Duration.ofHours(1), REPLICAS);
        alertmanager.fire(Map.of("alertname", name, "severity", "warning", "job", "node", "instance",
                "node-b:9100"), Duration.ofHours(1), REPLICAS);

        JsonNode doc = Poll.until(WAIT, this::health, d -> d.path("exit").asInt(-1) == 0
                && finding(d, "alert/" + name).map(f -> f.path("message").asString().startsWith("2 firing"))
                .orElse(false), "alert/" + name + " with both instances, and exit 0");

        JsonNode f = finding(doc, "alert/" + name).orElseThrow();
        assertThat(f.path("severity").asString()).isEqualTo("info");
        // The receivers are those Alertmanager itself chose for the alert.
        String receiver = alertmanager.alertsAnswered(WAIT, "alertmanager-0", name).get(0).path("receivers").get(0)
                .path("name").asString();
        assertThat(f.path("message").asString()).isEqualTo("2 firing, severity warning; receivers " + receiver);
        assertThat(f.path("evidence").asString()).contains("instance=node-a:9100").contains("instance=node-b:9100")
                .contains("on alertmanager-0, alertmanager-1, alertmanager-2");
        // The instance tells the two apart: the silence covers what they share.
        assertThat(f.path("action").path("operation").asString()).isEqualTo("silence-alert");
        assertThat(f.path("action").path("label").asString()).isEqualTo("Silence…");
        assertThat(f.path("action").path("target").asString())
                .isEqualTo("alertname=\"" + name + "\"\njob=\"node\"\nseverity=\"warning\"");
        assertThat(f.path("fix").asString()).endsWith("monitoring-console silence add 'alertname=\"" + name
                + "\"' 'job=\"node\"' 'severity=\"warning\"' --duration 2h --comment 'WHY' -n monitoring");
        assertThat(doc.path("status").asString()).isEqualTo("healthy");

        cli.clearOut();
        assertThat(cli.on(sandbox.kubeconfig(), "health", "--verbose")).as(cli.out()).isZero();
        assertThat(cli.out()).contains("INFO     alert/" + name + ": 2 firing, severity warning")
                .contains("fix: Deal with what it reports, or silence it meanwhile: monitoring-console silence add");
    }

    @Test
    @Order(3)
    void anAlertSilencedWithItsFixCommandIsNoLongerReported() throws Exception {
        String name = "ConsoleCheckQueueStuck";
        alertmanager.fire(Map.of("alertname", name, "severity", "critical", "queue", "orders"), Duration.ofHours(1),
                REPLICAS);
        JsonNode doc = Poll.until(WAIT, this::health, d -> finding(d, "alert/" + name).isPresent(),
                "alert/" + name + " reported");
        String fix = finding(doc, "alert/" + name).orElseThrow().path("fix").asString();
        String comment = "queue drained by hand " + UUID.randomUUID();
        List<String> words = shellWords(fix.substring(fix.indexOf("monitoring-console ")));
        assertThat(words.subList(0, 3)).containsExactly("monitoring-console", "silence", "add");
        words.set(words.indexOf("WHY"), comment);

        cli.clearOut();
        int code = cli.on(sandbox.kubeconfig(), words.subList(1, words.size()).toArray(String[]::new));
        assertThat(code).as(cli.err()).isZero();
        String id = cli.out().strip();

        JsonNode silence = Poll.until(WAIT, () -> alertmanager.silences("alertmanager-2").stream()
                .filter(s -> s.path("id").asString().equals(id)).findFirst(), Optional::isPresent,
                "silence " + id + " at alertmanager-2").orElseThrow();
        assertThat(silence.path("comment").asString()).isEqualTo(comment);
        assertThat(AlertmanagerHttp.matchers(silence)).containsExactlyInAnyOrder("alertname=" + name,
                "queue=orders", "severity=critical");

        Poll.until(WAIT, this::health, d -> d.path("exit").asInt(-1) >= 0 && !firing(d).isEmpty()
                && finding(d, "alert/" + name).isEmpty(), "alert/" + name + " no longer reported");
        // Still held by every replica, muted by that silence: the finding went because of it.
        for (String replica : REPLICAS) {
            assertThat(alertmanager.alertsAnswered(WAIT, replica, name)).as(replica).singleElement().satisfies(a ->
                    assertThat(a.path("status").path("silencedBy").toString()).contains(id));
        }
    }

    /** The words of a POSIX shell command line that quotes with single quotes only ({@code '\''} for a quote). */
    private static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        boolean escaped = false;
        for (char ch : line.toCharArray()) {
            if (quoted && ch != '\'') {
                word.append(ch);
            } else if (escaped || quoted) {
                word.append(escaped ? String.valueOf(ch) : "");
                escaped = false;
                quoted = false;
            } else if (ch == '\'' || ch == '\\') {
                word = word == null ? new StringBuilder() : word;
                quoted = ch == '\'';
                escaped = ch == '\\';
            } else if (Character.isWhitespace(ch)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(ch);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
