package io.neurectomy.console.ui.health.charts;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The Health section's charts: how much disk Prometheus's TSDB takes (with a straight-line forecast), how many
 * samples it ingests per second, and how many series its head holds, one line per replica, over the chosen range.
 * Each refresh asks one ready Prometheus replica with {@code query_range}; when it cannot be asked the charts are
 * emptied and {@link #messageProperty() the message} says why.
 *
 * <p>Touched only on the FX thread; the queries run on the {@link TaskRunner}.
 */
public final class ChartsViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** The TSDB's size on disk: blocks, WAL and head chunks. */
    static final String DISK_QUERY = "sum by (pod) ({__name__=~\"prometheus_tsdb_storage_blocks_bytes"
            + "|prometheus_tsdb_wal_storage_size_bytes|prometheus_tsdb_head_chunks_storage_size_bytes\"})";

    /** A time range to show, with the resolution it is asked at. */
    public enum Range {
        HOUR("1 h", Duration.ofHours(1), Duration.ofSeconds(30)),
        SIX_HOURS("6 h", Duration.ofHours(6), Duration.ofMinutes(2)),
        DAY("24 h", Duration.ofHours(24), Duration.ofMinutes(10));

        private final String label;
        private final Duration length;
        private final Duration step;

        Range(String label, Duration length, Duration step) {
            this.label = label;
            this.length = length;
            this.step = step;
        }

        public Duration length() {
            return length;
        }

        public Duration step() {
            return step;
        }

        /** The window of a rate: four steps, at least two minutes (several scrapes). */
        Duration rateWindow() {
            return step.multipliedBy(4).compareTo(Duration.ofMinutes(2)) < 0 ? Duration.ofMinutes(2)
                    : step.multipliedBy(4);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The charts, each with its title, the unit of its values and its query for a range. */
    public enum Chart {
        DISK("Disk used by the TSDB blocks, with forecast", "bytes"),
        SAMPLES("Samples ingested per second", "samples/s"),
        SERIES("Head series", "series");

        private final String title;
        private final String unit;

        Chart(String title, String unit) {
            this.title = title;
            this.unit = unit;
        }

        public String title() {
            return title;
        }

        public String unit() {
            return unit;
        }

        /** The PromQL asked for {@code range}. */
        public String query(Range range) {
            return switch (this) {
                case DISK -> DISK_QUERY;
                case SAMPLES -> "sum by (pod) (rate(prometheus_tsdb_head_samples_appended_total["
                        + range.rateWindow().toSeconds() + "s]))";
                case SERIES -> "sum by (pod) (prometheus_tsdb_head_series)";
            };
        }
    }

    /** A value at a time (seconds since the epoch). */
    public record Point(double time, double value) {
    }

    /** One line of a chart: a replica's series, or its forecast. */
    public record Line(String name, List<Point> points, boolean forecast) {
        public Line {
            points = List.copyOf(points);
        }
    }

    private final TaskRunner runner;
    private final ChartsSource source;
    private final Clock clock;
    private final ZoneId zone;
    private final ObjectProperty<Range> range = new SimpleObjectProperty<>(this, "range", Range.HOUR);
    private final ReadOnlyObjectWrapper<Map<Chart, List<Line>>> data = new ReadOnlyObjectWrapper<>(this, "data",
            emptyData());
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private Cancellable running;
    private int generation;

    public ChartsViewModel(TaskRunner runner, ChartsSource source, Clock clock, ZoneId zone) {
        this.runner = runner;
        this.source = source;
        this.clock = clock;
        this.zone = zone;
        range.addListener((obs, was, now) -> refresh());
    }

    /** The charts of {@code session}'s stack, asked of its first ready Prometheus replica. */
    public static ChartsViewModel of(ClusterSession session, TaskRunner runner) {
        return new ChartsViewModel(runner, ChartsSource.of(session), Clock.systemUTC(), ZoneId.systemDefault());
    }

    public ObjectProperty<Range> rangeProperty() {
        return range;
    }

    /** Every chart's lines from the last answer; empty lists when Prometheus could not be asked. */
    public ReadOnlyObjectProperty<Map<Chart, List<Line>>> dataProperty() {
        return data.getReadOnlyProperty();
    }

    /** Why the charts are empty (Prometheus could not be asked), or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Which replica answered and when, or that it is being asked. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Asks again for the chosen range; an answer to an earlier request that arrives later is dropped. */
    public void refresh() {
        if (running != null) {
            running.cancel();
        }
        int mine = ++generation;
        Range r = range.get();
        Instant end = clock.instant();
        Instant start = end.minus(r.length());
        loading.set(true);
        status.set("Asking Prometheus…");
        running = runner.run(() -> ask(r, start, end), answer -> {
            if (mine != generation) {
                return;
            }
            loading.set(false);
            data.set(answer.lines());
            message.set("");
            status.set("From " + answer.replica() + " at " + TIME.format(end.atZone(zone)) + ", every "
                    + r.step().toSeconds() + " s over " + r);
        }, error -> {
            if (mine != generation) {
                return;
            }
            loading.set(false);
            data.set(emptyData());
            status.set("");
            message.set("Prometheus cannot be asked: " + (error.getMessage() == null ? error.toString()
                    : error.getMessage()));
        });
    }

    /** Stops a refresh that is still running. */
    public void close() {
        generation++;
        if (running != null) {
            running.cancel();
        }
    }

    private record Answers(String replica, Map<Chart, List<Line>> lines) {
    }

    private Answers ask(Range r, Instant start, Instant end) throws IOException, InterruptedException {
        Map<Chart, List<Line>> lines = new EnumMap<>(Chart.class);
        String replica = "";
        for (Chart chart : Chart.values()) {
            ChartsSource.Answer answer = source.query(chart.query(r), start, end, r.step());
            replica = answer.replica();
            List<Line> shown = new ArrayList<>(answer.lines());
            if (chart == Chart.DISK) {
                for (Line line : answer.lines()) {
                    forecast(line, r.length().toSeconds() / 4.0).ifPresent(shown::add);
                }
            }
            lines.put(chart, List.copyOf(shown));
        }
        return new Answers(replica, Map.copyOf(lines));
    }

    /**
     * The least-squares line through {@code line}'s points, drawn from its last point {@code ahead} seconds further;
     * none for fewer than two points.
     */
    static java.util.Optional<Line> forecast(Line line, double ahead) {
        List<Point> p = line.points();
        if (p.size() < 2) {
            return java.util.Optional.empty();
        }
        double mt = p.stream().mapToDouble(Point::time).average().orElse(0);
        double mv = p.stream().mapToDouble(Point::value).average().orElse(0);
        double cov = 0;
        double var = 0;
        for (Point x : p) {
            cov += (x.time() - mt) * (x.value() - mv);
            var += (x.time() - mt) * (x.time() - mt);
        }
        double slope = var == 0 ? 0 : cov / var;
        Point last = p.get(p.size() - 1);
        double at = mv + slope * (last.time() - mt);
        double then = at + slope * ahead;
        return java.util.Optional.of(new Line(line.name() + " forecast", List.of(new Point(last.time(), at),
                new Point(last.time() + ahead, Math.max(0, then))), true));
    }

    private static Map<Chart, List<Line>> emptyData() {
        Map<Chart, List<Line>> empty = new EnumMap<>(Chart.class);
        for (Chart c : Chart.values()) {
            empty.put(c, List.of());
        }
        return Map.copyOf(empty);
    }
}
