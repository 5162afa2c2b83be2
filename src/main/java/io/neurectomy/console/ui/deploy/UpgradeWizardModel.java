package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.ops.UpgradeCatalog;
import io.neurectomy.console.core.ops.UpgradeOperation;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Stack section's Upgrade tab: a wizard over the {@link UpgradeOperation}, the same operation as
 * {@code upgrade} on the command line. Choose (component, a version from the list known to work with the stack or
 * a custom tag, whether to back up first), Review (the plan: the image change, a warning for a custom tag, the flags
 * and config fields the new version removed or renamed; a name typed when it found errors), Run (one step per
 * replica as it goes; Cancel stops and rolls back to the previous version).
 */
public final class UpgradeWizardModel extends OperationWizardModel<UpgradeOperation.Result> {
    private final ObjectProperty<StackComponent> component = new SimpleObjectProperty<>(this, "component",
            StackComponent.PROMETHEUS);
    private final StringProperty version = new SimpleStringProperty(this, "version", "");
    private final BooleanProperty backup = new SimpleBooleanProperty(this, "backup", true);
    private final StringProperty backupDir = new SimpleStringProperty(this, "backupDir",
            BackupDirectory.defaultDir(AppDirs.current()).toString());
    private final ObservableList<String> versions = FXCollections.observableArrayList();

    UpgradeWizardModel(TaskRunner runner, Executor fx, ActivityLog activity) {
        super(runner, fx, activity);
        validWhen(Bindings.createBooleanBinding(() -> tagError().isEmpty() && (!backup.get()
                || !backupDir.get().isBlank()), version, component, backup, backupDir),
                Bindings.createBooleanBinding(() -> true));
        component.addListener((o, a, b) -> versions.setAll(b == null ? List.of()
                : UpgradeCatalog.bundled().versions(b)));
        versions.setAll(UpgradeCatalog.bundled().versions(component.get()));
    }

    /** Why the version field is not a tag, or empty. */
    private String tagError() {
        try {
            UpgradeOperation.checkedTag(component.get(), version.get());
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Override
    protected Operation<UpgradeOperation.Result> operation(ClusterSession session) {
        Path dir = backup.get() ? Path.of(backupDir.get().strip()) : null;
        return new UpgradeOperation(session, component.get(), version.get(), dir, TIMEOUT, POLL);
    }

    @Override
    protected String describe(UpgradeOperation.Result v) {
        return v.workload() + ": " + v.from() + " → " + v.to() + ". " + v.verified() + "." + (v.backup() == null
                ? "" : " Backup: " + v.backup() + ".");
    }

    public ObjectProperty<StackComponent> componentProperty() {
        return component;
    }

    /** The components one can upgrade. */
    public List<StackComponent> components() {
        return StackComponent.all();
    }

    /** The image tag to move to: one of {@link #versions()} or a custom one. */
    public StringProperty versionProperty() {
        return version;
    }

    /** The versions known to work with the stack for the chosen component, oldest first. */
    public ObservableList<String> versions() {
        return versions;
    }

    /** Back up the configs and the component's data first. */
    public BooleanProperty backupProperty() {
        return backup;
    }

    /** Where the backup archive goes. */
    public StringProperty backupDirProperty() {
        return backupDir;
    }
}
