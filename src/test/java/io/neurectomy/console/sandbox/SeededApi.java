package io.neurectomy.console.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.neurectomy.console.testing.MockCluster;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The sandbox's API with its seed (nodes and stack) but without its reconciler or processes, for tests that drive
 * one part of the sandbox (kubelet, discovery, volumes) by hand.
 */
public final class SeededApi implements AutoCloseable {
    private final KubernetesMockServer server;

    private SeededApi(KubernetesMockServer server) {
        this.server = server;
    }

    /** A running API with the nodes and the stack; the caller closes it. */
    public static SeededApi start() {
        KubernetesMockServer server = MockCluster.crudServer();
        server.init();
        try (KubernetesClient admin = server.createClient()) {
            SandboxCluster.seed(admin, "sandbox/nodes.yaml");
            SandboxCluster.seed(admin, "sandbox/stack.yaml");
        } catch (IOException e) {
            MockCluster.stopQuietly(server);
            throw new UncheckedIOException(e);
        }
        return new SeededApi(server);
    }

    /** Creates what a bundled resource file (e.g. {@code sandbox/nodes.yaml}) holds, as the sandbox seeds it. */
    public static void seed(KubernetesClient admin, String resource) throws IOException {
        SandboxCluster.seed(admin, resource);
    }

    /** A new client of the API; the caller closes it. */
    public KubernetesClient adminClient() {
        return server.createClient();
    }

    @Override
    public void close() {
        MockCluster.stopQuietly(server);
    }
}
