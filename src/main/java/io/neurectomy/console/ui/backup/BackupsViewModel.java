package io.neurectomy.console.ui.backup;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.archive.VerifyResult;
import io.neurectomy.console.core.backup.operations.BackupOperation;
import io.neurectomy.console.core.backup.store.ArchiveListing;
import io.neurectomy.console.core.backup.store.BackupAge;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.core.util.PassphraseCipher;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Backups section's list: the archives with the age of the newest against the RPO, Verify, and Back up now
 * (components, passphrase, progress in bytes with an ETA, Cancel). The restore wizard ({@link RestoreWizardModel})
 * and S3 ({@link S3Model}) are its parts. Backups, restores and syncs run as {@link OperationModel}s listed in the
 * shell's Activity panel; failures and outcomes reach the user through the {@link DialogService}.
 */
public final class BackupsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(BackupsViewModel.class);

    private final ReadOnlyObjectProperty<ClusterSession> session;
    private final TaskRunner runner;
    private final ConsoleSettings settings;
    private final DialogService dialogs;
    private final Clock clock;
    private final BackupProgress progress;
    private final RestoreWizardModel restore;
    private final S3Model s3;

    private final ObservableList<BackupRow> rows = FXCollections.observableArrayList();
    private final StringProperty directory = new SimpleStringProperty(this, "directory");
    private final StringProperty rpoText = new SimpleStringProperty(this, "rpoText", "");
    private final BooleanProperty rpoOverdue = new SimpleBooleanProperty(this, "rpoOverdue");
    private final Map<BackupComponent, BooleanProperty> components = new EnumMap<>(BackupComponent.class);
    private final StringProperty passphrase = new SimpleStringProperty(this, "passphrase", "");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final Executor fx;

    /** Progress reaches the view on the FX thread. */
    public BackupsViewModel(ReadOnlyObjectProperty<ClusterSession> session, TaskRunner runner,
            ConsoleSettings settings, ActivityLog activity, DialogService dialogs) {
        this(session, runner, BackupsViewModel::onFxThread, settings, activity, dialogs, Clock.systemUTC());
    }

    /**
     * @param fx where progress reported from the worker reaches the model: the FX thread in the window, the calling
     *           thread in view-model tests (with {@code InlineTaskRunner}), whether or not a toolkit runs in the JVM
     */
    public BackupsViewModel(ReadOnlyObjectProperty<ClusterSession> session, TaskRunner runner, Executor fx,
            ConsoleSettings settings, ActivityLog activity, DialogService dialogs) {
        this(session, runner, fx, settings, activity, dialogs, Clock.systemUTC());
    }

    BackupsViewModel(ReadOnlyObjectProperty<ClusterSession> session, TaskRunner runner, Executor fx,
            ConsoleSettings settings, ActivityLog activity, DialogService dialogs, Clock clock) {
        this.session = session;
        this.runner = runner;
        this.fx = fx;
        this.settings = settings;
        this.dialogs = dialogs;
        this.clock = clock;
        this.progress = new BackupProgress(runner, fx, activity);
        for (BackupComponent c : BackupComponent.values()) {
            components.put(c, new SimpleBooleanProperty(this, c.id(), true));
        }
        directory.set(settings.backupSetting("dir").orElse(BackupDirectory.defaultDir(AppDirs.current()).toString()));
        this.restore = new RestoreWizardModel(this);
        this.s3 = new S3Model(this);
    }

    // ---- list, RPO, verify ---------------------------------------------------------------------------------------

    /** Reads the backups directory again (off the FX thread). */
    public void refresh() {
        BackupDirectory dir = backupDirectory();
        runner.run(dir::list, this::show, this::failed);
    }

    private void show(List<ArchiveListing> listing) {
        rows.setAll(listing.stream().map(BackupRow::of).toList());
        BackupAge age = BackupAge.of(listing, clock.instant(), BackupAge.DEFAULT_RPO);
        rpoText.set(age.describe());
        rpoOverdue.set(age.overdue());
    }

    /** Verifies one archive and shows what verification found. */
    public void verify(BackupRow row) {
        if (row == null) {
            return;
        }
        error.set("");
        runner.run(() -> ArchiveReader.verify(row.file(), ProgressListener.none(), Cancellation.none()),
                (VerifyResult r) -> {
                    message.set(r.summary());
                    if (!r.ok()) {
                        error.set(r.summary());
                    }
                    refresh();
                }, this::failed);
    }

    /** Remembers the backups directory and lists it. */
    public void changeDirectory(String dir) {
        directory.set(dir);
        settings.setBackupSetting("dir", dir);
        saveSettings();
        refresh();
    }

    // ---- back up now ---------------------------------------------------------------------------------------------

    /** Takes a backup of the chosen components now; it shows in the Activity panel, where it can be cancelled. */
    public void backUpNow() {
        ClusterSession s = session.get();
        if (s == null) {
            error.set("Connect to a cluster first: a backup reads the stack from it.");
            return;
        }
        Set<BackupComponent> chosen = chosen(components);
        if (chosen.isEmpty()) {
            error.set("Choose at least one component to back up.");
            return;
        }
        error.set("");
        OperationModel<BackupOperation.Result> op = start(BackupOperation.of(s, Duration.ofSeconds(60),
                Path.of(directory.get()), chosen, cipherOrNull()));
        if (op == null) {
            return;
        }
        op.plan(p -> op.run(r -> finished("Backup", r, value -> {
            List<String> lines = new ArrayList<>(value.notes());
            lines.add(0, "Backup " + value.archive().file().getFileName() + " written ("
                    + BackupRow.humanBytes(value.archive().size()) + ").");
            message.set(String.join("\n", lines));
            dialogs.notify(DialogService.Level.SUCCESS, "Backup written", String.join("\n", lines));
        })), e -> failed("Backup", e));
    }

    /** Stops the running backup, restore or sync at its next step (a backup then leaves nothing behind). */
    public void cancel() {
        progress.cancel();
    }

    // ---- what the parts share ------------------------------------------------------------------------------------

    /** Starts an operation on the progress line; null (with an error saying why) while another one runs. */
    <R> OperationModel<R> start(io.neurectomy.console.core.operation.Operation<R> operation) {
        return progress.start(operation, () -> error.set("Another backup operation is running; wait for it or"
                + " cancel it."));
    }

    /**
     * Shows how a run ended: {@code onSuccess} with its value, a notification for a cancel, the error (inline and
     * as a dialog) for a failure. The list is read again in every case (a backup may have left a file).
     */
    <R> void finished(String what, OperationResult<R> result, Consumer<R> onSuccess) {
        if (result.succeeded()) {
            onSuccess.accept(result.value());
        } else if (result.cancelled()) {
            message.set(what + " cancelled. " + result.summary());
            dialogs.notify(DialogService.Level.WARNING, what + " cancelled", result.summary());
        } else {
            String text = result.error().isBlank() ? result.summary() : result.error();
            error.set(text);
            LOG.warn("Backups: {}", text);
            dialogs.error(what + " failed", text, result.failure());
        }
        refresh();
    }

    /** A failure before anything ran (planning): inline and as a dialog. */
    void failed(String what, Throwable e) {
        failed(e);
        dialogs.error(what + " failed", error.get(), e);
    }

    private void failed(Throwable e) {
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        error.set(text);
        LOG.warn("Backups: {}", text);
    }

    TaskRunner runner() {
        return runner;
    }

    ReadOnlyObjectProperty<ClusterSession> session() {
        return session;
    }

    ConsoleSettings settings() {
        return settings;
    }

    DialogService dialogs() {
        return dialogs;
    }

    Clock clock() {
        return clock;
    }

    BackupDirectory backupDirectory() {
        return new BackupDirectory(Path.of(directory.get()));
    }

    void saveSettings() {
        runner.run(() -> {
            settings.save();
            return null;
        }, ignored -> { }, e -> LOG.warn("{}", e.getMessage()));
    }

    PassphraseCipher cipherOrNull() {
        String text = passphrase.get();
        return text == null || text.isEmpty() ? null : PassphraseCipher.of(text.toCharArray());
    }

    static Set<BackupComponent> chosen(Map<BackupComponent, BooleanProperty> map) {
        Set<BackupComponent> set = EnumSet.noneOf(BackupComponent.class);
        map.forEach((c, p) -> {
            if (p.get()) {
                set.add(c);
            }
        });
        return set;
    }

    /** Runs {@code r} where progress reaches this model (see the constructor's {@code fx}). */
    void fx(Runnable r) {
        fx.execute(r);
    }

    /** Progress arrives on the worker thread: hop to the FX thread (inline when no toolkit runs). */
    private static void onFxThread(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            try {
                Platform.runLater(r);
            } catch (IllegalStateException toolkitNotRunning) {
                r.run();
            }
        }
    }

    // ---- properties ----------------------------------------------------------------------------------------------

    /** The backup, restore or sync running now (or last): busy, progress, its line of text, Cancel. */
    BackupProgress progress() {
        return progress;
    }

    public RestoreWizardModel restore() {
        return restore;
    }

    public S3Model s3() {
        return s3;
    }

    public ObservableList<BackupRow> rows() {
        return rows;
    }

    public StringProperty directoryProperty() {
        return directory;
    }

    public StringProperty rpoTextProperty() {
        return rpoText;
    }

    public BooleanProperty rpoOverdueProperty() {
        return rpoOverdue;
    }

    public BooleanProperty componentProperty(BackupComponent c) {
        return components.get(c);
    }

    public StringProperty passphraseProperty() {
        return passphrase;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
