package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.Screenshots;
import io.neurectomy.console.ui.deploy.UpgradeWizardModel.Strategy;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogHost;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Parent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders docs/images/upgrade-blue-green.png on demand, in a real window (see ScreenshotCaptureTest for the
 * command): the Upgrade tab after a blue-green upgrade of Prometheus to v2.55.1 on the sandbox with real Prometheus
 * processes, its steps and the side-by-side comparison, with the open upgrade's two sides and Switch back / Remove
 * beside it.
 */
@EnabledIfSystemProperty(named = "console.screenshots", matches = ".+",
        disabledReason = "it renders the pictures under docs/images on demand, with -Dconsole.screenshots=DIR")
class BlueGreenScreenshotCaptureTest {

    @Test
    void captureTheBlueGreenResult() throws Exception {
        RealServers.require(RealServers.PROMETHEUS);
        Path out = Path.of(System.getProperty("console.screenshots"));
        Files.createDirectories(out);
        FxRobot robot = new FxRobot();
        try (SandboxCluster sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
             ClusterSession session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                     KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, "monitoring");
             FxTaskRunner runner = new FxTaskRunner()) {
            HealthChecker.awaitSync(session, Duration.ofMinutes(2));
            FxToolkit.registerPrimaryStage();
            WaitForAsyncUtils.asyncFx(() -> javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet())).get();
            List<StackViewModel> stack = new ArrayList<>();
            FxToolkit.setupSceneRoot(() -> {
                StackViewModel s = new StackViewModel(runner, new ActivityLog(), new DialogHost());
                stack.add(s);
                s.attach(session);
                return (Parent) new StackView(s).node();
            });
            FxToolkit.setupStage(stage -> {
                stage.setWidth(1280);
                stage.setHeight(820);
            });
            FxToolkit.showStage();
            FxWait.click(robot, "#upgradeTab");
            UpgradeWizardModel model = stack.get(0).upgrade();
            WaitForAsyncUtils.asyncFx(() -> {
                model.componentProperty().set(StackComponent.PROMETHEUS);
                model.strategyProperty().set(Strategy.BLUE_GREEN);
                model.versionProperty().set("v2.55.1");
                model.next();
            }).get();
            FxWait.until(() -> model.planProperty().get() != null);
            WaitForAsyncUtils.asyncFx(model::next).get();
            Poll.until(Duration.ofMinutes(10), "the blue-green upgrade to end", () -> WaitForAsyncUtils
                    .waitForAsyncFx(30_000, () -> model.finishedProperty().get()));
            FxWait.until(() -> stack.get(0).upgradeActions().switchBackOffered().get());
            WaitForAsyncUtils.waitForFxEvents();
            Screenshots.save(robot.lookup("#stackView").query(), out.resolve("upgrade-blue-green.png"));
            FxToolkit.cleanupStages();
        }
    }
}
