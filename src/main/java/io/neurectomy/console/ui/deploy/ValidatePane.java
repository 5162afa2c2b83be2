package io.neurectomy.console.ui.deploy;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.ui.fx.FindingsView;
import io.neurectomy.console.ui.fx.Views;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Stack section's Validate tab: run, summary, and the findings (checks and cluster differences) in one list. */
final class ValidatePane {
    private final VBox root;

    ValidatePane(ValidateModel model, ObservableBooleanValue connected) {
        Button run = new Button("Validate");
        run.setId("validateButton");
        run.getStyleClass().add(Styles.ACCENT);
        run.setOnAction(e -> model.validate());
        run.disableProperty().bind(model.operation().busyProperty().or(Bindings.not(connected)));
        Label summary = new Label();
        summary.setId("validateSummary");
        summary.textProperty().bind(model.summaryProperty());
        FindingsView list = new FindingsView(model.findings());
        list.setId("findingsList");
        list.setPlaceholder(new Label("No findings yet: run Validate."));
        VBox.setVgrow(list, Priority.ALWAYS);
        Label error = new Label();
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.operation().errorProperty());
        Label hint = new Label("Runs the consistency checks on the stack rendered with the Deploy tab's environment,"
                + " values and secrets, and compares it with the cluster (missing, different, extra objects). Writes"
                + " nothing.");
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        Label title = Views.title("Validate", Styles.TITLE_4);
        root = new VBox(10, title, hint, new HBox(10, run, summary), error, list);
        root.setPadding(new Insets(12));
    }

    Node node() {
        return root;
    }
}
