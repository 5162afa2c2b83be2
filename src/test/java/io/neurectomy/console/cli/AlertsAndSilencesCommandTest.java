package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code alerts} and {@code silence add|list|expire} against the sandbox's real Alertmanager cluster, checked
 * against what the Alertmanager replicas themselves answer, through port-forwards of the test's own.
 */
class AlertsAndSilencesCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    /**
     * The first Watchdog reaches Alertmanager once Prometheus has both evaluated the rule and discovered the
     * Alertmanagers; an alert sent before that discovery is dropped and sent again only after Prometheus's resend
     * delay (one minute), so on a loaded machine the first arrival can take well over two minutes.
     */
    static final Duration FIRST_ALERT = Duration.ofMinutes(5);
    private static final String NS = "monitoring";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static SandboxCluster sandbox;
    private static KubernetesClient admin;

    private final CommandLineRun cli = new CommandLineRun();

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
        admin = sandbox.adminClient();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private int run(String... args) {
        cli.clearOut();
        return cli.on(sandbox.kubeconfig(), args);
    }

    /** What replica {@code pod} answers to {@code GET path}, through a forward of the test's own. */
    private static JsonNode ask(String pod, String path) throws Exception {
        try (LocalPortForward forward = admin.pods().inNamespace(NS).withName(pod).portForward(9093)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + forward.getLocalPort() + path)).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        }
    }

    private static JsonNode silenceOn(String pod, String id) {
        return Poll.until(WAIT, () -> {
            try {
                return ask(pod, "/api/v2/silence/" + id);
            } catch (Exception e) {
                return JSON.createObjectNode();
            }
        }, n -> n.path("id").asString("").equals(id), "silence " + id + " on " + pod);
    }

    @Test
    void alertsListsTheFiringWatchdogWithTheReceiverItsRouteChose() throws Exception {
        Poll.until(FIRST_ALERT, "the Watchdog alert listed",
                () -> run("alerts") == 0 && cli.out().contains("Watchdog"));

        assertThat(cli.out()).containsPattern("Watchdog +info +active .* watchdog ");
        int code = run("alerts", "--output", "json");
        assertThat(code).as(cli.err()).isZero();
        JsonNode doc = JSON.readTree(cli.out());
        JsonNode watchdog = doc.path("alerts").valueStream().filter(a -> a.path("name").asString()
                .equals("Watchdog")).findFirst().orElseThrow();
        String replica = doc.path("replica").asString();
        JsonNode served = ask(replica, "/api/v2/alerts").valueStream().filter(a -> a.path("labels")
                .path("alertname").asString().equals("Watchdog")).findFirst().orElseThrow();
        assertThat(watchdog.path("startsAt").asString()).isEqualTo(Instant.parse(served.path("startsAt")
                .asString()).toString());
        assertThat(watchdog.path("receivers").get(0).asString())
                .isEqualTo(served.path("receivers").get(0).path("name").asString()).isEqualTo("watchdog");
    }

    @Test
    void aSilenceIsCreatedListedAndExpiredThroughTheRealAlertmanager() throws Exception {
        Poll.until(WAIT, "an Alertmanager ready to ask", () -> run("silence", "list") == 0);

        int code = run("silence", "add", "alertname=ConsoleSilenceTest", "severity=~\"warn|info\"",
                "--duration", "1h", "--comment", "planned maintenance", "--author", "on-call");
        assertThat(code).as(cli.err()).isZero();
        String id = cli.out().strip();
        assertThat(id).matches("[0-9a-f-]{36}");

        // Made on one replica, found on another: the cluster's gossip carried it.
        JsonNode silence = silenceOn("alertmanager-2", id);
        assertThat(silence.path("status").path("state").asString()).isEqualTo("active");
        assertThat(silence.path("createdBy").asString()).isEqualTo("on-call");
        assertThat(silence.path("comment").asString()).isEqualTo("planned maintenance");
        List<String> matchers = new ArrayList<>();
        silence.path("matchers").forEach(m -> matchers.add(m.path("name").asString() + " "
                + m.path("value").asString() + " regex=" + m.path("isRegex").asBoolean()));
        assertThat(matchers).containsExactlyInAnyOrder("alertname ConsoleSilenceTest regex=false",
                "severity warn|info regex=true");
        // Alertmanager starts a silence when it receives it, a moment after the console stamped it.
        assertThat(Duration.between(Instant.parse(silence.path("startsAt").asString()),
                Instant.parse(silence.path("endsAt").asString()))).isBetween(Duration.ofMinutes(59),
                Duration.ofHours(1));

        assertThat(run("silence", "list")).isZero();
        assertThat(cli.out()).contains(id).contains("alertname=\"ConsoleSilenceTest\"")
                .contains("severity=~\"warn|info\"").contains("planned maintenance");

        assertThat(run("silence", "expire", id)).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Expired " + id);
        Poll.until(WAIT, "the silence expired on alertmanager-0", () -> {
            try {
                return ask("alertmanager-0", "/api/v2/silence/" + id).path("status").path("state").asString()
                        .equals("expired");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(run("silence", "list")).isZero();
        assertThat(cli.out()).doesNotContain(id);
    }

    @Test
    void aMatcherThatDoesNotParseIsRefusedAndNothingIsCreated() throws Exception {
        Poll.until(WAIT, "an Alertmanager ready to ask", () -> run("silence", "list") == 0);
        int before = ask("alertmanager-0", "/api/v2/silences").size();

        assertThat(run("silence", "add", "alertname", "--comment", "x")).isEqualTo(OperationRunner.FAILED);
        assertThat(cli.err()).contains("Matcher 'alertname' does not parse");
        assertThat(run("silence", "add", "job=~\"(\"", "--comment", "x")).isEqualTo(OperationRunner.FAILED);
        assertThat(cli.err()).contains("has an invalid regex");
        assertThat(run("silence", "add", "job=x", "--comment", "x", "--duration", "soon"))
                .isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("cannot read the duration 'soon'");

        assertThat(ask("alertmanager-0", "/api/v2/silences").size()).isEqualTo(before);
    }
}
