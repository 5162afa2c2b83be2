package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.endpoints.ForwardState;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.ListeningPorts;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.ui.forwards.ForwardRow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Port-forwards in the window, on the full sandbox (real Prometheus): the topology's pod panel opens a forward on
 * the Port-forwards page, the forward answers, and a reconnect (a new session) stops it and frees its port.
 */
class PortForwardsShellUiTest {
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private SandboxCluster sandbox;
    private ConsoleApp app;

    @BeforeEach
    void start() throws Exception {
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false);
        ConsoleServices services = SandboxServices.connectingTo(sandbox, dir);
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        FxWait.until(() -> FxWait.text(robot, "#statusSync").equals("Synced"));
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private List<ForwardRow> rows() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> List.copyOf(app.shell().forwards().rows())).get();
    }

    @Test
    void aPodForwardFromTheTopologyAnswersAndStopsWithTheSession() throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        FxWait.until(() -> app.shell().topology().lanes().stream()
                .anyMatch(l -> l.pods().stream().anyMatch(p -> p.name().equals("prometheus-0"))));

        // As the user does it: the pod's chip in its lane, then the button in the pod's details.
        robot.clickOn(robot.lookup((Node n) -> "prometheus-0".equals(n.getProperties().get("topology.pod"))
                && n.isVisible() && n.getScene() != null).queryAs(Node.class));
        FxWait.until(() -> robot.lookup("#forwardPod").tryQuery().isPresent());
        FxWait.click(robot, "#forwardPod");

        FxWait.until(() -> app.shell().sectionProperty().get() == Section.FORWARDS);
        ForwardRow active = Poll.until(WAIT, this::rowsQuietly,
                r -> r.size() == 1 && r.get(0).state() == ForwardState.ACTIVE, "the forward ACTIVE").get(0);
        assertThat(active.pod()).contains("prometheus-0");
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(active.url().replaceAll("/$", "") + "/-/ready")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        int port = URI.create(active.url()).getPort();

        // A reconnect is a new session: the old session's forwards stop and their ports are freed.
        robot.press(KeyCode.CONTROL, KeyCode.R).release(KeyCode.R, KeyCode.CONTROL);
        Poll.until(WAIT, "local port " + port + " released", () -> !heldHere(port));
        FxWait.until(() -> app.shell().forwards().rows().isEmpty());
    }

    private List<ForwardRow> rowsQuietly() {
        try {
            return rows();
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Whether the console (this JVM) still listens on {@code port}; asked without connecting to it. */
    private static boolean heldHere(int port) {
        try {
            return ListeningPorts.heldHere(port);
        } catch (IOException e) {
            return true;
        }
    }
}
