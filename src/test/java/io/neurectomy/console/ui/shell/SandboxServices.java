package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Window services that connect at start to a test's sandbox, with settings kept in the test's own directory. */
final class SandboxServices {
    private SandboxServices() {
    }

    static ConsoleServices connectingTo(SandboxCluster sandbox, Path settingsDir) {
        ConsoleSettings settings = ConsoleSettings.load(settingsDir);
        settings.setLastKubeconfigFile(sandbox.kubeconfig());
        settings.setLastContext(SandboxCluster.CONTEXT);
        settings.setLastNamespace(ClusterConnector.DEFAULT_NAMESPACE);
        return new ConsoleServices(() -> List.of(sandbox.kubeconfig()), KubeconfigLoader::load,
                new ClusterConnector(Duration.ofSeconds(10))::connect, settings, new FxTaskRunner(), true, () -> { },
                null);
    }
}
