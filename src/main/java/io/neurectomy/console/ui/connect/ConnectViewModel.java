package io.neurectomy.console.ui.connect;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeContext;
import io.neurectomy.console.core.cluster.Kubeconfig;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Choosing a kubeconfig, a context and a namespace, and owning the resulting {@link ClusterSession}.
 *
 * <p>Everything that reads files or talks to the cluster goes through the {@link TaskRunner}. There is at most one
 * session: connecting again closes the previous one (informers, threads, sockets) before opening the next.
 */
public final class ConnectViewModel {
    /** Namespace the stack is installed in unless the user says otherwise. */
    public static final String DEFAULT_NAMESPACE = "monitoring";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectViewModel.class);

    private final Supplier<List<Path>> defaultFiles;
    private final Function<List<Path>, Kubeconfig> loader;
    private final SessionConnector connector;
    private final ConsoleSettings settings;
    private final TaskRunner runner;

    private final ObservableList<Path> kubeconfigFiles = FXCollections.observableArrayList();
    private final ObservableList<KubeContext> contexts = FXCollections.observableArrayList();
    private final ObjectProperty<KubeContext> selectedContext = new SimpleObjectProperty<>(this, "selectedContext");
    private final StringProperty namespace = new SimpleStringProperty(this, "namespace", DEFAULT_NAMESPACE);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper loadError = new ReadOnlyStringWrapper(this, "loadError", "");
    private final ReadOnlyObjectWrapper<ConnectionStatus> status =
            new ReadOnlyObjectWrapper<>(this, "status", ConnectionStatus.DISCONNECTED);
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "Disconnected");
    private final ReadOnlyStringWrapper connectError = new ReadOnlyStringWrapper(this, "connectError", "");
    private final ReadOnlyObjectWrapper<ClusterSession> session = new ReadOnlyObjectWrapper<>(this, "session");
    private final BooleanBinding connectDisabled;

    private final ReadOnlyBooleanWrapper sandboxOffered = new ReadOnlyBooleanWrapper(this, "sandboxOffered");
    private final ReadOnlyBooleanWrapper sandboxStarting = new ReadOnlyBooleanWrapper(this, "sandboxStarting");
    private SandboxStarter sandboxStarter;
    private Kubeconfig kubeconfig;
    private Attempt attempt;
    private int loadGeneration;

    /**
     * @param defaultFiles the files kubectl would read ({@code KubeconfigLoader::defaultFiles})
     * @param loader       loads and merges kubeconfig files ({@code KubeconfigLoader::load})
     * @param connector    opens sessions
     * @param settings     remembered choices
     * @param runner       runs file and network work off the FX thread
     */
    public ConnectViewModel(Supplier<List<Path>> defaultFiles, Function<List<Path>, Kubeconfig> loader,
                            SessionConnector connector, ConsoleSettings settings, TaskRunner runner) {
        this.defaultFiles = defaultFiles;
        this.loader = loader;
        this.connector = connector;
        this.settings = settings;
        this.runner = runner;
        settings.lastNamespace().ifPresent(namespace::set);
        connectDisabled = Bindings.createBooleanBinding(
                () -> selectedContext.get() == null || namespace.get() == null || namespace.get().isBlank()
                        || status.get() == ConnectionStatus.CONNECTING,
                selectedContext, namespace, status);
    }

    /** Loads the kubeconfig chosen last time, else the default files. */
    public void loadInitial() {
        loadInitial(false);
    }

    /** Like {@link #loadInitial()}, then connects to the preselected context once the contexts are listed. */
    public void loadInitial(boolean connectWhenLoaded) {
        connectAfterLoad = connectWhenLoaded;
        Optional<Path> chosen = settings.lastKubeconfigFile();
        load(chosen.map(p -> (Supplier<List<Path>>) () -> List.of(p)).orElse(defaultFiles), false);
    }

    /** Loads the files kubectl would read (KUBECONFIG, else ~/.kube/config) and forgets a chosen file. */
    public void useDefaultFiles() {
        settings.setLastKubeconfigFile(null);
        load(defaultFiles, true);
    }

    /** Loads one file the user picked; it is remembered once it loaded. */
    public void useFile(Path file) {
        load(() -> List.of(file), true);
    }

    private boolean connectAfterLoad;

    /** Offers the "Sandbox cluster" choice, started by {@code starter}. */
    public void setSandboxStarter(SandboxStarter starter) {
        this.sandboxStarter = starter;
        sandboxOffered.set(starter != null);
    }

    /**
     * Starts the embedded sandbox (or reuses the one already running) and connects to it. Its throw-away kubeconfig
     * is loaded without being remembered as the user's file.
     */
    public void startSandbox() {
        if (sandboxStarter == null || sandboxStarting.get()) {
            return;
        }
        sandboxStarting.set(true);
        connectError.set("");
        statusText.set("Starting the sandbox cluster…");
        runner.run(sandboxStarter::start, file -> {
            sandboxStarting.set(false);
            connectAfterLoad = true;
            load(() -> List.of(file), false);
        }, error -> {
            sandboxStarting.set(false);
            LOG.warn("The sandbox cluster did not start: {}", error.getMessage());
            statusText.set("Sandbox not started");
            connectError.set(messageOf(error));
        });
    }

    private void load(Supplier<List<Path>> files, boolean remember) {
        loading.set(true);
        loadError.set("");
        // Only the newest load may fill the list: an older, slower one (e.g. a network drive) is ignored.
        int generation = ++loadGeneration;
        runner.run(() -> loadOff(files), result -> {
            if (generation != loadGeneration) {
                return;
            }
            loading.set(false);
            kubeconfigFiles.setAll(result.files());
            if (result.error() != null) {
                kubeconfig = null;
                contexts.clear();
                selectedContext.set(null);
                loadError.set(messageOf(result.error()));
                return;
            }
            kubeconfig = result.kubeconfig();
            contexts.setAll(kubeconfig.contexts());
            selectedContext.set(preselect(kubeconfig));
            if (remember) {
                settings.setLastKubeconfigFile(result.files().size() == 1 && files != defaultFiles
                        ? result.files().get(0) : null);
                saveSettings();
            }
            if (connectAfterLoad && selectedContext.get() != null) {
                connectAfterLoad = false;
                connect();
            }
        }, error -> {
            if (generation == loadGeneration) {
                loading.set(false);
                loadError.set(messageOf(error));
            }
        });
    }

    private LoadResult loadOff(Supplier<List<Path>> files) {
        List<Path> paths = List.of();
        try {
            paths = files.get();
            return new LoadResult(paths, loader.apply(paths), null);
        } catch (RuntimeException e) {
            return new LoadResult(paths, null, e);
        }
    }

    private record LoadResult(List<Path> files, Kubeconfig kubeconfig, Throwable error) {
    }

    private KubeContext preselect(Kubeconfig config) {
        List<KubeContext> all = config.contexts();
        Optional<KubeContext> last = settings.lastContext()
                .flatMap(name -> all.stream().filter(c -> c.name().equals(name)).findFirst());
        return last.or(() -> config.currentContext()
                        .flatMap(name -> all.stream().filter(c -> c.name().equals(name)).findFirst()))
                .or(() -> all.stream().filter(KubeContext::current).findFirst())
                .orElse(all.isEmpty() ? null : all.get(0));
    }

    /** Connects to the selected context and namespace, closing the current session first. */
    public void connect() {
        KubeContext context = selectedContext.get();
        String ns = namespace.get() == null ? "" : namespace.get().trim();
        if (context == null || ns.isEmpty() || kubeconfig == null) {
            return;
        }
        connect(context.name(), ns);
    }

    /** Connects again to the context of the current session (or the selected one), e.g. after a network change. */
    public void reconnect() {
        ClusterSession current = session.get();
        if (current != null && kubeconfig != null) {
            connect(current.context(), current.namespace());
        } else {
            connect();
        }
    }

    private void connect(String context, String ns) {
        cancelAttempt();
        ClusterSession old = session.get();
        session.set(null);
        Kubeconfig config = kubeconfig;
        Attempt next = new Attempt();
        attempt = next;
        status.set(ConnectionStatus.CONNECTING);
        statusText.set("Connecting to " + context + "…");
        connectError.set("");
        Cancellable handle = runner.run(() -> {
            if (old != null) {
                old.close();
            }
            return next.deliver(connector.connect(config, context, ns));
        }, opened -> connected(next, opened), error -> failed(next, error));
        next.handle(handle);
    }

    private void connected(Attempt done, ClusterSession opened) {
        if (done != attempt) {
            runner.run(opened::close);
            return;
        }
        attempt = null;
        session.set(opened);
        status.set(ConnectionStatus.CONNECTED);
        statusText.set("Connected to " + (opened.sandbox().isPresent() ? "the sandbox at " : "") + opened.server()
                + (opened.serverVersion() == null || opened.serverVersion().isBlank()
                        ? "" : " (" + opened.serverVersion() + ")"));
        settings.setLastContext(opened.context());
        settings.setLastNamespace(opened.namespace());
        saveSettings();
    }

    private void failed(Attempt done, Throwable error) {
        if (done != attempt) {
            return;
        }
        attempt = null;
        if (error instanceof CancellationException) {
            status.set(ConnectionStatus.DISCONNECTED);
            statusText.set("Disconnected");
            return;
        }
        LOG.info("Connection failed: {}", error.getMessage());
        status.set(ConnectionStatus.FAILED);
        statusText.set("Connection failed");
        connectError.set(messageOf(error));
    }

    /** Stops a connection attempt in progress. */
    public void cancel() {
        if (attempt == null) {
            return;
        }
        cancelAttempt();
        status.set(ConnectionStatus.DISCONNECTED);
        statusText.set("Connection cancelled");
    }

    private void cancelAttempt() {
        Attempt running = attempt;
        attempt = null;
        if (running != null) {
            running.cancel().ifPresent(opened -> runner.run(opened::close));
        }
    }

    /** Closes the session (in the background) and returns to "Disconnected". */
    public void disconnect() {
        cancelAttempt();
        ClusterSession old = session.get();
        session.set(null);
        if (old != null) {
            runner.run(old::close);
        }
        status.set(ConnectionStatus.DISCONNECTED);
        statusText.set("Disconnected");
        connectError.set("");
    }

    private void saveSettings() {
        runner.run(() -> {
            settings.save();
            return null;
        }, ignored -> { }, error -> LOG.warn("{}", error.getMessage()));
    }

    private static String messageOf(Throwable error) {
        Throwable e = error;
        while (e.getMessage() == null && e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * One connection attempt. A session that arrives after the attempt was cancelled is closed, whichever of the
     * two happens first, so cancelling never leaks informers or sockets.
     */
    private static final class Attempt {
        private Cancellable handle;
        private ClusterSession opened;
        private boolean cancelled;

        synchronized void handle(Cancellable h) {
            handle = h;
            if (cancelled) {
                h.cancel();
            }
        }

        synchronized ClusterSession deliver(ClusterSession s) {
            if (cancelled) {
                s.close();
                throw new CancellationException("connection attempt cancelled");
            }
            opened = s;
            return s;
        }

        synchronized Optional<ClusterSession> cancel() {
            cancelled = true;
            if (handle != null) {
                handle.cancel();
            }
            return Optional.ofNullable(opened);
        }
    }

    /** The kubeconfig files in use, in precedence order. */
    public ObservableList<Path> kubeconfigFiles() {
        return FXCollections.unmodifiableObservableList(kubeconfigFiles);
    }

    /** The contexts of the loaded kubeconfig. */
    public ObservableList<KubeContext> contexts() {
        return FXCollections.unmodifiableObservableList(contexts);
    }

    /** The context to connect to: the one used last time, else the kubeconfig's current-context. */
    public ObjectProperty<KubeContext> selectedContextProperty() {
        return selectedContext;
    }

    /** The namespace the stack lives in; {@value #DEFAULT_NAMESPACE} unless another one was used last time. */
    public StringProperty namespaceProperty() {
        return namespace;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Why the kubeconfig could not be loaded, or empty. */
    public ReadOnlyStringProperty loadErrorProperty() {
        return loadError.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ConnectionStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "Disconnected", "Connecting to ctx…", "Connected to https://… (v1.30)" or "Connection failed". */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    /** Why the last connection attempt failed, as the core worded it, or empty. */
    public ReadOnlyStringProperty connectErrorProperty() {
        return connectError.getReadOnlyProperty();
    }

    /** The open session, or null. */
    public ReadOnlyObjectProperty<ClusterSession> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    /** True when there is nothing to connect to yet or an attempt is running. */
    /** Whether the "Sandbox cluster" choice is offered. */
    public ReadOnlyBooleanProperty sandboxOfferedProperty() {
        return sandboxOffered.getReadOnlyProperty();
    }

    /** True while the sandbox cluster is starting. */
    public ReadOnlyBooleanProperty sandboxStartingProperty() {
        return sandboxStarting.getReadOnlyProperty();
    }

    /** Whether the session's cluster is the console's sandbox, for the "(Sandbox)" label beside its context. */
    public boolean isSandboxContext(KubeContext context) {
        ClusterSession current = session.get();
        return current != null && current.sandbox().isPresent() && context != null
                && context.name().equals(current.context());
    }

    public BooleanBinding connectDisabledProperty() {
        return connectDisabled;
    }
}
