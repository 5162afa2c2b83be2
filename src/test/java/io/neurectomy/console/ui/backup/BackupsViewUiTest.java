package io.neurectomy.console.ui.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.neurectomy.console.core.backup.archive.ArchiveMetadata;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.MockCluster;
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

/**
 * The restore wizard's plan page and its typed confirmation, on a headless stage: the plan is made by pressing Plan
 * against a cluster whose config differs from the archive's.
 */
class BackupsViewUiTest {
    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private MockCluster cluster;
    private ClusterSession session;

    private static ConfigMap prometheusConfig(String content) {
        return new ConfigMapBuilder().withNewMetadata().withName("prometheus-config")
                .withNamespace(MockCluster.NAMESPACE).endMetadata().addToData("prometheus.yml", content).build();
    }

    @BeforeEach
    void show() throws Exception {
        // The cluster holds one config; the archive another, so that a restore would update it.
        cluster = new MockCluster();
        cluster.adminClient().configMaps().inNamespace(MockCluster.NAMESPACE)
                .resource(prometheusConfig("global: {scrape_interval: 30s}\n")).create();
        session = cluster.openSession("test", MockCluster.NAMESPACE);
        try (ArchiveWriter w = ArchiveWriter.create(dir.resolve("backups"), new ArchiveMetadata("test",
                cluster.url(), MockCluster.NAMESPACE, "test", List.of("configs")), null, ProgressListener.none(),
                Cancellation.none())) {
            w.add("objects/configmaps/prometheus-config.yaml", Serialization.asYaml(
                    prometheusConfig("global: {scrape_interval: 15s}\n")).getBytes(StandardCharsets.UTF_8));
            w.commit();
        }
        ConsoleSettings settings = ConsoleSettings.load(dir.resolve("config"));
        settings.setBackupSetting("dir", dir.resolve("backups").toString());
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupSceneRoot(() -> {
            BackupsViewModel model = new BackupsViewModel(new SimpleObjectProperty<>(session),
                    new InlineTaskRunner(), settings, new ActivityLog(), new ScriptedDialogs());
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
        session.close();
        cluster.close();
    }

    @Test
    void thePlanIsShownAndRestoreStaysDisabledUntilTheNamespaceIsTyped() throws Exception {
        @SuppressWarnings("unchecked")
        TableView<BackupRow> table = robot.lookup("#backupsTable").queryAs(TableView.class);
        FxWait.until(() -> table.getItems().size() == 1);
        WaitForAsyncUtils.asyncFx(() -> table.getSelectionModel().select(0)).get();
        FxWait.click(robot, "#backupsRestore");
        FxWait.click(robot, "#restorePlan");

        @SuppressWarnings("unchecked")
        ListView<String> plan = robot.lookup("#restorePlanLines").queryAs(ListView.class);
        FxWait.until(() -> plan.isVisible() && plan.getItems().stream()
                .anyMatch(line -> line.contains("update") && line.contains("prometheus-config")));
        Button restore = robot.lookup("#restoreConfirm").queryAs(Button.class);
        assertThat(restore.isDisabled()).isTrue();

        robot.clickOn("#restoreConfirmation").write("monitorin");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(restore.isDisabled()).isTrue();
        robot.write("g");
        FxWait.until(() -> !restore.isDisabled());
    }
}
