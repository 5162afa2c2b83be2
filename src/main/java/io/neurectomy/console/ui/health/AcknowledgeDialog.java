package io.neurectomy.console.ui.health;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.health.Acknowledgements;
import java.time.Duration;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * Asks why a finding is accepted and for how long: a reason (required) and the number of days (30 unless changed).
 * The "Acknowledge" button stays disabled until both are given.
 */
final class AcknowledgeDialog {
    private AcknowledgeDialog() {
    }

    /** Shows the dialog over {@code owner}'s window and waits for the answer; empty when cancelled. */
    static Optional<HealthViewModel.AckAnswer> ask(Finding finding, Node owner) {
        Dialog<HealthViewModel.AckAnswer> dialog = new Dialog<>();
        Window window = owner == null || owner.getScene() == null ? null : owner.getScene().getWindow();
        if (window != null) {
            dialog.initOwner(window);
        }
        dialog.setTitle("Acknowledge a finding");
        dialog.setHeaderText("Acknowledge " + finding.code() + (finding.subject().isEmpty() ? ""
                : " on " + finding.subject()) + "?");
        dialog.getDialogPane().setId("acknowledgeDialog");
        ButtonType acknowledge = new ButtonType("Acknowledge", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, acknowledge);

        TextField reason = new TextField();
        reason.setId("ackReason");
        reason.setPromptText("Why the team accepts it, e.g. a single-zone cluster until the migration");
        reason.setPrefColumnCount(36);
        TextField days = new TextField(String.valueOf(Acknowledgements.DEFAULT_EXPIRY.toDays()));
        days.setId("ackDays");
        days.setPrefColumnCount(4);
        Label note = new Label("Until it expires the finding is shown as acknowledged and does not count toward the"
                + " verdict or the exit code of health; then it counts again.");
        note.setWrapText(true);
        note.setMaxWidth(460);
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Reason"), reason);
        grid.addRow(1, new Label("Expires in (days)"), days);
        grid.add(note, 0, 2, 2, 1);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().lookupButton(acknowledge).disableProperty().bind(Bindings.createBooleanBinding(
                () -> reason.getText().isBlank() || parseDays(days.getText()) <= 0, reason.textProperty(),
                days.textProperty()));
        dialog.setResultConverter(button -> button == acknowledge ? new HealthViewModel.AckAnswer(
                reason.getText().strip(), Duration.ofDays(parseDays(days.getText()))) : null);
        dialog.setOnShown(e -> reason.requestFocus());
        return dialog.showAndWait();
    }

    private static long parseDays(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
