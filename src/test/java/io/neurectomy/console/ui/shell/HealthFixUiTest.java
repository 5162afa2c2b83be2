package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.ServerProcesses;
import io.neurectomy.console.ui.fx.OperationModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * From a health finding's fix action to the fixed stack, in the window on the sandbox with its real servers: with
 * prometheus-1's process stopped (SIGSTOP: its port accepts, nothing answers) the Health section shows it critical
 * with "Restart prometheus-1"; the link, once confirmed, deletes the pod through the Activity panel's operation (the
 * sandbox kills the stopped process after its grace period), the StatefulSet creates a new prometheus-1, and the
 * section shows it ready again.
 */
class HealthFixUiTest {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofSeconds(120);

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
    }

    @Test
    void restartingAStoppedPrometheusFromItsFindingBringsItBackReady() throws Exception {
        // Connected, the window lands on Health; it checks on its own until prometheus-1 reads ready.
        FxWait.until(() -> robot.lookup("#healthView").tryQuery().map(Node::isVisible).orElse(false));
        awaitUntil(() -> readiness().map(f -> f.severity() == Severity.OK).orElse(false));
        String uid = prometheus1().orElseThrow().getMetadata().getUid();

        ServerProcesses.signalPod(sandbox, NS, "prometheus-1", "STOP");
        stopped = true;
        FxWait.click(robot, "#healthAttentionOnly");

        awaitUntil(() -> shownLink("Restart prometheus-1").isPresent());
        assertThat(readiness()).get().extracting(Finding::severity).isEqualTo(Severity.CRITICAL);
        assertThat(shownTitle("prometheus-1: does not answer /-/ready")).isPresent();
        // The list is refreshed by every check (each some seconds with a stopped server): a refresh can move the
        // link while the pointer travels to it, so the click is made where the link still is, and made again until
        // the confirmation shows.
        FxWait.clickUntil(robot, () -> shownLink("Restart prometheus-1"),
                () -> robot.lookup("#confirmation").tryQuery().isPresent());
        DialogPane dialog = robot.lookup("#confirmation").query();
        assertThat(WaitForAsyncUtils.waitForAsyncFx(30_000, dialog::getHeaderText))
                .isEqualTo("Delete pod monitoring/prometheus-1?");
        assertThat(prometheus1().orElseThrow().getMetadata().getUid()).as("nothing deleted before the yes")
                .isEqualTo(uid);
        FxWait.click(robot, robot.lookup((Button b) -> "Delete pod".equals(b.getText())).queryButton());

        Poll.until(WAIT, "a new prometheus-1", () -> prometheus1().map(p -> !uid.equals(p.getMetadata().getUid()))
                .orElse(false));
        // The stopped process was killed with the old pod: nothing is left to continue.
        stopped = false;
        List<OperationModel<?>> recent = WaitForAsyncUtils.waitForAsyncFx(30_000,
                () -> List.copyOf(app.shell().activity().recent()));
        assertThat(recent).anySatisfy(op -> {
            assertThat(op.titleProperty().get()).isEqualTo("Delete pod monitoring/prometheus-1");
            assertThat(op.resultProperty().get().succeeded()).isTrue();
        });

        FxWait.click(robot, "#healthAttentionOnly");
        awaitUntil(() -> readiness().map(f -> f.severity() == Severity.OK).orElse(false));
        ListView<Finding> list = robot.lookup("#healthFindings").queryListView();
        robot.interact(() -> readiness().ifPresent(list::scrollTo));
        awaitUntil(() -> shownTitle("prometheus-1: ready (/-/ready answers 200)").isPresent());
        assertThat(shownLink("Restart prometheus-1")).isEmpty();
    }

    private Optional<Pod> prometheus1() {
        return Optional.ofNullable(sandbox.adminClient().pods().inNamespace(NS).withName("prometheus-1").get());
    }

    /** The prometheus-ready finding of prometheus-1 in the Health section's list, if the list has one. */
    private Optional<Finding> readiness() {
        ListView<Finding> list = robot.lookup("#healthFindings").queryListView();
        return list.getItems().stream().filter(f -> f.code().equals("prometheus-ready")
                && f.subject().equals("prometheus-1")).findFirst();
    }

    private Optional<Hyperlink> shownLink(String text) {
        return robot.lookup((Hyperlink h) -> text.equals(h.getText()) && shown(h)).tryQuery();
    }

    private Optional<Label> shownTitle(String prefix) {
        return robot.lookup(".finding-title").match((Label l) -> l.getText() != null && l.getText().startsWith(prefix)
                && shown(l)).tryQuery();
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    /** Waits, with a deadline generous enough for a pod's restart, until {@code condition} holds on the FX thread. */
    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.waitForAsyncFx(30_000, condition::getAsBoolean));
    }
}
