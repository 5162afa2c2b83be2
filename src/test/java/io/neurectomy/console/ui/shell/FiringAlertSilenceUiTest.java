package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.readiness.Readiness;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.AlertmanagerHttp;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import tools.jackson.databind.JsonNode;

/**
 * A firing alert's "Silence…" in the Health section, on the sandbox with its real Alertmanager cluster: an alert
 * posted to the replicas shows as an INFO finding; its link opens the silence dialog with the alert's matchers; once
 * the comment is filled and the silence created, Alertmanager keeps a silence of exactly those matchers, mutes the
 * alert, and the finding goes.
 */
class FiringAlertSilenceUiTest {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NAME = "ConsoleUiBacklogGrowing";
    private static final String SUBJECT = "alert/" + NAME;

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private SandboxCluster sandbox;
    private ConsoleApp app;
    private AlertmanagerHttp alertmanager;

    @BeforeEach
    void start() throws Exception {
        WaitForAsyncUtils.clearExceptions();
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false);
        alertmanager = new AlertmanagerHttp(sandbox.adminClient(), NS);
        ConsoleServices services = SandboxServices.connectingTo(sandbox, dir.resolve("config"));
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        Poll.until(WAIT, "Alertmanager ready", () -> sandbox.adminClient().pods().inNamespace(NS)
                .withLabel("app", "alertmanager").list().getItems().stream().filter(Readiness::isPodReady)
                .count() == 3);
        FxWait.until(() -> robot.lookup("#healthView").tryQuery().map(Node::isVisible).orElse(false));
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        if (sandbox != null) {
            sandbox.close();
        }
        WaitForAsyncUtils.clearExceptions();
    }

    @Test
    void silencingAFiringAlertFromItsFindingMutesItAtAlertmanagerAndTheFindingGoes() throws Exception {
        alertmanager.fire(Map.of("alertname", NAME, "severity", "warning", "queue", "invoices"),
                Duration.ofHours(1), "alertmanager-0", "alertmanager-1", "alertmanager-2");
        ListView<Finding> list = robot.lookup("#healthFindings").queryListView();
        FxWait.until(() -> firing(list).isPresent());
        Severity severity = onFx(() -> firing(list).orElseThrow().severity());
        assertThat(severity).isEqualTo(Severity.INFO);

        boolean opened = false;
        for (int attempt = 0; attempt < 3 && !opened; attempt++) {
            // Each check refreshes the list; bring the finding into view, then click its link.
            robot.interact(() -> firing(list).ifPresent(list::scrollTo));
            if (!Poll.within(WAIT, () -> silenceLink().isPresent())) {
                break;
            }
            FxWait.click(robot, silenceLink().orElseThrow());
            opened = Poll.within(Duration.ofSeconds(15), () -> robot.lookup("#silenceDialog").tryQuery()
                    .isPresent());
        }
        assertThat(opened).as("the silence dialog opened from the finding's Silence… link").isTrue();
        TextArea matchers = robot.lookup("#silenceMatchers").query();
        String prefilled = onFx(matchers::getText);
        assertThat(prefilled).isEqualTo("alertname=\"" + NAME + "\"\nqueue=\"invoices\"\n"
                + "severity=\"warning\"");
        Button create = robot.lookup((Button b) -> "Create silence".equals(b.getText())).queryButton();
        boolean disabled = onFx(create::isDisabled);
        assertThat(disabled).as("no comment yet").isTrue();
        String comment = "invoices backlog, being drained " + UUID.randomUUID();
        TextField commentField = robot.lookup("#silenceComment").query();
        robot.interact(() -> commentField.setText(comment));
        FxWait.until(() -> comment.equals(commentField.getText()) && !create.isDisabled());
        Instant clicked = Instant.now();
        FxWait.click(robot, create);

        JsonNode silence = Poll.until(WAIT, () -> alertmanager.silences("alertmanager-1").stream()
                .filter(s -> s.path("comment").asString().equals(comment)).findFirst(), Optional::isPresent,
                "the silence at Alertmanager").orElseThrow();
        String id = silence.path("id").asString();
        assertThat(silence.path("status").path("state").asString()).isEqualTo("active");
        assertThat(AlertmanagerHttp.matchers(silence)).containsExactlyInAnyOrder("alertname=" + NAME,
                "queue=invoices", "severity=warning");
        assertThat(silence.path("createdBy").asString()).isEqualTo(System.getProperty("user.name"));
        assertThat(Duration.between(clicked, Instant.parse(silence.path("endsAt").asString())))
                .isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));

        // The finding goes once the checks see the alert muted; the check still runs and says what it found.
        FxWait.until(() -> firing(list).isEmpty() && list.getItems().stream().anyMatch(f -> f.code()
                .equals("alerts-firing")));
        for (String replica : new String[] {"alertmanager-0", "alertmanager-1", "alertmanager-2"}) {
            assertThat(alertmanager.alertsAnswered(WAIT, replica, NAME)).as(replica).singleElement().satisfies(a ->
                    assertThat(a.path("status").path("silencedBy").toString()).contains(id));
        }
    }

    private static Optional<Finding> firing(ListView<Finding> list) {
        return list.getItems().stream().filter(f -> f.code().equals("alerts-firing") && f.subject().equals(SUBJECT))
                .findFirst();
    }

    /** The shown "Silence…" link of the firing alert's row. */
    private Optional<Hyperlink> silenceLink() {
        return robot.lookup((Hyperlink h) -> "Silence…".equals(h.getText()) && shown(h)).tryQuery();
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) {
        return WaitForAsyncUtils.waitForAsyncFx(30_000, read);
    }
}
