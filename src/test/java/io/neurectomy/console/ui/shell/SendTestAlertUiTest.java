package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.cli.ConsoleCommand;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.AlertWebhook;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javafx.scene.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Alerts tab's "Send test alert" in the window, on the sandbox's real Alertmanager cluster routed (by
 * {@code config apply}) to a webhook in the test: a click sends a ConsoleTestAlert that reaches the webhook, and the
 * window names the receiver it was routed to and that it was delivered.
 */
class SendTestAlertUiTest {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private SandboxCluster sandbox;
    private AlertWebhook webhook;
    private ConsoleApp app;

    @BeforeEach
    void start() throws Exception {
        WaitForAsyncUtils.clearExceptions();
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false);
        webhook = new AlertWebhook();
        Poll.until(WAIT, "an Alertmanager ready to ask", () -> command("silence", "list") == 0);
        Path config = Files.writeString(dir.resolve("alertmanager.yml"),
                webhook.routeTestAlerts(sandbox.adminClient(), NS));
        assertThat(command("config", "apply", "--target", "alertmanager", "--yes", config.toString())).isZero();
        ConsoleServices services = SandboxServices.connectingTo(sandbox, dir.resolve("config"));
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        FxWait.until(() -> robot.lookup("#healthView").tryQuery().map(Node::isVisible).orElse(false));
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        if (webhook != null) {
            webhook.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        WaitForAsyncUtils.clearExceptions();
    }

    /** Runs the console's command line on the sandbox, as a user in a terminal would; its exit code. */
    private int command(String... args) {
        CommandLine cl = ConsoleCommand.commandLine(options -> { });
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = sandbox.kubeconfig().toString();
        return cl.execute(all);
    }

    @Test
    void aTestAlertSentByClickReachesTheWebhookAndTheWindowNamesItsReceiverAndDelivery() throws Exception {
        FxWait.click(robot, "#healthTabAlerts");
        FxWait.until(() -> !robot.lookup("#alertsSendTest").query().isDisabled());
        assertThat(webhook.bodies()).as("nothing notified before the click").noneMatch(b -> b.contains(
                "ConsoleTestAlert"));

        FxWait.click(robot, "#alertsSendTest");

        // The outside observer: the webhook receives a notification of one ConsoleTestAlert, through its receiver.
        String body = Poll.until(WAIT, () -> webhook.bodies().stream().filter(b -> b.contains("ConsoleTestAlert"))
                .findFirst(), Optional::isPresent, "the test alert at the webhook").orElseThrow();
        JsonNode notification = JSON.readTree(body);
        assertThat(notification.path("receiver").asString()).isEqualTo(AlertWebhook.RECEIVER);
        JsonNode labels = notification.path("alerts").get(0).path("labels");
        assertThat(labels.path("alertname").asString()).isEqualTo("ConsoleTestAlert");
        String id = labels.path("console_test_id").asString();
        assertThat(id).isNotBlank();

        // The window names that alert, its receiver and the outcome.
        FxWait.until(() -> FxWait.text(robot, "#alertsMessageText").startsWith("Delivered: "));
        assertThat(FxWait.text(robot, "#alertsMessageText")).startsWith("Delivered: receiver " + AlertWebhook.RECEIVER
                + " notified through webhook.").contains("ConsoleTestAlert " + id);
        FxWait.until(() -> !robot.lookup("#alertsSendTest").query().isDisabled());
    }
}
