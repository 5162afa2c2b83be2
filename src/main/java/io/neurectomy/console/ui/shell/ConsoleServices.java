package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.Kubeconfig;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.settings.ConsoleSettings;
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
 */
public record ConsoleServices(Supplier<List<Path>> defaultKubeconfigFiles,
                              Function<List<Path>, Kubeconfig> kubeconfigLoader,
                              SessionConnector connector,
                              ConsoleSettings settings,
                              TaskRunner taskRunner) {

    /** How long a connection check may take before it is reported as a timeout. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    /** The real thing: kubectl's kubeconfig files, the core connector, settings of the user's config directory. */
    public static ConsoleServices production() {
        ClusterConnector connector = new ClusterConnector(CONNECT_TIMEOUT);
        return new ConsoleServices(KubeconfigLoader::defaultFiles, KubeconfigLoader::load, connector::connect,
                ConsoleSettings.load(), new FxTaskRunner());
    }

    /** The same services with another connector (e.g. the sandbox's). */
    public ConsoleServices withConnector(SessionConnector other) {
        return new ConsoleServices(defaultKubeconfigFiles, kubeconfigLoader, other, settings, taskRunner);
    }
}
