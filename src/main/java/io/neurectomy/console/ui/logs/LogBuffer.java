package io.neurectomy.console.ui.logs;

import io.neurectomy.console.core.logs.LogLevel;
import io.neurectomy.console.core.logs.LogLine;
import io.neurectomy.console.ui.logs.LogsViewModel.LevelFilter;
import java.util.List;
import java.util.Locale;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The lines the Logs section keeps of one stream, at most a fixed number (the oldest go first), and those the level
 * filter and the search let through. Touched only on the FX thread.
 */
public final class LogBuffer {
    private final int capacity;
    private final ObservableList<LogLine> lines = FXCollections.observableArrayList();
    private final FilteredList<LogLine> shown = new FilteredList<>(lines);
    private final ObjectProperty<LevelFilter> levelFilter = new SimpleObjectProperty<>(this, "levelFilter",
            LevelFilter.ALL);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ReadOnlyStringWrapper countText = new ReadOnlyStringWrapper(this, "countText", "");
    private long dropped;

    LogBuffer(int capacity) {
        this.capacity = capacity;
        levelFilter.addListener(this::filterChanged);
        search.addListener(this::filterChanged);
        lines.addListener((Observable o) -> updateCount());
        shown.addListener((Observable o) -> updateCount());
    }

    /** Adds {@code added} at the end, dropping the oldest lines beyond the capacity. */
    void append(List<LogLine> added) {
        if (added.isEmpty()) {
            return;
        }
        List<LogLine> kept = added;
        int excess = lines.size() + added.size() - capacity;
        if (excess > 0) {
            int fromOld = Math.min(excess, lines.size());
            if (fromOld > 0) {
                lines.remove(0, fromOld);
            }
            if (excess > fromOld) {
                kept = added.subList(excess - fromOld, added.size());
            }
            dropped += excess;
        }
        lines.addAll(kept);
    }

    /** Forgets every line, and how many were dropped. */
    void clear() {
        lines.clear();
        dropped = 0;
    }

    /** How many lines were dropped since the last {@link #clear()} to stay within the capacity. */
    long dropped() {
        return dropped;
    }

    private void filterChanged(Observable ignored) {
        LogLevel least = levelFilter.get() == null ? LogLevel.UNKNOWN : levelFilter.get().least();
        String query = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        if (least == LogLevel.UNKNOWN && query.isEmpty()) {
            shown.setPredicate(null);
        } else {
            shown.setPredicate(line -> (line.marker() || line.level().atLeast(least))
                    && (query.isEmpty() || line.text().toLowerCase(Locale.ROOT).contains(query)));
        }
        updateCount();
    }

    /** Whether a level filter or a search narrows the lines. */
    boolean filtered() {
        return shown.getPredicate() != null;
    }

    private void updateCount() {
        int all = lines.size();
        countText.set(filtered() ? shown.size() + " of " + all + (all == 1 ? " line" : " lines")
                : all + (all == 1 ? " line" : " lines"));
    }

    /** All lines kept, oldest first. */
    public ObservableList<LogLine> lines() {
        return lines;
    }

    /** The lines that pass the level filter and the search. */
    public ObservableList<LogLine> shown() {
        return shown;
    }

    public ObjectProperty<LevelFilter> levelFilterProperty() {
        return levelFilter;
    }

    public StringProperty searchProperty() {
        return search;
    }

    /** "M lines", or "N of M lines" while filtered. */
    public ReadOnlyStringProperty countTextProperty() {
        return countText.getReadOnlyProperty();
    }
}
