package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.ops.ResizeOperation;
import io.neurectomy.console.core.ops.ResourceRequest;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Stack section's Resources tab: a wizard over the {@link ResizeOperation}, the same operation as
 * {@code resize} on the command line. Choose (component; one of the deployment guide's presets, or custom
 * {@code REQUEST[:LIMIT]} CPU and memory), Review (the plan: the change per container and whether the nodes can
 * hold it; when they cannot, Resize stays disabled until "Go on anyway" is ticked, which plans again with the
 * override), Run (the steps as they go, Cancel, the result).
 */
public final class ResizeWizardModel extends OperationWizardModel<ResizeOperation.Result> {
    /** How the resources are chosen: a preset, or custom values. */
    public enum Sizing {
        DEFAULT("The guide's defaults", ResourceRequest.Preset.DEFAULT),
        HIGH("High load (100k+ samples/s)", ResourceRequest.Preset.HIGH),
        ULTRA("Ultra high load (1M+ samples/s)", ResourceRequest.Preset.ULTRA),
        CUSTOM("Custom", null);

        private final String title;
        private final ResourceRequest.Preset preset;

        Sizing(String title, ResourceRequest.Preset preset) {
            this.title = title;
            this.preset = preset;
        }

        public String title() {
            return title;
        }
    }

    private final ObjectProperty<StackComponent> component = new SimpleObjectProperty<>(this, "component",
            StackComponent.ALERTMANAGER);
    private final ObjectProperty<Sizing> sizing = new SimpleObjectProperty<>(this, "sizing", Sizing.DEFAULT);
    private final StringProperty cpu = new SimpleStringProperty(this, "cpu", "");
    private final StringProperty memory = new SimpleStringProperty(this, "memory", "");
    private final BooleanProperty override = new SimpleBooleanProperty(this, "override");
    private final ReadOnlyBooleanWrapper lacksRoom = new ReadOnlyBooleanWrapper(this, "lacksRoom");
    private final StringBinding presetText;
    private ResizeOperation current;

    ResizeWizardModel(TaskRunner runner, Executor fx, ActivityLog activity) {
        super(runner, fx, activity);
        validWhen(Bindings.createBooleanBinding(() -> component.get() != null && sizing.get() != null
                        && (sizing.get() != Sizing.CUSTOM || !cpu.get().isBlank() || !memory.get().isBlank()),
                component, sizing, cpu, memory), lacksRoom.not().or(override));
        presetText = Bindings.createStringBinding(() -> component.get() == null || sizing.get() == null
                || sizing.get().preset == null ? "" : sizing.get().preset.of(component.get()).describe()
                + " (request/limit)", component, sizing);
        override.addListener((o, a, b) -> planAgain());
        // An override answers one plan: back on the inputs, it is asked for again.
        pageProperty().addListener((o, a, b) -> {
            if (b == Page.CHOOSE) {
                override.set(false);
                lacksRoom.set(false);
            }
        });
    }

    @Override
    protected Operation<ResizeOperation.Result> operation(ClusterSession session) {
        lacksRoom.set(false);
        ResourceRequest wanted = sizing.get().preset != null ? sizing.get().preset.of(component.get())
                : ResourceRequest.custom(cpu.get(), memory.get());
        current = new ResizeOperation(session, component.get(), wanted, override.get(), TIMEOUT, POLL);
        return current;
    }

    @Override
    protected void planned(Plan p) {
        lacksRoom.set(current != null && current.lacksRoom());
    }

    @Override
    protected String describe(ResizeOperation.Result v) {
        return v.workload() + " container " + v.container() + ": " + v.before() + " → " + v.after()
                + " (request/limit), " + v.replicas() + " replicas. " + v.verified() + "." + (v.forced()
                ? " The room check was overridden." : "");
    }

    public ObjectProperty<StackComponent> componentProperty() {
        return component;
    }

    /** The components one can resize. */
    public List<StackComponent> components() {
        return StackComponent.all();
    }

    public ObjectProperty<Sizing> sizingProperty() {
        return sizing;
    }

    /** Custom CPU, {@code REQUEST[:LIMIT]} ({@code 2:4}); empty keeps the container's. */
    public StringProperty cpuProperty() {
        return cpu;
    }

    /** Custom memory, {@code REQUEST[:LIMIT]} ({@code 8Gi:16Gi}); empty keeps the container's. */
    public StringProperty memoryProperty() {
        return memory;
    }

    /** What the chosen preset asks for the chosen component; empty for custom values. */
    public StringBinding presetTextProperty() {
        return presetText;
    }

    /** "Go on anyway": resize although the nodes cannot hold the result. */
    public BooleanProperty overrideProperty() {
        return override;
    }

    /** The plan found too little room on the nodes (critical). */
    public ReadOnlyBooleanProperty lacksRoomProperty() {
        return lacksRoom.getReadOnlyProperty();
    }
}
