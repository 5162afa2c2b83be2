package io.neurectomy.console.ui.health;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.endpoints.AlertmanagerApi;
import io.neurectomy.console.core.endpoints.AlertmanagerApi.Alert;
import io.neurectomy.console.core.endpoints.AlertmanagerApi.Silence;
import io.neurectomy.console.core.endpoints.TestAlert;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Health section's Alerts tab: the alerts Alertmanager holds, grouped by name, with their receivers and what
 * mutes them; the active silences; creating a silence (from an alert's labels) and expiring one, confirmed first; and
 * sending a test alert, followed until it is delivered or not. Read again with every health check while the tab is
 * shown, after each change, and on demand.
 *
 * <p>Touched only on the FX thread; the calls run on the {@link TaskRunner}.
 */
public final class AlertsViewModel {
    /** How long a silence lasts unless the user says otherwise. */
    public static final String DEFAULT_DURATION = "2h";

    /** The alerts of one name. */
    public record Group(String name, List<Alert> alerts) {
        /** "2 alerts, 1 silenced". */
        public String counts() {
            long muted = alerts.stream().filter(a -> !"active".equals(a.state())).count();
            return alerts.size() + " alert" + (alerts.size() == 1 ? "" : "s")
                    + (muted == 0 ? "" : ", " + muted + " suppressed");
        }
    }

    /**
     * A silence as the dialog edits it.
     *
     * @param matchers one matcher a line ({@code alertname="Watchdog"})
     * @param duration how long ({@code 2h})
     * @param author   who
     * @param comment  why (required)
     */
    public record SilenceDraft(String matchers, String duration, String author, String comment) {
        /** The matchers, one per non-blank line. */
        public List<String> matcherList() {
            return Arrays.stream(matchers.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    private final TaskRunner runner;
    private final Executor fx;
    private final DialogService dialogs;
    private final String user;
    private final ObservableList<Group> groups = FXCollections.observableArrayList();
    private final ObservableList<Silence> silences = FXCollections.observableArrayList();
    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(this, "connected");
    private final ReadOnlyBooleanWrapper testing = new ReadOnlyBooleanWrapper(this, "testing");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    private Function<SilenceDraft, Optional<SilenceDraft>> asker = d -> Optional.empty();
    private AlertsSession session;
    private long generation;
    private Cancellable running;
    private boolean again;

    /**
     * @param runner  runs the calls
     * @param fx      where a test's progress is shown (the FX thread)
     * @param dialogs asks before a silence is expired
     * @param cycle   read again whenever it changes while the tab is shown (the health check's report)
     * @param user    the author a new silence defaults to (the OS user)
     */
    public AlertsViewModel(TaskRunner runner, Executor fx, DialogService dialogs, ObservableValue<?> cycle,
                           String user) {
        this.runner = runner;
        this.fx = fx;
        this.dialogs = dialogs;
        this.user = user;
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
    }

    /** Asks {@code newSession}'s Alertmanager from now on. */
    public void attach(AlertsSession newSession) {
        detach();
        session = newSession;
        connected.set(true);
        if (shown.get()) {
            refresh();
        }
    }

    /** Forgets the alerts (the session closed). */
    public void detach() {
        generation++;
        if (running != null) {
            running.cancel();
            running = null;
        }
        session = null;
        again = false;
        loading.set(false);
        testing.set(false);
        connected.set(false);
        groups.clear();
        silences.clear();
        error.set("");
        message.set("");
    }

    /** Reads the alerts and silences now; while a read runs, another follows it. */
    public void refresh() {
        if (session == null) {
            return;
        }
        if (loading.get()) {
            again = true;
            return;
        }
        AlertsSession s = session;
        long gen = generation;
        loading.set(true);
        running = runner.run(() -> new Object[] {s.alerts(), s.silences()}, r -> read(gen, r, null),
                e -> read(gen, null, e));
    }

    @SuppressWarnings("unchecked")
    private void read(long gen, Object[] answer, Throwable failure) {
        if (gen != generation) {
            return;
        }
        running = null;
        loading.set(false);
        if (answer != null) {
            error.set("");
            Map<String, List<Alert>> byName = new LinkedHashMap<>();
            for (Alert a : (List<Alert>) answer[0]) {
                byName.computeIfAbsent(a.name(), n -> new ArrayList<>()).add(a);
            }
            List<Group> list = byName.entrySet().stream().map(e -> new Group(e.getKey(), List.copyOf(e.getValue())))
                    .toList();
            if (!list.equals(groups)) {
                groups.setAll(list);
            }
            List<Silence> live = ((List<Silence>) answer[1]).stream().filter(s -> !"expired".equals(s.state()))
                    .toList();
            if (!live.equals(silences)) {
                silences.setAll(live);
            }
        } else {
            error.set("Could not ask Alertmanager: " + describe(failure));
        }
        if (again) {
            again = false;
            refresh();
        }
    }

    /** A new silence of {@code alert}'s labels (every one, editable), for two hours, by the OS user. */
    public SilenceDraft draft(Alert alert) {
        String matchers = alert == null ? "" : alert.labels().entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining("\n"));
        return new SilenceDraft(matchers, DEFAULT_DURATION, user, "");
    }

    /**
     * Why {@code draft} cannot be sent as it is (no matcher, no comment, no author, a duration that does not read),
     * or empty when it can.
     */
    public String problem(SilenceDraft draft) {
        if (draft.matcherList().isEmpty()) {
            return "Name at least one matcher, e.g. alertname=\"Watchdog\".";
        }
        if (draft.comment() == null || draft.comment().isBlank()) {
            return "Say why in the comment.";
        }
        if (draft.author() == null || draft.author().isBlank()) {
            return "Name the author.";
        }
        try {
            Duration d = AlertmanagerApi.duration(draft.duration());
            return d.isNegative() || d.isZero() ? "The duration must be above zero." : "";
        } catch (ConsoleException e) {
            return "C" + e.getMessage().substring(1);
        }
    }

    /** Creates the silence {@code draft} describes (the dialog's OK); then reads the silences again. */
    public void createSilence(SilenceDraft draft) {
        createSilence(draft, text -> { });
    }

    /**
     * Creates the silence {@code draft} describes; then reads the silences again and tells {@code outcome} what
     * happened (on the FX thread).
     */
    private void createSilence(SilenceDraft draft, Consumer<String> outcome) {
        AlertsSession s = session;
        String problem = problem(draft);
        if (s == null || !problem.isEmpty()) {
            message.set(problem.isEmpty() ? "" : "No silence created: " + problem);
            outcome.accept(s == null ? "Not connected: no silence created." : "No silence created: " + problem);
            return;
        }
        Duration duration = AlertmanagerApi.duration(draft.duration());
        long gen = generation;
        message.set("Creating a silence…");
        runner.run(() -> s.silence(draft.matcherList(), duration, draft.author().strip(), draft.comment().strip()),
                id -> changed(gen, "Created silence " + id + " (" + String.join(", ", draft.matcherList())
                        + ") for " + draft.duration().strip() + ".", outcome),
                e -> changed(gen, "Could not create the silence: " + describe(e), outcome));
    }

    /** How the window asks the user to complete a silence (the window: the silence dialog); empty when cancelled. */
    public void setSilenceAsker(Function<SilenceDraft, Optional<SilenceDraft>> dialog) {
        asker = dialog == null ? d -> Optional.empty() : dialog;
    }

    /**
     * Offers a silence of {@code matchers} (a firing alert's, from a health finding's "Silence…") to complete with a
     * duration and a comment; creates it when the user confirms, and tells {@code outcome} what happened (on the FX
     * thread). Nothing happens when the user cancels.
     */
    public void silence(List<String> matchers, Consumer<String> outcome) {
        SilenceDraft draft = new SilenceDraft(String.join("\n", matchers), DEFAULT_DURATION, user, "");
        asker.apply(draft).ifPresent(d -> createSilence(d, outcome));
    }

    /** Expires {@code silence} once the user has confirmed; then reads the silences again. */
    public void expire(Silence silence) {
        AlertsSession s = session;
        if (s == null || !dialogs.confirm("Expire silence " + silence.id() + "?", "The alerts it mutes ("
                + String.join(", ", silence.matchers()) + ") notify again at once. Created by "
                + silence.createdBy() + ": " + silence.comment(), "Expire")) {
            return;
        }
        long gen = generation;
        message.set("Expiring silence " + silence.id() + "…");
        runner.run(() -> {
            s.expire(silence.id());
            return silence.id();
        }, id -> changed(gen, "Expired silence " + id + "."),
                e -> changed(gen, "Could not expire silence " + silence.id() + ": " + describe(e)));
    }

    private void changed(long gen, String text) {
        changed(gen, text, t -> { });
    }

    private void changed(long gen, String text, Consumer<String> outcome) {
        if (gen == generation) {
            message.set(text);
            outcome.accept(text);
            refresh();
        }
    }

    /** Sends a test alert and follows it; the message says where it went and whether it was delivered. */
    public void sendTestAlert() {
        AlertsSession s = session;
        if (s == null || testing.get()) {
            return;
        }
        long gen = generation;
        testing.set(true);
        message.set("Sending a test alert…");
        TestAlert.Request request = TestAlert.Request.of(user);
        runner.run(() -> s.sendTestAlert(request, step -> fx.execute(() -> {
            if (gen == generation && testing.get()) {
                message.set(step);
            }
        })), result -> tested(gen, result.message() + " (" + TestAlert.ALERT_NAME + " " + result.id() + " on "
                + result.replica() + ")"), e -> tested(gen, "Could not send a test alert: " + describe(e)));
    }

    private void tested(long gen, String text) {
        if (gen == generation) {
            testing.set(false);
            changed(gen, text);
        }
    }

    private static String describe(Throwable t) {
        String text = t.getMessage();
        return text == null || text.isBlank() ? t.getClass().getSimpleName() : text;
    }

    /** Hides the outcome of the last change. */
    public void dismissMessage() {
        message.set("");
    }

    /** The alerts, grouped by name (alphabetical), each group by start. */
    public ObservableList<Group> groups() {
        return groups;
    }

    /** The silences that are active or pending, newest end first. */
    public ObservableList<Silence> silences() {
        return silences;
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

    /** True while a test alert is followed. */
    public ReadOnlyBooleanProperty testingProperty() {
        return testing.getReadOnlyProperty();
    }

    /** Why the last read failed, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The outcome of the last change or test ("Created silence …", "Delivered: …"), or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
