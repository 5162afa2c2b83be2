package io.neurectomy.console.ui.logs;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.cluster.ClusterState;
import io.neurectomy.console.core.logs.LogLine;
import io.neurectomy.console.core.logs.LogStreamState;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.StackObjects;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Logs view on a log source the test drives, headless, with the real threading. */
class LogsViewUiTest {
    private final FxRobot robot = new FxRobot();
    private final FakeLogSource source = new FakeLogSource();
    private final ClusterState state = new ClusterState("monitoring");
    private FxTaskRunner runner;
    private LogsViewModel model;
    private LogsView view;

    @BeforeEach
    void show() throws Exception {
        state.put(StackObjects.statefulSetPod("prometheus", 0, "node-a"));
        state.put(StackObjects.statefulSetPod("grafana", 0, "node-a"));
        source.containers = Map.of("prometheus-0", List.of("prometheus", "config-reloader"));
        FxToolkit.registerPrimaryStage();
        runner = new FxTaskRunner();
        FxToolkit.setupStage(stage -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            model = new LogsViewModel(runner);
            view = new LogsView(model);
            stage.setScene(new Scene((javafx.scene.Parent) view.node(), 1100, 700));
            stage.show();
            model.attach(source, state, "monitoring");
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.setupFixture(() -> model.detach());
        FxToolkit.cleanupStages();
        runner.close();
    }

    private <T extends Node> T find(String query) {
        return robot.lookup(query).query();
    }

    private List<String> shownTexts() {
        ListView<LogLine> list = find("#logsLines");
        return WaitForAsyncUtils.waitForAsyncFx(30_000, () -> list.getItems().stream().map(LogLine::text).toList());
    }

    private Node popupCell(String text) {
        return robot.lookup(".combo-box-popup .list-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.ListCell<?> c && text.equals(c.getText()))
                .findFirst().orElse(null);
    }

    private void choosePod(String pod) throws Exception {
        ComboBox<String> pods = find("#logsPod");
        robot.clickOn(pods);
        FxWait.until(() -> popupCell(pod) != null);
        robot.clickOn(popupCell(pod));
    }

    @Test
    void withoutAPodTheEmptyStateSaysWhatToDo() throws Exception {
        Label empty = find("#logsEmpty");
        assertThat(empty.isVisible()).isTrue();
        assertThat(empty.getText()).isEqualTo("Choose a pod, or use Logs in the topology's pod panel");
        assertThat(source.streams).isEmpty();
    }

    @Test
    void pickedPodsLinesAppearAndTheSearchFieldFiltersThem() throws Exception {
        choosePod("prometheus-0");
        FxWait.until(() -> source.streams.size() == 1);
        assertThat(source.last().request.pod()).isEqualTo("prometheus-0");
        source.last().state(LogStreamState.STREAMING, null)
                .send("level=info msg=\"Server is ready to receive web requests.\"",
                        "level=error msg=\"Error loading config\" file=/etc/prometheus/prometheus.yml",
                        "level=info msg=\"Completed loading of configuration file\"");

        FxWait.until(() -> shownTexts().size() == 3);
        assertThat(((Label) find("#logsEmpty")).isVisible()).isFalse();

        robot.clickOn("#logsSearch").write("config");

        FxWait.until(() -> shownTexts().size() == 2);
        assertThat(shownTexts()).allMatch(t -> t.toLowerCase().contains("config"));
        assertThat(FxWait.text(robot, "#logsCount")).isEqualTo("2 of 3 lines");
    }

    @Test
    void aFailedStreamShowsItsMessageAsADanger() throws Exception {
        choosePod("grafana-0");
        FxWait.until(() -> source.streams.size() == 1);

        source.last().state(LogStreamState.FAILED, "Pod grafana-0 no longer exists.");

        FxWait.until(() -> FxWait.text(robot, "#logsStatus").equals("Failed: Pod grafana-0 no longer exists."));
        Label status = find("#logsStatus");
        FxWait.until(() -> status.getStyleClass().contains(Styles.DANGER));
    }

    @Test
    void revealIsStyledAsAWarningAndReopensTheStream() throws Exception {
        choosePod("prometheus-0");
        FxWait.until(() -> source.streams.size() == 1);

        FxWait.click(robot, "#logsReveal");

        FxWait.until(() -> source.streams.size() == 2 && source.last().request.reveal());
        ToggleButton reveal = find("#logsReveal");
        FxWait.until(() -> reveal.getStyleClass().contains(LogsView.REVEALING));
        assertThat(source.streams.get(0).closed).isTrue();
    }

    @Test
    void scrollingUpStopsFollowingAndJumpToLatestResumes() throws Exception {
        choosePod("prometheus-0");
        FxWait.until(() -> source.streams.size() == 1);
        String[] many = new String[400];
        for (int i = 0; i < many.length; i++) {
            many[i] = "level=info msg=\"line " + i + "\"";
        }
        source.last().send(many);
        FxWait.until(() -> shownTexts().size() == 400);
        Button jump = find("#logsJump");
        assertThat(jump.isVisible()).isFalse();

        robot.moveTo("#logsLines").scroll(10, javafx.geometry.VerticalDirection.UP);

        FxWait.until(jump::isVisible);
        assertThat(view.sticksToBottom()).isFalse();
        robot.clickOn(jump);
        FxWait.until(() -> view.sticksToBottom() && !jump.isVisible());
    }

    @Test
    void newPodsInTheClusterKeepTheChosenPodAndItsStream() throws Exception {
        choosePod("prometheus-0");
        FxWait.until(() -> source.streams.size() == 1);

        state.put(StackObjects.statefulSetPod("alertmanager", 0, "node-b"));
        state.put(StackObjects.statefulSetPod("prometheus", 1, "node-b"));

        FxWait.until(() -> WaitForAsyncUtils.waitForAsyncFx(30_000, () -> List.copyOf(model.pods()))
                .containsAll(List.of("alertmanager-0", "prometheus-1")));
        WaitForAsyncUtils.waitForFxEvents();
        ComboBox<String> pods = find("#logsPod");
        assertThat(pods.getValue()).isEqualTo("prometheus-0");
        assertThat(source.streams).hasSize(1);
        assertThat(source.last().closed).isFalse();
    }
}
