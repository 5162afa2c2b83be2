package io.neurectomy.console.ui.health;

import io.neurectomy.console.core.endpoints.PrometheusTargets.Job;
import io.neurectomy.console.core.endpoints.PrometheusTargets.Report;
import io.neurectomy.console.core.endpoints.PrometheusTargets.Target;
import io.neurectomy.console.core.util.AgeFormat;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Health section's Targets tab: the scrape targets of every Prometheus replica, or of one chosen, failing ones
 * first, with their last scrape's age, duration and error; and per job how many targets service discovery keeps and
 * drops. Read again with every health check while the tab is shown, and on demand.
 *
 * <p>Touched only on the FX thread; the reads run on the {@link TaskRunner}.
 */
public final class TargetsViewModel {
    /** "Every replica" in the replica choice. */
    public static final String ALL = "Every replica";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** Reads the targets of one replica (null: of every one). */
    @FunctionalInterface
    public interface Source {
        Report read(String replica);
    }

    /** A target as its row shows it. */
    public record Row(Target target, String age, String duration) {
        public boolean down() {
            return target.down();
        }
    }

    private final TaskRunner runner;
    private final ZoneId zone;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final FilteredList<Row> shownRows = new FilteredList<>(rows);
    private final ObservableList<Job> jobs = FXCollections.observableArrayList();
    private final ObservableList<String> replicas = FXCollections.observableArrayList(ALL);
    private final ObjectProperty<String> replica = new SimpleObjectProperty<>(this, "replica", ALL);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(this, "connected");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    private Source source;
    private long generation;
    private Cancellable running;
    private boolean again;

    /**
     * @param runner runs the reads
     * @param cycle  read again whenever it changes while the tab is shown (the health check's report)
     * @param zone   the time zone of "read at"
     */
    public TargetsViewModel(TaskRunner runner, ObservableValue<?> cycle, ZoneId zone) {
        this.runner = runner;
        this.zone = zone;
        cycle.addListener((obs, old, now) -> {
            if (shown.get()) {
                refresh();
            }
        });
        shown.addListener((obs, was, now) -> {
            if (now) {
                refresh();
            }
        });
        filter.addListener((obs, old, now) -> applyFilter());
        replica.addListener((obs, old, now) -> refresh());
    }

    /** Reads from {@code newSource} from now on (a session connected). */
    public void attach(Source newSource) {
        detach();
        source = newSource;
        connected.set(true);
        if (shown.get()) {
            refresh();
        }
    }

    /** Forgets the targets (the session closed). */
    public void detach() {
        generation++;
        if (running != null) {
            running.cancel();
            running = null;
        }
        source = null;
        again = false;
        loading.set(false);
        connected.set(false);
        rows.clear();
        jobs.clear();
        replicas.setAll(ALL);
        replica.set(ALL);
        summary.set("");
        error.set("");
    }

    /** Reads the targets now (the tab's Refresh); while a read runs, another follows it. */
    public void refresh() {
        if (source == null) {
            return;
        }
        if (loading.get()) {
            again = true;
            return;
        }
        long gen = generation;
        Source s = source;
        String chosen = ALL.equals(replica.get()) || replica.get() == null ? null : replica.get();
        loading.set(true);
        running = runner.run(() -> s.read(chosen), r -> finished(gen, r, null), e -> finished(gen, null, e));
    }

    private void finished(long gen, Report report, Throwable failure) {
        if (gen != generation) {
            return;
        }
        running = null;
        loading.set(false);
        if (report != null) {
            show(report);
        } else {
            error.set("Could not read the targets: " + (failure.getMessage() == null
                    ? failure.getClass().getSimpleName() : failure.getMessage()));
        }
        if (again) {
            again = false;
            refresh();
        }
    }

    private void show(Report report) {
        List<Row> list = new ArrayList<>();
        for (Target t : report.targets()) {
            list.add(new Row(t, t.lastScrape() == null ? "never" : AgeFormat.age(t.lastScrape(), report.readAt())
                    + " ago", t.scrapeDuration() == null ? "" : millis(t.scrapeDuration())));
        }
        rows.setAll(list);
        jobs.setAll(report.jobs());
        if (ALL.equals(replica.get())) {
            List<String> names = new ArrayList<>(List.of(ALL));
            names.addAll(report.replicas());
            if (!names.equals(replicas)) {
                replicas.setAll(names);
            }
        }
        long down = report.targets().stream().filter(Target::down).count();
        summary.set(report.targets().size() + " targets, " + down + " down, on " + String.join(", ",
                report.replicas()) + " · read " + TIME.format(report.readAt().atZone(zone)));
        Map<String, String> errors = report.errors();
        error.set(errors.isEmpty() ? "" : errors.entrySet().stream().map(e -> "Could not ask " + e.getKey() + ": "
                + e.getValue()).collect(Collectors.joining("\n")));
        applyFilter();
    }

    private static String millis(Duration d) {
        double ms = d.toNanos() / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : Math.round(ms) + " ms";
    }

    private void applyFilter() {
        String f = filter.get() == null ? "" : filter.get().strip().toLowerCase(Locale.ROOT);
        shownRows.setPredicate(f.isEmpty() ? null : r -> String.join(" ", r.target().replica(), r.target().job(),
                r.target().instance(), r.target().pod(), r.target().health(), r.target().lastError())
                .toLowerCase(Locale.ROOT).contains(f));
    }

    /** The targets the filter lets through, down first. */
    public ObservableList<Row> rows() {
        return shownRows;
    }

    /** Service discovery per job and replica: active, up and dropped targets. */
    public ObservableList<Job> jobs() {
        return jobs;
    }

    /** "Every replica" and the replicas last seen. */
    public ObservableList<String> replicas() {
        return replicas;
    }

    /** The replica asked, or {@link #ALL}. */
    public ObjectProperty<String> replicaProperty() {
        return replica;
    }

    /** Text the rows must contain (job, instance, replica, health or error), case-insensitive. */
    public StringProperty filterProperty() {
        return filter;
    }

    /** Whether the tab is shown: only then does it follow the health checks. */
    public BooleanProperty shownProperty() {
        return shown;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty connectedProperty() {
        return connected.getReadOnlyProperty();
    }

    /** "12 targets, 1 down, on prometheus-0, prometheus-1 · read 10:31:02"; empty before the first read. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why a replica or the whole read failed, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
