package io.neurectomy.console.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.Map;
import java.util.Queue;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.sandbox.WatchCloseOffEventLoop;
import java.time.Instant;
import java.util.HashMap;

/**
 * A fabric8 mock API server in CRUD mode for UI tests: objects created here are listed and watched by a real
 * {@link ClusterSession}. UI tests use it through plain-value methods only.
 */
public final class MockCluster implements AutoCloseable {
    public static final String NAMESPACE = "monitoring";

    private final KubernetesMockServer server;
    private final KubernetesClient admin;

    /** Starts a server on a free loopback port with the {@value #NAMESPACE} namespace in it. */
    public MockCluster() {
        this(null);
    }

    /** As {@link #MockCluster()}, answering {@code /version} with {@code version} (null: the mock's own 0.0). */
    public MockCluster(VersionInfo version) {
        server = crudServer(version);
        server.init();
        admin = server.createClient();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).create();
    }

    /**
     * A mock API server in CRUD mode (plain HTTP), not yet started: call {@code init()} or {@code init(addr, port)}.
     * Closed watches are finished off the server's event loop, as in the sandbox; otherwise the mock can stall every
     * request for seconds after a client stops its informers.
     */
    public static KubernetesMockServer crudServer() {
        return crudServer(null);
    }

    private static KubernetesMockServer crudServer(VersionInfo version) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        return version == null ? new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                WatchCloseOffEventLoop.around(new KubernetesMixedDispatcher(responses)), false)
                : new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                WatchCloseOffEventLoop.around(new KubernetesMixedDispatcher(responses)), false, version);
    }

    /** The administrator's client, for arranging objects a test needs. */
    public KubernetesClient adminClient() {
        return admin;
    }

    /** The server itself, for expectations (a refused request) set before the CRUD behaviour. */
    public KubernetesMockServer server() {
        return server;
    }

    /** The server's base URL, for kubeconfig files. */
    public String url() {
        return server.url("/");
    }

    /** A started session on a client of its own, as the connector would return it. */
    public ClusterSession openSession(String context) {
        return openSession(context, NAMESPACE);
    }

    /**
     * A session on {@value #NAMESPACE} that is not started (no informers): for operations, which need only its
     * client.
     */
    public ClusterSession unstartedSession(String context) {
        return new ClusterSession(server.createClient(), context, NAMESPACE, "v1.30.0");
    }

    /** A started session watching {@code namespace}. */
    public ClusterSession openSession(String context, String namespace) {
        return new ClusterSession(server.createClient(), context, namespace, "v1.30.2").start();
    }

    public void createPod(String name, String node, boolean ready, int restarts, Instant created) {
        admin.pods().inNamespace(NAMESPACE).resource(StackObjects.pod(name, node, ready, restarts, created)).create();
    }

    public void deletePod(String name) {
        admin.pods().inNamespace(NAMESPACE).withName(name).delete();
    }

    public void createStatefulSet(String name, int desired, int ready) {
        admin.apps().statefulSets().inNamespace(NAMESPACE).resource(StackObjects.statefulSet(name, desired, ready))
                .create();
    }

    /** Replaces the StatefulSet as if the controller had scaled it and all replicas became ready. */
    public void scaleStatefulSet(String name, int replicas) {
        admin.apps().statefulSets().inNamespace(NAMESPACE).resource(StackObjects.statefulSet(name, replicas, replicas))
                .update();
    }

    public void createDeployment(String name, int desired, int ready) {
        admin.apps().deployments().inNamespace(NAMESPACE).resource(StackObjects.deployment(name, desired, ready))
                .create();
    }

    public void createNode(String name, boolean ready) {
        admin.nodes().resource(StackObjects.node(name, ready)).create();
    }

    @Override
    public void close() {
        admin.close();
        stopQuietly(server);
    }

    /** Stops a mock server, tolerating only its own drain timeout (see {@link #close()}). */
    public static void stopQuietly(KubernetesMockServer server) {
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // The mock server's own shutdown waits at most 10 s for its websockets to drain, which a loaded
            // 2-core machine can exceed. That is teardown of the fake, not behaviour under test: say so and go on.
            if (!(e.getCause() instanceof java.util.concurrent.TimeoutException)) {
                throw e;
            }
            System.err.println("MockCluster: server shutdown timed out (" + e.getMessage() + ")");
        }
    }
}
