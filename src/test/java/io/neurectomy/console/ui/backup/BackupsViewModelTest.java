package io.neurectomy.console.ui.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.backup.archive.ArchiveMetadata;
import io.neurectomy.console.core.backup.archive.ArchiveWriter;
import io.neurectomy.console.core.backup.archive.WrittenArchive;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsViewModelTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path tmp;

    private ConsoleSettings settings;
    private final SimpleObjectProperty<ClusterSession> session = new SimpleObjectProperty<>();

    @BeforeEach
    void settings() {
        settings = ConsoleSettings.load(tmp.resolve("config"));
        settings.setBackupSetting("dir", tmp.resolve("backups").toString());
    }

    private final ActivityLog activity = new ActivityLog();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    private BackupsViewModel model(Instant now) {
        return new BackupsViewModel(session, new InlineTaskRunner(), Runnable::run, settings, activity,
                dialogs, Clock.fixed(now, ZoneOffset.UTC));
    }

    private WrittenArchive archive(Instant created) {
        try (ArchiveWriter w = ArchiveWriter.create(tmp.resolve("backups"), new ArchiveMetadata("prod", "https://k",
                "monitoring", "test", List.of("configs", "silences")), null, ProgressListener.none(),
                Cancellation.none(),
                Clock.fixed(created, ZoneOffset.UTC))) {
            w.add("objects/configmaps/a.yaml", "kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8));
            return w.commit();
        }
    }

    @Test
    void theListShowsEachArchiveAndTheAgeOfTheNewestAgainstTheRpo() {
        archive(T0.minusSeconds(7200));
        archive(T0.minusSeconds(1800));
        BackupsViewModel model = model(T0);

        model.refresh();

        assertThat(model.rows()).extracting(BackupRow::name).containsExactlyInAnyOrder("full_20261126080000.tar.gz",
                "full_20261126093000.tar.gz");
        assertThat(model.rows()).allSatisfy(r -> {
            assertThat(r.components()).isEqualTo("configs, silences");
            assertThat(r.context()).isEqualTo("prod");
        });
        assertThat(model.rpoTextProperty().get()).isEqualTo("Last backup 30 min ago (RPO 60 min)");
        assertThat(model.rpoOverdueProperty().get()).isFalse();
    }

    @Test
    void aBackupOlderThanTheRpoIsAWarning() {
        archive(T0.minusSeconds(7200));
        BackupsViewModel model = model(T0);

        model.refresh();

        assertThat(model.rpoOverdueProperty().get()).isTrue();
        assertThat(model.rpoTextProperty().get()).contains("older than the objective");
    }

    @Test
    void verifyMarksADamagedArchiveAndSaysWhatIsWrong() throws Exception {
        WrittenArchive a = archive(T0.minusSeconds(60));
        byte[] data = Files.readAllBytes(a.file());
        Files.write(a.file(), java.util.Arrays.copyOf(data, data.length - 30));
        BackupsViewModel model = model(T0);
        model.refresh();

        model.verify(model.rows().get(0));

        assertThat(model.errorProperty().get()).contains("truncated");
        assertThat(model.rows().get(0).verified()).isEqualTo("FAILED");
    }

    @Test
    void restoreNeedsTheTypedNamespaceBeforeAnythingRuns() {
        WrittenArchive a = archive(T0.minusSeconds(60));
        BackupsViewModel model = model(T0);
        model.refresh();
        RestoreWizardModel wizard = model.restore();
        wizard.beginRestore(model.rows().get(0));
        wizard.showPlan(Plan.of("restore", "Restore configs from " + a.file().getFileName(),
                List.of(new Step("objects", "Restore the objects"))).withBackupFirst(true)
                .withConfirmation(Confirmation.typed("monitoring", "Restore into namespace monitoring?")));

        assertThat(wizard.pageProperty().get()).isEqualTo(RestoreWizardModel.Page.PLAN);
        assertThat(wizard.planLines()).last().asString().isEqualTo("To go ahead, type the namespace: monitoring");
        assertThat(wizard.confirmedBinding().get()).isFalse();
        assertThat(wizard.flow().canGoNext().get()).isFalse();
        wizard.typedProperty().set("monitorin");
        assertThat(wizard.confirmedBinding().get()).isFalse();
        wizard.confirmRestore();
        assertThat(model.errorProperty().get()).contains("Type the namespace 'monitoring'");
        assertThat(wizard.pageProperty().get()).isEqualTo(RestoreWizardModel.Page.PLAN);
        assertThat(activity.recent()).isEmpty();

        wizard.typedProperty().set("monitoring");
        assertThat(wizard.confirmedBinding().get()).isTrue();
        assertThat(wizard.flow().canGoNext().get()).isTrue();
    }

    @Test
    void backUpNowWithoutAConnectionSaysToConnectFirst() {
        BackupsViewModel model = model(T0);

        model.backUpNow();

        assertThat(model.errorProperty().get()).contains("Connect to a cluster first");
        assertThat(model.progress().busyProperty().get()).isFalse();
    }

    @Test
    void s3SettingsAreRememberedButNeverCredentials() {
        BackupsViewModel model = model(T0);
        model.s3().bucketProperty().set("neurectomy-backups");
        model.s3().prefixProperty().set("prod/");
        model.s3().endpointProperty().set("http://127.0.0.1:1");

        model.s3().syncS3();

        ConsoleSettings reloaded = ConsoleSettings.load(tmp.resolve("config"));
        assertThat(reloaded.backupSetting("s3.bucket")).contains("neurectomy-backups");
        assertThat(reloaded.backupSetting("s3.prefix")).contains("prod/");
        assertThat(ConsoleSettings.BACKUP_KEYS).noneMatch(k -> k.contains("secret") || k.contains("key"));
        assertThat(model.errorProperty().get()).isNotEmpty();
        assertThat(dialogs.errors).singleElement().asString().startsWith("S3 sync failed");
        assertThat(activity.recent()).singleElement().extracting(o -> o.titleProperty().get()).asString()
                .startsWith("Sync ");
    }

    @Test
    void retentionDeletesOnlyAfterTheDialogConfirmsIt() {
        archive(T0.minusSeconds(7200));
        archive(T0.minusSeconds(3600));
        WrittenArchive newest = archive(T0.minusSeconds(60));
        BackupsViewModel model = model(T0);
        model.s3().keepLastProperty().set("1");

        model.s3().planRetention();
        assertThat(model.s3().retentionLines()).hasSize(2).allMatch(l -> l.startsWith("delete local:"));

        dialogs.answer = false;
        model.s3().applyRetention();
        assertThat(dialogs.asked).singleElement().asString().startsWith("Delete these archives?");
        model.refresh();
        assertThat(model.rows()).hasSize(3);

        dialogs.answer = true;
        model.s3().applyRetention();
        assertThat(model.rows()).extracting(BackupRow::name).containsExactly(newest.file().getFileName()
                .toString());
        assertThat(model.messageProperty().get()).isEqualTo("Retention deleted 2 archives.");
    }
}
