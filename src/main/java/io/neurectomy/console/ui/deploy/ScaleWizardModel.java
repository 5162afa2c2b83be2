package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.ops.ScaleOperation;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.OperationSlot;
import io.neurectomy.console.ui.fx.TaskRunner;
import io.neurectomy.console.ui.fx.WizardFlow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Stack section's Scale tab: a wizard over the {@link ScaleOperation}, the same operation as {@code scale} on the
 * command line. Choose (component, replica count, whether a scale-down deletes the removed replicas' volumes),
 * Review (the plan: what changes, the disruption budget, the anti-affinity verdict, the volumes that stay; when
 * volumes are deleted the component's name must be typed before Scale is enabled), Run (the steps as they go,
 * Cancel, the result).
 */
public final class ScaleWizardModel {
    /** The wizard's pages, in order. */
    public enum Page {
        CHOOSE, REVIEW, RUN
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final OperationSlot<ScaleOperation.Result> operation;
    private final WizardFlow<Page> flow = new WizardFlow<>(Page.class);
    private final ObjectProperty<StackComponent> component = new SimpleObjectProperty<>(this, "component",
            StackComponent.ALERTMANAGER);
    private final IntegerProperty replicas = new SimpleIntegerProperty(this, "replicas", 3);
    private final BooleanProperty deleteVolumes = new SimpleBooleanProperty(this, "deleteVolumes");
    private final StringProperty typedName = new SimpleStringProperty(this, "typedName", "");
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(this, "connected");
    private final ReadOnlyObjectWrapper<Plan> plan = new ReadOnlyObjectWrapper<>(this, "plan");
    private final ReadOnlyStringWrapper typedPrompt = new ReadOnlyStringWrapper(this, "typedPrompt", "");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper(this, "result", "");
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper(this, "finished");
    private final ObservableList<String> changes = FXCollections.observableArrayList();
    private final ObservableList<String> notes = FXCollections.observableArrayList();
    private final BooleanBinding confirmed;
    private ClusterSession session;

    ScaleWizardModel(TaskRunner runner, Executor fx, ActivityLog activity) {
        this.operation = new OperationSlot<>(runner, fx, activity);
        flow.setValid(Page.CHOOSE, connected.getReadOnlyProperty().and(Bindings.createBooleanBinding(
                () -> replicas.get() >= 1 && replicas.get() <= ScaleOperation.MAX_REPLICAS, replicas))
                .and(operation.busyProperty().not()));
        confirmed = Bindings.createBooleanBinding(() -> plan.get() != null && (plan.get().confirmation().kind()
                != Confirmation.Kind.TYPED || plan.get().confirmation().acceptedBy(typedName.get())), plan, typedName);
        flow.setValid(Page.REVIEW, confirmed.and(operation.busyProperty().not()));
        flow.onEntering(Page.REVIEW, from -> {
            if (from == Page.CHOOSE) {
                planScale();
            }
        });
        flow.onEntering(Page.RUN, from -> runScale());
    }

    void attach(ClusterSession newSession) {
        operation.cancel();
        session = newSession;
        connected.set(newSession != null);
        if (newSession == null && flow.page() != Page.CHOOSE) {
            restart();
        }
    }

    private void planScale() {
        plan.set(null);
        changes.clear();
        notes.clear();
        typedName.set("");
        typedPrompt.set("");
        result.set("");
        if (!operation.connected(session)) {
            return;
        }
        OperationModel<ScaleOperation.Result> op;
        try {
            op = operation.start(new ScaleOperation(session, component.get(), replicas.get(), deleteVolumes.get(),
                    TIMEOUT, POLL));
        } catch (IllegalArgumentException e) {
            operation.fail(e);
            return;
        }
        op.plan(p -> {
            changes.setAll(p.changes().stream().map(ScaleWizardModel::line).toList());
            notes.setAll(p.notes());
            if (p.confirmation().kind() == Confirmation.Kind.TYPED) {
                typedPrompt.set(p.confirmation().prompt() + " Type " + p.confirmation().name() + " to confirm.");
            }
            plan.set(p);
        }, operation::fail);
    }

    private void runScale() {
        OperationModel<ScaleOperation.Result> op = operation.current();
        if (op == null || plan.get() == null || !confirmed.get()) {
            return;
        }
        finished.set(false);
        op.run(this::done);
    }

    private void done(OperationResult<ScaleOperation.Result> r) {
        finished.set(true);
        if (r.succeeded() && r.value() != null) {
            ScaleOperation.Result v = r.value();
            String volumes = v.keptVolumes().isEmpty() ? "" : " Volumes kept: " + String.join(", ", v.keptVolumes())
                    + ".";
            volumes += v.deletedVolumes().isEmpty() ? "" : " Volumes deleted: " + String.join(", ",
                    v.deletedVolumes()) + ".";
            result.set(v.workload() + ": " + v.from() + " → " + v.to() + " replicas. " + v.verified() + "."
                    + volumes);
        } else {
            result.set(r.summary() + (r.error().isBlank() ? "" : " " + r.error()));
        }
    }

    /** Next page (on Review: runs the scale). */
    public void next() {
        flow.next();
    }

    /** Previous page; not while the scale runs. */
    public void back() {
        if (flow.page() == Page.RUN && operation.busyProperty().get()) {
            return;
        }
        flow.back();
    }

    /** Stops a running scale at its next check (between steps, or while it waits). */
    public void cancel() {
        operation.cancel();
    }

    /** Back to the first page for another scale. */
    public void restart() {
        if (operation.busyProperty().get()) {
            return;
        }
        operation.release();
        finished.set(false);
        plan.set(null);
        changes.clear();
        notes.clear();
        result.set("");
        flow.go(Page.CHOOSE);
    }

    public WizardFlow<Page> flow() {
        return flow;
    }

    public ReadOnlyObjectProperty<Page> pageProperty() {
        return flow.pageProperty();
    }

    public ObjectProperty<StackComponent> componentProperty() {
        return component;
    }

    /** The components one can scale. */
    public List<StackComponent> components() {
        return StackComponent.all();
    }

    public IntegerProperty replicasProperty() {
        return replicas;
    }

    /** On a scale-down: delete the removed replicas' volumes (then the name must be typed). */
    public BooleanProperty deleteVolumesProperty() {
        return deleteVolumes;
    }

    /** What the user typed to confirm a deletion of volumes. */
    public StringProperty typedNameProperty() {
        return typedName;
    }

    /** What to type and why, when the plan wants a name typed; else empty. */
    public ReadOnlyStringProperty typedPromptProperty() {
        return typedPrompt.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Plan> planProperty() {
        return plan.getReadOnlyProperty();
    }

    /** The plan's changes, one line each ({@code update    StatefulSet/alertmanager  — replicas 3 → 5}). */
    public ObservableList<String> changes() {
        return changes;
    }

    /** The plan's notes: the anti-affinity verdict, the volumes that stay, what to set in the values file. */
    public ObservableList<String> notes() {
        return notes;
    }

    /** How the last run ended, in a sentence. */
    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** The last run has ended (succeeded, failed or cancelled). */
    public ReadOnlyBooleanProperty finishedProperty() {
        return finished.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty connectedProperty() {
        return connected.getReadOnlyProperty();
    }

    /** The scale being planned or run: busy, progress, steps, the error line. */
    public OperationSlot<ScaleOperation.Result> operation() {
        return operation;
    }

    /** The plan's line for {@code change}, as {@link #changes()} shows it. */
    static String line(Change change) {
        return change.line() + (change.detail().isBlank() ? "" : "  — " + change.detail());
    }
}
