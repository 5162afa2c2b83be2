package io.neurectomy.console.ui.fx;

import javafx.scene.control.TableCell;

/**
 * A table cell whose value is its whole row (a column made with {@code r -> r}), drawn by {@link #show}. An empty
 * cell shows nothing: no text, graphic, tooltip or inline style.
 *
 * @param <S> the table's row type
 */
public abstract class RowCell<S> extends TableCell<S, S> {
    @Override
    protected final void updateItem(S row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
            Views.clear(this);
        } else {
            show(row);
        }
    }

    /** Draws {@code row}: the text, graphic, tooltip and style the cell needs. */
    protected abstract void show(S row);
}
