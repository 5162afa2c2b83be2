package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.ui.topology.LaneRow;
import io.neurectomy.console.ui.topology.TopologyViewModel;
import java.nio.file.Path;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The topology against the real embedded sandbox (API only: the stack's pods without processes), through the
 * console's own connection: three lanes with the seven stack pods, and the sandbox's "Fail node" turning the lane
 * and a finding red.
 */
class TopologySandboxUiTest {
    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private SandboxCluster sandbox;
    private ConsoleApp app;

    @BeforeEach
    void start() throws Exception {
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));
        ConsoleServices services = SandboxServices.connectingTo(sandbox, dir);
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        FxWait.until(() -> FxWait.text(robot, "#statusSync").equals("Synced"));
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
    }

    private TopologyViewModel topology() {
        return app.shell().topology();
    }

    private int stackPods() {
        return topology().lanes().stream().mapToInt(l -> (int) l.pods().stream()
                .filter(p -> p.component().isPresent()).count()).sum();
    }

    private Node lane(String node) {
        return robot.lookup((Node n) -> node.equals(n.getProperties().get("topology.lane")) && shown(n)).query();
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    private boolean drawnRed(String node) {
        Node lane = robot.from(lane(node)).lookup(".lane").query();
        return lane.getPseudoClassStates().contains(PseudoClass.getPseudoClass("not-ready"));
    }

    private boolean criticalFindingShown() {
        return robot.lookup(".finding-icon").queryAll().stream().anyMatch(n -> shown(n)
                && n.getPseudoClassStates().contains(PseudoClass.getPseudoClass("critical")));
    }

    @Test
    void showsTheSandboxNodesAndStackPodsAndFailingANodeTurnsItsLaneAndAFindingRed() throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        FxWait.until(() -> robot.lookup("#topologyView").query().isVisible());
        FxWait.until(() -> stackPods() == 7);
        assertThat(topology().lanes()).extracting(LaneRow::key).containsExactly("sandbox-node-a", "sandbox-node-b",
                "sandbox-node-c", LaneRow.UNSCHEDULED_KEY);
        assertThat(topology().sandboxProperty().get()).isTrue();
        assertThat(drawnRed("sandbox-node-b")).isFalse();
        assertThat(topology().findings()).noneMatch(f -> f.severity() == Severity.CRITICAL);

        robot.clickOn(robot.from(lane("sandbox-node-b")).lookup(".lane-name").queryAs(Node.class));
        FxWait.until(() -> robot.lookup("#failNode").tryQuery().isPresent());
        FxWait.click(robot, "#failNode");

        FxWait.until(() -> drawnRed("sandbox-node-b") && criticalFindingShown());
        assertThat(drawnRed("sandbox-node-a")).isFalse();
        FxWait.until(() -> FxWait.text(robot, "#topologyMessageText").startsWith("Node sandbox-node-b fails"));
    }
}
