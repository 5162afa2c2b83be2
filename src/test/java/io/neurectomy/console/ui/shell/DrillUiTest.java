package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.core.ops.StatefulSetPods;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.ui.fx.StepRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The pod-failure drill run from the window on the sandbox with its real servers: the Runbooks menu offers "Drill pod
 * failure…" (the sandbox offers pod faults); its plan is confirmed in a dialog (Enter) before anything changes; the
 * drill's view follows its steps to the end, and an outside observer sees a new prometheus-1, ready; the view shows
 * the time to recovery against the guide's figure and "Lost: nothing."; the timeline, exported to the default file,
 * is the incident timeline. Esc then closes the view.
 */
class DrillUiTest {
    private static final String NS = "monitoring";
    /** Only catches hangs: a drill detects, replaces a pod and verifies. */
    private static final Duration WAIT = Duration.ofSeconds(240);

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private SandboxCluster sandbox;
    private ConsoleApp app;

    @BeforeEach
    void start() throws Exception {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        System.setProperty("console.dataDir", dir.resolve("data").toString());
        sandbox = SandboxCluster.start(false);
        ConsoleServices services = SandboxServices.connectingTo(sandbox, dir.resolve("config"));
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        Poll.until(WAIT, "both Prometheus replicas ready", () -> prometheus1().isPresent() && sandbox.adminClient()
                .pods().inNamespace(NS).withLabel("app", "prometheus").list().getItems().stream()
                .filter(Readiness::isPodReady).count() == 2);
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
    }

    @Test
    void thePodFailureDrillConfirmedInTheWindowReplacesTheHungReplicaAndReportsTheRecovery() throws Exception {
        FxWait.until(() -> robot.lookup("#healthView").tryQuery().map(Node::isVisible).orElse(false));
        FxWait.until(WAIT, () -> app.shell().health().statusProperty().get() == HealthStatus.HEALTHY
                && !app.shell().health().checkingProperty().get());
        String uid = prometheus1().orElseThrow().getMetadata().getUid();
        String context = app.shell().connect().sessionProperty().get().context();

        FxWait.click(robot, "#healthRunbooksMenu");
        FxWait.click(robot, "#healthDrillItem-pod-failure");
        FxWait.until(() -> robot.lookup("#confirmation").tryQuery().map(FxWait::shown).orElse(false));
        DialogPane confirmation = robot.lookup("#confirmation").query();
        assertThat(WaitForAsyncUtils.waitForAsyncFx(30_000, confirmation::getHeaderText))
                .isEqualTo("Hang pod prometheus-1 of " + context + " and recover with the pod-failure runbook?");
        assertThat(WaitForAsyncUtils.waitForAsyncFx(30_000, confirmation::getContentText))
                .contains("• Hang pod prometheus-1", "The guide's figure for pod-failure: 00:30.");
        assertThat(prometheus1().orElseThrow().getMetadata().getUid()).as("nothing changed before the confirmation")
                .isEqualTo(uid);

        robot.push(KeyCode.ENTER);
        FxWait.until(() -> robot.lookup("#drillView").tryQuery().map(FxWait::shown).orElse(false));
        assertThat(FxWait.text(robot, "#drillTitle")).isEqualTo("Drill: Pod failure");
        FxWait.until(WAIT, () -> !robot.lookup("#drillOutcome").queryAs(Label.class).getText().isEmpty());

        Pod after = prometheus1().orElseThrow();
        assertThat(after.getMetadata().getUid()).as("prometheus-1 is a new pod").isNotEqualTo(uid);
        assertThat(StatefulSetPods.ready(after)).as("the new prometheus-1 is ready").isTrue();
        ListView<StepRow> steps = robot.lookup("#drillSteps").queryListView();
        assertThat(WaitForAsyncUtils.waitForAsyncFx(30_000, () -> List.copyOf(steps.getItems())))
                .extracting(r -> r.step().id() + " " + r.state())
                .containsExactly("baseline DONE", "inject DONE", "await-detection DONE", "runbook DONE",
                        "compare DONE");
        assertThat(FxWait.text(robot, "#drillOutcome")).startsWith("Recovered").contains("Done: 5 of 5 steps done");
        assertThat(FxWait.text(robot, "#drillRecovery")).matches("Time to recovery: \\d\\d:\\d\\d\\.\\d from"
                + " the fault to the passed verification, (within|slower than) the guide's 00:30 for pod"
                + " failure\\.");
        assertThat(FxWait.text(robot, "#drillLost")).isEqualTo("Lost: nothing.");
        assertThat(FxWait.text(robot, "#drillCompared")).startsWith("Compared: ");
        assertThat(FxWait.text(robot, "#drillClock")).startsWith("Since the fault: ");

        String file = WaitForAsyncUtils.waitForAsyncFx(30_000, () -> app.shell().health().runbooks().lastDrill()
                .exportPathProperty().get());
        assertThat(Path.of(file).getParent()).isEqualTo(dir.resolve("data/runbooks"));
        FxWait.click(robot, "#drillExport");
        FxWait.until(() -> robot.lookup("#drillExportMessage").queryAs(Label.class).getText()
                .startsWith("Timeline written"));
        assertThat(FxWait.text(robot, "#drillExportMessage")).isEqualTo("Timeline written to " + file);
        assertThat(Files.readString(Path.of(file))).startsWith("# Incident timeline:");

        robot.push(KeyCode.ESCAPE);
        FxWait.until(() -> robot.lookup("#drillView").tryQuery().map(n -> !FxWait.shown(n)).orElse(true));
    }

    private Optional<Pod> prometheus1() {
        return Optional.ofNullable(sandbox.adminClient().pods().inNamespace(NS).withName("prometheus-1").get());
    }
}
