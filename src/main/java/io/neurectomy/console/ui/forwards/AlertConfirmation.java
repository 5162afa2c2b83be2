package io.neurectomy.console.ui.forwards;

import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** {@link ConfirmationService} as a modal warning {@link Alert}; Cancel is the default button. */
public final class AlertConfirmation implements ConfirmationService {
    private final Supplier<Window> owner;

    /** @param owner the window the dialog belongs to (may supply null) */
    public AlertConfirmation(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public boolean confirm(String title, String message, String confirm) {
        ButtonType yes = new ButtonType(confirm, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.WARNING, message, ButtonType.CANCEL, yes);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setId("forwardConfirmation");
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(yes)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        Window w = owner == null ? null : owner.get();
        if (w != null) {
            alert.initOwner(w);
        }
        return alert.showAndWait().filter(yes::equals).isPresent();
    }
}
