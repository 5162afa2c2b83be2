package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Screenshots;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogHost;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.scene.Parent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders docs/images/scale-review.png, resize-review.png, storage-review.png and upgrade-review.png on demand, in
 * a real window (see ScreenshotCaptureTest for the command): the review pages of the Scale tab (Alertmanager 3 → 5),
 * the Resources tab (Prometheus at the High load preset, which the sandbox's nodes cannot hold), the Storage tab
 * (Prometheus to 300Gi) and the Upgrade tab (Prometheus 2 → 3, with what 3.0 removed) on the sandbox.
 */
@EnabledIfSystemProperty(named = "console.screenshots", matches = ".+",
        disabledReason = "it renders the pictures under docs/images on demand, with -Dconsole.screenshots=DIR")
class ScaleScreenshotCaptureTest {

    @Test
    void captureTheReviewPage() throws Exception {
        capture("#scaleTab", StackViewModel::scale, m -> m.replicasProperty().set(5), "scale-review.png");
    }

    @Test
    void captureTheResourcesReviewPage() throws Exception {
        capture("#resourcesTab", StackViewModel::resize, m -> {
            m.componentProperty().set(StackComponent.PROMETHEUS);
            m.sizingProperty().set(ResizeWizardModel.Sizing.HIGH);
        }, "resize-review.png");
    }

    @Test
    void captureTheStorageReviewPage() throws Exception {
        capture("#storageTab", StackViewModel::storage, m -> {
            m.componentProperty().set(StackComponent.PROMETHEUS);
            m.sizeProperty().set("300Gi");
        }, "storage-review.png");
    }

    @Test
    void captureTheUpgradeReviewPage() throws Exception {
        capture("#upgradeTab", StackViewModel::upgrade, m -> {
            m.componentProperty().set(StackComponent.PROMETHEUS);
            m.versionProperty().set("v3.0.1");
        }, "upgrade-review.png");
    }

    /** Opens {@code tab}, fills the wizard's inputs, goes to its review page and saves it as {@code name}. */
    private static <M extends OperationWizardModel<?>> void capture(String tab, Function<StackViewModel, M> wizard,
                                                                   Consumer<M> inputs, String name)
            throws Exception {
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
            List<M> model = new java.util.ArrayList<>();
            FxToolkit.setupSceneRoot(() -> {
                StackViewModel stack = new StackViewModel(runner, new ActivityLog(), new DialogHost());
                model.add(wizard.apply(stack));
                stack.attach(session);
                return (Parent) new StackView(stack).node();
            });
            FxToolkit.setupStage(stage -> {
                stage.setWidth(1180);
                stage.setHeight(720);
            });
            FxToolkit.showStage();
            FxWait.click(robot, tab);
            WaitForAsyncUtils.asyncFx(() -> {
                inputs.accept(model.get(0));
                model.get(0).next();
            }).get();
            FxWait.until(() -> model.get(0).planProperty().get() != null);
            WaitForAsyncUtils.waitForFxEvents();
            Screenshots.save(robot.lookup("#stackView").query(), out.resolve(name));
            FxToolkit.cleanupStages();
        }
    }
}
