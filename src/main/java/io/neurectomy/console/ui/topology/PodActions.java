package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * What the topology's pod and node panels do: delete a pod (after a yes), make a node fail or recover where the
 * cluster offers node faults, open a pod's log, and port-forward to it. Changes run as operations through the
 * window's {@link OperationModel}, listed in the {@link ActivityLog}; their outcome shows in the message line.
 */
public final class PodActions {
    /** Opens a port-forward to one pod; the window supplies it (the Port-forwards page). */
    public interface PortForwarder {
        void forward(String namespace, String pod, int remotePort);
    }

    /** Opens the log of one pod; the window supplies it (the Logs section). */
    public interface LogOpener {
        void open(String namespace, String pod);
    }

    private final TaskRunner runner;
    private final Executor fx;
    private final DialogService dialogs;
    private final ActivityLog activity;
    private final TopologySelection selection;
    private final MessageLine messages;
    private final ReadOnlyBooleanWrapper nodeFaults = new ReadOnlyBooleanWrapper(this, "nodeFaults");
    private TopologyActions actions;
    private PortForwarder forwarder;
    private LogOpener logOpener;

    PodActions(TaskRunner runner, Executor fx, DialogService dialogs, ActivityLog activity,
               TopologySelection selection, MessageLine messages) {
        this.runner = runner;
        this.fx = fx;
        this.dialogs = dialogs;
        this.activity = activity;
        this.selection = selection;
        this.messages = messages;
    }

    /** Acts on a session with these capabilities from now on; null: no session. */
    void attach(TopologyActions sessionActions, Set<Capability> capabilities) {
        actions = sessionActions;
        nodeFaults.set(sessionActions != null && capabilities.contains(Capability.NODE_FAULTS));
    }

    /** Sets where the pod panel's "Port-forward" goes; without one the button is not offered. */
    public void setPortForwarder(PortForwarder portForwarder) {
        this.forwarder = portForwarder;
    }

    /** Whether the pod panel can offer a port-forward. */
    public boolean canForward() {
        return forwarder != null;
    }

    /** Sets where the pod panel's "Logs" goes; without one the button is not offered. */
    public void setLogOpener(LogOpener opener) {
        this.logOpener = opener;
    }

    /** Whether the pod panel can offer the pod's log. */
    public boolean canOpenLogs() {
        return logOpener != null;
    }

    /** Shows the log of a pod in the Logs section. */
    public void openLogs(String key) {
        PodInfo pod = existing(key);
        if (pod != null && logOpener != null) {
            logOpener.open(pod.namespace(), pod.name());
        }
    }

    /** The port a pod of a stack component serves (its web port), or 0 for anything outside the stack. */
    public static int forwardPort(Optional<StackComponent> component) {
        return component.map(StackComponent::port).orElse(0);
    }

    /** Starts a port-forward to a pod of the stack on its component's port. */
    public void forwardPod(String key) {
        PodInfo pod = existing(key);
        if (pod == null) {
            return;
        }
        int port = forwardPort(StackComponent.ofWorkload(pod.workload()));
        if (forwarder != null && port > 0) {
            forwarder.forward(pod.namespace(), pod.name(), port);
        }
    }

    /** Deletes a pod once the user has confirmed; the outcome shows in the message line. */
    public void askDelete(String key) {
        PodInfo pod = existing(key);
        if (pod == null || actions == null) {
            return;
        }
        String podKey = pod.key();
        String controller = pod.workload();
        OperationModel<Void> operation = model(actions.deletePod(pod.namespace(), pod.name(), controller));
        operation.plan(plan -> {
            if (!dialogs.confirm(plan.confirmation().prompt(), String.join(" ", plan.notes()), "Delete pod")) {
                return;
            }
            messages.show("Deleting pod " + podKey + "…", false);
            operation.run(result -> report(result, "Deleted pod " + podKey + ". " + (controller.isEmpty()
                    ? "It had no controller: nothing replaces it." : controller + " creates a replacement."),
                    "Could not delete pod " + podKey + ": "));
        }, error -> messages.show("Could not delete pod " + podKey + ": " + MessageLine.describe(error), true));
    }

    /** Asks to delete the selected pod (the Delete key). */
    public void askDeleteSelected() {
        String key = selection.selectedLivePod();
        if (key != null) {
            askDelete(key);
        }
    }

    /** Where the cluster offers node faults: makes a node fail or recover. */
    public void setNodeFailed(String node, boolean failed) {
        if (!nodeFaults.get() || actions == null || node == null) {
            return;
        }
        String verb = failed ? "fail" : "recover";
        OperationModel<Void> operation = model(actions.nodeFault(node, failed));
        Consumer<Plan> run = plan -> operation.run(result -> report(result, failed
                ? "Node " + node + " fails now — it turns NotReady and its pods stop."
                : "Node " + node + " recovers — it turns Ready and its pods start again.",
                "Could not " + verb + " node " + node + ": "));
        operation.plan(run, error -> messages.show("Could not " + verb + " node " + node + ": "
                + MessageLine.describe(error), true));
    }

    private OperationModel<Void> model(Operation<Void> operation) {
        return new OperationModel<>(operation, runner, fx, activity);
    }

    private void report(OperationResult<Void> result, String done, String failedPrefix) {
        if (result.succeeded()) {
            messages.show(done, false);
        } else if (result.cancelled()) {
            messages.show(result.summary(), false);
        } else {
            messages.show(failedPrefix + result.error(), true);
        }
    }

    private PodInfo existing(String key) {
        PodInfo pod = selection.findPod(key);
        if (pod == null) {
            messages.show("Pod " + key + " no longer exists.", true);
        }
        return pod;
    }

    /** True when the session's cluster offers node faults: fail/recover node is offered. */
    public ReadOnlyBooleanProperty nodeFaultsProperty() {
        return nodeFaults.getReadOnlyProperty();
    }
}
