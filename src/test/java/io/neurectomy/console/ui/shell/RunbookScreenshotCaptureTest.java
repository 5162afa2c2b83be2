package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.ui.runbook.RunbookViewModel;
import io.neurectomy.console.ui.topology.TopologyViewModel;
import io.neurectomy.console.testing.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders the runbook pictures of docs/images on demand, in a real window, as {@link ScreenshotCaptureTest}:
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" mvn test -Dtest=RunbookScreenshotCaptureTest
 * -Dconsole.screenshots=docs/images -Dtestfx.headless=false -Dglass.platform=gtk -Djava.awt.headless=false}.
 * On a fresh sandbox a node is failed; the Health section offers the runbooks its findings point to
 * (health-runbooks.png); the node-failure runbook, opened from the Runbooks menu and started, waits at its first
 * manual checkpoint (runbook.png); then it is cancelled and the node recovered.
 */
@EnabledIfSystemProperty(named = "console.screenshots", matches = ".+",
        disabledReason = "it renders the pictures under docs/images on demand, with -Dconsole.screenshots=DIR")
class RunbookScreenshotCaptureTest {

    @TempDir
    Path configDir;

    @Test
    void captureRunbook() throws Exception {
        Path out = Path.of(System.getProperty("console.screenshots"));
        Files.createDirectories(out);
        FxRobot robot = new FxRobot();
        try (SandboxCluster sandbox = SandboxCluster.start(false)) {
            ConsoleServices services = SandboxServices.connectingTo(sandbox, configDir);
            FxToolkit.registerPrimaryStage();
            ConsoleApp app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
            TopologyViewModel topology = app.shell().topology();
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> app.shell().connect().sessionProperty()
                    .get() != null);
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> app.shell().health().statusProperty().get() == HealthStatus.HEALTHY
                            && !app.shell().health().checkingProperty().get()));

            WaitForAsyncUtils.asyncFx(() -> topology.pods().setNodeFailed("sandbox-node-b", true));
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> app.shell().health().runbooks().offered().size() >= 2
                            && !app.shell().health().checkingProperty().get()));
            WaitForAsyncUtils.asyncFx(() -> app.shell().health().attentionOnlyProperty().set(true));
            WaitForAsyncUtils.waitForFxEvents(5);
            robot.moveTo("#statusBar");
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("health-runbooks.png"));

            robot.clickOn("#healthRunbooksMenu");
            robot.clickOn("#healthRunbookItem-node-failure");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#runbookStart").tryQuery()
                    .map(b -> !b.isDisabled()).orElse(false));
            robot.clickOn("#runbookStart");
            RunbookViewModel runbook = WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> app.shell().health().runbooks().last());
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> runbook.waitingProperty().get() != null));
            WaitForAsyncUtils.waitForFxEvents(5);
            robot.moveTo("#runbookTitle");
            Screenshots.save(robot.lookup("#runbookView").query(), out.resolve("runbook.png"));

            robot.clickOn("#runbookCancel");
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> runbook.finishedProperty().get()));
            WaitForAsyncUtils.asyncFx(() -> topology.pods().setNodeFailed("sandbox-node-b", false));
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
    }
}
