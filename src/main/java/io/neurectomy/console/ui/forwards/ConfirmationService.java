package io.neurectomy.console.ui.forwards;

/**
 * Asks the user to confirm a risky choice (a forward reachable from other machines). Called on the FX thread and
 * blocking until answered; tests answer yes or no without a window.
 */
@FunctionalInterface
public interface ConfirmationService {

    /**
     * @param title   what is asked, in a few words
     * @param message what happens when confirmed
     * @param confirm the label of the button that confirms
     * @return whether the user confirmed
     */
    boolean confirm(String title, String message, String confirm);
}
