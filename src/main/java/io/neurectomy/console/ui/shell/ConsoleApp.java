package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.endpoints.PortForwardManager;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.ui.connect.ConnectView;
import io.neurectomy.console.ui.connect.ConnectViewModel;
import io.neurectomy.console.ui.backup.BackupsView;
import io.neurectomy.console.ui.backup.BackupsViewModel;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogHost;
import io.neurectomy.console.ui.forwards.BrowserOpener;
import io.neurectomy.console.ui.forwards.PortForwardsView;
import io.neurectomy.console.ui.forwards.PortForwardsViewModel;
import io.neurectomy.console.ui.forwards.TextClipboard;
import io.neurectomy.console.ui.overview.OverviewView;
import io.neurectomy.console.ui.overview.OverviewViewModel;
import io.neurectomy.console.ui.topology.TopologyView;
import io.neurectomy.console.ui.topology.TopologyViewModel;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The JavaFX application. Started by the launcher with {@link #launch(ConsoleServices, String...)}, or by tests
 * with {@code FxToolkit.setupApplication(() -> new ConsoleApp(services))}.
 */
public class ConsoleApp extends Application {
    private static volatile ConsoleServices configured;

    private final ConsoleServices given;
    private ConsoleServices services;
    private ShellViewModel shell;
    private OverviewView overviewView;
    private TopologyView topologyView;

    /** Used by {@code Application.launch}: takes the services passed to {@link #launch}, else production ones. */
    public ConsoleApp() {
        this(null);
    }

    /** With explicit services (tests, sandbox). */
    public ConsoleApp(ConsoleServices services) {
        this.given = services;
    }

    /** Starts the application with the given services; blocks until the last window closed. */
    public static void launch(ConsoleServices services, String... args) {
        configured = services;
        Application.launch(ConsoleApp.class, args);
    }

    @Override
    public void init() {
        // init() runs on the launcher thread: loading settings (file I/O) here keeps it off the FX thread.
        services = given != null ? given : configured != null ? configured : ConsoleServices.production();
    }

    @Override
    public void start(Stage stage) {
        if (services == null) {
            init();
        }
        // The theme before the first control: JavaFX then never parses its default stylesheet (Modena) only to
        // replace it, which costs a good part of the time to the first frame.
        MainWindow.applyTheme(services.settings().theme() == ConsoleSettings.Theme.DARK);
        ConnectViewModel connect = new ConnectViewModel(services.defaultKubeconfigFiles(),
                services.kubeconfigLoader(), services.connector(), services.settings(), services.taskRunner());
        connect.setSandboxStarter(services.sandboxStarter());
        OverviewViewModel overview = new OverviewViewModel();
        // The window's activity log and dialogs, shared by the view models made before the shell.
        ActivityLog activity = new ActivityLog();
        DialogHost dialogs = new DialogHost();
        TopologyViewModel topology = new TopologyViewModel(services.taskRunner(), dialogs, activity);
        PortForwardsViewModel forwards = new PortForwardsViewModel(services.taskRunner(), services.settings(),
                BrowserOpener.using(getHostServices()), TextClipboard.system(), dialogs);
        shell = new ShellViewModel(connect, overview, topology, forwards, services.settings(), services.taskRunner(),
                services.peersProbes(), PortForwardManager::new, services.logSources(), activity, dialogs);
        shell.dialogs().use(new FxDialogService(() -> stage));
        ConnectView connectView = new ConnectView(connect);
        BackupsViewModel backups = new BackupsViewModel(connect.sessionProperty(), services.taskRunner(),
                services.settings(), shell.activity(), shell.dialogs());
        // Only the connect page is made now; the other sections' views when first shown.
        MainWindow window = new MainWindow(shell, connectView,
                () -> overviewView = new OverviewView(overview),
                () -> topologyView = new TopologyView(topology),
                () -> new PortForwardsView(forwards),
                () -> new BackupsView(backups));

        stage.setTitle(MainWindow.TITLE);
        Scene scene = window.createScene(1180, 760);
        stage.setScene(scene);
        stage.setMinWidth(800);
        stage.setMinHeight(500);
        // The window comes first: what it waits for (the sandbox, the kubeconfig, a connection) starts once its
        // first frame is laid out, so that neither competes with it, and the window says what it is waiting for.
        afterFirstPulse(scene, () -> {
            StartupReport.windowShown(MainWindow.TITLE);
            if (services.startsSandbox()) {
                connect.startSandbox();
            } else {
                connect.loadInitial(services.connectOnStart());
            }
        });
        stage.show();
        connectView.focus();
    }

    /** Runs {@code action} on the FX thread after the scene's first pulse (its first frame laid out). */
    private static void afterFirstPulse(Scene scene, Runnable action) {
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            scene.removePostLayoutPulseListener(listener[0]);
            Platform.runLater(action);
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }

    @Override
    public void stop() {
        if (overviewView != null) {
            overviewView.dispose();
        }
        if (topologyView != null) {
            topologyView.dispose();
        }
        if (shell != null) {
            shell.shutdown();
        }
        if (services != null) {
            services.onStop().run();
        }
    }

    /** The window's view model, for tests. */
    public ShellViewModel shell() {
        return shell;
    }
}
