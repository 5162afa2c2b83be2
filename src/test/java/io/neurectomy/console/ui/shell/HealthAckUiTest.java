package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.health.Acknowledgements;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Acknowledging a finding in the window, by clicks, on the sandbox with its real servers: with Alertmanager scaled to
 * one replica the Health section warns; "Acknowledge…" on that finding asks for a reason (the button stays disabled
 * without one), and once acknowledged the finding is labelled so, the verdict is healthy, and the acknowledgement is
 * in the state directory's file.
 */
class HealthAckUiTest {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private SandboxCluster sandbox;
    private ConsoleApp app;
    private String previousState;

    @BeforeEach
    void start() throws Exception {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        previousState = System.getProperty("console.stateDir");
        System.setProperty("console.stateDir", Files.createDirectories(dir.resolve("state")).toString());
        System.setProperty("console.dataDir", Files.createDirectories(dir.resolve("data")).toString());
        sandbox = SandboxCluster.start(false);
        ConsoleServices services = SandboxServices.connectingTo(sandbox, dir.resolve("config"));
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
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
        System.clearProperty("console.dataDir");
        if (previousState == null) {
            System.clearProperty("console.stateDir");
        } else {
            System.setProperty("console.stateDir", previousState);
        }
    }

    @Test
    void acknowledgingTheOnlyWarningByClicksMakesTheStackHealthy() throws Exception {
        FxWait.until(() -> robot.lookup("#healthView").tryQuery().map(Node::isVisible).orElse(false));
        // Through the scale subresource, as kubectl scale does: no optimistic lock to lose against the controller,
        // which writes the StatefulSet's status while the stack settles.
        sandbox.adminClient().apps().statefulSets().inNamespace(NS).withName("alertmanager").scale(1);
        Poll.until(WAIT, "one alertmanager pod left", () -> sandbox.adminClient().pods().inNamespace(NS)
                .withLabel("app", "alertmanager").list().getItems().size() == 1);
        FxWait.click(robot, "#healthAttentionOnly");
        awaitUntil(() -> app.shell().health().findings().stream().anyMatch(f -> f.code().equals("workload-replicas")
                && f.severity() == Severity.WARNING));
        awaitUntil(() -> ackLink().isPresent());

        FxWait.clickUntil(robot, this::ackLink, () -> robot.lookup("#acknowledgeDialog").tryQuery().isPresent());
        Button confirm = robot.lookup((Button b) -> "Acknowledge".equals(b.getText())).queryButton();
        assertThat(confirm.isDisabled()).as("no reason yet").isTrue();
        TextField reason = robot.lookup("#ackReason").query();
        robot.interact(() -> reason.setText("one Alertmanager during the migration"));
        TextField days = robot.lookup("#ackDays").query();
        assertThat(days.getText()).isEqualTo("30");
        FxWait.until(() -> !confirm.isDisabled());
        FxWait.click(robot, confirm);

        awaitUntil(() -> app.shell().health().statusProperty().get() == HealthStatus.HEALTHY);
        Finding row = WaitForAsyncUtils.waitForAsyncFx(5_000, () -> app.shell().health().findings().stream()
                .filter(f -> f.code().equals("workload-replicas") && f.subject().equals("StatefulSet/alertmanager"))
                .findFirst().orElseThrow());
        assertThat(row.severity()).isEqualTo(Severity.WARNING);
        assertThat(row.message()).contains("— acknowledged until ").endsWith(": one Alertmanager during the migration");
        assertThat(WaitForAsyncUtils.waitForAsyncFx(5_000, () -> app.shell().health().summaryProperty().get()))
                .startsWith("Healthy:").contains("1 acknowledged");
        Path file = dir.resolve("state").resolve(Acknowledgements.FILE_NAME);
        assertThat(Files.readString(file)).contains("\"context\" : \"" + SandboxCluster.CONTEXT + "\"")
                .contains("\"subject\" : \"StatefulSet/alertmanager\"")
                .contains("\"reason\" : \"one Alertmanager during the migration\"");
        awaitUntil(() -> withdrawLink().isPresent());
    }

    /** The "Acknowledge…" link of the Alertmanager replicas warning, when the list shows it. */
    private Optional<Hyperlink> ackLink() {
        return link("Acknowledge…");
    }

    private Optional<Hyperlink> withdrawLink() {
        return link("Withdraw acknowledgement");
    }

    private Optional<Hyperlink> link(String text) {
        return robot.lookup(".finding-secondary-action").match((Hyperlink h) -> text.equals(h.getText())
                && shown(h) && isReplicasWarning(h)).tryQuery();
    }

    private static boolean isReplicasWarning(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n instanceof ListCell<?> cell && cell.getItem() instanceof Finding f) {
                return f.code().equals("workload-replicas") && f.subject().equals("StatefulSet/alertmanager");
            }
        }
        return false;
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    private static void awaitUntil(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.waitForAsyncFx(5_000, condition::getAsBoolean));
    }
}
