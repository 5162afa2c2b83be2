package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.logs.LogSource;
import io.neurectomy.console.core.logs.PodLogs;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services the window starts with ({@link ConsoleServices#production}): kubectl's kubeconfig files, the real
 * connector (checked against an API-only sandbox), the given settings, sandbox starter and stop action.
 */
class ConsoleServicesProductionTest {
    @TempDir
    Path settingsDir;

    @Test
    void productionServicesReadKubectlsFilesConnectForRealAndKeepWhatTheyWereGiven() {
        ConsoleSettings settings = ConsoleSettings.load(settingsDir);
        AtomicInteger stopped = new AtomicInteger();
        Path offered = settingsDir.resolve("sandbox-kubeconfig");

        ConsoleServices services = ConsoleServices.production(settings, () -> offered, stopped::incrementAndGet);

        assertThat(services.defaultKubeconfigFiles().get()).isEqualTo(KubeconfigLoader.defaultFiles());
        assertThat(services.settings()).isSameAs(settings);
        assertThat(services.connectOnStart()).as("waits for the user to choose").isFalse();
        assertThat(services.sandboxStarter().start()).isEqualTo(offered);
        services.onStop().run();
        assertThat(stopped).hasValue(1);
        assertThat(services.taskRunner()).isInstanceOf(FxTaskRunner.class);
        assertThat(services.peersProbes()).isNotNull();

        try (SandboxCluster sandbox = SandboxCluster.start(true);
             ClusterSession session = services.connector().connect(services.kubeconfigLoader().apply(
                     List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, "monitoring")) {
            assertThat(session.context()).isEqualTo(SandboxCluster.CONTEXT);
            assertThat(session.sandbox()).as("the real connector recognises the sandbox").isPresent();
            LogSource logs = services.logSources().apply(session);
            assertThat(logs).isInstanceOf(PodLogs.class);
        }
    }
}
