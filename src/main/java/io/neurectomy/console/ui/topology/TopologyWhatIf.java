package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.topology.WhatIf;
import io.neurectomy.console.core.topology.WhatIfMode;
import io.neurectomy.console.core.topology.WhatIfResult;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The what-if of the selected node: failing or draining it simulated on the picture shown, in the background.
 * Nothing is run; a result belongs to its node and goes when another is selected.
 */
public final class TopologyWhatIf {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final TaskRunner runner;
    private final Supplier<Instant> clock;
    private final Supplier<TopologyPicture> picture;
    private final Supplier<String> selectedNode;

    private final ReadOnlyObjectWrapper<WhatIfResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private Cancellable task;

    TopologyWhatIf(TaskRunner runner, Supplier<Instant> clock, Supplier<TopologyPicture> picture,
                   Supplier<String> selectedNode) {
        this.runner = runner;
        this.clock = clock;
        this.picture = picture;
        this.selectedNode = selectedNode;
    }

    /** Simulates failing or draining the selected node on the shown picture, in the background; nothing is run. */
    public void simulate(WhatIfMode mode) {
        String node = selectedNode.get();
        TopologyPicture shown = picture.get();
        if (node == null || shown == null || !shown.laidOut()) {
            return;
        }
        clear();
        StackSnapshot snapshot = shown.snapshot();
        running.set(true);
        note.set("Computing…");
        task = runner.run(() -> WhatIf.simulate(snapshot, node, mode), r -> {
            running.set(false);
            result.set(r);
            note.set("Computed from the picture of " + TIME.format(clock.get())
                    + " — a simulation, nothing was executed.");
        }, error -> {
            running.set(false);
            note.set("The simulation could not be computed: " + MessageLine.describe(error));
        });
    }

    /** Drops the result and stops a simulation still computing. */
    void clear() {
        if (task != null) {
            task.cancel();
            task = null;
        }
        result.set(null);
        running.set(false);
        note.set("");
    }

    /** The last what-if result for the selected node, or null. */
    public ReadOnlyObjectProperty<WhatIfResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** "Computing…", "Computed from the picture of 12:03:04 — a simulation, nothing was executed.", or an error. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
