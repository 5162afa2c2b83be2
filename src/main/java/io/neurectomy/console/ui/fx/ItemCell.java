package io.neurectomy.console.ui.fx;

import javafx.scene.control.ListCell;

/**
 * A list cell drawn by {@link #show}. An empty cell shows nothing: no text, graphic, tooltip or inline style.
 *
 * @param <T> the list's item type
 */
public abstract class ItemCell<T> extends ListCell<T> {
    @Override
    protected final void updateItem(T item, boolean empty) {
        super.updateItem(item, empty);
        if (empty || item == null) {
            Views.clear(this);
        } else {
            show(item);
        }
    }

    /** Draws {@code item}: the text, graphic, tooltip and style the cell needs. */
    protected abstract void show(T item);
}
