package io.neurectomy.console.ui.health.charts;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.ui.fx.TaskRunner;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/**
 * The Health section's Charts tab across sessions: the charts of the connected session, built the first time the tab
 * is shown for that session (so connecting costs no queries until someone looks), and closed when the session ends.
 */
public final class ChartsTab {
    private final StackPane root = new StackPane();
    private final BooleanProperty shown = new SimpleBooleanProperty(false);
    private final ObservableValue<ClusterSession> session;
    private final TaskRunner runner;
    private final Label idle = new Label("Connect to a cluster to see its Prometheus charts.");
    private ClusterSession chartedSession;
    private ChartsView view;

    public ChartsTab(ObservableValue<ClusterSession> session, TaskRunner runner) {
        this.session = session;
        this.runner = runner;
        root.setId("healthCharts");
        idle.getStyleClass().add("hint");
        root.getChildren().setAll(idle);
        session.addListener((obs, was, now) -> update());
        shown.addListener((obs, was, now) -> update());
    }

    /** The node to put in the tab. */
    public Node node() {
        return root;
    }

    /** Whether the tab is on screen; bind it to the tab's selection. */
    public BooleanProperty shownProperty() {
        return shown;
    }

    private void update() {
        ClusterSession now = session.getValue();
        if (now != chartedSession && view != null) {
            view.model().close();
            view = null;
            chartedSession = null;
            root.getChildren().setAll(idle);
        }
        if (now != null && view == null && shown.get()) {
            chartedSession = now;
            view = ChartsView.of(now, runner);
            root.getChildren().setAll(view);
        }
    }
}
