package io.neurectomy.console.ui.deploy;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.deploy.OperationWizardModel.Page;
import io.neurectomy.console.ui.fx.StepRow;
import io.neurectomy.console.ui.fx.Views;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The frame of the Stack section's operation wizards (Scale, Resources, Storage): the three pages of an
 * {@link OperationWizardModel} with Back, Next / the operation's verb, Cancel and "verb again", the error line, the
 * Review page (plan title, changes, notes, typed confirmation, and what the wizard adds there) and the Run page
 * (progress, steps, result). Node ids start with the wizard's prefix ({@code scaleNextButton}). Thin: every
 * decision is the model's.
 */
final class OperationWizardPane {
    private OperationWizardPane() {
    }

    /**
     * The wizard's node.
     *
     * @param id          the prefix of its node ids ({@code scale})
     * @param verb        the Review page's button ({@code Scale}), also the title and "verb again"
     * @param choose      the Choose page's content (its id is set here: {@code <id>ChoosePage})
     * @param reviewExtra shown on the Review page under the notes (an override), or null
     * @param runHint     what Cancel does, under the Run page's steps
     */
    static VBox of(OperationWizardModel<?> model, String id, String verb, Node choose, Node reviewExtra,
                   String runHint) {
        return of(model, id, verb, choose, reviewExtra, null, runHint);
    }

    /**
     * As {@link #of(OperationWizardModel, String, String, Node, Node, String)}, with {@code runExtra} (or null)
     * shown on the Run page under the result.
     */
    static VBox of(OperationWizardModel<?> model, String id, String verb, Node choose, Node reviewExtra,
                   Node runExtra, String runHint) {
        choose.setId(id + "ChoosePage");
        StackPane pages = new StackPane(page(choose, model, Page.CHOOSE),
                page(reviewPage(model, id, verb, reviewExtra), model, Page.REVIEW),
                page(runPage(model, id, runExtra, runHint), model, Page.RUN));
        VBox.setVgrow(pages, Priority.ALWAYS);
        Button back = new Button("Back");
        back.setId(id + "BackButton");
        back.setOnAction(e -> model.back());
        back.disableProperty().bind(model.flow().canGoBack().not().or(model.operation().busyProperty()));
        Button next = new Button();
        next.setId(id + "NextButton");
        next.textProperty().bind(Bindings.when(model.pageProperty().isEqualTo(Page.REVIEW)).then(verb)
                .otherwise("Next"));
        next.setDefaultButton(true);
        next.setOnAction(e -> model.next());
        next.disableProperty().bind(model.flow().canGoNext().not());
        Button cancel = new Button("Cancel");
        cancel.setId(id + "CancelButton");
        cancel.setOnAction(e -> model.cancel());
        cancel.disableProperty().bind(model.operation().busyProperty().not());
        Button again = new Button(verb + " again");
        again.setId(id + "AgainButton");
        again.setOnAction(e -> model.restart());
        again.visibleProperty().bind(model.finishedProperty().and(model.pageProperty().isEqualTo(Page.RUN)));
        Label error = new Label();
        error.setId(id + "Error");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.operation().errorProperty());
        Label title = Views.title(verb, Styles.TITLE_4);
        VBox root = new VBox(10, title, pages, error, new HBox(10, back, next, cancel, again));
        root.setPadding(new Insets(12));
        return root;
    }

    private static Node page(Node content, OperationWizardModel<?> model, Page page) {
        content.visibleProperty().bind(model.pageProperty().isEqualTo(page));
        return content;
    }

    private static Node reviewPage(OperationWizardModel<?> model, String id, String verb, Node extra) {
        Label title = Views.text(id + "PlanTitle", Bindings.createStringBinding(() -> model.planProperty().get()
                == null ? (model.operation().busyProperty().get() ? "Planning…" : "") : model.planProperty().get()
                .title(), model.planProperty(), model.operation().busyProperty()));
        title.getStyleClass().add(Styles.TEXT_BOLD);
        ListView<String> changes = new ListView<>(model.changes());
        changes.setId(id + "ChangesList");
        changes.setPrefHeight(200);
        changes.setCellFactory(v -> wrapping());
        ListView<String> notes = new ListView<>(model.notes());
        notes.setId(id + "NotesList");
        notes.setCellFactory(v -> wrapping());
        notes.setPrefHeight(150);
        VBox.setVgrow(notes, Priority.ALWAYS);
        TextField typed = Views.input(new TextField(), id + "TypedName", "the component's name",
                model.typedNameProperty());
        typed.setMaxWidth(260);
        Label prompt = Views.text(id + "TypedPrompt", model.typedPromptProperty());
        prompt.setWrapText(true);
        prompt.getStyleClass().add(Styles.DANGER);
        VBox confirm = new VBox(6, prompt, typed);
        confirm.visibleProperty().bind(model.typedPromptProperty().isNotEmpty());
        confirm.managedProperty().bind(confirm.visibleProperty());
        VBox box = new VBox(10, title, new Label("Changes"), changes, new Label("Before you "
                + verb.toLowerCase(Locale.ROOT)), notes, confirm);
        if (extra != null) {
            box.getChildren().add(extra);
        }
        box.setId(id + "ReviewPage");
        return box;
    }

    private static Node runPage(OperationWizardModel<?> model, String id, Node extra, String runHint) {
        ProgressBar bar = new ProgressBar();
        bar.setId(id + "Progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.operation().progressProperty());
        ListView<StepRow> steps = new ListView<>(model.operation().steps());
        steps.setId(id + "StepsList");
        steps.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(StepRow item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + "  " + item.step().title() + (item.detail().isEmpty() ? "" : " (" + item.detail() + ")"));
            }
        });
        VBox.setVgrow(steps, Priority.ALWAYS);
        Label message = Views.text(id + "Message", model.operation().messageProperty());
        Label result = Views.text(id + "Result", model.resultProperty());
        result.setWrapText(true);
        VBox box = new VBox(10, bar, message, steps, result, hint(runHint));
        if (extra != null) {
            box.getChildren().add(4, extra);
        }
        box.setId(id + "RunPage");
        return box;
    }

    /** A choice of components, shown by title, bound to {@code value}. */
    static ChoiceBox<StackComponent> componentChoice(String id, List<StackComponent> components,
                                                     ObjectProperty<StackComponent> value) {
        ChoiceBox<StackComponent> choice = new ChoiceBox<>(FXCollections.observableArrayList(components));
        choice.setId(id);
        choice.valueProperty().bindBidirectional(value);
        choice.setConverter(new StringConverter<>() {
            @Override
            public String toString(StackComponent c) {
                return c == null ? "" : c.title();
            }

            @Override
            public StackComponent fromString(String s) {
                return null;
            }
        });
        return choice;
    }

    static ListCell<String> wrapping() {
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

    /** "Connect to a cluster first", shown while not connected. */
    static Node notConnected(OperationWizardModel<?> model) {
        return Views.showWhen(hint("Connect to a cluster first (Connect, Ctrl+1)."), model.connectedProperty().not());
    }
}
