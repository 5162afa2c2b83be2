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
import io.neurectomy.console.ui.fx.OperationSlot;
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
    private final StringProperty exportFile = new SimpleStringProperty(this, "exportFile", "");
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

    private OperationModel<StackDestroyer.DestroyResult> operation(StackDestroyer.ExportOptions export) {
        return operation.start(new StackDestroyer(session, namespace.get(), export, TIMEOUT));
    }

    /** Lists what destroy would delete, and suggests an export file. */
    public void planDestroy() {
        if (!operation.connected(session)) {
            return;
        }
        String ns = namespace.get();
        operation(null).plan(p -> {
            plan.setAll(lines(p));
            if (exportFile.get() == null || exportFile.get().isBlank()) {
                exportFile.set(AppDirs.current().dataDir().resolve("exports").resolve("monitoring-export-" + ns + "-"
                        + LocalDateTime.now().format(STAMP) + ".yaml").toString());
            }
        }, operation::fail);
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
        if (!operation.connected(session)) {
            return;
        }
        String file = exportFile.get() == null ? "" : exportFile.get().strip();
        if (file.isEmpty()) {
            operation.setError("Choose a file for the export first (Show plan suggests one).");
            return;
        }
        boolean leaveOut = leaveOutSecretValues.get();
        if (!leaveOut && !Objects.equals(exportPassphrase.get(), exportPassphraseRepeat.get())) {
            // A mistyped passphrase would make the export's Secret values unreadable for good.
            operation.setError("The two passphrases differ. Type the same passphrase twice; nothing was exported or"
                    + " deleted.");
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
        }, operation::fail);
    }

    private void finished(OperationResult<StackDestroyer.DestroyResult> r) {
        if (r.value() != null) {
            result.set(r.value().describe());
            exportPassphrase.set("");
            exportPassphraseRepeat.set("");
            exportFile.set("");
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

    public StringProperty exportFileProperty() {
        return exportFile;
    }

    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }
}
