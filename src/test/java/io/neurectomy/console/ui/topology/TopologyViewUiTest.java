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
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import io.neurectomy.console.ui.shell.FxDialogService;
import io.neurectomy.console.ui.topology.TopologyFixtures.TestSource;
import io.neurectomy.console.ui.topology.TopologyViewModelTest.RecordingActions;
import java.util.List;
import java.util.Set;
import javafx.application.Application;
import javafx.css.PseudoClass;
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
            model = new TopologyViewModel(runner, new FxDialogService(() -> stage), new ActivityLog());
            view = new TopologyView(model);
            stage.setScene(new Scene(view.node(), 1180, 760));
            stage.show();
            model.attach(source, Set.of(), false, actions);
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

    /** The cell of a lane on screen, once the list shows it. */
    private Node lane(String key) throws Exception {
        java.util.function.Predicate<Node> isLane = n -> key.equals(n.getProperties().get(LaneCell.LANE_KEY))
                && shown(n);
        FxWait.until(() -> robot.lookup(isLane).tryQuery().isPresent());
        return robot.lookup(isLane).query();
    }

    /** The chip of a pod on screen, once the lanes show it. */
    private Node shownChip(String pod) throws Exception {
        FxWait.until(() -> chip(pod) != null);
        return chip(pod);
    }

    /** The chip of a pod on screen, or null. */
    private Node chip(String pod) {
        return robot.lookup((Node n) -> pod.equals(n.getProperties().get(LaneCell.POD_NAME)) && shown(n)).tryQuery()
                .orElse(null);
    }

    /** Chips on screen (the list keeps spare cells, hidden, with their last chips). */
    private long visibleChips() {
        return robot.lookup(".pod-chip").queryAll().stream().filter(TopologyViewUiTest::shown).count();
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    private boolean hasChip(String laneKey, String pod) {
        Node c = chip(pod);
        if (c == null) {
            return false;
        }
        for (Node n = c; n != null; n = n.getParent()) {
            if (laneKey.equals(n.getProperties().get(LaneCell.LANE_KEY))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the lane is drawn as NotReady (red). */
    private boolean isNotReady(String laneKey) {
        return robot.lookup((Node n) -> laneKey.equals(n.getProperties().get(LaneCell.LANE_KEY)) && shown(n))
                .tryQuery().map(cell -> robot.from(cell).lookup(".lane").query().getPseudoClassStates()
                        .contains(PseudoClass.getPseudoClass("not-ready"))).orElse(false);
    }

    private List<String> laneKeys() {
        ListView<Slot<LaneRow>> lanes = find("#laneList");
        return WaitForAsyncUtils.waitForAsyncFx(30_000, () -> lanes.getItems().stream().map(s -> s.get().key())
                .toList());
    }

    @Test
    void podsJoiningALaneShowAndTheLaneGrowsWithoutTouchingTheOthers() throws Exception {
        Node laneA = lane("node-a");
        Node laneB = lane("node-b");
        double before = laneA.getBoundsInParent().getHeight();

        source.set(snapshot(2, nodes, TopologyFixtures.with(TopologyFixtures.with(pods,
                TopologyFixtures.stackPod("alertmanager", "alertmanager-3", "node-a")),
                TopologyFixtures.stackPod("alertmanager", "alertmanager-4", "node-a"))));

        FxWait.until(() -> hasChip("node-a", "alertmanager-4"));
        FxWait.until(() -> laneA.getBoundsInParent().getHeight() > before);
        Node laneBNow = lane("node-b");
        assertThat(laneBNow).as("the other lanes keep their cells").isSameAs(laneB);
        Node chip = chip("alertmanager-4");
        var chipInLane = WaitForAsyncUtils.waitForAsyncFx(30_000,
                () -> laneA.sceneToLocal(chip.localToScene(chip.getLayoutBounds())));
        assertThat(chipInLane.getMaxY()).as("the new chip lies inside the grown lane")
                .isLessThanOrEqualTo(laneA.getLayoutBounds().getMaxY());
        assertThat(laneB.getBoundsInParent().getMinY()).as("the next lane moved down")
                .isGreaterThanOrEqualTo(laneA.getBoundsInParent().getMaxY() - 1);
    }

    @Test
    void showsALanePerNodeWithItsPodsAndTheCounts() throws Exception {
        assertThat(laneKeys()).containsExactly("node-a", "node-b", "node-c", LaneRow.UNSCHEDULED_KEY);
        FxWait.until(() -> visibleChips() == 7);
        assertThat(hasChip("node-a", "prometheus-0")).isTrue();
        assertThat(hasChip("node-c", "alertmanager-2")).isTrue();
        assertThat(FxWait.text(robot, "#topologyCounts")).startsWith("3 nodes · 7 pods · ");
        assertThat(robot.lookup((Node n) -> "prometheus".equals(n.getProperties().get(StripCell.WORKLOAD)))
                .tryQuery()).isPresent();
    }

    @Test
    void twoPrometheusReplicasOnOneNodeShowAFindingThatLeadsToTheNode() throws Exception {
        source.set(snapshot(2, nodes, TopologyFixtures.replace(pods,
                TopologyFixtures.onNode(pods.get(1), "node-a"))));

        FxWait.until(() -> model.findings().stream().anyMatch(f -> f.subject().contains("prometheus")
                || f.message().contains("prometheus")));
        FxWait.until(() -> robot.lookup(".finding-title").queryAll().stream().anyMatch(n -> shown(n)
                && ((Label) n).getText().contains("prometheus")));
        assertThat(model.findingsErrorProperty().get()).isEmpty();
    }

    @Test
    void nodeTurningNotReadyTurnsItsLaneRed() throws Exception {
        nodes.set(1, notReady(nodes.get(1), "Kubelet stopped posting node status."));
        source.set(snapshot(2, nodes, pods));

        FxWait.until(() -> isNotReady("node-b"));
        assertThat(isNotReady("node-a")).isFalse();
        assertThat(robot.from(lane("node-b")).lookup(".badge").queryAs(Label.class).getText())
                .isEqualTo("NotReady");
        assertThat(FxWait.text(robot, "#topologyCounts")).startsWith("3 nodes (1 NotReady)");
    }

    @Test
    void clickingAPodShowsItsContainersBesideTheGuidesDefaults() throws Exception {
        FxWait.click(robot, shownChip("prometheus-1"));

        FxWait.until(() -> robot.lookup("#podDetailTitle").tryQuery().isPresent());
        assertThat(FxWait.text(robot, "#podDetailTitle")).isEqualTo("prometheus-1");
        assertThat(robot.lookup("#topologyDetail").lookup((Label l) -> l.getText() != null
                && l.getText().startsWith("guide default: requests 2 CPU, 8Gi · limits 4 CPU, 16Gi")).tryQuery())
                .isPresent();
        ListView<Slot<LaneRow>> lanes = find("#laneList");
        assertThat(lanes.getSelectionModel().getSelectedItem().get().key()).isEqualTo("node-b");
    }

    @Test
    void clickingALaneShowsTheNodeAndItsWhatIfButtons() throws Exception {
        FxWait.click(robot, robot.from(lane("node-c")).lookup(".lane-name").queryAs(Node.class));

        FxWait.until(() -> robot.lookup("#nodeDetailTitle").tryQuery().isPresent());
        assertThat(FxWait.text(robot, "#nodeDetailTitle")).isEqualTo("node-c");
        assertThat(robot.lookup("#simulateFailure").tryQuery()).isPresent();
        assertThat(robot.lookup("#failNode").tryQuery()).as("fail node needs the node-faults capability").isEmpty();
    }

    @Test
    void clickingSimulateFailureShowsTheWhatIfOfThatNode() throws Exception {
        FxWait.click(robot, robot.from(lane("node-c")).lookup(".lane-name").queryAs(Node.class));
        FxWait.until(() -> robot.lookup("#simulateFailure").tryQuery().isPresent());
        assertThat(robot.lookup("#whatIfResult").tryQuery()).as("nothing simulated before the click").isEmpty();

        FxWait.click(robot, "#simulateFailure");

        FxWait.until(() -> robot.lookup("#whatIfResult").tryQuery().isPresent());
        Node result = robot.lookup("#whatIfResult").query();
        List<String> texts = WaitForAsyncUtils.waitForAsyncFx(30_000, () -> robot.from(result).lookup(".label")
                .queryAllAs(Label.class).stream().map(Label::getText).toList());
        assertThat(texts).contains("Simulated failure of node-c");
        assertThat(texts).as("alertmanager-2 runs on node-c: one of three replicas goes")
                .anyMatch(t -> t.startsWith("alertmanager: ready 3 → 2 of 3"));
    }

    @Test
    void searchKeepsTheMatchingLaneAndEscapeClearsIt() throws Exception {
        robot.clickOn("#topologySearch").write("alertmanager-2");

        ListView<Slot<LaneRow>> lanes = find("#laneList");
        FxWait.until(() -> lanes.getItems().size() == 1);
        assertThat(laneKeys()).containsExactly("node-c");
        FxWait.until(() -> visibleChips() == 1);

        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);

        FxWait.until(() -> lanes.getItems().size() == 4);
    }

    @Test
    void deleteKeyAsksNamingThePodAndDeletesOnlyWhenConfirmed() throws Exception {
        FxWait.click(robot, shownChip("grafana-7d9f-abcde"));
        FxWait.until(() -> robot.lookup("#podDetailTitle").tryQuery().isPresent());

        robot.press(KeyCode.DELETE).release(KeyCode.DELETE);

        FxWait.until(() -> robot.lookup("#confirmation").tryQuery().isPresent());
        DialogPane dialog = find("#confirmation");
        assertThat(dialog.getHeaderText()).isEqualTo("Delete pod monitoring/grafana-7d9f-abcde?");
        assertThat(actions.calls).isEmpty();
        robot.clickOn((Button b) -> "Delete pod".equals(b.getText()));

        FxWait.until(() -> actions.calls.size() == 1);
        assertThat(actions.calls).containsExactly("deletePod monitoring grafana-7d9f-abcde");
        FxWait.until(() -> FxWait.text(robot, "#topologyMessageText")
                .equals("Deleted pod monitoring/grafana-7d9f-abcde. grafana creates a replacement."));
    }

    @Test
    void thePodPanelsLogsButtonOpensTheLogOfThatPod() throws Exception {
        FxWait.click(robot, shownChip("grafana-7d9f-abcde"));
        FxWait.until(() -> robot.lookup("#podDetailTitle").tryQuery().isPresent());
        assertThat(robot.lookup("#podLogs").tryQuery()).as("no Logs button without a Logs section").isEmpty();

        List<String> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> model.pods().setLogOpener((namespace, pod) -> opened.add(namespace + "/" + pod)));
        FxWait.click(robot, shownChip("prometheus-1"));
        FxWait.until(() -> robot.lookup("#podLogs").tryQuery().isPresent());

        FxWait.click(robot, "#podLogs");

        FxWait.until(() -> opened.size() == 1);
        assertThat(opened).containsExactly("monitoring/prometheus-1");
    }
}
