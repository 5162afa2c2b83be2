package io.neurectomy.console.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.sandbox.SandboxImages;
import io.neurectomy.console.testing.AnsweringDialogs;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.WorkloadImages;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Upgrade tab on its own stage (headless), on a sandbox with real Prometheus processes: the wizard walked to
 * the end with a listed version (both replicas on it and ready), then again with a custom tag that never gets ready,
 * cancelled while its first replica waits: every replica is back on the version before.
 */
class UpgradeWizardUiTest {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofMinutes(5);

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient admin;
    private static WorkloadImages prometheus;
    private static String original;

    private final FxRobot robot = new FxRobot();
    private FxTaskRunner runner;
    private StackViewModel stack;
    private UpgradeWizardModel model;

    @BeforeAll
    static void start() throws InterruptedException {
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
        admin = sandbox.adminClient();
        prometheus = new WorkloadImages(admin, NS, "prometheus", 2);
        original = prometheus.templateImage();
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        HealthChecker.awaitSync(session, Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopAll() {
        if (session != null) {
            session.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void show() throws Exception {
        prometheus.awaitAllOn(original, WAIT);
        runner = new FxTaskRunner();
        FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet())).get();
        FxToolkit.setupSceneRoot(() -> {
            stack = new StackViewModel(runner, new ActivityLog(), AnsweringDialogs.always(false));
            model = stack.upgrade();
            stack.attach(session);
            return (Parent) new StackView(stack).node();
        });
        FxToolkit.setupStage(stage -> {
            stage.setWidth(1180);
            stage.setHeight(760);
        });
        FxToolkit.showStage();
    }

    @AfterEach
    void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stack.detach()).get();
        FxToolkit.cleanupStages();
        runner.close();
        prometheus.putBack(original, WAIT);
    }

    private boolean nextDisabled() {
        return robot.lookup("#upgradeNextButton").queryButton().isDisabled();
    }

    /** Waits until the run ends (each replica restarts and passes the gate: longer than FxWait may allow). */
    private void awaitFinished() {
        Poll.until(Duration.ofMinutes(10), "the upgrade to end", () -> {
            try {
                return WaitForAsyncUtils.asyncFx(() -> model.finishedProperty().get()).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private List<String> listed(String id) throws Exception {
        ListView<String> list = robot.lookup(id).queryAs(ListView.class);
        return WaitForAsyncUtils.asyncFx(() -> List.copyOf(list.getItems())).get();
    }

    private void chooseVersion(String tag) throws Exception {
        robot.clickOn("#upgradeVersionChoice .text-field").write(tag);
        FxWait.until(() -> tag.equals(model.versionProperty().get()) && !nextDisabled());
    }

    @Test
    void theUpgradeWizardWalkedToTheEndMovesBothReplicasThenACancelRollsBack() throws Exception {
        String from = WorkloadImages.tag(original);
        String listedVersion = "v2.54.1";
        String upgraded = WorkloadImages.withTag(original, listedVersion);
        FxWait.click(robot, "#upgradeTab");
        FxWait.until(() -> robot.lookup("#upgradeChoosePage").match(Node::isVisible).tryQuery().isPresent());
        assertThat(model.componentProperty().get().id()).isEqualTo("prometheus");
        assertThat(model.versions()).contains(listedVersion);
        assertThat(nextDisabled()).as("no version yet").isTrue();

        chooseVersion(listedVersion);
        // With the backup box ticked (the default), the review says first what is backed up, and where.
        FxWait.click(robot, "#upgradeNextButton");
        FxWait.until(() -> model.planProperty().get() != null);
        assertThat(listed("#upgradeNotesList").get(0)).startsWith("First: Back up the configs and the TSDB to "
                + model.backupDirProperty().get());
        FxWait.click(robot, "#upgradeBackButton");
        FxWait.until(() -> robot.lookup("#upgradeChoosePage").match(Node::isVisible).tryQuery().isPresent());
        FxWait.click(robot, "#upgradeBackup");
        FxWait.until(() -> !model.backupProperty().get());
        FxWait.click(robot, "#upgradeNextButton");
        FxWait.until(() -> model.planProperty().get() != null);
        assertThat(FxWait.text(robot, "#upgradePlanTitle")).isEqualTo("Upgrade Prometheus in monitoring from "
                + from + " to " + listedVersion + " (2 replicas)");
        assertThat(listed("#upgradeChangesList")).singleElement().asString().startsWith("update    "
                + "StatefulSet/prometheus  — image " + original + " → " + upgraded);
        assertThat(listed("#upgradeNotesList")).contains("No backup is taken before the upgrade.");
        assertThat(FxWait.text(robot, "#upgradeNextButton")).isEqualTo("Upgrade");
        assertThat(prometheus.templateImage()).as("nothing changes before Upgrade").isEqualTo(original);

        FxWait.click(robot, "#upgradeNextButton");
        awaitFinished();

        assertThat(FxWait.text(robot, "#upgradeResult")).startsWith("StatefulSet/prometheus: " + from + " → "
                + listedVersion + ".");
        assertThat(prometheus.allOn(upgraded)).isTrue();

        // Again with a custom tag that never gets ready: Cancel while prometheus-1 waits on it.
        String broken = "v2.99.0" + SandboxImages.NEVER_READY;
        FxWait.click(robot, "#upgradeAgainButton");
        FxWait.until(() -> robot.lookup("#upgradeChoosePage").match(Node::isVisible).tryQuery().isPresent());
        WaitForAsyncUtils.asyncFx(() -> model.versionProperty().set("")).get();
        chooseVersion(broken);
        FxWait.click(robot, "#upgradeNextButton");
        FxWait.until(() -> model.planProperty().get() != null);
        assertThat(listed("#upgradeNotesList")).anyMatch(n -> n.startsWith("WARNING: " + broken
                + " is not one of the versions known to work"));
        FxWait.click(robot, "#upgradeNextButton");
        Poll.until(WAIT, "prometheus-1 on " + broken, () -> {
            var pod = prometheus.pod("prometheus-1");
            return pod != null && WorkloadImages.image(pod).endsWith(broken);
        });
        FxWait.click(robot, "#upgradeCancelButton");
        awaitFinished();

        assertThat(FxWait.text(robot, "#upgradeResult")).contains("rolled back");
        assertThat(prometheus.allOn(upgraded)).as("every replica back on " + listedVersion).isTrue();
        assertThat(prometheus.templateImage()).isEqualTo(upgraded);
    }
}
