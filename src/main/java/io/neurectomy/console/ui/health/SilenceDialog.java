package io.neurectomy.console.ui.health;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.ui.health.AlertsViewModel.SilenceDraft;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * The "Silence…" dialog: matchers (one a line, prefilled from the selected alert's labels), duration, author and the
 * required comment. "Create silence" stays disabled while the draft has a problem, which the dialog names.
 */
final class SilenceDialog {
    private SilenceDialog() {
    }

    /** Shows the dialog over {@code owner}; the edited draft when the user creates it. */
    static Optional<SilenceDraft> show(Window owner, AlertsViewModel model, SilenceDraft draft) {
        Dialog<SilenceDraft> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Silence alerts");
        dialog.setHeaderText("Silence the alerts that match every matcher");
        dialog.getDialogPane().setId("silenceDialog");
        ButtonType create = new ButtonType("Create silence", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, create);

        TextArea matchers = new TextArea(draft.matchers());
        matchers.setId("silenceMatchers");
        matchers.setPrefRowCount(5);
        matchers.setPrefColumnCount(40);
        TextField duration = field("silenceDuration", draft.duration());
        TextField author = field("silenceAuthor", draft.author());
        TextField comment = field("silenceComment", draft.comment());
        comment.setPromptText("Why (required)");

        StringBinding problem = Bindings.createStringBinding(() -> model.problem(new SilenceDraft(matchers.getText(),
                        duration.getText(), author.getText(), comment.getText())), matchers.textProperty(),
                duration.textProperty(), author.textProperty(), comment.textProperty());
        Label why = new Label();
        why.setId("silenceProblem");
        why.textProperty().bind(problem);
        why.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Button ok = (Button) dialog.getDialogPane().lookupButton(create);
        ok.disableProperty().bind(problem.isNotEmpty());

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        row(grid, 0, "Matchers", matchers);
        row(grid, 1, "Duration", duration);
        row(grid, 2, "Author", author);
        row(grid, 3, "Comment", comment);
        grid.add(why, 1, 4);
        dialog.getDialogPane().setContent(grid);
        dialog.setResultConverter(button -> button == create ? new SilenceDraft(matchers.getText(),
                duration.getText(), author.getText(), comment.getText()) : null);
        comment.requestFocus();
        return dialog.showAndWait();
    }

    private static TextField field(String id, String text) {
        TextField field = new TextField(text);
        field.setId(id);
        return field;
    }

    private static void row(GridPane grid, int row, String label, Node field) {
        grid.add(new Label(label), 0, row);
        grid.add(field, 1, row);
    }
}
