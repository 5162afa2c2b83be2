package io.neurectomy.console.ui.deploy;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.ui.deploy.OperationWizardModel.Page;
import io.neurectomy.console.ui.fx.StepRow;
import io.neurectomy.console.ui.fx.Views;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The frame of a Stack tab's operation wizard (Scale, Upgrade): its three pages with Back, Next / the verb, Cancel
 * and "again"; the Review page (plan title, changes, notes, a typed confirmation when asked) and the Run page
 * (progress, steps, result). The Choose page is the tab's own. Node ids start with the tab's prefix
 * ({@code scaleNextButton}, {@code upgradeStepsList}). Thin: every decision is the {@link OperationWizardModel}'s.
 */
final class OperationWizardPane {
    private final VBox root;

    /**
     * @param prefix  the ids' prefix ({@code scale})
     * @param title   the tab's heading
     * @param verb    the Review page's button ("Scale", "Upgrade")
     * @param choose  the Choose page
     * @param before  the heading of the plan's notes ("Before you scale")
     * @param runHint what Cancel does, under the steps
     */
    OperationWizardPane(OperationWizardModel<?> model, String prefix, String title, String verb, Node choose,
                        String before, String runHint) {
        StackPane pages = new StackPane(page(choose, model, Page.CHOOSE),
                page(reviewPage(model, prefix, before), model, Page.REVIEW),
                page(runPage(model, prefix, runHint), model, Page.RUN));
        VBox.setVgrow(pages, Priority.ALWAYS);
        Button back = new Button("Back");
        back.setId(prefix + "BackButton");
        back.setOnAction(e -> model.back());
        back.disableProperty().bind(model.flow().canGoBack().not().or(model.operation().busyProperty()));
        Button next = new Button();
        next.setId(prefix + "NextButton");
        next.textProperty().bind(Bindings.when(model.pageProperty().isEqualTo(Page.REVIEW)).then(verb)
                .otherwise("Next"));
        next.setDefaultButton(true);
        next.setOnAction(e -> model.next());
        next.disableProperty().bind(model.flow().canGoNext().not());
        Button cancel = new Button("Cancel");
        cancel.setId(prefix + "CancelButton");
        cancel.setOnAction(e -> model.cancel());
        cancel.disableProperty().bind(model.operation().busyProperty().not());
        Button again = new Button(verb + " again");
        again.setId(prefix + "AgainButton");
        again.setOnAction(e -> model.restart());
        again.visibleProperty().bind(model.finishedProperty().and(model.pageProperty().isEqualTo(Page.RUN)));
        Label error = new Label();
        error.setId(prefix + "Error");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.operation().errorProperty());
        root = new VBox(10, Views.title(title, Styles.TITLE_4), pages, error, new HBox(10, back, next, cancel, again));
        root.setPadding(new Insets(12));
    }

    private static Node page(Node content, OperationWizardModel<?> model, Page page) {
        content.visibleProperty().bind(model.pageProperty().isEqualTo(page));
        return content;
    }

    private static Node reviewPage(OperationWizardModel<?> model, String prefix, String before) {
        Label title = Views.text(prefix + "PlanTitle", Bindings.createStringBinding(() -> model.planProperty().get()
                == null ? (model.operation().busyProperty().get() ? "Planning…" : "") : model.planProperty().get()
                .title(), model.planProperty(), model.operation().busyProperty()));
        title.getStyleClass().add(Styles.TEXT_BOLD);
        ListView<String> changes = new ListView<>(model.changes());
        changes.setId(prefix + "ChangesList");
        changes.setPrefHeight(140);
        ListView<String> notes = new ListView<>(model.notes());
        notes.setId(prefix + "NotesList");
        notes.setCellFactory(v -> wrapping());
        VBox.setVgrow(notes, Priority.ALWAYS);
        TextField typed = Views.input(new TextField(), prefix + "TypedName", "the component's name",
                model.typedNameProperty());
        typed.setMaxWidth(260);
        Label prompt = Views.text(prefix + "TypedPrompt", model.typedPromptProperty());
        prompt.setWrapText(true);
        prompt.getStyleClass().add(Styles.DANGER);
        VBox confirm = new VBox(6, prompt, typed);
        confirm.visibleProperty().bind(model.typedPromptProperty().isNotEmpty());
        confirm.managedProperty().bind(confirm.visibleProperty());
        VBox box = new VBox(10, title, new Label("Changes"), changes, new Label(before), notes, confirm);
        box.setId(prefix + "ReviewPage");
        return box;
    }

    private static Node runPage(OperationWizardModel<?> model, String prefix, String runHint) {
        ProgressBar bar = new ProgressBar();
        bar.setId(prefix + "Progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.operation().progressProperty());
        ListView<StepRow> steps = new ListView<>(model.operation().steps());
        steps.setId(prefix + "StepsList");
        steps.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(StepRow item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + "  " + item.step().title() + (item.detail().isEmpty() ? "" : " (" + item.detail() + ")"));
            }
        });
        VBox.setVgrow(steps, Priority.ALWAYS);
        Label message = Views.text(prefix + "Message", model.operation().messageProperty());
        Label result = Views.text(prefix + "Result", model.resultProperty());
        result.setWrapText(true);
        VBox box = new VBox(10, bar, message, steps, result, hint(runHint));
        box.setId(prefix + "RunPage");
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

    static Label hint(String text) {
        Label hint = new Label(text);
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        return hint;
    }

    Node node() {
        return root;
    }
}
