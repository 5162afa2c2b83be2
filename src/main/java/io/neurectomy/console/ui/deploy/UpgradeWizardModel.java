package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.ops.BlueGreenOperation;
import io.neurectomy.console.core.ops.UpgradeCatalog;
import io.neurectomy.console.core.ops.UpgradeOperation;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.binding.StringBinding;
import javafx.beans.binding.StringExpression;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Stack section's Upgrade tab: a wizard over the {@link UpgradeOperation} or, for Prometheus, the
 * {@link BlueGreenOperation}, the same operations as {@code upgrade} on the command line. Choose (component, a
 * version from the list known to work with the stack or a custom tag, the strategy, whether to back up first),
 * Review (the plan: the image change or the new StatefulSet and the Services' switch, a warning for a custom tag, the
 * flags and config fields the new version removed or renamed; a name typed when it found errors), Run (one step per
 * replica, or the blue-green steps, as they go; Cancel stops and undoes).
 */
public final class UpgradeWizardModel extends OperationWizardModel<Object> {
    /** How the new version replaces the old one. */
    public enum Strategy {
        /** One replica at a time, in place ({@link UpgradeOperation}). */
        ROLLING("Rolling (in place)"),
        /** A second StatefulSet next to the old one, then the Services switch ({@link BlueGreenOperation}). */
        BLUE_GREEN("Blue-green (Prometheus)");

        private final String title;

        Strategy(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final ObjectProperty<StackComponent> component = new SimpleObjectProperty<>(this, "component",
            StackComponent.PROMETHEUS);
    private final ObjectProperty<Strategy> strategy = new SimpleObjectProperty<>(this, "strategy",
            Strategy.ROLLING);
    private final StringProperty version = new SimpleStringProperty(this, "version", "");
    private final BooleanProperty backup = new SimpleBooleanProperty(this, "backup", true);
    private final BooleanProperty seed = new SimpleBooleanProperty(this, "seed", false);
    private final StringProperty backupDir = new SimpleStringProperty(this, "backupDir",
            BackupDirectory.defaultDir(AppDirs.current()).toString());
    private final ObservableList<String> versions = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper comparison = new ReadOnlyStringWrapper(this, "comparison", "");
    private final BooleanBinding blueGreenAvailable = Bindings.createBooleanBinding(() ->
            component.get() == StackComponent.PROMETHEUS, component);
    private final BooleanBinding blueGreen = Bindings.createBooleanBinding(() -> blueGreenAvailable.get()
            && strategy.get() == Strategy.BLUE_GREEN, blueGreenAvailable, strategy);
    private final StringBinding versionError = Bindings.createStringBinding(this::versionProblem, version,
            component, strategy);
    private final StringBinding strategyNote = Bindings.createStringBinding(() -> !blueGreenAvailable.get()
            ? "Blue-green is for Prometheus only: " + (component.get() == null ? "this component"
            : component.get().title()) + " upgrades in place." : blueGreen.get() ? "A second StatefulSet runs the"
            + " new version next to the old one; the Services switch to it once it scrapes the same jobs and loads"
            + " the same rule groups. Its TSDB starts empty unless seeded from a snapshot of the old one. No backup is"
            + " taken: the old side keeps running (and its data) until you remove it." : "", component, strategy,
            blueGreenAvailable);

    UpgradeWizardModel(TaskRunner runner, Executor fx, ActivityLog activity) {
        super(runner, fx, activity);
        validWhen(Bindings.createBooleanBinding(() -> !version.get().isBlank() && versionProblem().isEmpty()
                && (blueGreen.get() || !backup.get() || !backupDir.get().isBlank()), version, component, strategy,
                backup, backupDir), Bindings.createBooleanBinding(() -> true));
        component.addListener((o, a, b) -> {
            versions.setAll(b == null ? List.of() : UpgradeCatalog.bundled().versions(b));
            if (b != StackComponent.PROMETHEUS) {
                strategy.set(Strategy.ROLLING);
            }
        });
        versions.setAll(UpgradeCatalog.bundled().versions(component.get()));
    }

    /** Why the version field cannot be the chosen strategy's version, or empty (also while nothing is typed). */
    private String versionProblem() {
        if (version.get() == null || version.get().isBlank()) {
            return "";
        }
        try {
            UpgradeOperation.checkedTag(component.get(), version.get());
            if (strategy.get() == Strategy.BLUE_GREEN && component.get() == StackComponent.PROMETHEUS) {
                BlueGreenOperation.checkedVersion(version.get());
            }
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Override
    protected Operation<Object> operation(ClusterSession session) {
        if (blueGreen.get()) {
            return anyResult(new BlueGreenOperation(session, version.get(), TIMEOUT, POLL, seed.get()));
        }
        Path dir = backup.get() ? Path.of(backupDir.get().strip()) : null;
        return anyResult(new UpgradeOperation(session, component.get(), version.get(), dir, TIMEOUT, POLL));
    }

    /** The operation, seen as producing an {@code Object}: its result is only read back by {@link #describe}. */
    @SuppressWarnings("unchecked")
    static Operation<Object> anyResult(Operation<?> operation) {
        return (Operation<Object>) operation;
    }

    @Override
    protected void planned(Plan p) {
        comparison.set("");
    }

    @Override
    protected String describe(Object value) {
        if (value instanceof BlueGreenOperation.Result b) {
            comparison.set(String.join("\n", b.comparison()));
            return String.join(", ", b.services()) + ": " + b.old() + " (" + b.from() + ") → " + b.created() + " ("
                    + b.to() + ")." + (b.seeded().isEmpty() ? "" : " Seeded: " + b.seeded().stream()
                    .map(x -> x.replica() + " " + x.blocks().size() + " blocks").collect(Collectors.joining(", "))
                    + ".");
        }
        UpgradeOperation.Result v = (UpgradeOperation.Result) value;
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

    /** Rolling or blue-green; blue-green only counts for Prometheus (another component goes back to rolling). */
    public ObjectProperty<Strategy> strategyProperty() {
        return strategy;
    }

    /** Whether the chosen component may take the blue-green strategy (Prometheus only). */
    public BooleanExpression blueGreenAvailable() {
        return blueGreenAvailable;
    }

    /** The wizard runs a blue-green upgrade: Prometheus with the blue-green strategy. */
    public BooleanExpression blueGreen() {
        return blueGreen;
    }

    /** What the strategy means here, or why blue-green is not offered; empty for a rolling upgrade of Prometheus. */
    public StringExpression strategyNote() {
        return strategyNote;
    }

    /** Why the typed version cannot be used with the chosen component and strategy; empty when it can. */
    public StringExpression versionError() {
        return versionError;
    }

    /** After a blue-green upgrade: the side-by-side comparison the switch was made on, one line each; else empty. */
    public ReadOnlyStringProperty comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    /** The image tag to move to: one of {@link #versions()} or a custom one. */
    public StringProperty versionProperty() {
        return version;
    }

    /** The versions known to work with the stack for the chosen component, oldest first. */
    public ObservableList<String> versions() {
        return versions;
    }

    /** Back up the configs and the component's data first (a rolling upgrade only). */
    public BooleanProperty backupProperty() {
        return backup;
    }

    /** A blue-green upgrade seeds the new side's TSDB from a snapshot of the old one (off by default). */
    public BooleanProperty seedProperty() {
        return seed;
    }

    /** Where the backup archive goes. */
    public StringProperty backupDirProperty() {
        return backupDir;
    }
}
