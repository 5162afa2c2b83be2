package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.KubeContext;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.testing.FaultProxy;
import io.neurectomy.console.testing.FaultProxy.Fault;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.KubeconfigFiles;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window while the API server does not answer ({@link FaultProxy} holding every request): the connection
 * attempt hangs in the background, the window keeps answering clicks and keys, and Cancel ends the attempt, closing
 * its connection to the server.
 */
class SlowApiServerUiTest {
    /** Only catches hangs: far longer than the test needs, far shorter than the connect timeout below. */
    private static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private FaultProxy server;
    private ConsoleApp app;

    @BeforeEach
    void start() throws Exception {
        server = FaultProxy.standalone().fault(Fault.SLOW);
        System.setProperty(ConsoleSettings.CONFIG_DIR_PROPERTY, dir.resolve("config").toString());
        Path kubeconfig = KubeconfigFiles.twoContexts(dir.resolve("kube"), server.endpoint().toString());
        // A connect timeout no test waits for: only Cancel can end the attempt.
        ClusterConnector connector = new ClusterConnector(Duration.ofMinutes(10));
        ConsoleServices services = new ConsoleServices(() -> List.of(kubeconfig), KubeconfigLoader::load,
                connector::connect, ConsoleSettings.load(), new FxTaskRunner());
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        System.clearProperty(ConsoleSettings.CONFIG_DIR_PROPERTY);
        server.close();
    }

    @Test
    void theWindowAnswersWhileTheServerHangsAndCancelEndsTheAttempt() throws Exception {
        TableView<KubeContext> contexts = robot.lookup("#contextList").queryTableView();
        FxWait.until(() -> contexts.getItems().size() == 2);
        FxWait.until(() -> !robot.lookup("#connectButton").query().isDisabled());

        FxWait.click(robot, "#connectButton");
        assertThat(server.awaitRequest(HANG)).as("the attempt reached the server").isTrue();
        FxWait.until(() -> server.heldOpen() > 0);
        assertThat(robot.lookup("#cancelButton").query().isVisible()).isTrue();

        // While the request hangs: a click selects another context, a shortcut switches the theme.
        FxWait.clickUntil(robot, () -> robot.lookup((Node n) -> n instanceof TableRow<?> row
                        && row.getItem() instanceof KubeContext c && c.name().equals("production")).tryQuery(),
                () -> contexts.getSelectionModel().getSelectedItem().name().equals("production"));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        FxWait.until(() -> app.shell().darkThemeProperty().get());
        assertThat(robot.lookup("#cancelButton").query().isVisible()).as("still connecting").isTrue();

        FxWait.click(robot, "#cancelButton");

        FxWait.until(() -> FxWait.text(robot, "#connectStatus").equals("Connection cancelled"));
        FxWait.until(() -> !robot.lookup("#connectButton").query().isDisabled());
        assertThat(robot.lookup("#cancelButton").query().isVisible()).isFalse();
        assertThat(FxWait.text(robot, "#statusConnection")).isEqualTo("Connection cancelled");
        // The attempt was stopped, not left running: the server sees its connection closed.
        FxWait.until(() -> server.heldOpen() == 0);
    }
}
