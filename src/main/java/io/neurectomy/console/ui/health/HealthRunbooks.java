package io.neurectomy.console.ui.health;

import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.runbook.RunbookCatalog;
import io.neurectomy.console.core.runbook.Scenario;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.TaskRunner;
import io.neurectomy.console.ui.runbook.RunbookViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Health section's runbooks: those the last report's findings point to (offered beside the findings), every
 * runbook of the catalog (its Runbooks menu), and the one opened last, which runs in its own view. Touched on the FX
 * thread only.
 */
public final class HealthRunbooks {
    private final Supplier<HealthSession> session;
    private final TaskRunner runner;
    private final Executor fx;
    private final DialogService dialogs;
    private final ActivityLog activity;
    private final Runnable afterRun;
    private final Consumer<String> message;
    private final ObservableList<Scenario> offered = FXCollections.observableArrayList();
    private final ObservableList<Scenario> offeredView = FXCollections.unmodifiableObservableList(offered);
    private Consumer<RunbookViewModel> shower = r -> { };
    private RunbookViewModel runbook;
    private Clock clock = Clock.systemUTC();
    private Path timelines = Path.of(System.getProperty("user.home", "."));

    /**
     * @param session  the Health section's current session (null when not connected)
     * @param afterRun what follows the end of a run (the stack is checked again)
     * @param message  where a line for the person goes
     */
    HealthRunbooks(Supplier<HealthSession> session, TaskRunner runner, Executor fx, DialogService dialogs,
                   ActivityLog activity, Runnable afterRun, Consumer<String> message) {
        this.session = session;
        this.runner = runner;
        this.fx = fx;
        this.dialogs = dialogs;
        this.activity = activity;
        this.afterRun = afterRun;
        this.message = message;
    }

    /** Offers the runbooks {@code report}'s findings point to. */
    void offerFor(HealthReport report) {
        List<Scenario> pointed = RunbookCatalog.pointedTo(report.counted());
        if (!pointed.equals(offered)) {
            offered.setAll(pointed);
        }
    }

    /** Offers none (not connected). */
    void clear() {
        offered.clear();
    }

    /** Cancels the runbook that is running, if any (the session closed). */
    void cancelRunning() {
        if (runbook != null && runbook.runningProperty().get()) {
            runbook.cancel();
        }
    }

    /** Where an opened runbook is shown (the window: the runbook view). */
    public void setShower(Consumer<RunbookViewModel> value) {
        shower = value == null ? r -> { } : value;
    }

    /** The incident clock's time source and the default directory of exported timelines. */
    public void setDefaults(Clock time, Path directory) {
        clock = Objects.requireNonNull(time, "time");
        timelines = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Opens the runbook of {@code scenario} on the session's stack (one the findings point to, or any of the
     * catalog: the on-call engineer may know the outage before the checks do). It starts when the person starts it
     * in its view; when it ends, the stack is checked again. While a runbook runs, opening one shows that one again.
     */
    public void open(Scenario scenario) {
        HealthSession s = session.get();
        if (s == null || scenario == null) {
            return;
        }
        if (runbook != null && runbook.runningProperty().get()) {
            message.accept("The " + runbook.scenario().title() + " runbook is still running; it is shown again.");
            shower.accept(runbook);
            return;
        }
        RunbookViewModel opened = new RunbookViewModel(scenario, gate -> s.runbook(scenario, gate, clock),
                runner, fx, dialogs, activity, timelines);
        opened.setOnFinished(afterRun);
        runbook = opened;
        shower.accept(opened);
    }

    /** The runbook opened last, or null. */
    public RunbookViewModel last() {
        return runbook;
    }

    /** The runbooks the last report's findings point to, the one with the most matching findings first. */
    public ObservableList<Scenario> offered() {
        return offeredView;
    }

    /** Every runbook, to open one the checks do not point to (yet). */
    public List<Scenario> all() {
        return RunbookCatalog.all();
    }
}
