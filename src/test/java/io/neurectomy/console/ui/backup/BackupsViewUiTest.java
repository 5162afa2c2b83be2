package io.neurectomy.console.ui.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.backup.archive.ArchiveMetadata;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.backup.archive.WrittenArchive;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The restore wizard's plan page and its typed confirmation, on a headless stage. */
class BackupsViewUiTest {
    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private BackupsViewModel model;
    private WrittenArchive archive;

    @BeforeEach
    void show() throws Exception {
        try (ArchiveWriter w = ArchiveWriter.create(dir.resolve("backups"), new ArchiveMetadata("prod", "https://k",
                "monitoring", "test", List.of("configs")), null, ProgressListener.none(), Cancellation.none())) {
            w.add("objects/configmaps/prometheus-config.yaml", "kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8));
            archive = w.commit();
        }
        ConsoleSettings settings = ConsoleSettings.load(dir.resolve("config"));
        settings.setBackupSetting("dir", dir.resolve("backups").toString());
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupSceneRoot(() -> {
            model = new BackupsViewModel(new SimpleObjectProperty<ClusterSession>(), new InlineTaskRunner(),
                    settings, new ActivityLog(), new ScriptedDialogs());
            return (Parent) new BackupsView(model).node();
        });
        FxToolkit.setupStage(stage -> {
            stage.setWidth(1100);
            stage.setHeight(700);
        });
        FxToolkit.showStage();
    }

    @AfterEach
    void hide() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void thePlanIsShownAndRestoreStaysDisabledUntilTheNamespaceIsTyped() throws Exception {
        @SuppressWarnings("unchecked")
        TableView<BackupRow> table = robot.lookup("#backupsTable").queryAs(TableView.class);
        FxWait.until(() -> table.getItems().size() == 1);
        WaitForAsyncUtils.asyncFx(() -> table.getSelectionModel().select(0)).get();
        robot.clickOn("#backupsRestore");
        WaitForAsyncUtils.asyncFx(() -> model.restore().showPlan(Plan.of("restore", "Restore configs from "
                + archive.file().getFileName(), List.of(new Step("objects", "Restore the objects")))
                .withChanges(List.of(new Change(Change.Action.UPDATE, "configmaps/prometheus-config",
                        "differs in data")))
                .withConfirmation(Confirmation.typed("monitoring", "Restore into namespace monitoring?")))).get();

        @SuppressWarnings("unchecked")
        ListView<String> plan = robot.lookup("#restorePlanLines").queryAs(ListView.class);
        FxWait.until(() -> plan.isVisible() && plan.getItems().contains(
                "  update    configmaps/prometheus-config (differs in data)"));
        Button restore = robot.lookup("#restoreConfirm").queryAs(Button.class);
        assertThat(restore.isDisabled()).isTrue();

        robot.clickOn("#restoreConfirmation").write("monitorin");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(restore.isDisabled()).isTrue();
        robot.write("g");
        FxWait.until(() -> !restore.isDisabled());
    }
}
