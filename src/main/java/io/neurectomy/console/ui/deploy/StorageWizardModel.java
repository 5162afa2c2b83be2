package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.ops.ExpandStorageOperation;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Stack section's Storage tab: a wizard over the {@link ExpandStorageOperation}, the same operation as
 * {@code expand-storage} on the command line. Choose (Prometheus or Alertmanager, the new size, for Prometheus
 * optionally the retention size), Review (the plan: each claim, the StatefulSet re-created without its pods, the
 * retention size; a class without expansion or a shrink is refused there with what to do), Run (the steps as they
 * go, Cancel, the result).
 */
public final class StorageWizardModel extends OperationWizardModel<ExpandStorageOperation.Result> {
    private final ObjectProperty<StackComponent> component = new SimpleObjectProperty<>(this, "component",
            StackComponent.PROMETHEUS);
    private final StringProperty size = new SimpleStringProperty(this, "size", "");
    private final StringProperty retentionSize = new SimpleStringProperty(this, "retentionSize", "");

    StorageWizardModel(TaskRunner runner, Executor fx, ActivityLog activity) {
        super(runner, fx, activity);
        validWhen(Bindings.createBooleanBinding(() -> component.get() != null && !size.get().isBlank(), component,
                size), Bindings.createBooleanBinding(() -> true));
    }

    @Override
    protected Operation<ExpandStorageOperation.Result> operation(ClusterSession session) {
        return new ExpandStorageOperation(session, component.get(), size.get(), component.get()
                == StackComponent.PROMETHEUS ? retentionSize.get() : null, TIMEOUT, POLL);
    }

    @Override
    protected String describe(ExpandStorageOperation.Result v) {
        return v.workload() + ": volumes " + v.from() + " → " + v.to() + ". " + v.verified() + "."
                + (v.retention().isEmpty() ? "" : " Retention size " + v.retention() + ".")
                + (v.podsKept().isEmpty() ? "" : " Pods that ran on unchanged: " + String.join(", ", v.podsKept())
                + ".");
    }

    public ObjectProperty<StackComponent> componentProperty() {
        return component;
    }

    /** The components with volumes of their own. */
    public List<StackComponent> components() {
        return StackComponent.all().stream().filter(StackComponent::stateful).toList();
    }

    /** The new size of each volume ({@code 300Gi}). */
    public StringProperty sizeProperty() {
        return size;
    }

    /** Prometheus's new retention size ({@code 240GB}); empty keeps its share of the volume. */
    public StringProperty retentionSizeProperty() {
        return retentionSize;
    }
}
