package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders docs/images/drill.png on demand, in a real window, as {@link RunbookScreenshotCaptureTest}:
 * {@code xvfb-run -a mvn test -Dtest=DrillScreenshotCaptureTest -Dconsole.screenshots=docs/images
 * -Dtestfx.headless=false -Dglass.platform=gtk -Djava.awt.headless=false}. On a fresh sandbox the pod-failure drill
 * is started from the Runbooks menu and confirmed; the picture is its window once the drill has ended: the steps,
 * the time to recovery against the guide, "Lost: nothing." and the timeline export.
 */
@EnabledIfSystemProperty(named = "console.screenshots", matches = ".+",
        disabledReason = "it renders the pictures under docs/images on demand, with -Dconsole.screenshots=DIR")
class DrillScreenshotCaptureTest {
    private static final Duration WAIT = Duration.ofSeconds(240);

    @TempDir
    Path dir;

    @Test
    void captureDrill() throws Exception {
        Path out = Path.of(System.getProperty("console.screenshots"));
        Files.createDirectories(out);
        System.setProperty("console.dataDir", dir.resolve("data").toString());
        FxRobot robot = new FxRobot();
        try (SandboxCluster sandbox = SandboxCluster.start(false)) {
            ConsoleServices services = SandboxServices.connectingTo(sandbox, dir.resolve("config"));
            FxToolkit.registerPrimaryStage();
            ConsoleApp app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
            FxWait.until(WAIT, () -> app.shell().health().statusProperty().get() == HealthStatus.HEALTHY
                    && !app.shell().health().checkingProperty().get());

            FxWait.click(robot, "#healthRunbooksMenu");
            FxWait.click(robot, "#healthDrillItem-pod-failure");
            FxWait.until(() -> robot.lookup("#confirmation").tryQuery().map(FxWait::shown).orElse(false));
            robot.push(KeyCode.ENTER);
            FxWait.until(WAIT, () -> robot.lookup("#drillOutcome").tryQuery()
                    .map(n -> !((Label) n).getText().isEmpty()).orElse(false));
            WaitForAsyncUtils.waitForFxEvents(5);
            robot.moveTo("#drillTitle");
            Screenshots.save(robot.lookup("#drillView").query(), out.resolve("drill.png"));

            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        } finally {
            System.clearProperty("console.dataDir");
        }
    }
}
