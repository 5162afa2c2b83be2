package io.neurectomy.console.ui.fx;

/**
 * The one way the window asks and tells: confirmations (plain and typed), errors with their details, and non-modal
 * notifications of outcomes that arrive in the background. Called on the FX thread; the confirmations block until
 * answered. View models take it as a constructor parameter, so tests answer without a window.
 */
public interface DialogService {
    /** How a notification looks. */
    enum Level {
        INFO, SUCCESS, WARNING, ERROR
    }

    /**
     * Asks yes or no; Cancel is the default button.
     *
     * @param title   what is asked, in a few words
     * @param message what happens when confirmed
     * @param confirm the label of the button that confirms
     * @return whether the user confirmed
     */
    boolean confirm(String title, String message, String confirm);

    /**
     * Asks yes or no with the confirming button the default (Enter confirms, Esc cancels): for what the person has
     * just asked for by name and that is put right by itself (a drill's fault). Where not overridden, as
     * {@link #confirm}.
     */
    default boolean confirmWithEnter(String title, String message, String confirm) {
        return confirm(title, message, confirm);
    }

    /**
     * Asks for {@code name} to be typed before something that cannot be undone (destroy, restore); the confirming
     * button stays disabled until the text matches.
     *
     * @return whether the user typed the name and confirmed
     */
    boolean confirmTyped(String title, String message, String name, String confirm);

    /** Shows a failure the user started, with {@code details} (the cause's chain, never a secret) expandable. */
    void error(String title, String message, Throwable details);

    /** A non-modal notification that goes away by itself: the outcome of work that ran in the background. */
    void notify(Level level, String title, String text);
}
