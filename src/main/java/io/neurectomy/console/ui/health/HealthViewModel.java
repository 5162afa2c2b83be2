package io.neurectomy.console.ui.health;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.health.HealthArea;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.core.health.ProbeResult;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Health section: the stack's health check, run again every few seconds while a session is connected (never two
 * runs at once) and on demand, with its findings grouped by area, most urgent first. While a check runs the last
 * report stays shown. A finding's fix action either goes somewhere (the Logs section on a pod, the topology with a
 * pod or workload selected: the window's {@linkplain #setNavigator navigator}), restarts a pod (a delete, confirmed
 * first and run as an operation listed in the Activity panel), or silences a firing alert (its matchers completed in
 * the window's {@linkplain #setSilencer silence dialog}, then checked again).
 *
 * <p>Touched only on the FX thread; the check runs on the {@link TaskRunner}.
 */
public final class HealthViewModel {
    /** How long after one check the next one starts. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** The operation of a finding's "Acknowledge…" link (its target: the finding's code, a line break, its subject). */
    public static final String ACKNOWLEDGE = "acknowledge";
    /** The operation of an acknowledged finding's "Withdraw acknowledgement" link. */
    public static final String UNACKNOWLEDGE = "unacknowledge";

    /** Asks for the reason and the expiry of an acknowledgement (the window: a dialog); empty when cancelled. */
    @FunctionalInterface
    public interface AcknowledgeAsker {
        Optional<AckAnswer> ask(Finding finding);
    }

    /**
     * What the user answered.
     *
     * @param reason  why the team accepts the finding (not blank)
     * @param lasting how long the acknowledgement lasts
     */
    public record AckAnswer(String reason, Duration lasting) {
    }

    /** Completes a silence of a firing alert's matchers with the user and creates it; tells the outcome, if any. */
    @FunctionalInterface
    public interface Silencer {
        void silence(List<String> matchers, Consumer<String> outcome);
    }


    private final TaskRunner runner;
    private final Executor fx;
    private final CheckTimer timer;
    private final Duration interval;
    private final DialogService dialogs;
    private final ActivityLog activity;
    private final ZoneId zone;

    private final ReadOnlyObjectWrapper<HealthReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ReadOnlyObjectWrapper<HealthStatus> status = new ReadOnlyObjectWrapper<>(this, "status");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(this, "checking");
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(this, "connected");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", "");
    private final BooleanProperty attentionOnly = new SimpleBooleanProperty(this, "attentionOnly");
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ObservableList<Finding> findingsView = FXCollections.unmodifiableObservableList(findings);
    private final Map<Finding, String> headings = new HashMap<>();
    private final Map<Finding, String> guides = new HashMap<>();
    /** The report's finding behind each shown row (a row of an acknowledged finding says so in its message). */
    private final Map<Finding, Finding> originals = new HashMap<>();
    private AcknowledgeAsker asker = f -> Optional.empty();

    private HealthSession session;
    private long generation;
    private Cancellable running;
    private Cancellable next;
    private boolean again;
    private Consumer<FixAction> navigator = a -> { };
    private Silencer silencer = (m, o) -> { };
    private final HealthRunbooks runbooks;

    /** For the application: FX thread, FX timer, every {@link #INTERVAL}. */
    public HealthViewModel(TaskRunner runner, DialogService dialogs, ActivityLog activity) {
        this(runner, Platform::runLater, CheckTimer.fx(), INTERVAL, dialogs, activity, ZoneId.systemDefault());
    }

    /**
     * @param runner   runs the checks and the operations
     * @param fx       where operation events are applied (the FX thread)
     * @param timer    schedules the next check
     * @param interval how long after one check the next starts
     * @param dialogs  asks before a pod is restarted
     * @param activity where the restarts are listed
     * @param zone     the time zone of "checked at"
     */
    public HealthViewModel(TaskRunner runner, Executor fx, CheckTimer timer, Duration interval, DialogService dialogs,
                           ActivityLog activity, ZoneId zone) {
        this.runner = runner;
        this.fx = fx;
        this.timer = timer;
        this.interval = interval;
        this.dialogs = dialogs;
        this.activity = activity;
        this.zone = zone;
        this.runbooks = new HealthRunbooks(() -> session, runner, fx, dialogs, activity, this::checkNow,
                message::set);
        attentionOnly.addListener((obs, was, now) -> render());
        clear();
    }

    /** How a firing alert's "Silence…" is completed and created (the window: the Alerts tab's silence dialog). */
    public void setSilencer(Silencer dialog) {
        silencer = dialog == null ? (m, o) -> { } : dialog;
    }

    /** Where a finding's "Logs of …" and "Show …" go (the window: the Logs section, the topology). */
    public void setNavigator(Consumer<FixAction> target) {
        navigator = target == null ? a -> { } : target;
    }

    /** Checks the stack of {@code newSession} now and every few seconds from then on, leaving the previous one. */
    public void attach(HealthSession newSession) {
        detach();
        session = newSession;
        connected.set(true);
        runbooks.offerDrillsFor(newSession);
        placeholder.set("Checking the stack…");
        check();
    }

    /** Stops checking (the session closed) and forgets the report; a runbook still running is cancelled. */
    public void detach() {
        generation++;
        runbooks.cancelRunning();
        if (running != null) {
            running.cancel();
            running = null;
        }
        cancelNext();
        session = null;
        again = false;
        clear();
    }

    /** Checks now (the "Check now" button, F5); while a check runs, another follows it at once. */
    public void checkNow() {
        if (session == null) {
            return;
        }
        if (checking.get()) {
            again = true;
            return;
        }
        cancelNext();
        check();
    }

    private void cancelNext() {
        if (next != null) {
            next.cancel();
            next = null;
        }
    }

    private void check() {
        HealthSession checked = session;
        long gen = generation;
        checking.set(true);
        running = runner.run(checked::check, r -> finished(gen, r, null), e -> finished(gen, null, e));
    }

    private void finished(long gen, HealthReport result, Throwable failure) {
        if (gen != generation) {
            return;
        }
        running = null;
        checking.set(false);
        if (result != null) {
            error.set("");
            show(result);
        } else {
            error.set("The last check failed: " + describe(failure));
            if (report.get() == null) {
                placeholder.set("Could not check the stack.");
            }
        }
        if (again) {
            again = false;
            check();
            return;
        }
        next = timer.after(interval, () -> {
            if (gen == generation) {
                next = null;
                check();
            }
        });
    }

    private void show(HealthReport r) {
        report.set(r);
        status.set(r.status());
        summary.set(r.summary() + " · checked " + TIME.format(r.checkedAt().atZone(zone)));
        placeholder.set(r.notChecked().isEmpty() ? "Nothing needs attention: every check is OK." : r.summary());
        runbooks.offerFor(r);
        render();
    }

    /** Lays the last report out: by area, most urgent first within each, headed by the area's counts. */
    private void render() {
        HealthReport r = report.get();
        List<Finding> rows = new ArrayList<>();
        headings.clear();
        guides.clear();
        originals.clear();
        if (r != null) {
            for (HealthArea area : HealthArea.values()) {
                List<ProbeResult> results = r.results(area);
                List<Finding> all = new ArrayList<>();
                for (ProbeResult result : results) {
                    String guide = "By hand (" + result.probe().title() + "): " + result.probe().guide(r.namespace());
                    for (Finding original : result.findings()) {
                        Finding f = Acknowledged.label(r, original, zone);
                        originals.putIfAbsent(f, original);
                        all.add(f);
                        guides.putIfAbsent(f, guide);
                    }
                }
                all.sort(Finding.URGENCY);
                String heading = area.title() + " — " + counts(all);
                for (Finding f : all) {
                    if (!attentionOnly.get() || needsAttention(f)) {
                        rows.add(f);
                        headings.putIfAbsent(f, heading);
                    }
                }
            }
        }
        if (!rows.equals(findings)) {
            findings.setAll(rows);
        }
    }

    /** Whether a finding stays shown with "only what needs attention": what asks for action, and what is unknown. */
    static boolean needsAttention(Finding f) {
        return f.actionable() || f.severity() == Severity.UNKNOWN;
    }

    private static String counts(List<Finding> all) {
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        counts.putAll(all.stream().collect(Collectors.groupingBy(Finding::severity, Collectors.counting())));
        return counts.entrySet().stream().map(e -> e.getValue() + " " + (e.getKey() == Severity.OK ? "OK"
                : e.getKey().name().toLowerCase(Locale.ROOT))).collect(Collectors.joining(", "));
    }

    /** The runbooks: offered for the findings, all of them, and the one opened last. */
    public HealthRunbooks runbooks() {
        return runbooks;
    }

    /** How the window asks for an acknowledgement's reason and expiry. */
    public void setAcknowledgeAsker(AcknowledgeAsker dialog) {
        asker = dialog == null ? f -> Optional.empty() : dialog;
    }

    /**
     * The second link of a row: "Acknowledge…" for a finding that asks for action, "Withdraw acknowledgement" for
     * one that is acknowledged; none where findings cannot be acknowledged.
     */
    public Optional<FixAction> acknowledgeAction(Finding row) {
        HealthReport r = report.get();
        Finding f = originals.getOrDefault(row, row);
        if (session == null || !session.acknowledges() || r == null || !f.actionable()) {
            return Optional.empty();
        }
        boolean acknowledged = r.acknowledgement(f).isPresent();
        return Optional.of(new FixAction(acknowledged ? UNACKNOWLEDGE : ACKNOWLEDGE, f.code() + "\n" + f.subject(),
                acknowledged ? "Withdraw acknowledgement" : "Acknowledge…"));
    }

    /** Does what a finding's link offers: restart a pod or acknowledge here, the rest where the window shows it. */
    public void runFixAction(FixAction action) {
        if (ACKNOWLEDGE.equals(action.operation()) || UNACKNOWLEDGE.equals(action.operation())) {
            new Acknowledged(this::acknowledgeWork, message::set, this::checkNow).run(action, finding(action),
                    asker);
        } else if (FixAction.DELETE_POD.equals(action.operation())) {
            askRestart(action.target());
        } else if (FixAction.SILENCE_ALERT.equals(action.operation()) && session != null) {
            // Created (or refused): say so, and check again so that a silenced alert's finding goes.
            silencer.silence(List.of(action.target().split("\n")), outcome -> {
                message.set(outcome);
                checkNow();
            });
        } else {
            navigator.accept(action);
        }
    }

    /** Deletes a pod (its controller replaces it) once the user has confirmed; then checks again. */
    private void askRestart(String key) {
        HealthSession s = session;
        if (s == null) {
            return;
        }
        int slash = key.indexOf('/');
        String namespace = slash < 0 ? "" : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        OperationModel<Void> operation = new OperationModel<>(s.deletePod(namespace, name), runner, fx, activity);
        operation.errorProperty().addListener((obs, old, e) -> {
            if (e != null) {
                message.set("Could not restart " + name + ": " + describe(e));
            }
        });
        operation.plan(plan -> {
            if (!dialogs.confirm(plan.confirmation().prompt(), String.join(" ", plan.notes()), "Delete pod")) {
                return;
            }
            message.set("Restarting " + name + "…");
            operation.run(result -> restarted(result, name));
        }, e -> message.set("Could not restart " + name + ": " + describe(e)));
    }

    /** The finding of the last report an acknowledge link is about. */
    private Finding finding(FixAction action) {
        int cut = action.target().indexOf('\n');
        String code = action.target().substring(0, cut);
        String subject = action.target().substring(cut + 1);
        HealthReport r = report.get();
        return (r == null ? List.<Finding>of() : r.findings()).stream()
                .filter(f -> f.code().equals(code) && f.subject().equals(subject)).findFirst()
                .orElse(Finding.of(Severity.WARNING, code, subject, code));
    }

    /** Runs {@code work} with the session off the FX thread; then {@code done} or {@code failed} on it. */
    private void acknowledgeWork(Acknowledged.Work work, Consumer<String> done, Consumer<Throwable> failed) {
        HealthSession s = session;
        if (s == null) {
            return;
        }
        runner.run(() -> work.apply(s), done, failed);
    }

    private void restarted(OperationResult<Void> result, String name) {
        if (result.succeeded()) {
            message.set("Deleted pod " + name + "; its controller creates a replacement. The checks follow it.");
            checkNow();
        } else if (result.cancelled()) {
            message.set(result.summary());
        } else {
            message.set("Could not restart " + name + ": " + result.error());
        }
    }

    private static String describe(Throwable t) {
        String text = t.getMessage();
        return text == null || text.isBlank() ? t.getClass().getSimpleName() : text;
    }

    private void clear() {
        report.set(null);
        status.set(null);
        summary.set("");
        checking.set(false);
        connected.set(false);
        error.set("");
        message.set("");
        placeholder.set("Not connected");
        runbooks.clear();
        render();
    }

    /** Hides the message of the last fix action. */
    public void dismissMessage() {
        message.set("");
    }

    /** The last report, or null before the first check of the session. */
    public ReadOnlyObjectProperty<HealthReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** The verdict of the last report, or null before the first. */
    public ReadOnlyObjectProperty<HealthStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "Healthy: 38 OK, 8 unknown (17 checks in 1200 ms) · checked 10:31:02"; empty before the first report. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** True while a check runs (the last report stays shown meanwhile). */
    public ReadOnlyBooleanProperty checkingProperty() {
        return checking.getReadOnlyProperty();
    }

    /** True while a session is followed: "Check now" is offered. */
    public ReadOnlyBooleanProperty connectedProperty() {
        return connected.getReadOnlyProperty();
    }

    /** Why the last check failed as a whole, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The outcome of the last fix action ("Deleted pod …"), or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What the findings list says when empty. */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** Show only what needs attention (critical, errors, warnings and what could not be checked). */
    public BooleanProperty attentionOnlyProperty() {
        return attentionOnly;
    }

    /** The last report's findings: Workloads, Prometheus, Alertmanager, Grafana, most urgent first in each. */
    public ObservableList<Finding> findings() {
        return findingsView;
    }

    /** The heading of a finding's area with its counts ("Prometheus — 1 warning, 12 OK"). */
    public String heading(Finding f) {
        return headings.getOrDefault(f, "");
    }

    /** The command that shows the same by hand, for a finding of the last report. */
    public String guide(Finding f) {
        return guides.getOrDefault(f, "");
    }
}
