package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.util.CredentialMask;
import io.neurectomy.console.ui.fx.DialogService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * {@link DialogService} with modal {@link Alert}s (Cancel the default button of every confirmation) and ControlsFX
 * {@link Notifications} for background outcomes, over the main window.
 */
public final class FxDialogService implements DialogService {
    private final Supplier<Window> owner;

    /** @param owner the window dialogs belong to (may supply null) */
    public FxDialogService(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public boolean confirm(String title, String message, String confirm) {
        ButtonType yes = new ButtonType(confirm, ButtonBar.ButtonData.OK_DONE);
        Alert alert = alert(Alert.AlertType.WARNING, title, message, yes);
        alert.getDialogPane().setId("confirmation");
        return alert.showAndWait().filter(yes::equals).isPresent();
    }

    @Override
    public boolean confirmWithEnter(String title, String message, String confirm) {
        ButtonType yes = new ButtonType(confirm, ButtonBar.ButtonData.OK_DONE);
        Alert alert = alert(Alert.AlertType.CONFIRMATION, title, message, yes);
        alert.getDialogPane().setId("confirmation");
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(yes)).setDefaultButton(true);
        return alert.showAndWait().filter(yes::equals).isPresent();
    }

    @Override
    public boolean confirmTyped(String title, String message, String name, String confirm) {
        ButtonType yes = new ButtonType(confirm, ButtonBar.ButtonData.OK_DONE);
        Alert alert = alert(Alert.AlertType.WARNING, title, "", yes);
        alert.getDialogPane().setId("typedConfirmation");
        TextField typed = new TextField();
        typed.setId("typedName");
        typed.setPromptText(name);
        Label ask = new Label(message + "\n\nType " + name + " to confirm:");
        ask.setWrapText(true);
        VBox content = new VBox(8, ask, typed);
        content.setAlignment(Pos.CENTER_LEFT);
        alert.getDialogPane().setContent(content);
        Button ok = (Button) alert.getDialogPane().lookupButton(yes);
        ok.disableProperty().bind(typed.textProperty().isNotEqualTo(name));
        alert.setOnShown(e -> typed.requestFocus());
        return alert.showAndWait().filter(yes::equals).isPresent() && name.equals(typed.getText());
    }

    @Override
    public void error(String title, String message, Throwable details) {
        Alert alert = alert(Alert.AlertType.ERROR, title, message, null);
        alert.getDialogPane().setId("errorDialog");
        if (details != null) {
            StringWriter trace = new StringWriter();
            details.printStackTrace(new PrintWriter(trace));
            TextArea text = new TextArea(CredentialMask.mask(trace.toString()));
            text.setEditable(false);
            text.setWrapText(false);
            text.setPrefRowCount(12);
            alert.getDialogPane().setExpandableContent(text);
        }
        alert.showAndWait();
    }

    /**
     * Shows {@code content} (a table, a list) in a dialog with Close, without waiting for it to be closed: reference
     * the user may keep open while working (the keyboard shortcuts).
     *
     * @param id the dialog pane's CSS id, for tests
     */
    public void information(String id, String title, Node content) {
        Alert alert = alert(Alert.AlertType.INFORMATION, title, "", null);
        alert.getDialogPane().setId(id);
        alert.getDialogPane().setContent(content);
        alert.show();
    }

    @Override
    public void notify(Level level, String title, String text) {
        Notifications n = Notifications.create().title(title).text(text).hideAfter(Duration.seconds(
                level == Level.ERROR ? 12 : 6)).position(Pos.BOTTOM_RIGHT);
        Window w = owner == null ? null : owner.get();
        if (w != null) {
            n.owner(w);
        }
        switch (level) {
            case INFO, SUCCESS -> n.showInformation();
            case WARNING -> n.showWarning();
            case ERROR -> n.showError();
        }
    }

    private Alert alert(Alert.AlertType type, String title, String message, ButtonType confirm) {
        Alert alert = confirm == null ? new Alert(type, message, ButtonType.CLOSE)
                : new Alert(type, message, ButtonType.CANCEL, confirm);
        alert.setTitle(title);
        alert.setHeaderText(title);
        if (confirm != null) {
            ((Button) alert.getDialogPane().lookupButton(confirm)).setDefaultButton(false);
            ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        }
        Window w = owner == null ? null : owner.get();
        if (w != null) {
            alert.initOwner(w);
        }
        return alert;
    }
}
