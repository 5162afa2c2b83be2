package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.endpoints.AlertmanagerApi;
import io.neurectomy.console.core.endpoints.TestAlert;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.util.MetricsText;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.AlertWebhook;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code alerts test} against the sandbox's real Alertmanager cluster, whose config the test routes (through
 * {@code config apply}) to a webhook of its own: a test alert that reaches the webhook is reported delivered, with the
 * receiver its route chose; one routed to a receiver nothing listens on is reported not delivered, exit 1. Alertmanager
 * counts requests per integration, not per receiver: a test alert delivered while another webhook receiver keeps
 * failing is still reported delivered.
 */
class AlertsTestCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ID = Pattern.compile("\"" + TestAlert.ID_LABEL + "\":\"([^\"]+)\"");

    @TempDir
    static Path dir;

    private static SandboxCluster sandbox;
    private static AlertWebhook webhook;
    private static ClusterSession session;

    private final CommandLineRun cli = new CommandLineRun();

    @BeforeAll
    static void start() throws Exception {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
        webhook = new AlertWebhook();
        CommandLineRun apply = new CommandLineRun();
        Poll.until(WAIT, "an Alertmanager ready to ask", () -> apply.on(sandbox.kubeconfig(), "silence", "list") == 0);
        Path config = Files.writeString(dir.resolve("alertmanager.yml"),
                webhook.routeTestAlerts(sandbox.adminClient(), NS));
        assertThat(apply.on(sandbox.kubeconfig(), "config", "apply", "--target", "alertmanager", "--yes",
                config.toString())).as(apply.out() + apply.err()).isZero();
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (webhook != null) {
            webhook.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aTestAlertThatReachesTheWebhookIsReportedDeliveredWithItsReceiver() throws Exception {
        int code = cli.on(sandbox.kubeconfig(), "alerts", "test", "--output", "json");

        assertThat(code).as(cli.out() + cli.err()).isZero();
        JsonNode result = JSON.readTree(cli.out());
        String id = result.path("id").asString();
        assertThat(id).isNotBlank();
        assertThat(result.path("outcome").asString()).isEqualTo("DELIVERED");
        assertThat(result.path("receivers").get(0).asString()).isEqualTo(AlertWebhook.RECEIVER);
        // The outside observer: the webhook holds a notification of exactly this alert.
        Poll.until(WAIT, "the test alert at the webhook", () -> webhook.bodies().stream()
                .anyMatch(b -> carries(b, id)));
        JsonNode notification = JSON.readTree(webhook.bodies().stream().filter(b -> carries(b, id)).findFirst()
                .orElseThrow());
        assertThat(notification.path("receiver").asString()).isEqualTo(AlertWebhook.RECEIVER);
        JsonNode labels = notification.path("alerts").get(0).path("labels");
        assertThat(labels.path("alertname").asString()).isEqualTo("ConsoleTestAlert");
        assertThat(labels.path("severity").asString()).isEqualTo("info");
    }

    @Test
    void aTestAlertWhoseReceiverCannotBeReachedIsReportedNotDelivered() throws Exception {
        int code = cli.on(sandbox.kubeconfig(), "alerts", "test", "--label", "hook=down");

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(OperationRunner.FAILED);
        assertThat(cli.out()).contains("Receiver:  " + AlertWebhook.DEAD_RECEIVER)
                .containsPattern("Requests:  webhook \\d+ \\(\\d+ failed\\)")
                .contains("Not delivered: ");
        String id = cli.out().lines().filter(l -> l.startsWith("Alert:")).findFirst().orElseThrow()
                .split(" +")[2];
        assertThat(webhook.bodies()).noneMatch(b -> carries(b, id));
    }

    @Test
    void aDeliveredTestAlertIsNotTakenForTheFailuresOfAnotherWebhookReceiver() throws Exception {
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        HealthChecker.awaitSync(session, WAIT);
        AlertmanagerApi api = new AlertmanagerApi(session, Duration.ofSeconds(30));
        String replica = Poll.until(WAIT, api::replica, r -> true, "a ready Alertmanager replica");
        // Another webhook receiver that fails, again and again, on the replica the test alert goes to.
        double failedBefore = failedWebhookRequests(api, replica);
        Instant now = Instant.now();
        api.post(replica, Map.of("alertname", TestAlert.ALERT_NAME, "hook", "down", TestAlert.ID_LABEL, "other"),
                Map.of(), now, now.plus(Duration.ofMinutes(5)));
        Poll.until(WAIT, "the other receiver failing", () -> failedWebhookRequests(api, replica) > failedBefore);

        Set<String> earlier = testIds(webhook.bodies());
        TestAlert.Result result;
        try (AutoCloseable release = webhook.hold()) {
            CompletableFuture<String> failureSeen = new CompletableFuture<>();
            CompletableFuture<TestAlert.Result> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    return new TestAlert(api).send(TestAlert.Request.of("test").withPatience(WAIT)
                            .withFailureGrace(WAIT), step -> {
                                if (step.contains("failed")) {
                                    failureSeen.complete(step);
                                }
                            });
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The test alert's notification is in flight, unanswered, until the test alert has seen the other
            // receiver's failures (or has already decided).
            Poll.until(WAIT, "the test alert's notification at the webhook", () -> !earlier.containsAll(
                    testIds(webhook.bodies())));
            CompletableFuture.anyOf(failureSeen, sent).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            release.close();
            result = sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(result.outcome()).as(result.message()).isEqualTo(TestAlert.Outcome.DELIVERED);
        assertThat(result.receivers()).containsExactly(AlertWebhook.RECEIVER);
        assertThat(webhook.bodies()).anyMatch(b -> carries(b, result.id()));
    }

    /** The test alert ids that notifications carried. */
    private static Set<String> testIds(List<String> bodies) {
        Set<String> ids = new HashSet<>();
        for (String body : bodies) {
            Matcher m = ID.matcher(body);
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    private static double failedWebhookRequests(AlertmanagerApi api, String replica) {
        return MetricsText.samples(api.metrics(replica), "alertmanager_notification_requests_failed_total").stream()
                .filter(s -> "webhook".equals(s.label("integration"))).mapToDouble(MetricsText.Sample::value).sum();
    }

    @Test
    void aLabelThatIsNotNameEqualsValueIsAUsageError() {
        assertThat(cli.on(sandbox.kubeconfig(), "alerts", "test", "--label", "severity")).isEqualTo(
                OperationRunner.USAGE);
        assertThat(cli.err()).contains("cannot read the label 'severity'");
    }

    private static boolean carries(String body, String id) {
        return body.contains("\"console_test_id\":\"" + id + "\"");
    }
}
