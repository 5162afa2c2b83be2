package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.ops.BlueGreenRemoveOperation;
import io.neurectomy.console.core.ops.BlueGreenState;
import io.neurectomy.console.core.ops.BlueGreenSwitchOperation;
import io.neurectomy.console.core.ops.RollbackOperation;
import io.neurectomy.console.core.ops.UpgradeOperation;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.OperationSlot;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * What the Upgrade tab does besides its wizard: the open blue-green upgrade of Prometheus ({@link BlueGreenState}:
 * both sides and the one the Services select) with its Switch back or Switch forward
 * ({@link BlueGreenSwitchOperation}) and Remove old side ({@link BlueGreenRemoveOperation}, on the StatefulSet's
 * name typed), and Roll back of a component ({@link RollbackOperation}). Each asks the plan's confirmation through
 * the {@link DialogService}, runs as an operation of the Activity panel (Cancel stops it) and reads the state again
 * when it ends. The wizard's {@code BlueGreenOperation} opens such an upgrade.
 */
public final class UpgradeActionsModel {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final TaskRunner runner;
    private final DialogService dialogs;
    private final OperationSlot<Object> operation;
    private final ReadOnlyObjectWrapper<BlueGreenState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper(this, "result", "");
    private final BooleanProperty deleteVolumes = new SimpleBooleanProperty(this, "deleteVolumes", false);
    private final BooleanBinding switchBackOffered = Bindings.createBooleanBinding(() -> state.get() != null
            && state.get().selectsNew(), state);
    private final BooleanBinding switchForwardOffered = Bindings.createBooleanBinding(() -> state.get() != null
            && state.get().selectsOld(), state);
    private final BooleanBinding removeOffered = Bindings.createBooleanBinding(() -> state.get() != null
            && state.get().unselected() != null, state);
    private ClusterSession session;

    UpgradeActionsModel(TaskRunner runner, Executor fx, ActivityLog activity, DialogService dialogs) {
        this.runner = runner;
        this.dialogs = dialogs;
        this.operation = new OperationSlot<>(runner, fx, activity);
    }

    void attach(ClusterSession newSession) {
        operation.cancel();
        session = newSession;
        result.set("");
        refresh();
    }

    /** Reads the open blue-green upgrade again, in the background. */
    public void refresh() {
        ClusterSession s = session;
        if (s == null) {
            state.set(null);
            status.set("");
            return;
        }
        if (state.get() == null) {
            status.set("Reading the Prometheus Services…");
        }
        runner.run(() -> BlueGreenState.read(s), read -> {
            if (s == session) {
                state.set(read.orElse(null));
                status.set(read.isPresent() ? "" : "No blue-green upgrade open.");
            }
        }, e -> {
            if (s == session) {
                state.set(null);
                status.set("Could not read the blue-green upgrade: " + OperationSlot.describe(e));
            }
        });
    }

    /** Switch back when the Services select the new side, forward when they select the old one. */
    public void switchSides() {
        BlueGreenState now = state.get();
        if (now == null || now.selected() == null) {
            return;
        }
        boolean back = now.selectsNew();
        start(session == null ? null : new BlueGreenSwitchOperation(session, back), back ? "Switch back"
                : "Switch forward", r -> {
                    BlueGreenSwitchOperation.Result s = (BlueGreenSwitchOperation.Result) r;
                    return String.join(", ", s.services()) + ": " + s.from() + " → " + s.to() + " (" + s.version()
                            + ").";
                });
    }

    /** Removes the side the Services do not select, its volumes too when ticked, on its name typed. */
    public void removeOld() {
        if (state.get() == null || state.get().unselected() == null) {
            return;
        }
        start(session == null ? null : new BlueGreenRemoveOperation(session, deleteVolumes.get(), TIMEOUT, POLL),
                "Remove", r -> {
                    BlueGreenRemoveOperation.Result s = (BlueGreenRemoveOperation.Result) r;
                    return "Removed " + s.removed() + "; the Services select " + s.kept() + "." + (s.claims()
                            .isEmpty() ? "" : " Kept claims: " + String.join(", ", s.claims()) + ".");
                });
    }

    /** Returns {@code component} to its previous revision, one replica at a time. */
    public void rollback(StackComponent component) {
        if (component == null) {
            return;
        }
        start(session == null ? null : new RollbackOperation(session, component, TIMEOUT, POLL), "Roll back",
                r -> {
                    UpgradeOperation.Result u = (UpgradeOperation.Result) r;
                    return u.workload() + ": " + u.from() + " → " + u.to() + ". " + u.verified() + ".";
                });
    }

    private void start(Operation<?> op, String verb, Function<Object, String> describe) {
        if (!operation.connected(session) || operation.busyProperty().get()) {
            return;
        }
        result.set("");
        OperationModel<Object> model = operation.start(UpgradeWizardModel.anyResult(op));
        model.plan(plan -> {
            if (!confirmed(plan, verb)) {
                operation.release();
                result.set(verb + ": not confirmed; nothing changed.");
                return;
            }
            model.run(r -> finished(r, describe));
        }, operation::fail);
    }

    private boolean confirmed(Plan plan, String verb) {
        Confirmation c = plan.confirmation();
        String text = String.join("\n", plan.changes().stream().map(OperationWizardModel::line).toList())
                + (plan.notes().isEmpty() ? "" : "\n\n" + String.join("\n", plan.notes()));
        return switch (c.kind()) {
            case NONE -> true;
            case YES -> dialogs.confirm(plan.title(), text, verb);
            case TYPED -> dialogs.confirmTyped(plan.title(), c.prompt() + "\n\n" + text, c.name(), verb);
        };
    }

    private void finished(OperationResult<Object> r, Function<Object, String> describe) {
        String said = r.notes().isEmpty() ? "" : " " + String.join(" ", r.notes());
        if (r.succeeded() && r.value() != null) {
            result.set(describe.apply(r.value()) + said);
        } else {
            result.set(r.summary() + said);
            operation.setError(r.error());
        }
        refresh();
    }

    /** Stops the running action at its next check. */
    public void cancel() {
        operation.cancel();
    }

    /** The open blue-green upgrade, or null (none, not read yet, or not connected). */
    public ReadOnlyObjectProperty<BlueGreenState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "No blue-green upgrade open.", a read in progress or why it failed; empty while one is shown. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** How the last action ended. */
    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** Remove old side deletes the side's volume claims too (unticked by default). */
    public BooleanProperty deleteVolumesProperty() {
        return deleteVolumes;
    }

    /** The Services select the new side: Switch back applies. */
    public BooleanExpression switchBackOffered() {
        return switchBackOffered;
    }

    /** The Services select the old side: Switch forward applies. */
    public BooleanExpression switchForwardOffered() {
        return switchForwardOffered;
    }

    /** Both Services select one side: the other one can be removed. */
    public BooleanExpression removeOffered() {
        return removeOffered;
    }

    /** The action running now (busy, progress, message, steps) and its error line. */
    public OperationSlot<Object> operation() {
        return operation;
    }
}
