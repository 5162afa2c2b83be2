package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogHost;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders docs/images/scale-review.png on demand, in a real window (see ScreenshotCaptureTest for the command): the
 * Scale tab's review page of Alertmanager 3 → 5 on the sandbox.
 */
@EnabledIfSystemProperty(named = "console.screenshots", matches = ".+",
        disabledReason = "it renders the pictures under docs/images on demand, with -Dconsole.screenshots=DIR")
class ScaleScreenshotCaptureTest {

    @Test
    void captureTheReviewPage() throws Exception {
        Path out = Path.of(System.getProperty("console.screenshots"));
        Files.createDirectories(out);
        FxRobot robot = new FxRobot();
        try (SandboxCluster sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults()
                .withBinaries(Binaries.none()));
             ClusterSession session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                     KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, "monitoring");
             FxTaskRunner runner = new FxTaskRunner()) {
            FxToolkit.registerPrimaryStage();
            WaitForAsyncUtils.asyncFx(() -> javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet())).get();
            ScaleWizardModel[] model = new ScaleWizardModel[1];
            FxToolkit.setupSceneRoot(() -> {
                StackViewModel stack = new StackViewModel(runner, new ActivityLog(), new DialogHost());
                model[0] = stack.scale();
                stack.attach(session);
                return (Parent) new StackView(stack).node();
            });
            FxToolkit.setupStage(stage -> {
                stage.setWidth(1180);
                stage.setHeight(720);
            });
            FxToolkit.showStage();
            FxWait.click(robot, "#scaleTab");
            WaitForAsyncUtils.asyncFx(() -> {
                model[0].replicasProperty().set(5);
                model[0].next();
            }).get();
            FxWait.until(() -> model[0].planProperty().get() != null);
            WaitForAsyncUtils.waitForFxEvents();
            save(robot.lookup("#stackView").query(), out.resolve("scale-review.png"));
            FxToolkit.cleanupStages();
        }
    }

    private static void save(Node node, Path file) throws Exception {
        Image image = WaitForAsyncUtils.waitForAsyncFx(30_000, () -> node.snapshot(null, null));
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        ImageIO.write(png, "png", file.toFile());
    }
}
