package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeContext;
import io.neurectomy.console.core.endpoints.PortForwardManager;
import io.neurectomy.console.core.endpoints.PrometheusTargets;
import io.neurectomy.console.core.logs.LogSource;
import io.neurectomy.console.core.logs.PodLogs;
import io.neurectomy.console.core.health.Acknowledgements;
import io.neurectomy.console.core.health.BackupSource;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.core.settings.ConsoleSettings.Theme;
import io.neurectomy.console.ui.connect.ConnectViewModel;
import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.config.ConfigHistory;
import io.neurectomy.console.core.config.ConfigService;
import io.neurectomy.console.ui.config.ConfigViewModel;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.ui.health.AlertsSession;
import io.neurectomy.console.ui.health.AlertsViewModel;
import io.neurectomy.console.ui.health.HealthSession;
import io.neurectomy.console.ui.forwards.PortForwardsViewModel;
import io.neurectomy.console.ui.health.HealthViewModel;
import io.neurectomy.console.ui.health.TargetsViewModel;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogHost;
import io.neurectomy.console.ui.fx.TaskRunner;
import io.neurectomy.console.ui.logs.LogsViewModel;
import io.neurectomy.console.ui.overview.OverviewViewModel;
import io.neurectomy.console.ui.deploy.StackViewModel;
import io.neurectomy.console.ui.topology.SnapshotSource;
import io.neurectomy.console.ui.topology.TopologyViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import javafx.application.Platform;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window's state: which section is shown, what the status bar says, the theme; and the wiring between
 * the connection and the live views (a new session is followed by the overview, the topology and the health check,
 * a closed one is left; after connecting the window shows Health). The topology computes only while shown; its
 * Alertmanager probe starts the first time it is shown in a session and stops with the session. Each session gets
 * its own port-forward manager: every forward stops on disconnect, on a context switch and on exit.
 */
public final class ShellViewModel {
    /** Applied versions kept per configuration object and context. */
    private static final int HISTORY_VERSIONS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(ShellViewModel.class);

    private final ConnectViewModel connect;
    private final OverviewViewModel overview;
    private final TopologyViewModel topology;
    private final ConsoleSettings settings;
    private final TaskRunner runner;
    private final PeersProbeStarter probes;
    private final PortForwardsViewModel forwards;
    private final Function<ClusterSession, PortForwardManager> forwardManagers;
    private final StackViewModel stack;
    private final ConfigViewModel config;
    private final LogsViewModel logs;
    private final Function<ClusterSession, LogSource> logSources;
    private final ActivityLog activity;
    private final DialogHost dialogs;
    private final ActivityViewModel activityPanel;
    private final HealthViewModel health;
    private final TargetsViewModel healthTargets;
    private final AlertsViewModel healthAlerts;
    private AutoCloseable probe;
    private PortForwardManager forwardManager;

    private final ObjectProperty<Section> section = new SimpleObjectProperty<>(this, "section", Section.CONNECT);
    private final BooleanProperty darkTheme = new SimpleBooleanProperty(this, "darkTheme");
    private final BooleanBinding overviewAvailable;
    private final StringBinding contextText;
    private final StringBinding namespaceText;
    private final BooleanBinding sandbox;

    public ShellViewModel(ConnectViewModel connect, OverviewViewModel overview, TopologyViewModel topology,
                          PortForwardsViewModel forwards, ConsoleSettings settings, TaskRunner runner,
                          PeersProbeStarter probes, Function<ClusterSession, PortForwardManager> forwardManagers) {
        this(connect, overview, topology, forwards, settings, runner, probes, forwardManagers, PodLogs::of,
                new ActivityLog(), new DialogHost());
    }

    /**
     * With another source of pod logs (tests: a fake the test drives), and the window's activity log and dialogs,
     * which view models made before the shell (topology, port-forwards) already use.
     */
    public ShellViewModel(ConnectViewModel connect, OverviewViewModel overview, TopologyViewModel topology,
                          PortForwardsViewModel forwards, ConsoleSettings settings, TaskRunner runner,
                          PeersProbeStarter probes, Function<ClusterSession, PortForwardManager> forwardManagers,
                          Function<ClusterSession, LogSource> logSources, ActivityLog activity, DialogHost dialogs) {
        this.activity = activity;
        this.dialogs = dialogs;
        this.connect = connect;
        this.activityPanel = new ActivityViewModel(activity, dialogs, section, Clock.systemDefaultZone());
        this.logSources = logSources;
        this.logs = new LogsViewModel(runner);
        topology.pods().setLogOpener((namespace, pod) -> showLogs(pod));
        overview.setLogOpener(this::showLogs);
        this.forwards = forwards;
        this.forwardManagers = forwardManagers;
        topology.pods().setPortForwarder((namespace, pod, port) -> {
            forwards.forwardPod(namespace, pod, port);
            section.set(Section.FORWARDS);
        });
        this.overview = overview;
        this.topology = topology;
        this.settings = settings;
        this.runner = runner;
        this.probes = probes;
        this.stack = new StackViewModel(runner, activity, dialogs);
        stack.setTopologyOpener(() -> show(Section.TOPOLOGY));
        this.config = new ConfigViewModel(runner, activity, dialogs);
        this.health = new HealthViewModel(runner, dialogs, activity);
        health.setNavigator(this::showFix);
        health.runbooks().setDefaults(java.time.Clock.systemUTC(), AppDirs.current().dataDir().resolve("runbooks"));
        overview.healthSummaryProperty().bind(health.summaryProperty());
        overview.healthStatusProperty().bind(health.statusProperty());
        overview.setHealthOpener(() -> show(Section.HEALTH));
        this.healthTargets = new TargetsViewModel(runner, health.reportProperty(), ZoneId.systemDefault());
        this.healthAlerts = new AlertsViewModel(runner, Platform::runLater, dialogs, health.reportProperty(),
                System.getProperty("user.name", "monitoring-console"));
        health.setSilencer(healthAlerts::silence);
        darkTheme.set(settings.theme() == Theme.DARK);
        darkTheme.addListener((obs, was, dark) -> {
            settings.setTheme(dark ? Theme.DARK : Theme.LIGHT);
            runner.run(() -> {
                settings.save();
                return null;
            }, ignored -> { }, error -> LOG.warn("{}", error.getMessage()));
        });
        overviewAvailable = connect.sessionProperty().isNotNull();
        contextText = Bindings.createStringBinding(() -> {
            ClusterSession s = connect.sessionProperty().get();
            KubeContext selected = connect.selectedContextProperty().get();
            if (s != null) {
                return s.context() + (s.sandbox().isPresent() ? " (Sandbox)" : "");
            }
            return selected != null ? selected.name() : "—";
        }, connect.sessionProperty(), connect.selectedContextProperty());
        namespaceText = Bindings.createStringBinding(() -> {
            ClusterSession s = connect.sessionProperty().get();
            return s != null ? s.namespace() : connect.namespaceProperty().get();
        }, connect.sessionProperty(), connect.namespaceProperty());
        sandbox = Bindings.createBooleanBinding(() -> connect.sessionProperty().get() != null
                && connect.sessionProperty().get().sandbox().isPresent(), connect.sessionProperty());
        connect.sessionProperty().addListener((obs, old, session) -> follow(session));
        section.addListener((obs, old, now) -> {
            if (now.needsSession() && !overviewAvailable.get()) {
                section.set(Section.CONNECT);
                return;
            }
            topology.setActive(now == Section.TOPOLOGY);
            if (now == Section.TOPOLOGY) {
                startProbe();
            }
        });
        topology.setActive(section.get() == Section.TOPOLOGY);
    }

    private void startProbe() {
        ClusterSession session = connect.sessionProperty().get();
        if (probe != null || session == null) {
            return;
        }
        try {
            probe = probes.start(session, topology::alertmanagerPeers);
        } catch (RuntimeException e) {
            // The peer count only sharpens the Alertmanager findings; the topology works without it.
            LOG.warn("Alertmanager peers probe not started: {}", e.getMessage());
        }
    }

    private void stopProbe() {
        AutoCloseable p = probe;
        probe = null;
        if (p != null) {
            // Closing may wait for a probe in flight: not on the FX thread.
            runner.run(() -> {
                try {
                    p.close();
                } catch (Exception e) {
                    LOG.debug("Closing the Alertmanager peers probe failed", e);
                }
            });
        }
    }

    /** Stops the forwards of the session that ends and closes its manager (off the FX thread). */
    private void closeForwards() {
        PortForwardManager old = forwardManager;
        forwardManager = null;
        forwards.detach();
        if (old != null) {
            runner.run(() -> {
                old.close();
                return null;
            }, ignored -> { }, error -> LOG.warn("Closing the port-forwards failed: {}", error.getMessage()));
        }
    }

    private void follow(ClusterSession session) {
        stopProbe();
        closeForwards();
        logs.detach();
        if (session != null) {
            try {
                logs.attach(logSources.apply(session), session.state(), session.namespace());
            } catch (RuntimeException e) {
                LOG.warn("Pod logs not available: {}", e.getMessage());
            }
        }
        if (session != null) {
            forwardManager = forwardManagers.apply(session);
            forwards.attach(forwardManager);
        }
        stack.attach(session);
        health.detach();
        healthTargets.detach();
        healthAlerts.detach();
        if (session != null) {
            health.attach(HealthSession.of(session, () -> BackupSource.fromSettings(settings, AppDirs.current(),
                    System.getenv()), Acknowledgements.of(AppDirs.current())));
            healthTargets.attach(new PrometheusTargets(session, Duration.ofSeconds(10))::read);
            healthAlerts.attach(AlertsSession.of(session));
        }
        config.detach();
        if (session != null) {
            config.attach(ConfigService.of(session, new ConfigHistory(AppDirs.current().dataDir().resolve("history"),
                    HISTORY_VERSIONS)));
        }
        if (session == null) {
            stack.detach();
            overview.detach();
            topology.detach();
            overview.setSandboxNotice("");
            section.set(Section.CONNECT);
        } else {
            overview.attach(session.state());
            topology.attach(SnapshotSource.of(session.state()), session.capabilities(),
                    session.sandbox().isPresent(), new SessionTopologyActions(session, runner));
            String sandboxNotice = session.sandbox().map(m -> m.notice().isBlank()
                    ? "Sandbox: an embedded cluster for trying the console; nothing here touches a real cluster."
                    : m.notice()).orElse("");
            String missing = session.namespaceMissing() ? "Namespace " + session.namespace() + " does not exist on"
                    + " this cluster yet: deploy the stack from the Stack section (" + Section.STACK.shortcut() + ")."
                    : "";
            overview.setSandboxNotice(String.join(" ", List.of(missing, sandboxNotice)).strip());
            if (session.namespaceMissing()) {
                // Nothing to look at before a first deploy: go where it is done.
                section.set(Section.STACK);
            } else if (section.get().needsSession()) {
                // A session replaced without a gap while a section of the cluster is shown: stay there.
                if (section.get() == Section.TOPOLOGY) {
                    startProbe();
                }
            } else {
                section.set(Section.HEALTH);
            }
        }
    }

    /** Shows a section; the overview and the topology only while connected. */
    public void show(Section target) {
        section.set(target);
    }

    /** Connects again to the current context. */
    public void reconnect() {
        connect.reconnect();
    }

    public void toggleTheme() {
        darkTheme.set(!darkTheme.get());
    }

    /** Leaves the session and stops background work; called once when the application stops. */
    public void shutdown() {
        stopProbe();
        health.detach();
        healthTargets.detach();
        healthAlerts.detach();
        logs.detach();
        config.detach();
        forwards.detach();
        if (forwardManager != null) {
            // The application is ending: release the local ports now rather than in a task nobody waits for.
            forwardManager.close();
            forwardManager = null;
        }
        overview.detach();
        topology.dispose();
        connect.disconnect();
        runner.close();
    }

    public ObjectProperty<Section> sectionProperty() {
        return section;
    }

    /** True while connected: the overview has something to show. */
    public BooleanBinding overviewAvailableProperty() {
        return overviewAvailable;
    }

    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    /** The context of the session, else the selected one. */
    public StringBinding contextTextProperty() {
        return contextText;
    }

    /** True while connected to the console's embedded sandbox. */
    public BooleanBinding sandboxProperty() {
        return sandbox;
    }

    /** The namespace of the session, else the one typed in. */
    public StringBinding namespaceTextProperty() {
        return namespaceText;
    }

    public ConnectViewModel connect() {
        return connect;
    }

    public PortForwardsViewModel forwards() {
        return forwards;
    }

    public OverviewViewModel overview() {
        return overview;
    }

    public TopologyViewModel topology() {
        return topology;
    }

    /** The Stack section: deploy wizard, validate, destroy. */
    public StackViewModel stack() {
        return stack;
    }

    /** Goes where a health finding's link points: the Logs section on a pod, the topology with it selected. */
    private void showFix(FixAction action) {
        if (FixAction.SHOW_LOGS.equals(action.operation())) {
            String target = action.target();
            showLogs(target.substring(target.indexOf('/') + 1));
        } else {
            topology.runFixActionOnNextPicture(action);
            section.set(Section.TOPOLOGY);
        }
    }

    /** The Logs section on {@code pod}. */
    private void showLogs(String pod) {
        logs.openPod(pod);
        section.set(Section.LOGS);
    }

    /** The Logs section: one pod's log, followed and filtered. */
    public LogsViewModel logs() {
        return logs;
    }

    /** The Health section: the stack's health check, run again every few seconds while connected. */
    public HealthViewModel health() {
        return health;
    }

    /** The Health section's Targets tab. */
    public TargetsViewModel healthTargets() {
        return healthTargets;
    }

    /** The Health section's Alerts tab. */
    public AlertsViewModel healthAlerts() {
        return healthAlerts;
    }

    /** The Config section: the three editors. */
    public ConfigViewModel config() {
        return config;
    }

    /** The window's running and recent operations, for the Activity panel. */
    public ActivityLog activity() {
        return activity;
    }

    /** The Activity panel: running and recent operations, and the notifications of their outcomes. */
    public ActivityViewModel activityPanel() {
        return activityPanel;
    }

    /** Where the window's background work runs. */
    public TaskRunner runner() {
        return runner;
    }

    /** The window's dialogs; the main window plugs in the real ones. */
    public DialogHost dialogs() {
        return dialogs;
    }
}
