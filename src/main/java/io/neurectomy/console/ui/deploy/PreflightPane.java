package io.neurectomy.console.ui.deploy;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.ui.fx.FindingsView;
import io.neurectomy.console.ui.fx.Views;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The deploy wizard's Preflight page: the summary, the findings (most urgent first, each opened to what it means, the
 * fix and the evidence), Run again, and the "Deploy anyway" box that shows only while something blocks the deploy.
 */
final class PreflightPane {
    private final VBox root;

    PreflightPane(PreflightModel model) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("preflightProgress");
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(model.runningProperty());
        spinner.managedProperty().bind(model.runningProperty());
        Label summary = new Label();
        summary.setId("preflightSummary");
        summary.setWrapText(true);
        summary.setMaxWidth(Double.MAX_VALUE);
        summary.textProperty().bind(model.summaryProperty());
        Button again = new Button("Run again");
        again.setId("preflightRerun");
        again.setOnAction(e -> model.rerun());
        again.disableProperty().bind(model.runningProperty());
        again.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(summary, Priority.ALWAYS);
        HBox head = new HBox(10, spinner, summary, again);
        head.setAlignment(Pos.CENTER_LEFT);

        FindingsView list = new FindingsView(model.findings());
        list.setId("preflightList");
        list.setExpandable(true);
        list.setSeverityShown(true);
        list.setGroups(model::heading);
        list.setPlaceholder(new Label("No findings yet."));
        VBox.setVgrow(list, Priority.ALWAYS);

        CheckBox anyway = new CheckBox("Deploy anyway: I know the deploy may not finish (replicas left Pending,"
                + " volumes not provisioned) and will fix the cluster myself.");
        anyway.setId("preflightDeployAnyway");
        anyway.getStyleClass().add(Styles.DANGER);
        anyway.selectedProperty().bindBidirectional(model.deployAnywayProperty());
        anyway.visibleProperty().bind(model.blockingProperty());
        anyway.managedProperty().bind(model.blockingProperty());

        Label hint = new Label("The same checks as monitoring-console preflight ENV, for the environment and values"
                + " chosen: Kubernetes version, schedulable nodes, room for the requests, StorageClass, IngressClass,"
                + " and nodes and zones enough to keep each component's replicas apart. Critical and error findings"
                + " block the deploy; warnings do not. Nothing is written to the cluster.");
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        root = new VBox(10, Views.title("Preflight", Styles.TITLE_4), hint, head, list, anyway);
        root.setId("preflightPage");
    }

    Node node() {
        return root;
    }
}
