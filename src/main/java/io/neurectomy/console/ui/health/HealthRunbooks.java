package io.neurectomy.console.ui.health;

import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.runbook.Drill;
import io.neurectomy.console.core.runbook.RunbookCatalog;
import io.neurectomy.console.core.runbook.Scenario;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.TaskRunner;
import io.neurectomy.console.ui.runbook.DrillViewModel;
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
 * runbook of the catalog (its Runbooks menu), and the one opened last, which runs in its own view; beside each, where
 * the cluster offers the fault, its drill. Touched on the FX thread only.
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
    private final ObservableList<String> drills = FXCollections.observableArrayList();
    private final ObservableList<String> drillsView = FXCollections.unmodifiableObservableList(drills);
    private Consumer<RunbookViewModel> shower = r -> { };
    private Consumer<DrillViewModel> drillShower = d -> { };
    private RunbookViewModel runbook;
    private DrillViewModel drill;
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

    /** Offers the drills the session's cluster can inject the fault of (only a cluster with fault injection). */
    void offerDrillsFor(HealthSession s) {
        drills.setAll(Drill.TARGETS.keySet().stream().filter(id -> s.capabilities().contains(Drill.requires(id)))
                .sorted().toList());
    }

    /** Offers none (not connected). */
    void clear() {
        offered.clear();
        drills.clear();
    }

    /** Cancels the runbook or drill that is running, if any (the session closed). */
    void cancelRunning() {
        if (runbook != null && runbook.runningProperty().get()) {
            runbook.cancel();
        }
        if (drill != null && drill.runningProperty().get()) {
            drill.cancel();
        }
    }

    /** Where an opened runbook is shown (the window: the runbook view). */
    public void setShower(Consumer<RunbookViewModel> value) {
        shower = value == null ? r -> { } : value;
    }

    /** Where a confirmed drill is shown (the window: the drill view). */
    public void setDrillShower(Consumer<DrillViewModel> value) {
        drillShower = value == null ? d -> { } : value;
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

    /**
     * Drills {@code scenario} on the session's stack, where the cluster offers its fault: the drill's plan is
     * confirmed in a dialog first (declined: nothing changes), then it runs in its own view; when it ends, the stack
     * is checked again. While a drill runs, asking for one shows that one again.
     */
    public void drill(Scenario scenario) {
        HealthSession s = session.get();
        if (s == null || scenario == null || !drills.contains(scenario.id())) {
            return;
        }
        if (drill != null && drill.runningProperty().get()) {
            message.accept("The " + drill.scenario().title() + " drill is still running; it is shown again.");
            drillShower.accept(drill);
            return;
        }
        Drill operation = s.drill(scenario.id(), clock);
        DrillViewModel opened = new DrillViewModel(scenario, operation, operation::timeline, clock, runner, fx,
                dialogs, activity, timelines);
        opened.setOnFinished(afterRun);
        opened.begin(() -> {
            drill = opened;
            drillShower.accept(opened);
        });
    }

    /** The drill started last, or null. */
    public DrillViewModel lastDrill() {
        return drill;
    }

    /** The ids of the scenarios the session's cluster can drill (empty without fault injection). */
    public ObservableList<String> drills() {
        return drillsView;
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
