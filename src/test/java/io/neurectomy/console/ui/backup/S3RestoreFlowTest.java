package io.neurectomy.console.ui.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.archive.ArchiveMetadata;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.backup.store.S3Fixture;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore from S3 through the Backups section's view model on the sandbox: one workstation backs up and syncs; a
 * fresh one (an empty backups directory, only the bucket's settings and the credentials) browses the bucket, newest
 * first with ages against the RPO, and restores the chosen archive.
 */
class S3RestoreFlowTest {
    private static final String NS = "monitoring";

    @TempDir
    static Path tmp;

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient client;
    private static S3Fixture s3;

    @BeforeAll
    static void start() throws Exception {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults()
                .withPropagationDelay(Duration.ofSeconds(1)));
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        client = session.client();
        s3 = new S3Fixture(tmp.resolve("s3"));
        System.setProperty("aws.accessKeyId", S3Fixture.KEYS.accessKeyId());
        System.setProperty("aws.secretAccessKey", S3Fixture.KEYS.secretAccessKey());
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (s3 != null) {
            s3.close();
        }
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static BackupsViewModel model(Path backups, ScriptedDialogs dialogs) {
        ConsoleSettings settings = ConsoleSettings.load(backups.resolveSibling(backups.getFileName() + "-config"));
        settings.setBackupSetting("dir", backups.toString());
        BackupsViewModel model = new BackupsViewModel(new SimpleObjectProperty<>(session), new InlineTaskRunner(),
                Runnable::run, settings, new ActivityLog(), dialogs);
        model.s3().bucketProperty().set(S3Fixture.BUCKET);
        model.s3().prefixProperty().set("prod");
        model.s3().endpointProperty().set(s3.endpoint().toString());
        return model;
    }

    @Test
    void aFreshWorkstationBrowsesTheBucketNewestFirstAndRestoresTheChosenArchive() {
        Path first = tmp.resolve("first-backups");
        BackupsViewModel taker = model(first, new ScriptedDialogs());
        // An archive from three hours ago (older than the RPO), then a backup now of the configs.
        try (ArchiveWriter w = ArchiveWriter.create(first, new ArchiveMetadata("sandbox", "https://k", NS, "test",
                List.of("configs")), null, ProgressListener.none(), Cancellation.none(),
                Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC))) {
            w.add("objects/configmaps/a.yaml", "kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8));
            w.commit();
        }
        for (BackupComponent c : BackupComponent.values()) {
            taker.componentProperty(c).set(c == BackupComponent.CONFIGS);
        }
        taker.backUpNow();
        assertThat(taker.errorProperty().get()).isEmpty();
        taker.s3().syncS3();
        assertThat(taker.errorProperty().get()).isEmpty();
        assertThat(taker.s3().remoteLines()).hasSize(2);
        String newest = taker.rows().get(0).name();

        client.configMaps().inNamespace(NS).withName("grafana-datasources").edit(cm -> {
            cm.getData().put("after-backup.yaml", "x: 1\n");
            return cm;
        });

        ScriptedDialogs dialogs = new ScriptedDialogs();
        BackupsViewModel fresh = model(tmp.resolve("fresh-backups"), dialogs);
        fresh.s3().browse();
        assertThat(fresh.errorProperty().get()).isEmpty();
        List<RemoteRow> rows = fresh.s3().bucketArchives();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).name()).isEqualTo(newest);
        assertThat(rows.get(0).verified()).isTrue();
        assertThat(rows.get(0).overdue()).isFalse();
        assertThat(rows.get(0).age()).contains("within the RPO of 60 min");
        assertThat(rows.get(1).overdue()).isTrue();
        assertThat(rows.get(1).age()).startsWith("3 h old (older than the RPO");
        assertThat(fresh.s3().bucketSummaryProperty().get()).contains(newest);

        RestoreWizardModel wizard = fresh.restore();
        fresh.s3().restoreFromBucket(rows.get(0));
        for (BackupComponent c : BackupComponent.values()) {
            wizard.componentProperty(c).set(c == BackupComponent.CONFIGS);
        }
        wizard.planRestore();
        assertThat(fresh.errorProperty().get()).isEmpty();
        assertThat(wizard.pageProperty().get()).isEqualTo(RestoreWizardModel.Page.PLAN);
        assertThat(String.join("\n", wizard.planLines())).contains("s3://" + S3Fixture.BUCKET + "/prod/" + newest,
                "SHA-256 checked", "update    configmaps/grafana-datasources");
        assertThat(tmp.resolve("fresh-backups").resolve(newest)).exists();
        wizard.typedProperty().set(NS);
        wizard.confirmRestore();
        assertThat(fresh.errorProperty().get()).isEmpty();
        assertThat(wizard.pageProperty().get()).isEqualTo(RestoreWizardModel.Page.RESULT);
        Poll.until(Duration.ofSeconds(30), "the config restored", () -> !client.configMaps().inNamespace(NS)
                .withName("grafana-datasources").get().getData().containsKey("after-backup.yaml"));
    }
}
