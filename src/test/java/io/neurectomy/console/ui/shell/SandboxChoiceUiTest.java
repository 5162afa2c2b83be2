package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.cluster.SandboxMarker;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.KubeconfigFiles;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The connect screen's "Sandbox cluster" choice, against a cluster that carries the sandbox marker: it connects
 * without remembering the throw-away kubeconfig, and labels the connection "Sandbox" with its notice.
 */
class SandboxChoiceUiTest {
    private static final String NOTICE = "API only: prometheus and prometheus-alertmanager were not found on PATH.";

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private MockCluster cluster;
    private ConsoleApp app;
    private ConsoleSettings settings;

    @BeforeEach
    void start() throws Exception {
        cluster = new MockCluster();
        var admin = cluster.adminClient();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(SandboxMarker.NAMESPACE)
                .endMetadata().build()).create();
        admin.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(SandboxMarker.NAME)
                .withNamespace(SandboxMarker.NAMESPACE).endMetadata()
                .addToData(SandboxMarker.MODE_KEY, SandboxMarker.MODE_API_ONLY)
                .addToData(SandboxMarker.NOTICE_KEY, NOTICE).build()).create();
        FxToolkit.registerPrimaryStage();
        System.setProperty(ConsoleSettings.CONFIG_DIR_PROPERTY, dir.resolve("config").toString());
        settings = ConsoleSettings.load();
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        System.clearProperty(ConsoleSettings.CONFIG_DIR_PROPERTY);
        cluster.close();
    }

    @Test
    void sandboxButtonConnectsAndLabelsTheConnection() throws Exception {
        Path empty = dir.resolve("no-kubeconfig");
        Path sandboxKubeconfig = KubeconfigFiles.twoContexts(Files.createDirectories(dir.resolve("sandbox")),
                cluster.url());
        AtomicInteger starts = new AtomicInteger();
        ConsoleServices services = new ConsoleServices(() -> List.of(empty), KubeconfigLoader::load,
                new ClusterConnector(Duration.ofSeconds(10))::connect, settings, new FxTaskRunner(), false,
                () -> { }, () -> {
                    starts.incrementAndGet();
                    return sandboxKubeconfig;
                });
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        WaitForAsyncUtils.waitForFxEvents();
        FxWait.until(() -> robot.lookup("#sandboxButton").query().isVisible());

        FxWait.click(robot, "#sandboxButton");

        FxWait.until(() -> FxWait.text(robot, "#statusContext").equals("Context: staging (Sandbox)"));
        assertThat(starts.get()).isEqualTo(1);
        FxWait.click(robot, "#navOverview");
        FxWait.until(() -> robot.lookup("#sandboxNotice").query().isVisible());
        assertThat(FxWait.text(robot, "#sandboxNoticeText")).isEqualTo(NOTICE);
        assertThat(FxWait.text(robot, "#statusConnection")).startsWith("Connected to the sandbox at ");
        assertThat(ConsoleSettings.load().lastKubeconfigFile()).isEmpty();
    }

    @Test
    void realClusterHasNoSandboxLabelAndNoButtonWithoutAStarter() throws Exception {
        cluster.adminClient().configMaps().inNamespace(SandboxMarker.NAMESPACE).withName(SandboxMarker.NAME).delete();
        Path kubeconfig = KubeconfigFiles.twoContexts(dir, cluster.url());
        ConsoleServices services = new ConsoleServices(() -> List.of(kubeconfig), KubeconfigLoader::load,
                new ClusterConnector(Duration.ofSeconds(10))::connect, settings, new FxTaskRunner());
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        WaitForAsyncUtils.waitForFxEvents();
        FxWait.until(() -> !robot.lookup("#connectButton").query().isDisabled());
        assertThat(robot.lookup("#sandboxButton").query().isVisible()).isFalse();

        FxWait.click(robot, "#connectButton");

        FxWait.until(() -> FxWait.text(robot, "#statusConnection").startsWith("Connected to "));
        assertThat(FxWait.text(robot, "#statusContext")).isEqualTo("Context: staging");
        FxWait.click(robot, "#navOverview");
        FxWait.until(() -> robot.lookup("#overviewView").tryQuery().map(Node::isVisible).orElse(false));
        assertThat(robot.lookup("#sandboxNotice").query().isVisible()).isFalse();
    }
}
