package io.neurectomy.console.ui.deploy;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.deploy.ScaleWizardModel.Page;
import io.neurectomy.console.ui.fx.StepRow;
import io.neurectomy.console.ui.fx.Views;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Stack section's Scale tab: the scale wizard's three pages (choose, review, run) with Back, Next / Scale,
 * Cancel and Scale again. Thin: every decision is {@link ScaleWizardModel}'s.
 */
final class ScalePane {
    private final VBox root;

    ScalePane(ScaleWizardModel model) {
        StackPane pages = new StackPane(page(choosePage(model), model, Page.CHOOSE),
                page(reviewPage(model), model, Page.REVIEW), page(runPage(model), model, Page.RUN));
        VBox.setVgrow(pages, Priority.ALWAYS);
        Button back = new Button("Back");
        back.setId("scaleBackButton");
        back.setOnAction(e -> model.back());
        back.disableProperty().bind(model.flow().canGoBack().not().or(model.operation().busyProperty()));
        Button next = new Button();
        next.setId("scaleNextButton");
        next.textProperty().bind(Bindings.when(model.pageProperty().isEqualTo(Page.REVIEW)).then("Scale")
                .otherwise("Next"));
        next.setDefaultButton(true);
        next.setOnAction(e -> model.next());
        next.disableProperty().bind(model.flow().canGoNext().not());
        Button cancel = new Button("Cancel");
        cancel.setId("scaleCancelButton");
        cancel.setOnAction(e -> model.cancel());
        cancel.disableProperty().bind(model.operation().busyProperty().not());
        Button again = new Button("Scale again");
        again.setId("scaleAgainButton");
        again.setOnAction(e -> model.restart());
        again.visibleProperty().bind(model.finishedProperty().and(model.pageProperty().isEqualTo(Page.RUN)));
        Label error = new Label();
        error.setId("scaleError");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.operation().errorProperty());
        Label title = Views.title("Scale", Styles.TITLE_4);
        root = new VBox(10, title, pages, error, new HBox(10, back, next, cancel, again));
        root.setPadding(new Insets(12));
    }

    private static Node page(Node content, ScaleWizardModel model, Page page) {
        content.visibleProperty().bind(model.pageProperty().isEqualTo(page));
        return content;
    }

    private static Node choosePage(ScaleWizardModel model) {
        ChoiceBox<StackComponent> component = new ChoiceBox<>(FXCollections.observableArrayList(model.components()));
        component.setId("scaleComponentChoice");
        component.valueProperty().bindBidirectional(model.componentProperty());
        component.setConverter(new StringConverter<>() {
            @Override
            public String toString(StackComponent c) {
                return c == null ? "" : c.title();
            }

            @Override
            public StackComponent fromString(String s) {
                return null;
            }
        });
        Spinner<Integer> replicas = new Spinner<>();
        replicas.setId("scaleReplicasSpinner");
        replicas.setEditable(true);
        SpinnerValueFactory.IntegerSpinnerValueFactory values = new SpinnerValueFactory.IntegerSpinnerValueFactory(
                1, io.neurectomy.console.core.ops.ScaleOperation.MAX_REPLICAS, model.replicasProperty().get());
        values.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.replicasProperty().set(b);
            }
        });
        model.replicasProperty().addListener((o, a, b) -> values.setValue(b.intValue()));
        replicas.setValueFactory(values);
        CheckBox delete = new CheckBox("On a scale-down, delete the removed replicas' volumes and their data");
        delete.setId("scaleDeleteVolumes");
        delete.selectedProperty().bindBidirectional(model.deleteVolumesProperty());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Component"), component);
        grid.addRow(1, new Label("Replicas"), replicas);
        grid.add(delete, 1, 2);
        VBox box = new VBox(10, hint("Changes the replica count of Prometheus, Alertmanager or Grafana, as"
                + " 'monitoring-console scale' does. The next page shows the plan; nothing changes before Scale."),
                grid, Views.showWhen(hint("Connect to a cluster first (Connect, Ctrl+1)."),
                model.connectedProperty().not()));
        box.setId("scaleChoosePage");
        return box;
    }

    private static Node reviewPage(ScaleWizardModel model) {
        Label title = Views.text("scalePlanTitle", Bindings.createStringBinding(() -> model.planProperty().get()
                == null ? (model.operation().busyProperty().get() ? "Planning…" : "") : model.planProperty().get()
                .title(), model.planProperty(), model.operation().busyProperty()));
        title.getStyleClass().add(Styles.TEXT_BOLD);
        ListView<String> changes = new ListView<>(model.changes());
        changes.setId("scaleChangesList");
        changes.setPrefHeight(140);
        ListView<String> notes = new ListView<>(model.notes());
        notes.setId("scaleNotesList");
        notes.setCellFactory(v -> wrapping());
        VBox.setVgrow(notes, Priority.ALWAYS);
        TextField typed = Views.input(new TextField(), "scaleTypedName", "the component's name",
                model.typedNameProperty());
        typed.setMaxWidth(260);
        Label prompt = Views.text("scaleTypedPrompt", model.typedPromptProperty());
        prompt.setWrapText(true);
        prompt.getStyleClass().add(Styles.DANGER);
        VBox confirm = new VBox(6, prompt, typed);
        confirm.visibleProperty().bind(model.typedPromptProperty().isNotEmpty());
        confirm.managedProperty().bind(confirm.visibleProperty());
        VBox box = new VBox(10, title, new Label("Changes"), changes, new Label("Before you scale"), notes, confirm);
        box.setId("scaleReviewPage");
        return box;
    }

    private static Node runPage(ScaleWizardModel model) {
        ProgressBar bar = new ProgressBar();
        bar.setId("scaleProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.operation().progressProperty());
        ListView<StepRow> steps = new ListView<>(model.operation().steps());
        steps.setId("scaleStepsList");
        steps.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(StepRow item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + "  " + item.step().title() + (item.detail().isEmpty() ? "" : " (" + item.detail() + ")"));
            }
        });
        VBox.setVgrow(steps, Priority.ALWAYS);
        Label message = Views.text("scaleMessage", model.operation().messageProperty());
        Label result = Views.text("scaleResult", model.resultProperty());
        result.setWrapText(true);
        VBox box = new VBox(10, bar, message, steps, result, hint("Cancel stops between two steps or while waiting;"
                + " a count already set stays (scale again to go back)."));
        box.setId("scaleRunPage");
        return box;
    }

    private static ListCell<String> wrapping() {
        return new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setWrapText(true);
                setPrefWidth(0);
            }
        };
    }

    private static Label hint(String text) {
        Label hint = new Label(text);
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        return hint;
    }

    Node node() {
        return root;
    }
}
