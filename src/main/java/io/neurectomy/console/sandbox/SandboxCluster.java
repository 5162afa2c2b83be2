package io.neurectomy.console.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.neurectomy.console.core.ConsoleException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Kubernetes API on 127.0.0.1 for trying the console without a cluster, for screenshots and for
 * tests: a fabric8 mock server in CRUD mode with discovery documents, seeded with three nodes and (unless empty)
 * the monitoring stack, reachable through an ordinary kubeconfig file.
 *
 * <p>The console reaches it through that kubeconfig like any other cluster; nothing in core knows about it.
 */
public final class SandboxCluster implements AutoCloseable {
    /** The name of the sandbox's context, cluster and user in its kubeconfig. */
    public static final String CONTEXT = "monitoring-console-sandbox";
    private static final Logger LOG = LoggerFactory.getLogger(SandboxCluster.class);

    private final KubernetesMockServer server;
    private final Path directory;
    private final Path kubeconfig;
    private volatile boolean closed;

    private SandboxCluster(KubernetesMockServer server, Path directory, Path kubeconfig) {
        this.server = server;
        this.directory = directory;
        this.kubeconfig = kubeconfig;
    }

    /**
     * Starts a fresh sandbox.
     *
     * @param empty true for three nodes and no stack (ready for the deploy wizard)
     */
    public static SandboxCluster start(boolean empty) {
        return start(empty, (namespace, pod) -> Optional.empty());
    }

    /**
     * Starts a fresh sandbox whose pods' {@code portforward}, {@code exec} and {@code log} reach the local processes
     * that {@code runtimes} finds for them.
     *
     * @param empty    true for three nodes and no stack (ready for the deploy wizard)
     * @param runtimes the local stand-ins of the pods
     */
    public static SandboxCluster start(boolean empty, PodRuntimes runtimes) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        // The dispatcher needs the server's address for /api, which is known only once it listens.
        AtomicInteger port = new AtomicInteger();
        Discovery discovery = new Discovery(() -> "127.0.0.1:" + port.get());
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new RelayWebServer(), responses,
                new SandboxDispatcher(new KubernetesMixedDispatcher(responses), discovery, runtimes), false,
                new VersionInfo.Builder().withMajor("1").withMinor("30").withGitVersion("v1.30.0-sandbox")
                        .withPlatform("linux/amd64").build());
        Path dir = null;
        try {
            server.init(InetAddress.getLoopbackAddress(), 0);
            port.set(server.getPort());
            dir = Files.createTempDirectory("monitoring-console-sandbox-");
            Path kubeconfig = writeKubeconfig(dir, "http://127.0.0.1:" + server.getPort());
            SandboxCluster sandbox = new SandboxCluster(server, dir, kubeconfig);
            try (KubernetesClient admin = server.createClient()) {
                seed(admin, "sandbox/nodes.yaml");
                if (!empty) {
                    seed(admin, "sandbox/stack.yaml");
                }
            }
            LOG.info("Sandbox cluster listening on 127.0.0.1:{} (kubeconfig {})", server.getPort(), kubeconfig);
            return sandbox;
        } catch (IOException | RuntimeException e) {
            server.destroy();
            deleteQuietly(dir);
            throw new ConsoleException("The sandbox cluster could not start: " + e.getMessage()
                    + ". Check that the temporary directory is writable.", e);
        }
    }

    private static void seed(KubernetesClient admin, String resource) throws IOException {
        try (InputStream in = SandboxCluster.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing bundled resource " + resource);
            }
            for (HasMetadata item : admin.load(in).items()) {
                admin.resource(withDataFromStringData(item)).create();
            }
        }
    }

    /** The mock server stores Secrets as given; a real API server turns stringData into base64 data. */
    private static HasMetadata withDataFromStringData(HasMetadata item) {
        if (!(item instanceof Secret secret) || secret.getStringData() == null) {
            return item;
        }
        Map<String, String> data = new LinkedHashMap<>(secret.getData() == null ? Map.of() : secret.getData());
        secret.getStringData().forEach((k, v) -> data.put(k,
                Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder(secret).withStringData(null).withData(data).build();
    }

    private static Path writeKubeconfig(Path dir, String url) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: %1$s
                clusters:
                  - name: %1$s
                    cluster:
                      server: %2$s
                users:
                  - name: %1$s
                    user:
                      username: sandbox
                      password: sandbox
                contexts:
                  - name: %1$s
                    context:
                      cluster: %1$s
                      user: %1$s
                      namespace: monitoring
                """.formatted(CONTEXT, url));
        return file;
    }

    /** The kubeconfig file that reaches this sandbox (context {@value #CONTEXT}). */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The API server URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A client for sandbox-side work (the reconciler, tests); the console itself connects through kubeconfig. */
    public KubernetesClient adminClient() {
        return server.createClient();
    }

    /** Stops the API server and removes the kubeconfig; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.destroy();
        deleteQuietly(directory);
        LOG.info("Sandbox cluster stopped");
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not remove sandbox directory {}: {}", dir, e.getMessage());
        }
    }
}
