package io.neurectomy.console.ui.fx;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The window's running and recent operations, whichever section started them: the Activity panel lists them with
 * their progress and Cancel. Touched only on the FX thread.
 */
public final class ActivityLog {
    /** How many finished operations the panel keeps. */
    static final int RECENT = 20;

    private final ObservableList<OperationModel<?>> running = FXCollections.observableArrayList();
    private final ObservableList<OperationModel<?>> recent = FXCollections.observableArrayList();

    /** Operations running now, oldest first. */
    public ObservableList<OperationModel<?>> running() {
        return running;
    }

    /** Finished operations, newest first (at most {@value #RECENT}). */
    public ObservableList<OperationModel<?>> recent() {
        return recent;
    }

    void started(OperationModel<?> operation) {
        if (!running.contains(operation)) {
            running.add(operation);
        }
    }

    void finished(OperationModel<?> operation) {
        running.remove(operation);
        recent.remove(operation);
        recent.add(0, operation);
        if (recent.size() > RECENT) {
            recent.remove(RECENT, recent.size());
        }
    }
}
