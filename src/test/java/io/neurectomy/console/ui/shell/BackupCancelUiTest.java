package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.readiness.Readiness;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.ServerProcesses;
import io.neurectomy.console.ui.shell.ActivityViewModel.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A real backup, started with the Backups section's button on the sandbox with its real servers, is listed in the
 * Activity panel while it runs, and the panel's Cancel stops it: the steps after the current one do not run and no
 * archive is left in the directory.
 *
 * <p>The backup (of the silences only, so that its first step asks Alertmanager) is held by stopping the sandbox's
 * Alertmanager processes (SIGSTOP) just before the click: the step's HTTP call cannot be answered until they
 * continue, so the click on Cancel lands while the backup runs, whatever the machine's speed. The step must start
 * before the stopped pods fail their readiness probes (some 15 s) and the backup finds no replica to ask: with
 * configs first, a loaded machine once took longer than that.
 */
class BackupCancelUiTest {
    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private SandboxCluster sandbox;
    private ConsoleApp app;
    private boolean stopped;

    @BeforeEach
    void start() throws Exception {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false);
        ConsoleServices services = SandboxServices.connectingTo(sandbox, dir.resolve("config"));
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        FxWait.until(() -> FxWait.text(robot, "#statusSync").equals("Synced"));
        Poll.until(Duration.ofSeconds(120), "the three Alertmanagers ready", () -> sandbox.adminClient().pods()
                .inNamespace("monitoring").withLabel("app", "alertmanager").list().getItems().stream()
                .filter(Readiness::isPodReady).count() == 3);
    }

    @AfterEach
    void stop() throws Exception {
        if (stopped) {
            signal("CONT");
        }
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aBackupStartedWithTheButtonIsCancelledFromTheActivityPanelAndLeavesNoArchive() throws Exception {
        Path backups = dir.resolve("backups");
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT8).release(KeyCode.DIGIT8, KeyCode.CONTROL);
        FxWait.until(() -> robot.lookup("#backupsView").tryQuery().map(Node::isVisible).orElse(false));
        TextField directory = robot.lookup("#backupsDirectory").queryAs(TextField.class);
        robot.interact(directory::clear);
        FxWait.click(robot, directory);
        robot.write(backups.toString());
        for (BackupComponent c : BackupComponent.values()) {
            CheckBox box = robot.lookup("#backupComponent-" + c.id()).queryAs(CheckBox.class);
            boolean wanted = c == BackupComponent.SILENCES;
            if (box.isSelected() != wanted) {
                FxWait.click(robot, box);
            }
        }
        FxWait.until(() -> !robot.lookup("#backupNow").query().isDisabled());
        signal("STOP");

        FxWait.click(robot, "#backupNow");

        FxWait.until(() -> FxWait.text(robot, "#activityButton").equals("1 running"));
        FxWait.clickUntil(robot, () -> robot.lookup("#activityButton").tryQuery(), () -> robot.lookup(
                "#activityRunning").tryQuery().map(n -> n.isVisible() && n.getScene() != null).orElse(false));
        FxWait.until(() -> robot.lookup("#activityRunning .task-cancel-button").tryQuery()
                .map(b -> !b.isDisabled()).orElse(false));
        assertThat(labelIn("#activityRunning", ".task-title")).startsWith("Back up");

        FxWait.click(robot, "#activityRunning .task-cancel-button");
        FxWait.until(() -> labelIn("#activityRunning", ".task-message").startsWith("Cancelling"));
        signal("CONT");

        ListView<Entry> recent = robot.lookup("#activityRecent").queryListView();
        FxWait.until(() -> recent.getItems().size() == 1);
        Entry entry = recent.getItems().get(0);
        assertThat(entry.outcome().label()).isEqualTo("Cancelled");
        OperationResult<?> result = entry.operation().resultProperty().get();
        assertThat(result.cancelled()).isTrue();
        // Cancelled while held in the silences step: the archive's step never ran.
        assertThat(result.outcome("silences").status()).isNotEqualTo(StepOutcome.Status.FAILED);
        assertThat(result.outcome("manifest").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(archivesIn(backups)).as("no archive, whole or partial, in the directory").isEmpty();
        assertThat(FxWait.text(robot, "#activityButton")).isEqualTo("Activity");
    }

    private void signal(String name) throws IOException, InterruptedException {
        ServerProcesses.signal(sandbox, "alertmanager", name);
        stopped = "STOP".equals(name);
    }

    private static List<Path> archivesIn(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    /** The text of the first visible label with {@code styleClass} under the node with {@code id}. */
    private String labelIn(String id, String styleClass) {
        return WaitForAsyncUtils.waitForAsyncFx(30_000, () -> robot.lookup(id + " " + styleClass).queryAll().stream()
                .filter(Node::isVisible).map(n -> ((Label) n).getText()).filter(t -> t != null && !t.isEmpty())
                .findFirst().orElse(""));
    }
}
