package io.neurectomy.console.ui.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.neurectomy.console.core.backup.archive.ArchiveMetadata;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.S3Fixture;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.backup.store.S3Store;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The S3 tab's "Restore from the bucket" on a headless stage: List archives shows the bucket newest first with the
 * ages against the RPO, Restore… opens the wizard on the chosen archive, and its plan is made from the downloaded,
 * checked archive against a cluster whose config differs.
 */
class S3RestoreUiTest {
    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private MockCluster cluster;
    private ClusterSession session;
    private S3Fixture s3;
    private String newest;

    private static ConfigMap prometheusConfig(String content) {
        return new ConfigMapBuilder().withNewMetadata().withName("prometheus-config")
                .withNamespace(MockCluster.NAMESPACE).endMetadata().addToData("prometheus.yml", content).build();
    }

    private void archive(Path into, Instant at, String interval) {
        try (ArchiveWriter w = ArchiveWriter.create(into, new ArchiveMetadata("test", cluster.url(),
                MockCluster.NAMESPACE, "test", List.of("configs")), null, ProgressListener.none(),
                Cancellation.none(), Clock.fixed(at, ZoneOffset.UTC))) {
            String yaml = Serialization.asYaml(prometheusConfig("global: {scrape_interval: " + interval + "}\n"));
            w.add("objects/configmaps/prometheus-config.yaml", yaml.getBytes(StandardCharsets.UTF_8));
            newest = w.commit().file().getFileName().toString();
        }
    }

    @BeforeEach
    void show() throws Exception {
        cluster = new MockCluster();
        cluster.adminClient().configMaps().inNamespace(MockCluster.NAMESPACE)
                .resource(prometheusConfig("global: {scrape_interval: 30s}\n")).create();
        session = cluster.openSession("test", MockCluster.NAMESPACE);
        s3 = new S3Fixture(dir.resolve("s3"));
        // Another machine's backups, synced to the bucket: one from five hours ago, one from now.
        Path elsewhere = dir.resolve("elsewhere");
        archive(elsewhere, Instant.now().minus(Duration.ofHours(5)), "1m");
        archive(elsewhere, Instant.now(), "15s");
        try (S3Store store = new S3Store(S3Settings.compatible(S3Fixture.BUCKET, "prod", s3.endpoint(),
                S3Fixture.KEYS))) {
            store.sync(new BackupDirectory(elsewhere), null, null);
        }
        System.setProperty("aws.accessKeyId", S3Fixture.KEYS.accessKeyId());
        System.setProperty("aws.secretAccessKey", S3Fixture.KEYS.secretAccessKey());
        ConsoleSettings settings = ConsoleSettings.load(dir.resolve("config"));
        settings.setBackupSetting("dir", dir.resolve("fresh-backups").toString());
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupSceneRoot(() -> {
            BackupsViewModel model = new BackupsViewModel(new SimpleObjectProperty<>(session),
                    new InlineTaskRunner(), settings, new ActivityLog(), new ScriptedDialogs());
            return (Parent) new BackupsView(model).node();
        });
        FxToolkit.setupStage(stage -> {
            stage.setWidth(1100);
            stage.setHeight(780);
        });
        FxToolkit.showStage();
    }

    @AfterEach
    void hide() throws Exception {
        FxToolkit.cleanupStages();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        s3.close();
        session.close();
        cluster.close();
    }

    @Test
    void listingTheBucketAndRestoringTheChosenArchiveShowsItsPlan() throws Exception {
        robot.clickOn("S3");
        for (String[] field : List.of(new String[] {"#s3Bucket", S3Fixture.BUCKET}, new String[] {"#s3Prefix", "prod"},
                new String[] {"#s3Endpoint", s3.endpoint().toString()})) {
            TextField f = robot.lookup(field[0]).queryAs(TextField.class);
            WaitForAsyncUtils.asyncFx(() -> f.setText(field[1])).get();
        }
        FxWait.click(robot, "#s3Browse");

        @SuppressWarnings("unchecked")
        ListView<RemoteRow> archives = robot.lookup("#s3Archives").queryAs(ListView.class);
        FxWait.until(() -> archives.getItems().size() == 2);
        assertThat(archives.getItems().get(0).name()).isEqualTo(newest);
        assertThat(archives.getItems().get(0).line()).contains("verified", "within the RPO");
        assertThat(archives.getItems().get(1).line()).contains("5 h old (older than the RPO");
        Label summary = robot.lookup("#s3BucketSummary").queryAs(Label.class);
        assertThat(summary.getText()).contains(newest);

        WaitForAsyncUtils.asyncFx(() -> archives.getSelectionModel().select(0)).get();
        FxWait.click(robot, "#s3Restore");
        Label source = robot.lookup("#restoreSource").queryAs(Label.class);
        FxWait.until(() -> source.isVisible() && source.getText().contains("prod/" + newest));
        FxWait.click(robot, "#restorePlan");

        @SuppressWarnings("unchecked")
        ListView<String> plan = robot.lookup("#restorePlanLines").queryAs(ListView.class);
        FxWait.until(() -> plan.isVisible() && plan.getItems().stream()
                .anyMatch(line -> line.contains("update") && line.contains("prometheus-config")));
        assertThat(String.join("\n", plan.getItems())).contains("SHA-256 checked",
                "s3://" + S3Fixture.BUCKET + "/prod/" + newest);
        assertThat(dir.resolve("fresh-backups").resolve(newest)).exists();
    }
}
