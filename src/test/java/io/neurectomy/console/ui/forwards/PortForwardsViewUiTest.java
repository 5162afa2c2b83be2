package io.neurectomy.console.ui.forwards;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.endpoints.ForwardState;
import io.neurectomy.console.core.endpoints.PortForwardManager;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.AnsweringDialogs;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The port-forwards page on its own stage (headless), forwarding to the sandbox's real Prometheus. */
class PortForwardsViewUiTest {
    private static final String NS = "monitoring";

    private static SandboxCluster sandbox;
    private static ClusterSession session;

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private final List<String> clipboard = new CopyOnWriteArrayList<>();
    private FxTaskRunner runner;
    private PortForwardManager manager;
    private PortForwardsViewModel model;

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false);
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        Poll.until(Duration.ofSeconds(60), "Prometheus pods ready", () -> session.state().snapshot().pods().stream()
                .filter(p -> p.name().startsWith("prometheus-") && p.ready()).count() == 2);
    }

    @AfterAll
    static void stopAll() {
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void show() throws Exception {
        runner = new FxTaskRunner();
        manager = new PortForwardManager(session);
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupSceneRoot(() -> {
            model = new PortForwardsViewModel(runner, ConsoleSettings.load(dir), url -> { }, clipboard::add,
                    AnsweringDialogs.always(false));
            model.attach(manager);
            return (Parent) new PortForwardsView(model).node();
        });
        FxToolkit.setupStage(stage -> {
            stage.setWidth(1200);
            stage.setHeight(600);
        });
        FxToolkit.showStage();
    }

    @AfterEach
    void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> model.detach()).get();
        FxToolkit.cleanupStages();
        runner.close();
        manager.close();
    }

    @SuppressWarnings("unchecked")
    private TableView<ForwardRow> table() {
        return robot.lookup("#forwardTable").queryAs(TableView.class);
    }

    @Test
    void thePrometheusLauncherGivesARowThatTurnsActiveInGreen() throws Exception {
        FxWait.click(robot, "#launchPrometheus");

        FxWait.until(() -> table().getItems().size() == 1
                && table().getItems().get(0).state() == ForwardState.ACTIVE);
        long id = WaitForAsyncUtils.waitForAsyncFx(30_000, () -> table().getItems().get(0).id());
        // Looked up afresh each time: the table may re-render the cell between two polls.
        FxWait.until(() -> robot.lookup("#forwardState-" + id).tryQueryAs(Label.class)
                .map(state -> state.getText().equals("ACTIVE") && state.getStyleClass().contains(Styles.SUCCESS))
                .orElse(false));
        assertThat(manager.forwards()).hasSize(1);
    }

    @Test
    void deleteStopsTheSelectedForward() throws Exception {
        FxWait.click(robot, "#launchPrometheus");
        FxWait.until(() -> table().getItems().size() == 1
                && table().getItems().get(0).state() == ForwardState.ACTIVE);

        WaitForAsyncUtils.asyncFx(() -> {
            table().getSelectionModel().select(0);
            table().requestFocus();
        }).get();
        robot.type(KeyCode.DELETE);

        FxWait.until(() -> table().getItems().isEmpty());
        assertThat(manager.forwards()).isEmpty();
    }

    @Test
    void aCustomForwardOnAllAddressesIsNotStartedWhenDeclined() throws Exception {
        FxWait.click(robot, "#newForward");
        robot.clickOn("#forwardTarget").write("svc/prometheus");
        robot.clickOn("#forwardRemotePort").write("9090");
        robot.clickOn("#forwardAddress").write("0.0.0.0");
        FxWait.click(robot, "#forwardStart");

        Label error = robot.lookup("#forwardError").queryAs(Label.class);
        FxWait.until(() -> error.isVisible() && error.getText().contains("not confirmed"));
        assertThat(manager.forwards()).isEmpty();
    }
}
