package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.ops.deploy.StackDestroyer;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Destroy tab: the plan of a {@link StackDestroyer}, the export options, and the destroy itself after the
 * namespace's name is typed in the {@link DialogService}'s typed confirmation.
 */
public final class DestroyModel {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final TaskRunner runner;
    private final Executor fx;
    private final ActivityLog activity;
    private final DialogService dialogs;
    private ClusterSession session;
    private OperationModel<StackDestroyer.DestroyResult> operation;

    private final ReadOnlyStringWrapper namespace = new ReadOnlyStringWrapper(this, "namespace",
            RenderedStack.NAMESPACE);
    private final ObservableList<String> plan = FXCollections.observableArrayList();
    private final StringProperty exportPassphrase = new SimpleStringProperty(this, "exportPassphrase", "");
    private final StringProperty exportPassphraseRepeat = new SimpleStringProperty(this, "exportPassphraseRepeat",
            "");
    private final BooleanProperty leaveOutSecretValues = new SimpleBooleanProperty(this, "leaveOutSecretValues");
    private final StringProperty exportFile = new SimpleStringProperty(this, "exportFile", "");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper(this, "result", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);

    DestroyModel(TaskRunner runner, Executor fx, ActivityLog activity, DialogService dialogs) {
        this.runner = runner;
        this.fx = fx;
        this.activity = activity;
        this.dialogs = dialogs;
    }

    void attach(ClusterSession newSession) {
        if (operation != null) {
            operation.cancel();
        }
        session = newSession;
        if (newSession != null) {
            namespace.set(RenderedStack.NAMESPACE.equals(newSession.namespace()) || "default".equals(newSession
                    .namespace()) ? RenderedStack.NAMESPACE : newSession.namespace());
        }
    }

    private boolean connected() {
        error.set("");
        if (session == null) {
            error.set("Connect to a cluster first (Connect, Ctrl+1).");
        }
        return session != null;
    }

    private OperationModel<StackDestroyer.DestroyResult> operation(StackDestroyer.ExportOptions export) {
        OperationModel<StackDestroyer.DestroyResult> op = new OperationModel<>(new StackDestroyer(session,
                namespace.get(), export, TIMEOUT), runner, fx, activity);
        operation = op;
        busy.bind(op.busyProperty());
        progress.bind(op.progressProperty());
        return op;
    }

    /** Lists what destroy would delete, and suggests an export file. */
    public void planDestroy() {
        if (!connected()) {
            return;
        }
        String ns = namespace.get();
        operation(null).plan(p -> {
            plan.setAll(lines(p));
            if (exportFile.get() == null || exportFile.get().isBlank()) {
                exportFile.set(AppDirs.current().dataDir().resolve("exports").resolve("monitoring-export-" + ns + "-"
                        + LocalDateTime.now().format(STAMP) + ".yaml").toString());
            }
        }, this::fail);
    }

    private static List<String> lines(Plan p) {
        List<String> out = new ArrayList<>();
        out.add(p.title());
        p.changes().stream().map(Change::line).forEach(out::add);
        out.addAll(p.notes());
        return out;
    }

    /** Plans again, asks for the namespace's name typed in full, then exports and deletes. */
    public void destroy() {
        if (!connected()) {
            return;
        }
        String file = exportFile.get() == null ? "" : exportFile.get().strip();
        if (file.isEmpty()) {
            error.set("Choose a file for the export first (Show plan suggests one).");
            return;
        }
        boolean leaveOut = leaveOutSecretValues.get();
        if (!leaveOut && !Objects.equals(exportPassphrase.get(), exportPassphraseRepeat.get())) {
            // A mistyped passphrase would make the export's Secret values unreadable for good.
            error.set("The two passphrases differ. Type the same passphrase twice; nothing was exported or deleted.");
            return;
        }
        String passphrase = exportPassphrase.get();
        OperationModel<StackDestroyer.DestroyResult> op = operation(new StackDestroyer.ExportOptions(Path.of(file),
                () -> passphrase == null || passphrase.isEmpty() ? null : passphrase.toCharArray(), leaveOut));
        String ns = namespace.get();
        op.plan(p -> {
            plan.setAll(lines(p));
            if (p.changes().isEmpty() || !dialogs.confirmTyped("Destroy the stack", "Every stack object of"
                    + " namespace " + ns + " is exported to " + file + ", then deleted, volumes included. Type "
                    + ns + " to confirm.", ns, "Destroy")) {
                return;
            }
            op.run(this::finished);
        }, this::fail);
    }

    private void finished(OperationResult<StackDestroyer.DestroyResult> r) {
        if (r.value() != null) {
            result.set(r.value().describe());
            exportPassphrase.set("");
            exportPassphraseRepeat.set("");
            exportFile.set("");
        } else {
            result.set(r.summary());
            error.set(r.error());
        }
    }

    private void fail(Throwable e) {
        error.set(e.getMessage() == null ? e.toString() : e.getMessage());
    }

    /** Stops a running destroy between two deletions. */
    public void cancel() {
        if (operation != null) {
            operation.cancel();
        }
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

    public StringProperty exportFileProperty() {
        return exportFile;
    }

    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }
}
