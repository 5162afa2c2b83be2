package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.logs.LogLine;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.KubeconfigFiles;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import io.neurectomy.console.ui.logs.FakeLogSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.ListView;
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

/** The Logs section in the whole window, on a mock cluster, with a log source the test drives. */
class LogsShellUiTest {
    private static MockCluster cluster;
    private static Path kubeconfig;

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private final FakeLogSource logs = new FakeLogSource();
    private ConsoleApp app;

    @BeforeAll
    static void startCluster(@TempDir Path fixtureDir) throws Exception {
        cluster = new MockCluster();
        kubeconfig = KubeconfigFiles.twoContexts(fixtureDir, cluster.url());
        cluster.createNode("node-a", true);
        cluster.createStatefulSet("prometheus", 1, 1);
        cluster.createPod("prometheus-0", "node-a", true, 0, Instant.now());
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void start() throws Exception {
        logs.containers = Map.of("prometheus-0", List.of("prometheus"));
        ConsoleServices services = new ConsoleServices(() -> List.of(kubeconfig), KubeconfigLoader::load,
                new ClusterConnector(Duration.ofSeconds(10))::connect, ConsoleSettings.load(dir), new FxTaskRunner())
                .withPeersProbes((session, listener) -> () -> { })
                .withLogSources(session -> logs);
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        FxWait.until(() -> !robot.lookup("#connectButton").query().isDisabled());
        FxWait.click(robot, "#connectButton");
        FxWait.until(() -> FxWait.text(robot, "#statusSync").equals("Synced"));
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    @Test
    void ctrl9ShowsTheLogsSectionWithTheSessionsPods() throws Exception {
        assertThat(MainWindow.SHORTCUTS).anySatisfy(s -> assertThat(s[0]).isEqualTo("Ctrl+9"));

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT9).release(KeyCode.DIGIT9, KeyCode.CONTROL);

        FxWait.until(() -> app.shell().sectionProperty().get() == Section.LOGS);
        FxWait.until(() -> robot.lookup("#logsView").query().isVisible());
        FxWait.until(() -> WaitForAsyncUtils.waitForAsyncFx(30_000, () -> List.copyOf(app.shell().logs().pods()))
                .contains("prometheus-0"));
        assertThat(FxWait.text(robot, "#logsEmpty")).isEqualTo("Choose a pod, or use Logs in the topology's pod panel");

        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        FxWait.until(() -> robot.lookup("#logsSearch").query().isFocused());
    }

    @Test
    void doubleClickingAPodInTheOverviewOpensItsLog() throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        FxWait.until(() -> robot.lookup("#podTable .table-row-cell").queryAll().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getItem() != null));
        javafx.scene.Node row = robot.lookup("#podTable .table-row-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getItem() != null).findFirst()
                .orElseThrow();

        robot.doubleClickOn(row);

        FxWait.until(() -> app.shell().sectionProperty().get() == Section.LOGS);
        FxWait.until(() -> logs.streams.size() == 1);
        assertThat(logs.last().request.pod()).isEqualTo("prometheus-0");
    }

    @Test
    void theTopologysLogsOpensTheSectionOnThatPodAndADisconnectClosesTheStream() throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        FxWait.until(() -> app.shell().topology().lanes().stream()
                .anyMatch(l -> l.pods().stream().anyMatch(p -> p.name().equals("prometheus-0"))));

        // As the user does it: the pod's chip in its lane, then the button in the pod's details.
        robot.clickOn(robot.lookup((Node n) -> "prometheus-0".equals(n.getProperties().get("topology.pod"))
                && n.isVisible() && n.getScene() != null).queryAs(Node.class));
        FxWait.until(() -> robot.lookup("#podLogs").tryQuery().isPresent());
        FxWait.click(robot, "#podLogs");

        FxWait.until(() -> app.shell().sectionProperty().get() == Section.LOGS);
        FxWait.until(() -> logs.streams.size() == 1);
        assertThat(logs.last().request.pod()).isEqualTo("prometheus-0");
        logs.last().send("level=info msg=\"Server is ready to receive web requests.\"");
        ListView<LogLine> list = robot.lookup("#logsLines").query();
        FxWait.until(() -> WaitForAsyncUtils.waitForAsyncFx(30_000, () -> list.getItems().size()) == 1);

        robot.interact(() -> app.shell().connect().disconnect());

        FxWait.until(() -> logs.last().closed);
        FxWait.until(() -> app.shell().sectionProperty().get() == Section.CONNECT);
    }
}
