package io.neurectomy.console.ui.deploy;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.ui.fx.Views;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Stack section's Destroy tab: the plan, the export options, and Destroy, which asks for the namespace's name
 * in a typed confirmation before anything is exported or deleted.
 */
final class DestroyPane {
    private final VBox root;

    DestroyPane(DestroyModel model, ObservableBooleanValue connected) {
        Button plan = new Button("Show plan");
        plan.setId("destroyPlanButton");
        plan.setOnAction(e -> model.planDestroy());
        plan.disableProperty().bind(model.operation().busyProperty().or(Bindings.not(connected)));
        ListView<String> list = new ListView<>(model.plan());
        list.setId("destroyPlanList");
        VBox.setVgrow(list, Priority.ALWAYS);
        TextField file = new TextField();
        file.setId("exportFileField");
        file.setPrefColumnCount(40);
        file.textProperty().bindBidirectional(model.exportFileProperty());
        PasswordField passphrase = Views.input(new PasswordField(), "exportPassphrase",
                "passphrase encrypting the Secret values", model.exportPassphraseProperty());
        PasswordField repeat = Views.input(new PasswordField(), "exportPassphraseRepeat", "the same passphrase again",
                model.exportPassphraseRepeatProperty());
        CheckBox leaveOut = new CheckBox("Leave the Secret values out of the export (they cannot be restored then)");
        leaveOut.setId("leaveOutSecretValues");
        leaveOut.selectedProperty().bindBidirectional(model.leaveOutSecretValuesProperty());
        passphrase.disableProperty().bind(leaveOut.selectedProperty());
        repeat.disableProperty().bind(leaveOut.selectedProperty());
        Button destroy = new Button("Destroy…");
        destroy.setId("destroyButton");
        destroy.getStyleClass().add(Styles.DANGER);
        destroy.setOnAction(e -> model.destroy());
        destroy.disableProperty().bind(model.operation().busyProperty().or(Bindings.isEmpty(model.plan())));
        Button cancel = new Button("Cancel");
        cancel.setId("destroyCancelButton");
        cancel.setOnAction(e -> model.cancel());
        cancel.disableProperty().bind(model.operation().busyProperty().not());
        ProgressBar bar = new ProgressBar();
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.operation().progressProperty());
        bar.visibleProperty().bind(model.operation().busyProperty());
        Label result = Views.text("destroyResult", model.resultProperty());
        Label error = new Label();
        error.setId("destroyError");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.operation().errorProperty());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        grid.addRow(0, new Label("Export file"), file);
        grid.addRow(1, new Label("Passphrase"), passphrase);
        grid.addRow(2, new Label("Again"), repeat);
        grid.add(leaveOut, 1, 3);
        Label title = Views.title("Destroy", Styles.TITLE_4);
        Label hint = new Label("Exports every stack object of the namespace to a local file, then deletes them in"
                + " reverse order and waits until they are gone. The volumes (Prometheus data, silences) are deleted"
                + " too; the namespace itself stays. Destroy asks you to type the namespace's name.");
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        root = new VBox(10, title, hint, plan, list, grid, new HBox(10, destroy, cancel), bar, error, result);
        root.setPadding(new Insets(12));
    }

    Node node() {
        return root;
    }
}
