package io.neurectomy.console.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

class ListPatchTest {
    /** A row: key and a value that may change. */
    record Row(String key, int value) {
    }

    private final ObservableList<Row> list = FXCollections.observableArrayList();
    private final List<String> events = new ArrayList<>();

    ListPatchTest() {
        list.addListener((ListChangeListener<Row>) c -> {
            while (c.next()) {
                events.add(c.wasReplaced() ? "replace " + c.getFrom()
                        : c.wasAdded() ? "add " + c.getFrom() + "+" + c.getAddedSize()
                        : "remove " + c.getFrom() + "+" + c.getRemovedSize());
            }
        });
    }

    private static List<Row> rows(String... keysAndValues) {
        List<Row> out = new ArrayList<>();
        for (String kv : keysAndValues) {
            String[] p = kv.split("=");
            out.add(new Row(p[0], Integer.parseInt(p[1])));
        }
        return out;
    }

    private int patch(List<Row> next) {
        events.clear();
        return ListPatch.apply(list, next, Row::key);
    }

    @Test
    void changedValueReplacesOnlyItsRow() {
        list.setAll(rows("a=1", "b=1", "c=1"));

        patch(rows("a=1", "b=2", "c=1"));

        assertThat(events).containsExactly("replace 1");
        assertThat(list).isEqualTo(rows("a=1", "b=2", "c=1"));
    }

    @Test
    void equalRowsChangeNothing() {
        list.setAll(rows("a=1", "b=1"));

        assertThat(patch(rows("a=1", "b=1"))).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void runsOfNewAndVanishedRowsAreOneChangeEach() {
        list.setAll(rows("a=1", "b=1", "c=1", "d=1", "g=1"));

        patch(rows("a=1", "d=1", "e=1", "f=1", "g=1"));

        assertThat(events).containsExactly("remove 1+2", "add 2+2");
        assertThat(list).isEqualTo(rows("a=1", "d=1", "e=1", "f=1", "g=1"));
    }

    @Test
    void movedRowEndsUpInItsNewPlace() {
        list.setAll(rows("a=1", "b=1", "c=1"));

        patch(rows("c=1", "a=1", "b=2"));

        assertThat(list).isEqualTo(rows("c=1", "a=1", "b=2"));
    }
}
