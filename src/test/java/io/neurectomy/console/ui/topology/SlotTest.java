package io.neurectomy.console.ui.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.ui.fx.ListPatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

class SlotTest {
    /** A row: key and a value that may change. */
    record Row(String key, int value) {
    }

    private final ObservableList<Row> list = FXCollections.observableArrayList();

    private static List<Row> rows(String... keysAndValues) {
        List<Row> out = new ArrayList<>();
        for (String kv : keysAndValues) {
            String[] p = kv.split("=");
            out.add(new Row(p[0], Integer.parseInt(p[1])));
        }
        return out;
    }

    private void patch(List<Row> next) {
        ListPatch.apply(list, next, Row::key);
    }

    @Test
    void slotsFollowReplacementsInPlaceAndOnlyComeAndGoWithTheirKeys() {
        list.setAll(rows("a=1", "b=1", "c=1"));
        ObservableList<Slot<Row>> slots = Slot.mirror(list, (Function<Row, String>) Row::key);
        Slot<Row> b = slots.get(1);
        List<String> slotEvents = new ArrayList<>();
        slots.addListener((ListChangeListener<Slot<Row>>) c -> {
            while (c.next()) {
                slotEvents.add(c.wasAdded() ? "add" : "remove");
            }
        });

        patch(rows("a=1", "b=5", "c=1"));
        assertThat(slotEvents).as("a changed row is no list change").isEmpty();
        assertThat(slots.get(1)).isSameAs(b);
        assertThat(b.get().value()).isEqualTo(5);

        patch(rows("a=1", "c=1", "d=1"));
        assertThat(slots).extracting(s -> s.get().key()).containsExactly("a", "c", "d");
    }
}
