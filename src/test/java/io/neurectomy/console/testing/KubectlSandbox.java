package io.neurectomy.console.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A sandbox with the bundled stack, started once for a test class, with the real {@code kubectl} against it and an
 * admin client of its own: the set-up of the classes that judge the sandbox by what kubectl makes of it. Register it
 * as {@code @RegisterExtension static final KubectlSandbox CLUSTER = KubectlSandbox.apiOnly();}. Without kubectl (or
 * a real server asked for) the class is skipped, or fails when real servers are required.
 */
public final class KubectlSandbox implements BeforeAllCallback, AfterAllCallback {
    private final SandboxCluster.Options options;
    private final List<String> servers;

    private SandboxCluster sandbox;
    private KubernetesClient admin;
    private Kubectl kubectl;

    private KubectlSandbox(SandboxCluster.Options options, List<String> servers) {
        this.options = options;
        this.servers = servers;
    }

    /** The stack's objects only: no process stands behind the pods. */
    public static KubectlSandbox apiOnly() {
        return new KubectlSandbox(SandboxCluster.Options.defaults().withBinaries(Binaries.none()), List.of());
    }

    /** Real processes behind the pods, with {@code options}; {@code servers} are required as {@link RealServers}. */
    public static KubectlSandbox withProcesses(SandboxCluster.Options options, String... servers) {
        return new KubectlSandbox(options, List.of(servers));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        servers.forEach(RealServers::require);
        RealServers.require(RealServers.KUBECTL);
        sandbox = SandboxCluster.start(false, options);
        kubectl = Kubectl.against(sandbox);
        admin = sandbox.adminClient();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (admin != null) {
            admin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    public SandboxCluster sandbox() {
        return sandbox;
    }

    public KubernetesClient admin() {
        return admin;
    }

    public Kubectl kubectl() {
        return kubectl;
    }
}
