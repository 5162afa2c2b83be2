package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.KubeconfigFiles;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Node;
import javafx.scene.control.TextField;
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

/** The Topology section in the whole window: reachable once connected, its shortcuts, its probe's lifetime. */
class TopologySectionUiTest {
    private static MockCluster cluster;
    private static Path kubeconfig;

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private final AtomicInteger probesStarted = new AtomicInteger();
    private final AtomicInteger probesClosed = new AtomicInteger();
    private ConsoleApp app;

    @BeforeAll
    static void startCluster(@TempDir Path fixtureDir) throws Exception {
        cluster = new MockCluster();
        kubeconfig = KubeconfigFiles.twoContexts(fixtureDir, cluster.url());
        for (String node : List.of("node-a", "node-b", "node-c")) {
            cluster.createNode(node, true);
        }
        cluster.createStatefulSet("prometheus", 2, 2);
        cluster.createPod("prometheus-0", "node-a", true, 0, Instant.now());
        cluster.createPod("prometheus-1", "node-b", true, 0, Instant.now());
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void start() throws Exception {
        ConsoleServices services = new ConsoleServices(() -> List.of(kubeconfig), KubeconfigLoader::load,
                new ClusterConnector(Duration.ofSeconds(10))::connect, ConsoleSettings.load(dir), new FxTaskRunner())
                .withPeersProbes((session, listener) -> {
                    probesStarted.incrementAndGet();
                    return probesClosed::incrementAndGet;
                });
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        FxWait.until(() -> !robot.lookup("#connectButton").query().isDisabled());
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    private void connect() throws Exception {
        assertThat(robot.lookup("#navTopology").query().isDisabled()).as("no topology without a cluster").isTrue();
        FxWait.click(robot, "#connectButton");
        FxWait.until(() -> FxWait.text(robot, "#statusSync").equals("Synced"));
    }

    private void press(KeyCode... keys) {
        robot.press(keys);
        for (int i = keys.length - 1; i >= 0; i--) {
            robot.release(keys[i]);
        }
    }

    @Test
    void ctrl4ShowsTheNodesLanesAndStartsTheProbeOncePerSession() throws Exception {
        connect();
        assertThat(probesStarted.get()).as("the probe waits until the topology is looked at").isZero();

        press(KeyCode.CONTROL, KeyCode.DIGIT4);

        FxWait.until(() -> robot.lookup("#topologyView").query().isVisible());
        FxWait.until(() -> app.shell().topology().lanes().size() == 4);
        assertThat(app.shell().topology().lanes()).extracting(l -> l.key())
                .containsExactly("node-a", "node-b", "node-c", "unscheduled pods");
        assertThat(FxWait.text(robot, "#topologyCounts")).startsWith("3 nodes · 2 pods");
        assertThat(probesStarted.get()).isEqualTo(1);

        press(KeyCode.CONTROL, KeyCode.DIGIT2);
        FxWait.until(() -> robot.lookup("#overviewView").query().isVisible());
        press(KeyCode.CONTROL, KeyCode.DIGIT4);
        FxWait.until(() -> robot.lookup("#topologyView").query().isVisible());
        assertThat(probesStarted.get()).isEqualTo(1);
        assertThat(MainWindow.SHORTCUTS).anySatisfy(s -> assertThat(s[0]).isEqualTo("Ctrl+4"));
    }

    @Test
    void ctrlFPutsTheKeyboardInTheSearchAndEscapeClearsIt() throws Exception {
        connect();
        press(KeyCode.CONTROL, KeyCode.DIGIT4);
        FxWait.until(() -> app.shell().topology().lanes().size() == 4);

        press(KeyCode.CONTROL, KeyCode.F);
        TextField search = robot.lookup("#topologySearch").query();
        FxWait.until(search::isFocused);
        robot.write("prometheus-1");
        FxWait.until(() -> app.shell().topology().lanes().size() == 1);

        press(KeyCode.ESCAPE);

        FxWait.until(() -> search.getText().isEmpty() && app.shell().topology().lanes().size() == 4);
    }

    @Test
    void disconnectingStopsTheProbeAndEmptiesTheTopology() throws Exception {
        connect();
        FxWait.click(robot, "#navTopology");
        FxWait.until(() -> probesStarted.get() == 1);

        WaitForAsyncUtils.asyncFx(() -> app.shell().connect().disconnect());

        FxWait.until(() -> probesClosed.get() == 1);
        FxWait.until(() -> robot.lookup("#connectView").query().isVisible());
        assertThat(app.shell().topology().lanes()).isEmpty();
        Node nav = robot.lookup("#navTopology").query();
        assertThat(nav.isDisabled()).isTrue();
    }
}
