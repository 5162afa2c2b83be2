package io.neurectomy.console.testing;

import io.neurectomy.console.ui.fx.DialogService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link DialogService} for view-model tests: answers confirmations as scripted and records what was asked. */
public final class AnsweringDialogs implements DialogService {
    /** How a confirmation is answered; it may look at the state of the test at the moment it is asked. */
    @FunctionalInterface
    public interface Answer {
        boolean answer(String title, String message, String confirm);
    }

    /** The titles of the confirmations asked, in order. */
    public final List<String> asked = new CopyOnWriteArrayList<>();
    /** The messages of the confirmations asked, in order. */
    public final List<String> messages = new CopyOnWriteArrayList<>();
    /** The errors shown, as "title: message". */
    public final List<String> errors = new CopyOnWriteArrayList<>();
    /** The notifications shown, as "title: text". */
    public final List<String> notifications = new CopyOnWriteArrayList<>();
    private final Answer answer;

    public AnsweringDialogs(Answer answer) {
        this.answer = answer;
    }

    /** Answers every confirmation with {@code yes}. */
    public static AnsweringDialogs always(boolean yes) {
        return new AnsweringDialogs((title, message, confirm) -> yes);
    }

    @Override
    public boolean confirm(String title, String message, String confirm) {
        asked.add(title);
        messages.add(message);
        return answer.answer(title, message, confirm);
    }

    @Override
    public boolean confirmTyped(String title, String message, String name, String confirm) {
        return confirm(title, message, confirm);
    }

    @Override
    public void error(String title, String message, Throwable details) {
        errors.add(title + ": " + message);
    }

    @Override
    public void notify(Level level, String title, String text) {
        notifications.add(title + ": " + text);
    }
}
