package io.neurectomy.console.sandbox.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay in front of a real Prometheus process (skipped loudly without the binary). */
class RealPrometheusRelayTest {
    @TempDir
    Path dir;
    private Process prometheus;
    private SandboxCluster sandbox;
    private KubernetesClient client;
    private LocalPortForward forward;

    @AfterEach
    void stop() throws Exception {
        if (forward != null) {
            forward.close();
        }
        if (client != null) {
            client.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void portForwardExecAndLogReachARealPrometheus() throws Exception {
        Path binary = RealServers.require(RealServers.PROMETHEUS);
        Path root = Files.createDirectories(dir.resolve("root"));
        Path config = Files.createDirectories(root.resolve("etc/prometheus")).resolve("prometheus.yml");
        Files.writeString(config, "global: {scrape_interval: 15s}\n");
        Path log = dir.resolve("prometheus.log");
        int port = freePort();
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(root.resolve("prometheus")),
                "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        PodRuntime runtime = new PodRuntime("monitoring", "prometheus-0", root, Map.of(9090, port), log, null);
        sandbox = SandboxCluster.start(true, (ns, pod) -> Optional.of(runtime).filter(r -> r.name().equals(pod)));
        client = sandbox.adminClient();
        client.pods().inNamespace("monitoring").resource(RelayFixture.pod("prometheus-0", "prometheus")).create();
        var pod = client.pods().inNamespace("monitoring").withName("prometheus-0");

        forward = pod.portForward(9090);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI ready = URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/-/ready");
        Poll.until(Duration.ofSeconds(120), () -> status(http, ready), code -> code == 200,
                "/-/ready through the forward");

        // Exec runs in the pod: its /prometheus is the data directory the real server is writing. (ls, not wget:
        // the host has no wget to lend the pod unless someone installed it.)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch exec = pod.writingOutput(out).writingError(new ByteArrayOutputStream())
                .exec("ls", "/prometheus")) {
            assertThat(exec.exitCode().get(20, TimeUnit.SECONDS)).isZero();
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).as("the server's data directory, seen by exec")
                .contains("wal", "queries.active");
        assertThat(pod.getLog()).contains("Server is ready to receive web requests.");
    }

    private static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
