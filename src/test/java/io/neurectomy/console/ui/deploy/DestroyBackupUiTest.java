package io.neurectomy.console.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.archive.VerifyResult;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.ops.StatefulSetPods;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Destroy tab on a sandbox with the stack and real Prometheus and Alertmanager processes: the backup box is ticked
 * by default, the destroy writes a full backup archive into the directory shown, and the tab then shows the archive's
 * path (the one to restore after a deploy).
 */
class DestroyBackupUiTest {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static SandboxCluster sandbox;
    private static ClusterSession session;

    private final FxRobot robot = new FxRobot();
    private FxTaskRunner runner;
    private StackViewModel stack;

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults()
                .withPropagationDelay(Duration.ofSeconds(1)));
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        Poll.until(WAIT, "Prometheus and Alertmanager ready", () -> ready("prometheus") == 2
                && ready("alertmanager") == 3);
        Poll.until(WAIT, "prometheus-0 has scraped samples", () -> query("prometheus-0", "/api/v1/query?query=up")
                .contains("\"__name__\":\"up\""));
    }

    @AfterAll
    static void stopAll() {
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static long ready(String app) {
        return session.client().pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
                .filter(StatefulSetPods::ready).count();
    }

    private static String query(String pod, String path) {
        try {
            PodCalls.Response r = new PodCalls(session.client(), NS, Duration.ofSeconds(20)).get(pod, 9090, path);
            return r.ok() ? r.body() : "";
        } catch (IOException e) {
            return ""; // asked again by the poll
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @BeforeEach
    void show() throws Exception {
        runner = new FxTaskRunner();
        FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet())).get();
        FxToolkit.setupSceneRoot(() -> {
            stack = new StackViewModel(runner, new ActivityLog(), new TypedConfirmation(NS));
            stack.attach(session);
            return (Parent) new StackView(stack).node();
        });
        FxToolkit.setupStage(stage -> {
            stage.setWidth(1180);
            stage.setHeight(820);
        });
        FxToolkit.showStage();
    }

    @AfterEach
    void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stack.detach()).get();
        FxToolkit.cleanupStages();
        runner.close();
    }

    @Test
    void destroyWithTheBoxTickedWritesAnArchiveAndShowsItsPath() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            TabPane tabs = robot.lookup("#stackView").queryAs(TabPane.class);
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "destroyTab".equals(t.getId()))
                    .findFirst().orElseThrow());
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        CheckBox backup = robot.lookup("#destroyBackup").queryAs(CheckBox.class);
        assertThat(backup.isSelected()).as("the backup is on by default").isTrue();
        assertThat(robot.lookup("#backupDirField").queryAs(TextField.class).isDisabled()).isFalse();
        Path backups = dir.resolve("backups");
        TextField field = robot.lookup("#backupDirField").queryAs(TextField.class);
        WaitForAsyncUtils.asyncFx(() -> field.setText(backups.toString())).get();
        FxWait.click(robot, "#destroyPlanButton");
        DestroyModel destroy = stack.destroy();
        FxWait.until(() -> !destroy.plan().isEmpty());
        assertThat(destroy.plan()).anyMatch(l -> l.contains("A full backup archive") && l.contains(backups.toString()));
        robot.clickOn("#exportPassphrase").write("a long passphrase");
        robot.clickOn("#exportPassphraseRepeat").write("a long passphrase");

        FxWait.click(robot, "#destroyButton");

        FxWait.until(() -> !robot.lookup("#destroyArchive").queryLabeled().getText().isEmpty()
                || !robot.lookup("#destroyError").queryLabeled().getText().isEmpty());
        assertThat(robot.lookup("#destroyError").queryLabeled().getText()).isEmpty();
        Path archive = Path.of(robot.lookup("#destroyArchive").queryLabeled().getText());
        assertThat(archive.getParent()).isEqualTo(backups);
        assertThat(archive.getFileName().toString()).matches("full_\\d{14}\\.tar\\.gz");
        assertThat(robot.lookup("#destroyArchive").queryLabeled().isVisible()).isTrue();
        assertThat(Files.exists(archive)).isTrue();
        VerifyResult verified = ArchiveReader.verify(archive, ProgressListener.none(), Cancellation.none());
        assertThat(verified.ok()).as(verified.summary()).isTrue();
        assertThat(verified.manifest().metadata().components()).containsExactly("configs", "secrets", "tsdb",
                "silences");
        assertThat(robot.lookup("#destroyResult").queryLabeled().getText()).startsWith("Backup: " + archive);
        assertThat(session.client().apps().statefulSets().inNamespace(NS).list().getItems()).isEmpty();
    }

    /** The user types {@code name} into every typed confirmation. */
    private record TypedConfirmation(String name) implements DialogService {
        @Override
        public boolean confirm(String title, String message, String confirm) {
            return false;
        }

        @Override
        public boolean confirmTyped(String title, String message, String expected, String confirm) {
            return name.equals(expected);
        }

        @Override
        public void error(String title, String message, Throwable details) {
        }

        @Override
        public void notify(Level level, String title, String text) {
        }
    }
}
