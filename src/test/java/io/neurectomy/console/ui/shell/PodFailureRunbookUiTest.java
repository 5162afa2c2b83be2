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
import io.neurectomy.console.testing.ServerProcesses;
import io.neurectomy.console.ui.fx.StepRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
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
 * The pod-failure runbook walked in the window on the sandbox with its real servers: with prometheus-1's process
 * stopped (SIGSTOP: its port accepts, nothing answers) the Health section offers the pod-failure runbook (and offers
 * none while the stack is healthy); the offer opens the runbook's window, Start runs it (detect, replace the stuck
 * pod, verify), and an outside observer sees a new prometheus-1, ready; the timeline, exported from the window to a
 * file typed in, lists the scenario, each step and the outcome. Esc then closes the window.
 */
class PodFailureRunbookUiTest {
    private static final String NS = "monitoring";
    /** Only catches hangs. */
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private SandboxCluster sandbox;
    private ConsoleApp app;
    private boolean stopped;

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
        if (stopped) {
            ServerProcesses.signalPod(sandbox, NS, "prometheus-1", "CONT");
        }
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
    void theHealthSectionOffersThePodFailureRunbookWhichReplacesTheHungReplicaAndExportsItsTimeline()
            throws Exception {
        FxWait.until(() -> robot.lookup("#healthView").tryQuery().map(Node::isVisible).orElse(false));
        awaitUntil(() -> app.shell().health().statusProperty().get() == HealthStatus.HEALTHY
                && !app.shell().health().checkingProperty().get());
        assertThat(WaitForAsyncUtils.waitForAsyncFx(30_000, () -> shown(robot.lookup("#healthRunbooks").query())))
                .as("a healthy stack points to no runbook").isFalse();
        String uid = prometheus1().orElseThrow().getMetadata().getUid();

        ServerProcesses.signalPod(sandbox, NS, "prometheus-1", "STOP");
        stopped = true;

        // The strip is rebuilt when the findings point to other runbooks: the click is made where the button still
        // is, and again until the runbook's window shows.
        FxWait.clickUntil(robot, () -> shownButton("#healthRunbook-pod-failure"),
                () -> robot.lookup("#runbookView").tryQuery().map(PodFailureRunbookUiTest::shown).orElse(false));
        assertThat(FxWait.text(robot, "#runbookTitle")).isEqualTo("Runbook: Pod failure");
        awaitUntil(() -> !robot.lookup("#runbookStart").queryButton().isDisabled());
        assertThat(FxWait.text(robot, "#runbookConfirmation")).startsWith("Run the pod failure runbook on ");
        assertThat(prometheus1().orElseThrow().getMetadata().getUid()).as("nothing changed before Start")
                .isEqualTo(uid);

        FxWait.click(robot, "#runbookStart");
        awaitUntil(() -> !robot.lookup("#runbookOutcome").queryAs(Label.class).getText().isEmpty());

        assertThat(FxWait.text(robot, "#runbookOutcome")).startsWith("Recovered and verified: Done: 3 of 3 steps"
                + " done. Incident clock: ");
        Pod after = prometheus1().orElseThrow();
        stopped = false;
        assertThat(after.getMetadata().getUid()).as("prometheus-1 is a new pod").isNotEqualTo(uid);
        assertThat(StatefulSetPods.ready(after)).as("the new prometheus-1 is ready").isTrue();
        ListView<StepRow> steps = robot.lookup("#runbookSteps").queryListView();
        assertThat(WaitForAsyncUtils.waitForAsyncFx(30_000, () -> List.copyOf(steps.getItems())))
                .extracting(r -> r.step().id() + " " + r.state())
                .containsExactly("detect DONE", "replace-stuck-pods DONE", "verify DONE");
        assertThat(FxWait.text(robot, "#runbookClock")).matches("Incident clock: \\d\\d:\\d\\d elapsed, .* the 15:00"
                + " RTO");

        Path timeline = dir.resolve("incident/pod-failure.md");
        robot.clickOn("#runbookExportPath");
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write(timeline.toString());
        FxWait.click(robot, "#runbookExport");
        Poll.until(WAIT, "the timeline written", () -> Files.exists(timeline));
        awaitUntil(() -> robot.lookup("#runbookExportMessage").queryAs(Label.class).getText()
                .startsWith("Timeline written"));
        assertThat(FxWait.text(robot, "#runbookExportMessage")).isEqualTo("Timeline written to " + timeline);
        String md = Files.readString(timeline);
        assertThat(md).startsWith("# Incident timeline: Pod failure (pod-failure)")
                .contains("- Outcome: succeeded: Done: 3 of 3 steps done.")
                .contains("- RPO: no archive was restored; no data loss from a restore.")
                .containsPattern("\\| 1 \\| [0-9:]+ \\| [0-9:]+ \\| [0-9:]+ \\| detection \\| Detect: .* \\| done \\|"
                        + " .*prometheus-ready prometheus-1.* \\|")
                .containsPattern("\\| 2 \\| .* \\| automatic \\| Delete the stuck pods .* \\| done \\| replaced and"
                        + " ready: prometheus-1 \\|")
                .containsPattern("\\| 3 \\| .* \\| verification \\| Verify: .* \\| done \\| 5 probes pass: .* \\|")
                .contains("Detected: ");

        robot.push(KeyCode.ESCAPE);
        awaitUntil(() -> robot.lookup("#runbookView").tryQuery().map(n -> !shown(n)).orElse(true));
    }

    private Optional<Pod> prometheus1() {
        return Optional.ofNullable(sandbox.adminClient().pods().inNamespace(NS).withName("prometheus-1").get());
    }

    private Optional<Button> shownButton(String query) {
        return robot.lookup(query).match((Button b) -> shown(b)).tryQuery();
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null && node.getScene().getWindow() != null
                && node.getScene().getWindow().isShowing();
    }

    /** Waits, with a deadline long enough for a pod's replacement, until {@code condition} holds on the FX thread. */
    private static void awaitUntil(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.waitForAsyncFx(30_000, condition::getAsBoolean));
    }
}
