package io.neurectomy.console.ui.topology;

import static io.neurectomy.console.ui.topology.TopologyFixtures.notReady;
import static io.neurectomy.console.ui.topology.TopologyFixtures.sevenPods;
import static io.neurectomy.console.ui.topology.TopologyFixtures.snapshot;
import static io.neurectomy.console.ui.topology.TopologyFixtures.threeNodes;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import io.neurectomy.console.ui.topology.TopologyFixtures.TestSource;
import io.neurectomy.console.ui.topology.TopologyViewModelTest.RecordingActions;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The topology view on a hand-built picture of three nodes and seven pods, headless, with the real threading. */
class TopologyViewUiTest {
    private final FxRobot robot = new FxRobot();
    private final TestSource source = new TestSource();
    private final RecordingActions actions = new RecordingActions();
    private final List<NodeInfo> nodes = threeNodes();
    private final List<PodInfo> pods = sevenPods();
    private FxTaskRunner runner;
    private TopologyViewModel model;
    private TopologyView view;

    @BeforeEach
    void show() throws Exception {
        FxToolkit.registerPrimaryStage();
        runner = new FxTaskRunner();
        FxToolkit.setupStage(stage -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            model = new TopologyViewModel(runner);
            view = new TopologyView(model);
            stage.setScene(new Scene(view.node(), 1180, 760));
            stage.show();
            model.attach(source, false, actions);
        });
        source.set(snapshot(1, nodes, pods));
        FxWait.until(() -> model.shownVersionProperty().get() == 1);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.setupFixture(() -> {
            model.dispose();
            view.dispose();
        });
        FxToolkit.cleanupStages();
        runner.close();
    }

    private <T extends Node> T find(String query) {
        return robot.lookup(query).query();
    }

    @Test
    void showsALanePerNodeWithItsPodsAndTheCounts() throws Exception {
        ListView<LaneRow> lanes = find("#laneList");
        assertThat(lanes.getItems()).extracting(LaneRow::key)
                .containsExactly("node-a", "node-b", "node-c", LaneRow.UNSCHEDULED_KEY);
        FxWait.until(() -> robot.lookup(".pod-chip").queryAll().size() == 7);
        assertThat(robot.lookup("#lane-node-a").lookup("#pod-prometheus-0").tryQuery()).isPresent();
        assertThat(robot.lookup("#lane-node-c").lookup("#pod-alertmanager-2").tryQuery()).isPresent();
        assertThat(FxWait.text(robot, "#topologyCounts")).startsWith("3 nodes · 7 pods · ");
        assertThat(robot.lookup("#strip-prometheus").tryQuery()).isPresent();
    }

    @Test
    void nodeTurningNotReadyTurnsItsLaneRed() throws Exception {
        nodes.set(1, notReady(nodes.get(1), "Kubelet stopped posting node status."));
        source.set(snapshot(2, nodes, pods));

        FxWait.until(() -> robot.lookup("#lane-node-b").lookup(".lane.not-ready").tryQuery().isPresent());
        assertThat(robot.lookup("#lane-node-a").lookup(".lane.not-ready").tryQuery()).isEmpty();
        assertThat(robot.lookup("#lane-node-b").lookup(".badge.error").queryAs(Label.class).getText())
                .isEqualTo("NotReady");
        assertThat(FxWait.text(robot, "#topologyCounts")).startsWith("3 nodes (1 NotReady)");
    }

    @Test
    void clickingAPodShowsItsContainersBesideTheGuidesDefaults() throws Exception {
        robot.clickOn("#pod-prometheus-1");

        FxWait.until(() -> robot.lookup("#podDetailTitle").tryQuery().isPresent());
        assertThat(FxWait.text(robot, "#podDetailTitle")).isEqualTo("prometheus-1");
        assertThat(robot.lookup("#topologyDetail").lookup((Label l) -> l.getText() != null
                && l.getText().startsWith("guide default: requests 2 CPU, 8Gi · limits 4 CPU, 16Gi")).tryQuery())
                .isPresent();
        ListView<LaneRow> lanes = find("#laneList");
        assertThat(lanes.getSelectionModel().getSelectedItem().key()).isEqualTo("node-b");
    }

    @Test
    void clickingALaneShowsTheNodeAndItsWhatIfButtons() throws Exception {
        robot.clickOn("#lane-node-c .lane-name");

        FxWait.until(() -> robot.lookup("#nodeDetailTitle").tryQuery().isPresent());
        assertThat(FxWait.text(robot, "#nodeDetailTitle")).isEqualTo("node-c");
        assertThat(robot.lookup("#simulateFailure").tryQuery()).isPresent();
        assertThat(robot.lookup("#failNode").tryQuery()).as("fail node is for the sandbox only").isEmpty();
    }

    @Test
    void searchKeepsTheMatchingLaneAndEscapeClearsIt() throws Exception {
        robot.clickOn("#topologySearch").write("alertmanager-2");

        ListView<LaneRow> lanes = find("#laneList");
        FxWait.until(() -> lanes.getItems().size() == 1);
        assertThat(lanes.getItems().get(0).key()).isEqualTo("node-c");
        FxWait.until(() -> robot.lookup(".pod-chip").queryAll().size() == 1);

        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);

        FxWait.until(() -> lanes.getItems().size() == 4);
    }

    @Test
    void deleteKeyAsksNamingThePodAndDeletesOnlyWhenConfirmed() throws Exception {
        robot.clickOn("#pod-grafana-7d9f-abcde");
        FxWait.until(() -> robot.lookup("#podDetailTitle").tryQuery().isPresent());

        robot.press(KeyCode.DELETE).release(KeyCode.DELETE);

        FxWait.until(() -> robot.lookup("#deletePodDialog").tryQuery().isPresent());
        DialogPane dialog = find("#deletePodDialog");
        assertThat(dialog.getHeaderText()).isEqualTo("Delete pod monitoring/grafana-7d9f-abcde?");
        assertThat(actions.calls).isEmpty();
        robot.clickOn((Button b) -> "Delete pod".equals(b.getText()));

        FxWait.until(() -> actions.calls.size() == 1);
        assertThat(actions.calls).containsExactly("deletePod monitoring grafana-7d9f-abcde");
        FxWait.until(() -> FxWait.text(robot, "#topologyMessageText")
                .equals("Deleted pod monitoring/grafana-7d9f-abcde. grafana creates a replacement."));
    }
}
