package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.cluster.SandboxMarker;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.testing.FaultProxy;
import io.neurectomy.console.testing.FaultProxy.Fault;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.KubeconfigFiles;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The window comes first: it is on screen, saying what it waits for, while the sandbox is still starting or the
 * cluster has not answered yet, and nothing of that work runs before it is shown.
 */
class StartupWaitingUiTest {
    /** Only catches hangs. */
    private static final Duration HANG = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private final CountDownLatch sandboxMayStart = new CountDownLatch(1);
    private MockCluster cluster;
    private FaultProxy server;
    private ConsoleApp app;

    @BeforeEach
    void start() throws Exception {
        System.setProperty(ConsoleSettings.CONFIG_DIR_PROPERTY, dir.resolve("config").toString());
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() throws Exception {
        sandboxMayStart.countDown();
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        System.clearProperty(ConsoleSettings.CONFIG_DIR_PROPERTY);
        if (cluster != null) {
            cluster.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theWindowSaysTheSandboxIsStartingUntilItIsUpThenConnects() throws Exception {
        // The "sandbox": a cluster carrying the sandbox marker, whose start the test holds until it lets it go.
        cluster = new MockCluster();
        var admin = cluster.adminClient();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(SandboxMarker.NAMESPACE)
                .endMetadata().build()).create();
        admin.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(SandboxMarker.NAME)
                .withNamespace(SandboxMarker.NAMESPACE).endMetadata()
                .addToData(SandboxMarker.MODE_KEY, SandboxMarker.MODE_API_ONLY)
                .addToData(SandboxMarker.NOTICE_KEY, "API only").build()).create();
        Path kubeconfig = KubeconfigFiles.twoContexts(Files.createDirectories(dir.resolve("sandbox")), cluster.url());
        AtomicInteger starts = new AtomicInteger();
        ConsoleServices services = ConsoleServices.sandbox(() -> {
            starts.incrementAndGet();
            try {
                sandboxMayStart.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return kubeconfig;
        }, "staging", () -> { });

        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));

        // The window is up while the sandbox has not started, and says so.
        FxWait.until(() -> Window.getWindows().stream().anyMatch(w -> w.isShowing() && w instanceof Stage s
                && MainWindow.TITLE.equals(s.getTitle())));
        FxWait.until(() -> starts.get() == 1);
        FxWait.until(() -> FxWait.text(robot, "#connectStatus").equals("Starting the sandbox cluster…"));
        assertThat(FxWait.text(robot, "#statusConnection")).isEqualTo("Starting the sandbox cluster…");
        assertThat(FxWait.text(robot, "#contextListPlaceholder")).startsWith("Starting the sandbox cluster");
        assertThat(robot.lookup("#connectProgress").query().isVisible()).as("a progress indicator turns").isTrue();
        assertThat(robot.lookup("#sandboxButton").query().isDisabled()).as("no second start").isTrue();
        assertThat(sandboxMayStart.getCount()).as("the sandbox is still held").isEqualTo(1);

        sandboxMayStart.countDown();

        FxWait.until(() -> FxWait.text(robot, "#statusConnection").startsWith("Connected to the sandbox at "));
        assertThat(FxWait.text(robot, "#statusContext")).isEqualTo("Context: staging (Sandbox)");
        assertThat(starts.get()).isEqualTo(1);
        // The sandbox's throw-away kubeconfig is not remembered.
        assertThat(ConsoleSettings.load(ConsoleSettings.defaultDirectory().resolve("sandbox")).lastKubeconfigFile())
                .isEmpty();
    }

    @Test
    void theWindowShowsTheConnectionAttemptWhileTheServerDoesNotAnswer() throws Exception {
        server = FaultProxy.standalone().fault(Fault.SLOW);
        Path kubeconfig = KubeconfigFiles.twoContexts(dir.resolve("kube"), server.endpoint().toString());
        ConsoleSettings settings = ConsoleSettings.load();
        settings.setLastKubeconfigFile(kubeconfig);
        // A connect timeout no test waits for: the server never answers.
        ConsoleServices services = new ConsoleServices(() -> List.of(kubeconfig), KubeconfigLoader::load,
                new ClusterConnector(Duration.ofMinutes(10))::connect, settings, new FxTaskRunner(), true,
                () -> { }, null);

        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));

        assertThat(server.awaitRequest(HANG)).as("the attempt reached the server").isTrue();
        FxWait.until(() -> Window.getWindows().stream().anyMatch(w -> w.isShowing() && w instanceof Stage s
                && MainWindow.TITLE.equals(s.getTitle())));
        FxWait.until(() -> FxWait.text(robot, "#connectStatus").equals("Connecting to staging…"));
        TableView<?> contexts = robot.lookup("#contextList").queryTableView();
        FxWait.until(() -> contexts.getItems().size() == 2);
        assertThat(robot.lookup("#cancelButton").query().isVisible()).as("the attempt can be cancelled").isTrue();
        assertThat(robot.lookup("#connectProgress").query().isVisible()).isTrue();
        assertThat(server.heldOpen()).as("the server still holds the request").isPositive();

        FxWait.click(robot, "#cancelButton");
        FxWait.until(() -> server.heldOpen() == 0);
    }
}
