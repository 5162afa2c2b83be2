package io.neurectomy.console.ui.topology;

import javafx.beans.value.ChangeListener;
import javafx.scene.control.ListCell;

/**
 * A list cell showing a {@link Slot}'s row and following its changes while it shows that slot.
 *
 * @param <T> the row type
 */
abstract class SlotCell<T> extends ListCell<Slot<T>> {
    private final ChangeListener<T> changed = (obs, old, now) -> {
        if (now != null) {
            render(now);
        }
    };
    private Slot<T> watched;

    @Override
    protected final void updateItem(Slot<T> slot, boolean empty) {
        super.updateItem(slot, empty);
        Slot<T> now = empty ? null : slot;
        if (watched != now) {
            if (watched != null) {
                watched.valueProperty().removeListener(changed);
            }
            watched = now;
            if (now != null) {
                now.valueProperty().addListener(changed);
            }
        }
        if (now == null || now.get() == null) {
            clear();
        } else {
            render(now.get());
        }
    }

    /** The row shown, or null. */
    final T row() {
        return watched == null ? null : watched.get();
    }

    /** Shows a row (a new one, or a new version of the shown one). */
    abstract void render(T row);

    /** Shows nothing. */
    abstract void clear();
}
