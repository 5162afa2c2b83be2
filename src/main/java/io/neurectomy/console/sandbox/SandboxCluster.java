package io.neurectomy.console.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.neurectomy.console.core.cluster.SandboxMarker;
import io.neurectomy.console.sandbox.api.ApiWebServer;
import io.neurectomy.console.sandbox.api.Discovery;
import io.neurectomy.console.sandbox.api.SandboxDispatcher;
import io.neurectomy.console.sandbox.controller.SandboxReconciler;
import io.neurectomy.console.sandbox.kubelet.SandboxKubelet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final KubernetesClient admin;
    private final SandboxKubelet kubelet;
    private final SandboxReconciler reconciler;
    private final Thread shutdownHook = new Thread(this::close, "sandbox-shutdown");
    private volatile boolean closed;

    private SandboxCluster(KubernetesMockServer server, Path directory, Path kubeconfig, KubernetesClient admin,
            SandboxKubelet kubelet, SandboxReconciler reconciler) {
        this.server = server;
        this.directory = directory;
        this.kubeconfig = kubeconfig;
        this.admin = admin;
        this.kubelet = kubelet;
        this.reconciler = reconciler;
        // Whatever way the JVM ends, the sandbox's server and processes end with it.
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * How a sandbox runs its pods.
     *
     * @param binaries         the Prometheus and Alertmanager programs that stand in for pods; none for API only
     * @param propagationDelay how long ConfigMap and Secret changes take to reach the "mounted" files, as on a
     *                         kubelet
     */
    public record Options(Binaries binaries, Duration propagationDelay) {
        /** The programs found on PATH, and a kubelet-like delay of a few seconds. */
        public static Options defaults() {
            return new Options(Binaries.fromPath(), Duration.ofSeconds(3));
        }

        public Options withBinaries(Binaries value) {
            return new Options(value, propagationDelay);
        }

        public Options withPropagationDelay(Duration value) {
            return new Options(binaries, value);
        }
    }

    /**
     * Starts a fresh sandbox with the programs found on PATH.
     *
     * @param empty true for three nodes and no stack (ready for the deploy wizard)
     */
    public static SandboxCluster start(boolean empty) {
        return start(empty, Options.defaults(), null);
    }

    /** Starts a fresh sandbox: API server, seed, kubelet stand-ins and reconciler. */
    public static SandboxCluster start(boolean empty, Options options) {
        return start(empty, options, null);
    }

    /**
     * For relay tests and benchmarks: a sandbox without processes of its own whose pods' {@code portforward},
     * {@code exec} and {@code log} reach the stand-ins that {@code runtimes} finds for them.
     */
    public static SandboxCluster start(boolean empty, PodRuntimes runtimes) {
        return start(empty, Options.defaults().withBinaries(Binaries.none()), runtimes);
    }

    private static SandboxCluster start(boolean empty, Options options, PodRuntimes relayTargets) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        // The dispatcher needs the server's address for /api, which is known only once it listens, and the
        // kubelet, which needs a client of the running server.
        AtomicInteger port = new AtomicInteger();
        AtomicReference<PodRuntimes> runtimes = new AtomicReference<>((ns, pod) -> Optional.empty());
        Discovery discovery = new Discovery(() -> "127.0.0.1:" + port.get());
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new ApiWebServer(), responses,
                new SandboxDispatcher(new KubernetesMixedDispatcher(responses), discovery,
                        (ns, pod) -> runtimes.get().find(ns, pod)), false,
                new VersionInfo.Builder().withMajor("1").withMinor("30").withGitVersion("v1.30.0-sandbox")
                        .withPlatform("linux/amd64").build());
        Path dir = null;
        KubernetesClient admin = null;
        SandboxKubelet kubelet = null;
        try {
            server.init(InetAddress.getLoopbackAddress(), 0);
            port.set(server.getPort());
            dir = Files.createTempDirectory("monitoring-console-sandbox-");
            Path kubeconfig = writeKubeconfig(dir, "http://127.0.0.1:" + server.getPort());
            admin = server.createClient();
            kubelet = new SandboxKubelet(dir.resolve("kubelet"), admin, options.binaries(),
                    options.propagationDelay());
            runtimes.set(relayTargets != null ? relayTargets : kubelet);
            seed(admin, "sandbox/nodes.yaml");
            writeMarker(admin, kubelet.mode());
            if (!empty) {
                for (HasMetadata item : SandboxStack.render().resources()) {
                    admin.resource(withDataFromStringData(item)).create();
                }
            }
            SandboxReconciler reconciler = new SandboxReconciler(admin, kubelet, key -> {
                int slash = key.indexOf('/');
                return runtimes.get().find(key.substring(0, slash), key.substring(slash + 1));
            }, Clock.systemUTC());
            SandboxCluster sandbox = new SandboxCluster(server, dir, kubeconfig, admin, kubelet, reconciler);
            reconciler.start();
            LOG.info("Sandbox cluster listening on 127.0.0.1:{} (kubeconfig {}){}", server.getPort(), kubeconfig,
                    kubelet.mode() == null ? "" : "; " + kubelet.mode());
            return sandbox;
        } catch (IOException | RuntimeException e) {
            if (kubelet != null) {
                kubelet.close();
            }
            if (admin != null) {
                admin.close();
            }
            server.destroy();
            Directories.deleteQuietly(dir);
            throw new ConsoleException("The sandbox cluster could not start: " + e.getMessage()
                    + ". Check that the temporary directory is writable.", e);
        }
    }

    /** Tells the console (through the API, like any cluster fact) that this is the sandbox, and in which mode. */
    private static void writeMarker(KubernetesClient admin, String apiOnlyNotice) {
        for (String ns : List.of("default", "kube-system", SandboxMarker.NAMESPACE)) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .createOr(NonDeletingOperation::update);
        }
        String notice = apiOnlyNotice != null ? "Sandbox, API only. " + apiOnlyNotice
                + " Install the Debian packages prometheus and prometheus-alertmanager for live processes."
                : "Sandbox: an embedded cluster on this machine. Prometheus and Alertmanager pods are real local"
                        + " processes; Grafana pods exist in the API only (no Debian package).";
        admin.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(SandboxMarker.NAME)
                .withNamespace(SandboxMarker.NAMESPACE).endMetadata()
                .addToData(SandboxMarker.MODE_KEY, apiOnlyNotice != null ? SandboxMarker.MODE_API_ONLY
                        : SandboxMarker.MODE_FULL)
                .addToData(SandboxMarker.NOTICE_KEY, notice).build()).create();
    }

    static void seed(KubernetesClient admin, String resource) throws IOException {
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

    /** Null when real processes stand behind the pods; otherwise the sentence saying why it runs API only. */
    public String apiOnlyReason() {
        return kubelet.mode();
    }

    /** The PID of every process the sandbox has started, for checking that none outlives it. */
    public List<Long> startedPids() {
        return kubelet.startedPids();
    }

    /** Simulates the failure of a node: it goes NotReady, and its pods lose readiness and their processes. */
    public void failNode(String node) {
        setFailed(node, true);
    }

    /** Ends a simulated node failure: the node is Ready again and its pods' processes start. */
    public void recoverNode(String node) {
        setFailed(node, false);
    }

    private void setFailed(String node, boolean failed) {
        admin.nodes().withName(node).edit(n -> {
            if (failed) {
                n.getMetadata().getAnnotations().put(SandboxMarker.NODE_FAILED_ANNOTATION, "true");
            } else {
                n.getMetadata().getAnnotations().remove(SandboxMarker.NODE_FAILED_ANNOTATION);
            }
            return n;
        });
    }

    /** Stops the reconciler, every process, the API server, and removes the files; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | SecurityException e) {
            // Already shutting down: this call is the hook itself.
        }
        reconciler.close();
        kubelet.close();
        admin.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // The mock server waits a bounded time for its connections to drain; going on is safe, as the
            // process is leaving the sandbox behind either way.
            LOG.warn("The sandbox API server was slow to stop: {}", e.getMessage());
        }
        Directories.deleteQuietly(directory);
        LOG.info("Sandbox cluster stopped");
    }
}
