package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.Kubeconfig;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.logs.LogSource;
import io.neurectomy.console.core.logs.PodLogs;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.ui.connect.SandboxStarter;
import io.neurectomy.console.ui.connect.SessionConnector;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the UI needs from the outside world, gathered so that tests and the sandbox can replace any part.
 *
 * @param defaultKubeconfigFiles the files kubectl would read
 * @param kubeconfigLoader       loads and merges kubeconfig files
 * @param connector              opens cluster sessions
 * @param settings               remembered choices
 * @param taskRunner             background work; closed when the application stops
 * @param connectOnStart         connect to the preselected context as soon as the window is up
 * @param onStop                 run when the application stops, after the session is closed (e.g. stop the sandbox)
 * @param sandboxStarter         starts the embedded sandbox for the connect screen's "Sandbox cluster"; null to not
 *                               offer it
 * @param peersProbes            starts the topology's Alertmanager cluster probe for a session
 * @param logSources             the pod logs of a session, for the Logs section
 */
public record ConsoleServices(Supplier<List<Path>> defaultKubeconfigFiles,
                              Function<List<Path>, Kubeconfig> kubeconfigLoader,
                              SessionConnector connector,
                              ConsoleSettings settings,
                              TaskRunner taskRunner,
                              boolean connectOnStart,
                              Runnable onStop,
                              SandboxStarter sandboxStarter,
                              PeersProbeStarter peersProbes,
                              Function<ClusterSession, LogSource> logSources) {

    /** Services with the core's pod logs. */
    public ConsoleServices(Supplier<List<Path>> defaultKubeconfigFiles,
                           Function<List<Path>, Kubeconfig> kubeconfigLoader, SessionConnector connector,
                           ConsoleSettings settings, TaskRunner taskRunner, boolean connectOnStart, Runnable onStop,
                           SandboxStarter sandboxStarter, PeersProbeStarter peersProbes) {
        this(defaultKubeconfigFiles, kubeconfigLoader, connector, settings, taskRunner, connectOnStart, onStop,
                sandboxStarter, peersProbes, PodLogs::of);
    }

    /** Services with the core's Alertmanager peers probe. */
    public ConsoleServices(Supplier<List<Path>> defaultKubeconfigFiles,
                           Function<List<Path>, Kubeconfig> kubeconfigLoader, SessionConnector connector,
                           ConsoleSettings settings, TaskRunner taskRunner, boolean connectOnStart, Runnable onStop,
                           SandboxStarter sandboxStarter) {
        this(defaultKubeconfigFiles, kubeconfigLoader, connector, settings, taskRunner, connectOnStart, onStop,
                sandboxStarter, PeersProbeStarter.production());
    }

    /** The same services with another Alertmanager peers probe (tests: one that reports nothing). */
    public ConsoleServices withPeersProbes(PeersProbeStarter probes) {
        return new ConsoleServices(defaultKubeconfigFiles, kubeconfigLoader, connector, settings, taskRunner,
                connectOnStart, onStop, sandboxStarter, probes, logSources);
    }

    /** The same services with another source of pod logs (tests: a fake the test drives). */
    public ConsoleServices withLogSources(Function<ClusterSession, LogSource> sources) {
        return new ConsoleServices(defaultKubeconfigFiles, kubeconfigLoader, connector, settings, taskRunner,
                connectOnStart, onStop, sandboxStarter, peersProbes, sources);
    }

    /** Services that wait for the user to connect and need no clean-up of their own. */
    public ConsoleServices(Supplier<List<Path>> defaultKubeconfigFiles, Function<List<Path>, Kubeconfig> loader,
                           SessionConnector connector, ConsoleSettings settings, TaskRunner taskRunner) {
        this(defaultKubeconfigFiles, loader, connector, settings, taskRunner, false, () -> { }, null);
    }

    /** How long a connection check may take before it is reported as a timeout. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    /** The real thing: kubectl's kubeconfig files, the core connector, settings of the user's config directory. */
    public static ConsoleServices production() {
        return production(ConsoleSettings.load());
    }

    /** The real thing, with settings already loaded (and perhaps preselected from the command line). */
    public static ConsoleServices production(ConsoleSettings settings) {
        return production(settings, null, () -> { });
    }

    /** The real thing, offering the embedded sandbox on the connect screen; {@code onStop} stops it. */
    public static ConsoleServices production(ConsoleSettings settings, SandboxStarter sandbox, Runnable onStop) {
        ClusterConnector connector = new ClusterConnector(CONNECT_TIMEOUT);
        return new ConsoleServices(KubeconfigLoader::defaultFiles, KubeconfigLoader::load, connector::connect,
                settings, new FxTaskRunner(), false, onStop, sandbox);
    }

    /**
     * Services for the window opened on an embedded sandbox, started once the window is up: the window says that
     * the sandbox is starting, then connects to its context at once. Settings are kept apart from the user's own
     * so that a throw-away kubeconfig is never remembered.
     *
     * @param startSandbox starts the sandbox (off the FX thread) and returns its kubeconfig; called again, it
     *                     returns the running sandbox's
     * @param context      the sandbox's context
     * @param stopSandbox  run when the window closes
     */
    public static ConsoleServices sandbox(SandboxStarter startSandbox, String context, Runnable stopSandbox) {
        ConsoleSettings settings = ConsoleSettings.load(ConsoleSettings.defaultDirectory().resolve("sandbox"));
        settings.setLastKubeconfigFile(null);
        settings.setLastContext(context);
        settings.setLastNamespace(ClusterConnector.DEFAULT_NAMESPACE);
        return new ConsoleServices(List::of, KubeconfigLoader::load, new ClusterConnector(CONNECT_TIMEOUT)::connect,
                settings, new FxTaskRunner(), true, stopSandbox, startSandbox);
    }

    /**
     * Whether the window starts the sandbox as soon as it is shown and connects to it: it connects at start and has
     * no kubeconfig of its own, only the sandbox.
     */
    public boolean startsSandbox() {
        return connectOnStart && sandboxStarter != null && settings.lastKubeconfigFile().isEmpty();
    }
}
