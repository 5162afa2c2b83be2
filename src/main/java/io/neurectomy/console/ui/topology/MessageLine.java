package io.neurectomy.console.ui.topology;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The topology's non-modal message line: the outcome of the last action, or why the layout failed. */
final class MessageLine {
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper error = new ReadOnlyBooleanWrapper(this, "error");

    void show(String text, boolean isError) {
        message.set(text);
        error.set(isError);
    }

    void dismiss() {
        show("", false);
    }

    /** The text shown; empty for none. */
    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether the text says what failed. */
    ReadOnlyBooleanProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** A failure's message for the line, or its class when it has none. */
    static String describe(Throwable t) {
        String text = t.getMessage();
        return text == null || text.isBlank() ? t.getClass().getSimpleName() : text;
    }
}
