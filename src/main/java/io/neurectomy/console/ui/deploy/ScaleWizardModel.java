package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.ops.ScaleOperation;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The Stack section's Scale tab: a wizard over the {@link ScaleOperation}, the same operation as {@code scale} on the
 * command line. Choose (component, replica count, whether a scale-down deletes the removed replicas' volumes),
 * Review (the plan: what changes, the disruption budget, the anti-affinity verdict, the volumes that stay; when
 * volumes are deleted the component's name must be typed before Scale is enabled), Run (the steps as they go,
 * Cancel, the result).
 */
public final class ScaleWizardModel extends OperationWizardModel<ScaleOperation.Result> {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final ObjectProperty<StackComponent> component = new SimpleObjectProperty<>(this, "component",
            StackComponent.ALERTMANAGER);
    private final IntegerProperty replicas = new SimpleIntegerProperty(this, "replicas", 3);
    private final BooleanProperty deleteVolumes = new SimpleBooleanProperty(this, "deleteVolumes");

    ScaleWizardModel(TaskRunner runner, Executor fx, ActivityLog activity) {
        super(runner, fx, activity);
        chooseValidWhen(Bindings.createBooleanBinding(() -> replicas.get() >= 1
                && replicas.get() <= ScaleOperation.MAX_REPLICAS, replicas));
    }

    @Override
    Operation<ScaleOperation.Result> operation(ClusterSession session) {
        return new ScaleOperation(session, component.get(), replicas.get(), deleteVolumes.get(), TIMEOUT, POLL);
    }

    @Override
    String describe(ScaleOperation.Result v) {
        String volumes = v.keptVolumes().isEmpty() ? "" : " Volumes kept: " + String.join(", ", v.keptVolumes())
                + ".";
        volumes += v.deletedVolumes().isEmpty() ? "" : " Volumes deleted: " + String.join(", ",
                v.deletedVolumes()) + ".";
        return v.workload() + ": " + v.from() + " → " + v.to() + " replicas. " + v.verified() + "." + volumes;
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
}
