package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ConnectionException;
import io.neurectomy.console.core.cluster.ConnectionException.Reason;
import io.neurectomy.console.core.cluster.KubeContext;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.core.settings.ConsoleSettings.Theme;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.KubeconfigFiles;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.ui.connect.SessionConnector;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import io.neurectomy.console.ui.overview.PodRow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The whole window, headless: start, list contexts, connect to a mock cluster, see its pods. */
class ConsoleAppUiTest {
    private static Path fixtureFile;
    private static final long TIMEOUT_SECONDS = 15;

    private static MockCluster cluster;

    @TempDir
    Path configDir;

    private final FxRobot robot = new FxRobot();
    private ConsoleSettings settings;
    /** The real connector, against the mock cluster named by the fixture's current context. */
    private SessionConnector connector = new ClusterConnector(java.time.Duration.ofSeconds(10))::connect;
    private ConsoleApp app;

    @BeforeAll
    static void startCluster(@TempDir Path fixtureDir) throws Exception {
        cluster = new MockCluster();
        fixtureFile = KubeconfigFiles.twoContexts(fixtureDir, cluster.url());
        cluster.createNode("node-a", true);
        cluster.createNode("node-b", true);
        cluster.createStatefulSet("prometheus", 2, 2);
        cluster.createPod("prometheus-0", "node-a", true, 0, Instant.now().minusSeconds(3600));
        cluster.createPod("prometheus-1", "node-b", true, 2, Instant.now().minusSeconds(300));
        FxToolkit.registerPrimaryStage();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void isolateSettings() {
        System.setProperty(ConsoleSettings.CONFIG_DIR_PROPERTY, configDir.toString());
        settings = ConsoleSettings.load();
    }

    private void startApp() throws Exception {
        ConsoleServices services = new ConsoleServices(() -> List.of(fixtureFile), KubeconfigLoader::load,
                (kubeconfig, context, namespace) -> connector.connect(kubeconfig, context, namespace),
                settings, new FxTaskRunner());
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void stopApp() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        System.clearProperty(ConsoleSettings.CONFIG_DIR_PROPERTY);
    }

    @Test
    void startsOnTheConnectScreen() throws Exception {
        startApp();

        Stage stage = (Stage) robot.lookup("#mainWindow").query().getScene().getWindow();
        assertThat(stage.getTitle()).isEqualTo("Monitoring Console");
        assertThat(robot.lookup("#connectView").query().isVisible()).isTrue();
        assertThat(robot.lookup("#navOverview").query().isDisabled()).isTrue();
        assertThat(FxWait.text(robot, "#statusConnection")).isEqualTo("Disconnected");
    }

    @Test
    void listsTheContextsOfTheKubeconfigWithTheCurrentOneSelected() throws Exception {
        startApp();

        TableView<KubeContext> contexts = robot.lookup("#contextList").queryTableView();
        FxWait.until(() -> contexts.getItems().size() == 2);
        assertThat(contexts.getItems()).extracting(KubeContext::name).containsExactly("production", "staging");
        assertThat(contexts.getSelectionModel().getSelectedItem().name()).isEqualTo("staging");
        assertThat(FxWait.text(robot, "#kubeconfigFiles")).isEqualTo(fixtureFile.toString());
        assertThat(FxWait.text(robot, "#statusContext")).isEqualTo("Context: staging");
        assertThat(FxWait.text(robot, "#statusNamespace")).isEqualTo("Namespace: monitoring");
    }

    @Test
    void connectingShowsThePodsOfTheCluster() throws Exception {
        startApp();
        FxWait.until(() -> !robot.lookup("#connectButton").query().isDisabled());

        FxWait.click(robot, "#connectButton");

        // Connected, the window shows the stack's health; the pods are one section up.
        FxWait.until(() -> robot.lookup("#healthView").tryQuery().map(Node::isVisible).orElse(false));
        FxWait.click(robot, "#navOverview");
        FxWait.until(() -> robot.lookup("#podTable").tryQuery().isPresent());
        TableView<PodRow> pods = robot.lookup("#podTable").queryTableView();
        FxWait.until(() -> pods.getItems().size() == 2);
        assertThat(pods.getItems()).extracting(PodRow::name).containsExactly("prometheus-0", "prometheus-1");
        // The mock server stamps creation times itself, so the pods are seconds old.
        assertThat(pods.getItems()).extracting(PodRow::age).allMatch(age -> age.matches("\\d+s"));
        assertThat(pods.getItems()).extracting(PodRow::ready).containsExactly("1/1", "1/1");
        assertThat(robot.lookup("#overviewView").query().isVisible()).isTrue();
        assertThat(FxWait.text(robot, "#statusConnection")).startsWith("Connected to " + cluster.url()
                .replaceAll("/$", "")).matches(".*\\(v[0-9.]+.*\\)");
        FxWait.until(() -> FxWait.text(robot, "#statusSync").equals("Synced"));
        assertThat(FxWait.text(robot, "#nodeSummary")).isEqualTo("2 nodes, 2 ready");
        assertThat(robot.lookup("#syncBanner").query().isVisible()).isFalse();
    }

    @Test
    void connectionFailureIsShownInlineOnTheConnectScreen() throws Exception {
        connector = (kubeconfig, context, namespace) -> {
            throw new ConnectionException(Reason.UNAUTHORIZED,
                    "Unauthorized: the token of user dev was rejected. Log in again (kubectl login).");
        };
        startApp();
        FxWait.until(() -> !robot.lookup("#connectButton").query().isDisabled());

        FxWait.click(robot, "#connectButton");

        FxWait.until(() -> robot.lookup("#connectError").query().isVisible());
        assertThat(FxWait.text(robot, "#connectError"))
                .isEqualTo("Unauthorized: the token of user dev was rejected. Log in again (kubectl login).");
        assertThat(FxWait.text(robot, "#statusConnection")).isEqualTo("Connection failed");
        assertThat(robot.lookup("#navOverview").query().isDisabled()).isTrue();
    }

    @Test
    void themeShortcutSwitchesToDarkAndIsRemembered() throws Exception {
        startApp();

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);

        FxWait.until(() -> app.shell().darkThemeProperty().get());
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS,
                () -> ConsoleSettings.load(configDir).theme() == Theme.DARK);
    }


}
