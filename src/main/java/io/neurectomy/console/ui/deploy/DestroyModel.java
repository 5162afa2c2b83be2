package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.ops.deploy.StackDestroyer;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.OperationSlot;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Destroy tab: the plan of a {@link StackDestroyer}, the backup options (a full backup archive first, ticked by
 * default; its directory; the passphrase sealing the Secrets), and the destroy itself after the namespace's name is
 * typed in the {@link DialogService}'s typed confirmation. After a destroy, {@link #archiveProperty()} holds the
 * archive's path: the one to restore after a deploy.
 */
public final class DestroyModel {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final DialogService dialogs;
    private final OperationSlot<StackDestroyer.DestroyResult> operation;
    private ClusterSession session;

    private final ReadOnlyStringWrapper namespace = new ReadOnlyStringWrapper(this, "namespace",
            RenderedStack.NAMESPACE);
    private final ObservableList<String> plan = FXCollections.observableArrayList();
    private final StringProperty exportPassphrase = new SimpleStringProperty(this, "exportPassphrase", "");
    private final StringProperty exportPassphraseRepeat = new SimpleStringProperty(this, "exportPassphraseRepeat",
            "");
    private final BooleanProperty leaveOutSecretValues = new SimpleBooleanProperty(this, "leaveOutSecretValues");
    private final BooleanProperty backup = new SimpleBooleanProperty(this, "backup", true);
    private final StringProperty backupDir = new SimpleStringProperty(this, "backupDir",
            BackupDirectory.defaultDir(AppDirs.current()).toString());
    private final ReadOnlyStringWrapper archive = new ReadOnlyStringWrapper(this, "archive", "");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper(this, "result", "");

    DestroyModel(TaskRunner runner, Executor fx, ActivityLog activity, DialogService dialogs) {
        this.operation = new OperationSlot<>(runner, fx, activity);
        this.dialogs = dialogs;
    }

    void attach(ClusterSession newSession) {
        operation.cancel();
        session = newSession;
        if (newSession != null) {
            namespace.set(RenderedStack.NAMESPACE.equals(newSession.namespace()) || "default".equals(newSession
                    .namespace()) ? RenderedStack.NAMESPACE : newSession.namespace());
        }
    }

    private OperationModel<StackDestroyer.DestroyResult> operation(StackDestroyer.BackupOptions options) {
        return operation.start(new StackDestroyer(session, namespace.get(), options, TIMEOUT));
    }

    /** Lists what destroy would delete, with or without the backup as the box says. */
    public void planDestroy() {
        if (!operation.connected(session)) {
            return;
        }
        String dir = backupDir.get() == null ? "" : backupDir.get().strip();
        operation(backup.get() ? new StackDestroyer.BackupOptions(dir.isEmpty() ? null : Path.of(dir), null,
                false) : StackDestroyer.BackupOptions.none()).plan(p -> plan.setAll(lines(p)), operation::fail);
    }

    private static List<String> lines(Plan p) {
        List<String> out = new ArrayList<>();
        out.add(p.title());
        p.changes().stream().map(Change::line).forEach(out::add);
        out.addAll(p.notes());
        return out;
    }

    /** Plans again, asks for the namespace's name typed in full, then backs up (when ticked) and deletes. */
    public void destroy() {
        if (!operation.connected(session)) {
            return;
        }
        boolean withBackup = backup.get();
        String dir = backupDir.get() == null ? "" : backupDir.get().strip();
        if (withBackup && dir.isEmpty()) {
            operation.setError("Choose a directory for the backup first (or untick the backup).");
            return;
        }
        boolean leaveOut = leaveOutSecretValues.get();
        if (withBackup && !leaveOut && !Objects.equals(exportPassphrase.get(), exportPassphraseRepeat.get())) {
            // A mistyped passphrase would make the archive's Secrets unreadable for good.
            operation.setError("The two passphrases differ. Type the same passphrase twice; nothing was backed up or"
                    + " deleted.");
            return;
        }
        String passphrase = exportPassphrase.get();
        StackDestroyer.BackupOptions options = withBackup ? new StackDestroyer.BackupOptions(Path.of(dir),
                () -> passphrase == null || passphrase.isEmpty() ? null : passphrase.toCharArray(), leaveOut)
                : StackDestroyer.BackupOptions.none();
        OperationModel<StackDestroyer.DestroyResult> op = operation(options);
        String ns = namespace.get();
        archive.set("");
        result.set("");
        op.plan(p -> {
            plan.setAll(lines(p));
            String what = withBackup ? "A full backup archive is written to " + dir + " first, then every stack"
                    + " object of namespace " + ns + " is deleted" : "No backup is taken: every stack object of"
                    + " namespace " + ns + " is deleted for good";
            if (p.changes().isEmpty() || !dialogs.confirmTyped("Destroy the stack", what + ", volumes included."
                    + " Type " + ns + " to confirm.", ns, "Destroy")) {
                return;
            }
            op.run(this::finished);
        }, operation::fail);
    }

    private void finished(OperationResult<StackDestroyer.DestroyResult> r) {
        if (r.value() != null) {
            result.set(r.value().describe());
            archive.set(r.value().archive() == null ? "" : r.value().archive().toString());
            exportPassphrase.set("");
            exportPassphraseRepeat.set("");
        } else {
            result.set(r.summary());
            operation.setError(r.error());
        }
    }

    /** Stops a running destroy between two deletions. */
    public void cancel() {
        operation.cancel();
    }

    /** The destroy running now (busy, progress) and why it could not go on. */
    public OperationSlot<StackDestroyer.DestroyResult> operation() {
        return operation;
    }

    /** The namespace destroy empties: the one that must be typed to confirm. */
    public ReadOnlyStringProperty namespaceProperty() {
        return namespace.getReadOnlyProperty();
    }

    /** The plan: title, one line per object, and what to know before confirming. */
    public ObservableList<String> plan() {
        return plan;
    }

    public StringProperty exportPassphraseProperty() {
        return exportPassphrase;
    }

    /** The passphrase typed a second time. */
    public StringProperty exportPassphraseRepeatProperty() {
        return exportPassphraseRepeat;
    }

    public BooleanProperty leaveOutSecretValuesProperty() {
        return leaveOutSecretValues;
    }

    /** Whether a full backup archive is taken first (ticked by default). */
    public BooleanProperty backupProperty() {
        return backup;
    }

    /** The backups directory the archive goes into. */
    public StringProperty backupDirProperty() {
        return backupDir;
    }

    /** The archive the last destroy wrote (empty before, or without a backup): restore it after a deploy. */
    public ReadOnlyStringProperty archiveProperty() {
        return archive.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }
}
