package io.neurectomy.console.sandbox.relay;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.SandboxCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A sandbox whose pod {@code monitoring/prometheus-0} is stood in for by things the test controls: a temporary
 * root directory, a loopback HTTP server for container port 9090, and a log file; {@code monitoring/grafana-0}
 * has an unavailable runtime.
 */
final class RelayFixture implements AutoCloseable {
    static final String NS = "monitoring";
    static final String POD = "prometheus-0";
    static final String GRAFANA = "grafana-0";
    static final String GRAFANA_SENTENCE = "Grafana is not available in the sandbox (it has no Debian package).";
    static final int BIG = 20 * 1024 * 1024;

    final Path root;
    final Path logFile;
    final Map<String, PodRuntime> runtimes = new ConcurrentHashMap<>();
    final HttpServer target;
    final SandboxCluster sandbox;
    final KubernetesClient client;
    private final ExecutorService targetThreads = Executors.newCachedThreadPool();

    RelayFixture(Path dir) throws IOException {
        root = Files.createDirectories(dir.resolve("pod-root"));
        logFile = dir.resolve("prometheus-0.log");
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        target.createContext("/hello", exchange -> respond(exchange, "hello".getBytes(StandardCharsets.UTF_8)));
        target.createContext("/big", exchange -> respond(exchange, bigBody()));
        target.setExecutor(targetThreads);
        target.start();
        runtimes.put(NS + "/" + POD, new PodRuntime(NS, POD, root, Map.of(9090, target.getAddress().getPort()),
                logFile, null));
        runtimes.put(NS + "/" + GRAFANA, new PodRuntime(NS, GRAFANA, root, Map.of(), logFile, GRAFANA_SENTENCE));
        sandbox = SandboxCluster.start(true, (ns, pod) -> Optional.ofNullable(runtimes.get(ns + "/" + pod)));
        client = sandbox.adminClient();
        client.pods().inNamespace(NS).resource(pod(POD, "prometheus")).create();
        client.pods().inNamespace(NS).resource(pod(GRAFANA, "grafana")).create();
        client.pods().inNamespace(NS).resource(pod("alertmanager-0", "alertmanager")).create();
    }

    static Pod pod(String name, String container) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().addNewContainer().withName(container).withImage(container).endContainer().endSpec()
                .build();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
            in.readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        }
    }

    /** 20 MiB of a fixed pseudo-random pattern (not compressible, not repetitive at small scales). */
    static byte[] bigBody() {
        byte[] body = new byte[BIG];
        new java.util.Random(42).nextBytes(body);
        return body;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    @Override
    public void close() {
        client.close();
        sandbox.close();
        target.stop(0);
        targetThreads.shutdownNow();
    }
}
