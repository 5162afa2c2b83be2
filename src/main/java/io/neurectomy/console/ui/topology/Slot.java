package io.neurectomy.console.ui.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * A row's place in a list view: it stays while the row's key exists, and its value is replaced when the row
 * changes.
 *
 * <p>Why: a {@code ListView} treats the replacement of an item it does not show as a reason to lay out all its
 * cells again on every later pulse (its dirty-cell bookkeeping only clears indexes of visible cells), which made a
 * refresh of a 500-node topology cost 100 ms of FX time. Through slots, the list view only sees lanes come and go;
 * a changed lane updates just its cell, and only if the cell is on screen.
 *
 * @param <T> the row type
 */
final class Slot<T> {
    private final ReadOnlyObjectWrapper<T> value;

    Slot(T initial) {
        value = new ReadOnlyObjectWrapper<>(this, "value", initial);
    }

    T get() {
        return value.get();
    }

    ReadOnlyObjectProperty<T> valueProperty() {
        return value.getReadOnlyProperty();
    }

    /**
     * A list of slots that follows {@code rows}: a replaced row with the same key sets its slot's value, added and
     * removed rows add and remove slots.
     */
    static <T> ObservableList<Slot<T>> mirror(ObservableList<T> rows, Function<T, ?> key) {
        ObservableList<Slot<T>> slots = FXCollections.observableArrayList();
        rows.forEach(r -> slots.add(new Slot<>(r)));
        rows.addListener((ListChangeListener<T>) c -> {
            while (c.next()) {
                if (c.wasPermutated() || c.wasUpdated()) {
                    rebuild(slots, c.getList());
                    continue;
                }
                int from = c.getFrom();
                List<? extends T> added = c.getAddedSubList();
                if (c.wasReplaced() && sameKeys(slots, from, added, key)) {
                    for (int i = 0; i < added.size(); i++) {
                        slots.get(from + i).value.set(added.get(i));
                    }
                    continue;
                }
                if (c.wasRemoved()) {
                    slots.remove(from, from + c.getRemovedSize());
                }
                if (c.wasAdded()) {
                    List<Slot<T>> fresh = new ArrayList<>(added.size());
                    added.forEach(r -> fresh.add(new Slot<>(r)));
                    slots.addAll(from, fresh);
                }
            }
        });
        return slots;
    }

    private static <T> boolean sameKeys(List<Slot<T>> slots, int from, List<? extends T> added, Function<T, ?> key) {
        if (from + added.size() > slots.size()) {
            return false;
        }
        for (int i = 0; i < added.size(); i++) {
            if (!Objects.equals(key.apply(slots.get(from + i).get()), key.apply(added.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static <T> void rebuild(ObservableList<Slot<T>> slots, List<? extends T> rows) {
        List<Slot<T>> fresh = new ArrayList<>(rows.size());
        rows.forEach(r -> fresh.add(new Slot<>(r)));
        slots.setAll(fresh);
    }
}
