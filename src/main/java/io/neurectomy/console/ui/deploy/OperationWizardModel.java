package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.OperationSlot;
import io.neurectomy.console.ui.fx.TaskRunner;
import io.neurectomy.console.ui.fx.WizardFlow;
import java.time.Duration;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the Stack section's wizards over one operation share (Scale, Resources, Storage): Choose (the subclass's
 * inputs), Review (the plan: its changes and notes; when it wants a name typed, the name, before the run is enabled),
 * Run (the steps as they go, Cancel, the result). Nothing touches the cluster before the Review page's button. A
 * subclass makes the operation from its inputs and says how a result reads.
 *
 * @param <R> what the operation produces
 */
public abstract class OperationWizardModel<R> {
    /** The wizard's pages, in order. */
    public enum Page {
        CHOOSE, REVIEW, RUN
    }

    /** How long an operation may wait for the cluster at each of its waits. */
    protected static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** How often it looks meanwhile. */
    protected static final Duration POLL = Duration.ofSeconds(1);

    private final OperationSlot<R> operation;
    private final WizardFlow<Page> flow = new WizardFlow<>(Page.class);
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

    OperationWizardModel(TaskRunner runner, Executor fx, ActivityLog activity) {
        this.operation = new OperationSlot<>(runner, fx, activity);
        confirmed = Bindings.createBooleanBinding(() -> plan.get() != null && (plan.get().confirmation().kind()
                != Confirmation.Kind.TYPED || plan.get().confirmation().acceptedBy(typedName.get())), plan, typedName);
        flow.onEntering(Page.REVIEW, from -> {
            if (from == Page.CHOOSE) {
                planOperation();
            }
        });
        flow.onEntering(Page.RUN, from -> runOperation());
    }

    /**
     * Sets when the Choose page may go on ({@code inputsValid}, and connected, and nothing running) and what the
     * Review page needs besides the plan and its confirmation ({@code reviewValid}). Called once by the subclass's
     * constructor.
     */
    protected final void validWhen(BooleanExpression inputsValid, BooleanExpression reviewValid) {
        flow.setValid(Page.CHOOSE, connected.getReadOnlyProperty().and(inputsValid)
                .and(operation.busyProperty().not()));
        flow.setValid(Page.REVIEW, confirmed.and(reviewValid).and(operation.busyProperty().not()));
    }

    /** The operation the inputs ask for on {@code session}; an {@link IllegalArgumentException} says what is wrong. */
    protected abstract Operation<R> operation(ClusterSession session);

    /** Called on the FX thread with the plan just made, before it is shown. */
    protected void planned(Plan p) {
    }

    /** How a successful run reads, in a sentence or two. */
    protected abstract String describe(R value);

    void attach(ClusterSession newSession) {
        operation.cancel();
        session = newSession;
        connected.set(newSession != null);
        if (newSession == null && flow.page() != Page.CHOOSE) {
            restart();
        }
    }

    /** Makes the plan again from the inputs, on the Review page (an input there changed). */
    protected final void planAgain() {
        if (flow.page() == Page.REVIEW && !operation.busyProperty().get()) {
            operation.release();
            planOperation();
        }
    }

    private void planOperation() {
        plan.set(null);
        changes.clear();
        notes.clear();
        typedName.set("");
        typedPrompt.set("");
        result.set("");
        if (!operation.connected(session)) {
            return;
        }
        OperationModel<R> op;
        try {
            op = operation.start(operation(session));
        } catch (IllegalArgumentException e) {
            operation.fail(e);
            return;
        }
        op.plan(p -> {
            changes.setAll(p.changes().stream().map(OperationWizardModel::line).toList());
            notes.setAll(p.notes());
            if (p.backupFirst()) {
                // Said first: what is taken before anything changes ("Back up the configs … to DIR").
                p.steps().stream().filter(st -> st.id().equals("backup")).findFirst()
                        .ifPresent(st -> notes.add(0, "First: " + st.title() + "."));
            }
            if (p.confirmation().kind() == Confirmation.Kind.TYPED) {
                typedPrompt.set(p.confirmation().prompt() + " Type " + p.confirmation().name() + " to confirm.");
            }
            planned(p);
            plan.set(p);
        }, operation::fail);
    }

    private void runOperation() {
        OperationModel<R> op = operation.current();
        if (op == null || plan.get() == null || !confirmed.get()) {
            return;
        }
        finished.set(false);
        op.run(this::done);
    }

    private void done(OperationResult<R> r) {
        finished.set(true);
        String said = r.notes().isEmpty() ? "" : " " + String.join(" ", r.notes());
        if (r.succeeded() && r.value() != null) {
            result.set(describe(r.value()) + said);
        } else {
            result.set(r.summary() + (r.error().isBlank() ? "" : " " + r.error()) + said);
        }
    }

    /** Next page (on Review: runs the operation). */
    public void next() {
        flow.next();
    }

    /** Previous page; not while the operation runs. */
    public void back() {
        if (flow.page() == Page.RUN && operation.busyProperty().get()) {
            return;
        }
        flow.back();
    }

    /** Stops a running operation at its next check (between steps, or while it waits). */
    public void cancel() {
        operation.cancel();
    }

    /** Back to the first page for another run. */
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

    /** What the user typed to confirm, when the plan wants a name typed. */
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

    /** The plan's notes: verdicts, what stays, what to set in the values file. */
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

    /** The operation being planned or run: busy, progress, steps, the error line. */
    public OperationSlot<R> operation() {
        return operation;
    }

    /** The plan's line for {@code change}, as {@link #changes()} shows it. */
    static String line(Change change) {
        return change.line() + (change.detail().isBlank() ? "" : "  — " + change.detail());
    }
}
