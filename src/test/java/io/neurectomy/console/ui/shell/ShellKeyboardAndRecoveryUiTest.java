package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.KubeconfigFiles;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.StackObjects;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import io.neurectomy.console.ui.overview.PodRow;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** Keyboard navigation, reconnect, and the "connection lost" banner, in the whole window (headless). */
class ShellKeyboardAndRecoveryUiTest {

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private KubernetesMockServer server;
    private ConsoleApp app;

    @BeforeEach
    void start() throws Exception {
        server = MockCluster.crudServer();
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        seed(server);
        Path kubeconfig = KubeconfigFiles.twoContexts(dir.resolve("kube"), server.url("/"));
        ConsoleServices services = new ConsoleServices(() -> List.of(kubeconfig), KubeconfigLoader::load,
                new ClusterConnector(Duration.ofSeconds(10))::connect, ConsoleSettings.load(dir.resolve("config")),
                new FxTaskRunner());
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        FxWait.until(() -> !robot.lookup("#connectButton").query().isDisabled());
        FxWait.click(robot, "#connectButton");
        FxWait.until(() -> robot.lookup("#healthView").tryQuery().isPresent() && FxWait.text(robot, "#statusSync")
                .equals("Synced"));
        press(KeyCode.CONTROL, KeyCode.DIGIT2);
        FxWait.until(() -> robot.lookup("#podTable").tryQuery().isPresent());
    }

    private static void seed(KubernetesMockServer s) {
        try (var admin = s.createClient()) {
            admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                    .withName(MockCluster.NAMESPACE).endMetadata().build()).create();
            admin.pods().resource(StackObjects.statefulSetPod("prometheus", 0, "node-a")).create();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        server.destroy();
    }

    @Test
    void ctrlDigitsSwitchSectionsAndCtrlRReconnectsWithAFreshSession() throws Exception {
        ClusterSession first = app.shell().connect().sessionProperty().get();

        press(KeyCode.CONTROL, KeyCode.DIGIT1);
        FxWait.until(() -> robot.lookup("#connectView").query().isVisible());
        press(KeyCode.CONTROL, KeyCode.DIGIT3);
        FxWait.until(() -> robot.lookup("#healthView").query().isVisible());
        press(KeyCode.CONTROL, KeyCode.DIGIT2);
        FxWait.until(() -> robot.lookup("#overviewView").query().isVisible());

        press(KeyCode.CONTROL, KeyCode.R);

        FxWait.until(() -> {
            ClusterSession now = app.shell().connect().sessionProperty().get();
            return now != null && now != first && FxWait.text(robot, "#statusSync").equals("Synced");
        });
        assertThat(first.isClosed()).as("the old session was closed").isTrue();
        // Connected again, the window shows the stack's health first; the pods are one section up.
        FxWait.until(() -> robot.lookup("#healthView").tryQuery().map(n -> n.isVisible()).orElse(false));
        press(KeyCode.CONTROL, KeyCode.DIGIT2);
        FxWait.until(() -> robot.lookup("#podTable").tryQuery().isPresent());
        assertThat(pods().getItems()).extracting(PodRow::name).containsExactly("prometheus-0");
    }

    @Test
    void lostConnectionShowsABannerThatGoesAwayWhenTheServerReturns() throws Exception {
        int port = server.getPort();
        assertThat(robot.lookup("#syncBanner").query().isVisible()).isFalse();

        server.destroy();

        FxWait.until(() -> robot.lookup("#syncBanner").query().isVisible());
        assertThat(FxWait.text(robot, "#statusSync")).containsIgnoringCase("retrying");
        assertThat(pods().getItems()).as("the last known pods stay visible").hasSize(1);

        server = MockCluster.crudServer();
        server.init(InetAddress.getByName("127.0.0.1"), port);
        seed(server);
        try (var admin = server.createClient()) {
            admin.pods().resource(StackObjects.statefulSetPod("prometheus", 1, "node-b")).create();
        }

        FxWait.until(() -> !robot.lookup("#syncBanner").query().isVisible() && pods().getItems().size() == 2);
        assertThat(FxWait.text(robot, "#statusSync")).isEqualTo("Synced");
    }

    private TableView<PodRow> pods() {
        return robot.lookup("#podTable").queryTableView();
    }

    private void press(KeyCode... keys) {
        robot.press(keys);
        KeyCode[] reversed = new KeyCode[keys.length];
        for (int i = 0; i < keys.length; i++) {
            reversed[i] = keys[keys.length - 1 - i];
        }
        robot.release(reversed);
    }


}
