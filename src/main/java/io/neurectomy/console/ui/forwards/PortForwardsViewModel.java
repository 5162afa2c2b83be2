package io.neurectomy.console.ui.forwards;

import io.neurectomy.console.core.endpoints.Forward;
import io.neurectomy.console.core.endpoints.ForwardException;
import io.neurectomy.console.core.endpoints.ForwardFavorites;
import io.neurectomy.console.core.endpoints.ForwardListener;
import io.neurectomy.console.core.endpoints.ForwardPreset;
import io.neurectomy.console.core.endpoints.ForwardSpec;
import io.neurectomy.console.core.endpoints.ForwardState;
import io.neurectomy.console.core.endpoints.ForwardStatus;
import io.neurectomy.console.core.endpoints.ForwardTarget;
import io.neurectomy.console.core.endpoints.PortForwardManager;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.Follower;
import io.neurectomy.console.ui.fx.FxCoalescer;
import io.neurectomy.console.ui.fx.ListPatch;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port-forwards page: the forwards of the connected session as rows, the one-click launchers, a custom forward,
 * and the actions on a row (stop, open, copy, favorite).
 *
 * <p>Threads: every public method is called on the FX thread and changes properties only there. Starting, stopping,
 * saving settings and opening a browser run through the {@link TaskRunner}. The manager's listeners (forward threads)
 * only ask the {@link FxCoalescer} for a refresh, which reads every forward's latest status on the FX thread.
 *
 * <p>Lifecycle: the shell calls {@link #attach} with the manager of a new session and {@link #detach} on
 * disconnect, context switch and exit; detaching stops every forward.
 */
public final class PortForwardsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(PortForwardsViewModel.class);
    static final String NOT_CONNECTED = "Not connected: connect to a cluster to start port-forwards.";
    static final String NO_FORWARDS = "No port-forwards. Start one with the buttons above.";

    private final TaskRunner runner;
    private final ConsoleSettings settings;
    private final ForwardFavorites favorites;
    private final BrowserOpener opener;
    private final TextClipboard clipboard;
    private final DialogService dialogs;
    private final Follower follower;
    private final Supplier<Instant> clock;

    private final ObservableList<ForwardRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper(this, "errorMessage", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", NOT_CONNECTED);
    private final ReadOnlyStringWrapper contextName = new ReadOnlyStringWrapper(this, "context", "");
    private final ReadOnlyBooleanWrapper attached = new ReadOnlyBooleanWrapper(this, "attached");
    private final BooleanProperty restoreFavoritesAtStart = new SimpleBooleanProperty(this, "restoreFavoritesAtStart");

    private PortForwardManager manager;
    /** Forwards already reported as FAILED, so each failure is reported once. */
    private final Set<Long> reportedFailures = new HashSet<>();

    /**
     * For the application: refreshes on the FX thread, at most 10 times per second.
     *
     * @param runner       background work (starting, stopping, saving, opening a browser)
     * @param settings     where favorites and the "restore at start" choice are kept
     * @param opener       opens a URL in the browser
     * @param clipboard    takes copied text
     * @param dialogs      asks before a forward listens on a non-loopback address
     */
    public PortForwardsViewModel(TaskRunner runner, ConsoleSettings settings, BrowserOpener opener,
                                 TextClipboard clipboard, DialogService dialogs) {
        this(runner, settings, opener, clipboard, dialogs, FxCoalescer::onFxThread, Instant::now);
    }

    /**
     * @param coalescers makes the coalescer for the refresh action (a test runs it on its own "UI" thread)
     * @param clock      "now", for the uptime column
     */
    public PortForwardsViewModel(TaskRunner runner, ConsoleSettings settings, BrowserOpener opener,
                                 TextClipboard clipboard, DialogService dialogs,
                                 Function<Runnable, FxCoalescer> coalescers, Supplier<Instant> clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.favorites = new ForwardFavorites(settings);
        this.opener = Objects.requireNonNull(opener, "opener");
        this.clipboard = Objects.requireNonNull(clipboard, "clipboard");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.follower = new Follower(Objects.requireNonNull(coalescers, "coalescers"));
        this.clock = Objects.requireNonNull(clock, "clock");
        restoreFavoritesAtStart.set(favorites.restoreAtStart());
        restoreFavoritesAtStart.addListener((obs, was, now) -> {
            if (now != favorites.restoreAtStart()) {
                favorites.setRestoreAtStart(now);
                save();
            }
        });
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------------

    /**
     * Shows the forwards of {@code newManager} (a new session) and, when the user opted in, starts the favorites of
     * its context again; favorites on a non-loopback address are confirmed again first. Detaches the previous
     * manager (stopping its forwards).
     */
    public void attach(PortForwardManager newManager) {
        Objects.requireNonNull(newManager, "manager");
        detach();
        manager = newManager;
        contextName.set(newManager.context());
        attached.set(true);
        placeholder.set(NO_FORWARDS);
        errorMessage.set("");
        notice.set("");
        // A forward's status and the list of forwards change on forward threads: both only ask for a refresh.
        ForwardListener onStatus = status -> follower.request();
        follower.follow(onList -> {
            newManager.addListener(onStatus);
            newManager.addListListener(onList);
        }, onList -> {
            newManager.removeListener(onStatus);
            newManager.removeListListener(onList);
        }, () -> refresh(newManager));
        if (favorites.restoreAtStart()) {
            runner.run(() -> favorites.restore(newManager), restored -> {
                if (!restored.problems().isEmpty()) {
                    errorMessage.set("Some favorites did not start: " + String.join("; ", restored.problems()));
                }
                for (ForwardSpec spec : restored.needConfirmation()) {
                    if (manager == newManager) {
                        forward(spec);
                    }
                }
                request();
            }, e -> fail("The favorite port-forwards did not start", e));
        }
    }

    /**
     * Stops every forward of the attached manager (in background) and clears the page; the manager itself stays open
     * (its owner closes it with the session). Nothing happens when nothing is attached.
     */
    public void detach() {
        PortForwardManager m = manager;
        if (m == null) {
            return;
        }
        follower.stop();
        manager = null;
        reportedFailures.clear();
        rows.clear();
        attached.set(false);
        contextName.set("");
        placeholder.set(NOT_CONNECTED);
        notice.set("");
        runner.run(m::stopAll);
    }

    // ---- starting --------------------------------------------------------------------------------------------------

    /** One-click launcher: the component's Service on its port (Prometheus 9090, Grafana 3000, Alertmanager 9093). */
    public void launch(ForwardPreset preset) {
        PortForwardManager m = requireAttached();
        if (m != null) {
            forward(preset.spec(m.namespace()));
        }
    }

    /** A forward to one pod's port on loopback (the topology's pod panel calls this). */
    public void forwardPod(String namespace, String pod, int remotePort) {
        try {
            forward(ForwardSpec.of(ForwardTarget.pod(namespace, pod), remotePort));
        } catch (ForwardException e) {
            errorMessage.set(e.getMessage());
        }
    }

    /**
     * The custom forward from the form: a target ({@code POD}, {@code pod/NAME} or {@code svc/NAME}), the remote port
     * (may be empty for the stack's own pods and Services), an optional pinned local port and the bind address (empty:
     * 127.0.0.1). Bad input goes to {@link #errorMessageProperty()}.
     *
     * @return whether the input was understood (the forward is then starting, or waits for nothing else)
     */
    public boolean forwardCustom(String target, String remotePort, String localPort, String bindAddress) {
        PortForwardManager m = requireAttached();
        if (m == null) {
            return false;
        }
        ForwardSpec spec;
        try {
            spec = customSpec(target, remotePort, localPort, bindAddress, m.namespace());
        } catch (ForwardException e) {
            errorMessage.set(e.getMessage());
            return false;
        }
        return forward(spec);
    }

    static ForwardSpec customSpec(String target, String remotePort, String localPort, String bindAddress,
                                  String namespace) {
        String t = target == null ? "" : target.strip();
        if (t.isEmpty()) {
            throw new ForwardException("Say what to forward to: a pod name, pod/NAME or svc/NAME.");
        }
        ForwardSpec parsed = remotePort == null || remotePort.isBlank()
                ? ForwardSpec.parse(t, namespace) : ForwardSpec.parse(t + ":" + remotePort.strip(), namespace);
        int local = localPort == null || localPort.isBlank() ? 0 : port(localPort, "local port");
        return new ForwardSpec(parsed.target(), parsed.remotePort(), local, bindAddress, false, parsed.health());
    }

    private static int port(String text, String what) {
        try {
            int p = Integer.parseInt(text.strip());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ForwardException("The " + what + " must be a number from 1 to 65535, not '" + text.strip() + "'.");
    }

    /**
     * Starts {@code spec} in background, unless the same forward already runs (its URL is then shown as a notice).
     * A non-loopback bind address is asked about first and the forward is not started without the confirmation.
     *
     * @return false when nothing is started (not attached, already running, or not confirmed)
     */
    public boolean forward(ForwardSpec spec) {
        PortForwardManager m = requireAttached();
        if (m == null) {
            return false;
        }
        Optional<ForwardRow> running = rows.stream().filter(r -> !r.state().ended() && r.sameSpec(spec)).findFirst();
        if (running.isPresent()) {
            notice.set(running.get().title() + " is already forwarded at " + running.get().url());
            return false;
        }
        ForwardSpec toStart = spec;
        if (spec.needsConfirmation()) {
            boolean yes = dialogs.confirm("Listen on " + spec.bindAddress() + "?",
                    "Listening on " + spec.bindAddress() + " makes " + spec.target().describe() + " port "
                            + spec.remotePort() + " reachable from other machines, without any authentication:"
                            + " whoever reaches this port reaches the component (for Prometheus its admin API,"
                            + " for Alertmanager its silences). Listen on " + ForwardSpec.LOOPBACK
                            + " unless others really need it.",
                    "Listen on " + spec.bindAddress());
            if (!yes) {
                errorMessage.set("Not started: listening on " + spec.bindAddress() + " for " + spec.title()
                        + " was not confirmed.");
                return false;
            }
            toStart = spec.withBindAddress(spec.bindAddress(), true);
        }
        ForwardSpec s = toStart;
        errorMessage.set("");
        notice.set("Starting " + s.title() + "…");
        runner.run(() -> m.start(s), forward -> {
            notice.set("");
            request();
        }, e -> fail("Could not start the port-forward to " + s.title(), e));
        return true;
    }

    // ---- actions on a row ------------------------------------------------------------------------------------------

    /** Stops the row's forward and removes it (in background). */
    public void stop(ForwardRow row) {
        PortForwardManager m = manager;
        Forward f = forwardOf(row);
        if (m == null || f == null) {
            return;
        }
        runner.run(() -> {
            m.stop(f);
            return f;
        }, stopped -> request(), e -> fail("Could not stop " + row.title(), e));
    }

    /** Stops every forward of the session (in background). */
    public void stopAll() {
        PortForwardManager m = manager;
        if (m == null) {
            return;
        }
        runner.run(() -> {
            m.stopAll();
            return m;
        }, stopped -> request(), e -> fail("Could not stop the port-forwards", e));
    }

    /** Starts a forward (typically a FAILED one) again in its place. */
    public void restart(ForwardRow row) {
        PortForwardManager m = manager;
        Forward f = forwardOf(row);
        if (m == null || f == null) {
            return;
        }
        errorMessage.set("");
        reportedFailures.remove(row.id());
        runner.run(() -> m.restart(f), started -> request(), e -> fail("Could not restart " + row.title(), e));
    }

    /** Opens the row's URL in the browser (in background). */
    public void open(ForwardRow row) {
        String url = row.url();
        runner.run(() -> {
            opener.open(url);
            return url;
        }, opened -> notice.set("Opened " + opened), e -> fail("Could not open a browser for " + url
                + " (copy the URL instead)", e));
    }

    /** Puts the row's URL on the clipboard. */
    public void copyUrl(ForwardRow row) {
        clipboard.putText(row.url());
        notice.set("Copied " + row.url());
    }

    /** Puts the equivalent {@code kubectl port-forward} command on the clipboard. */
    public void copyKubectlCommand(ForwardRow row) {
        clipboard.putText(row.kubectl());
        notice.set("Copied: " + row.kubectl());
    }

    /** Makes the row's forward a favorite of the attached context, or no longer one; saved in background. */
    public void setFavorite(ForwardRow row, boolean favorite) {
        String context = contextName.get();
        if (context.isEmpty()) {
            return;
        }
        if (favorite) {
            favorites.add(context, row.spec());
        } else {
            favorites.remove(context, row.spec());
        }
        save();
        request();
    }

    /** Toggles {@link #setFavorite}. */
    public void toggleFavorite(ForwardRow row) {
        setFavorite(row, !row.favorite());
    }

    /** The favorites of the attached context (empty when detached). */
    public List<ForwardSpec> favorites() {
        return contextName.get().isEmpty() ? List.of() : favorites.list(contextName.get());
    }

    /** Recomputes the rows (uptimes grow without any event); the view calls it about once a second. */
    public void tick() {
        request();
    }

    /** Clears the error line. */
    public void dismissError() {
        errorMessage.set("");
    }

    // ---- internals -------------------------------------------------------------------------------------------------

    private PortForwardManager requireAttached() {
        if (manager == null) {
            errorMessage.set(NOT_CONNECTED);
        }
        return manager;
    }

    private Forward forwardOf(ForwardRow row) {
        PortForwardManager m = manager;
        if (m == null || row == null) {
            return null;
        }
        return m.forwards().stream().filter(f -> f.id() == row.id()).findFirst().orElse(null);
    }

    private void request() {
        follower.request();
    }

    private void save() {
        runner.run(() -> {
            settings.save();
            return settings;
        }, saved -> { }, e -> fail("The favorites were not saved", e));
    }

    private void fail(String what, Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
        if (!(e instanceof ForwardException)) {
            LOG.warn("{}", what, e);
        }
        notice.set("");
        errorMessage.set(what + ": " + message);
    }

    private void refresh(PortForwardManager followed) {
        // A refresh scheduled before a context switch may still arrive; it must not paint the old session.
        if (followed != manager) {
            return;
        }
        Instant now = clock.get();
        List<ForwardSpec> favs = favorites.list(followed.context());
        List<ForwardRow> fresh = new ArrayList<>();
        for (Forward f : followed.forwards()) {
            ForwardStatus s = f.status();
            fresh.add(ForwardRow.of(s, favs.contains(s.spec().withBindAddress(s.spec().bindAddress(), false)), now));
            if (s.state() == ForwardState.FAILED && reportedFailures.add(s.id())) {
                errorMessage.set(s.spec().title() + " failed: " + s.reason());
            }
        }
        // Only the rows that differ change, so the table keeps its selection.
        ListPatch.byPosition(rows, fresh);
    }

    // ---- properties ------------------------------------------------------------------------------------------------

    /** The forwards of the attached session, in the order they were started. */
    public ObservableList<ForwardRow> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** The last problem (bad input, refused bind address, a failed start or forward), or empty. */
    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    /** The last confirmation of an action ("Copied …"), or empty. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** What an empty table says. */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** The attached context, or empty. */
    public ReadOnlyStringProperty contextProperty() {
        return contextName.getReadOnlyProperty();
    }

    /** Whether a session is attached (forwards can be started). */
    public ReadOnlyBooleanProperty attachedProperty() {
        return attached.getReadOnlyProperty();
    }

    /** Whether favorites start again when the console connects to their context; kept in the settings. */
    public BooleanProperty restoreFavoritesAtStartProperty() {
        return restoreFavoritesAtStart;
    }
}
