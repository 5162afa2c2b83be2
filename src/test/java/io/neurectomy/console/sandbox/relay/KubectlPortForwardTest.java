package io.neurectomy.console.sandbox.relay;

import static io.neurectomy.console.sandbox.relay.RelayFixture.GRAFANA;
import static io.neurectomy.console.sandbox.relay.RelayFixture.GRAFANA_SENTENCE;
import static io.neurectomy.console.sandbox.relay.RelayFixture.NS;
import static io.neurectomy.console.sandbox.relay.RelayFixture.POD;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code kubectl port-forward} through the sandbox relay: kubectl 1.31+ tunnels SPDY in a websocket
 * ({@link SpdyPortForwardSession}). Against a real Prometheus, and against {@link RelayFixture}'s loopback server for
 * large byte-exact transfers and the refusals. Skipped loudly where kubectl is not on PATH; CI installs it and
 * requires it ({@link RealServers#require}).
 */
class KubectlPortForwardTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String SPDY_THREADS = "sandbox-portforward-" + NS + "/" + POD + ":";

    @TempDir
    Path dir;
    private Path kubectl;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void findKubectl() {
        kubectl = RealServers.require(RealServers.KUBECTL);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        toClose.add(0, closeable);
        return closeable;
    }

    @Test
    void kubectlPortForwardCarriesHttpToARealPrometheus() throws Exception {
        RealPrometheus prometheus = closing(new RealPrometheus(RealServers.require(RealServers.PROMETHEUS), dir));
        SandboxCluster sandbox = closing(SandboxCluster.start(true,
                (ns, pod) -> Optional.of(prometheus.runtime).filter(r -> r.name().equals(pod))));
        KubernetesClient client = closing(sandbox.adminClient());
        client.pods().inNamespace(NS).resource(RelayFixture.pod(POD, "prometheus")).create();
        awaitRunning(client, POD);
        Forwarding forward = closing(new Forwarding(sandbox.kubeconfig(), "pod/" + POD, 9090));

        Answer ready = Poll.until(WAIT, () -> forward.getOrNull("/-/ready"), a -> a != null && a.status() == 200,
                "/-/ready through kubectl port-forward");
        assertThat(ready.text()).contains("Prometheus Server is Ready.");
        Answer query = forward.get("/api/v1/query?query=vector(42)");
        assertThat(query.status()).isEqualTo(200);
        assertThat(query.text()).contains("\"status\":\"success\"", "\"42\"");

        for (int i = 0; i < 20; i++) {
            assertThat(forward.get("/api/v1/query?query=vector(" + i + ")").text())
                    .as("sequential connection %d", i).contains("\"" + i + "\"");
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String path = "/api/v1/query?query=vector(" + (1000 + i) + ")";
                answers.add(pool.submit(() -> forward.get(path).text()));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).as("concurrent connection %d", i)
                        .contains("\"" + (1000 + i) + "\"");
            }
        } finally {
            pool.shutdownNow();
        }

        // More than SPDY's initial 64 KiB window each way: kubectl sends no window updates.
        String big = randomLabel(300 * 1024);
        Answer echoed = forward.post("/api/v1/query", "query=" + URLEncoder.encode(
                "label_replace(vector(1), \"big\", \"" + big + "\", \"\", \"\")", StandardCharsets.UTF_8));
        assertThat(echoed.status()).as(echoed.head()).isEqualTo(200);
        assertThat(echoed.body().length).isGreaterThan(300 * 1024);
        assertThat(echoed.text()).contains("\"big\":\"" + big + "\"");

        Poll.until(WAIT, "the relay threads of finished connections to end", () -> relayThreads() == 0);
        Poll.until(WAIT, "Prometheus to see only this scrape's connection open",
                () -> prometheus.openConnections() == 1);
        assertThat(forward.output()).doesNotContain("error", "E1");
    }

    @Test
    void killingKubectlReleasesTheRelaySideOfItsConnections() throws Exception {
        RealPrometheus prometheus = closing(new RealPrometheus(RealServers.require(RealServers.PROMETHEUS), dir));
        SandboxCluster sandbox = closing(SandboxCluster.start(true,
                (ns, pod) -> Optional.of(prometheus.runtime).filter(r -> r.name().equals(pod))));
        KubernetesClient client = closing(sandbox.adminClient());
        client.pods().inNamespace(NS).resource(RelayFixture.pod(POD, "prometheus")).create();
        awaitRunning(client, POD);
        Forwarding forward = closing(new Forwarding(sandbox.kubeconfig(), "pod/" + POD, 9090));
        Poll.until(WAIT, () -> forward.getOrNull("/-/ready"), a -> a != null && a.status() == 200,
                "/-/ready through kubectl port-forward");
        int before = Poll.until(WAIT, prometheus::openConnections, n -> n == 1, "no forwarded connection open");

        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), forward.localPort);
                idle.add(socket);
                // A keep-alive exchange leaves the connection (and its relay session) open.
                socket.getOutputStream().write("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            }
            Poll.until(WAIT, "three forwarded connections open at Prometheus",
                    () -> prometheus.openConnections() == before + 3);
            Poll.until(WAIT, "a reader and a writer thread per open connection", () -> relayThreads() == 6);

            forward.close();

            Poll.until(WAIT, "no relay threads left", () -> relayThreads() == 0);
            Poll.until(WAIT, "the relay to close its connections to Prometheus",
                    () -> prometheus.openConnections() == before);
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void kubectlPortForwardCarriesTwentyMegabytesByteExactAndAnUploadOfFive() throws Exception {
        RelayFixture fixture = closing(new RelayFixture(dir));
        awaitRunning(fixture.client, POD);
        Forwarding forward = closing(new Forwarding(fixture.sandbox.kubeconfig(), "pod/" + POD, 9090));

        Answer big = Poll.until(WAIT, () -> forward.getOrNull("/big"), a -> a != null && a.status() == 200,
                "/big through kubectl port-forward");
        assertThat(big.body().length).isEqualTo(RelayFixture.BIG);
        assertThat(RelayFixture.sha256(big.body())).isEqualTo(RelayFixture.sha256(RelayFixture.bigBody()));

        Answer upload = forward.post("/hello", randomLabel(5 * 1024 * 1024));
        assertThat(upload.status()).isEqualTo(200);
        assertThat(upload.text()).isEqualTo("hello");
        Poll.until(WAIT, "the relay threads of finished connections to end", () -> relayThreads() == 0);
    }

    @Test
    void aPortNothingServesIsReportedByKubectlAsConnectionRefused() throws Exception {
        RelayFixture fixture = closing(new RelayFixture(dir));
        awaitRunning(fixture.client, POD);
        Forwarding forward = closing(new Forwarding(fixture.sandbox.kubeconfig(), "pod/" + POD, 9091));

        assertThat(forward.bodyOrNothing("/")).isEmpty();
        Poll.until(WAIT, () -> forward.output(), out -> out.contains("connection refused"),
                "kubectl to print the relay's error");
        assertThat(forward.output()).contains("an error occurred forwarding", "failed to connect to localhost:9091");
    }

    @Test
    void podsWithoutAProcessAreReportedByKubectlWithTheirSentence() throws Exception {
        RelayFixture fixture = closing(new RelayFixture(dir));
        awaitRunning(fixture.client, GRAFANA);
        awaitRunning(fixture.client, "alertmanager-0");
        Forwarding grafana = closing(new Forwarding(fixture.sandbox.kubeconfig(), "pod/" + GRAFANA, 3000));
        Forwarding alertmanager = closing(new Forwarding(fixture.sandbox.kubeconfig(), "pod/alertmanager-0", 9093));

        assertThat(grafana.bodyOrNothing("/")).isEmpty();
        assertThat(alertmanager.bodyOrNothing("/")).isEmpty();
        Poll.until(WAIT, () -> grafana.output(), out -> out.contains(GRAFANA_SENTENCE), "Grafana's sentence");
        Poll.until(WAIT, () -> alertmanager.output(), out -> out.contains("container not running"),
                "the not-running sentence");
    }

    @Test
    void aPlainSpdyUpgradeIsRefusedWithWhatToDoInstead() throws Exception {
        RelayFixture fixture = closing(new RelayFixture(dir));
        awaitRunning(fixture.client, POD);
        ProcessBuilder builder = new ProcessBuilder(kubectl.toString(), "--kubeconfig",
                fixture.sandbox.kubeconfig().toString(), "-n", NS, "port-forward", "--address", "127.0.0.1",
                "pod/" + POD, freePort() + ":9090").redirectErrorStream(true);
        builder.environment().put("KUBECTL_PORT_FORWARD_WEBSOCKETS", "false");
        Process process = builder.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kubectl ends").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isNotZero();
            assertThat(output).contains("error upgrading connection", "use kubectl 1.31 or later without "
                    + "KUBECTL_PORT_FORWARD_WEBSOCKETS=false");
        } finally {
            process.destroyForcibly();
        }
    }

    /** kubectl forwards only to a pod whose phase is Running; the sandbox's kubelet says so once it has run it. */
    private static void awaitRunning(KubernetesClient client, String name) {
        Poll.until(WAIT, () -> client.pods().inNamespace(NS).withName(name).get(),
                pod -> pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()), name + " Running");
    }

    private static long relayThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith(SPDY_THREADS) && t.getName().contains("-spdy-")).count();
    }

    private static String randomLabel(int length) {
        Random random = new Random(7);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A running {@code kubectl port-forward}, its output in a file. */
    private final class Forwarding implements AutoCloseable {
        final int localPort;
        private final Path output;
        private final Process process;

        Forwarding(Path kubeconfig, String target, int remotePort) throws IOException {
            localPort = freePort();
            output = Files.createTempFile(dir, "kubectl-port-forward", ".out");
            process = new ProcessBuilder(kubectl.toString(), "--kubeconfig", kubeconfig.toString(), "-n", NS,
                    "port-forward", "--address", "127.0.0.1", target, localPort + ":" + remotePort)
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            Poll.until(WAIT, "kubectl port-forward to listen (output: " + output + ")",
                    () -> output().contains("Forwarding from 127.0.0.1:" + localPort) || !process.isAlive());
            assertThat(process.isAlive()).as("kubectl port-forward running; it said: %s", output()).isTrue();
        }

        String output() {
            try {
                return Files.readString(output);
            } catch (IOException e) {
                return "";
            }
        }

        Answer get(String path) throws IOException {
            return exchange("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n", new byte[0]);
        }

        Answer getOrNull(String path) {
            try {
                return get(path);
            } catch (IOException e) {
                return null;
            }
        }

        Answer post(String path, String form) throws IOException {
            byte[] body = form.getBytes(StandardCharsets.UTF_8);
            return exchange("POST " + path + " HTTP/1.0\r\nHost: localhost\r\nContent-Type: "
                    + "application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n\r\n", body);
        }

        /** The body of a GET on a forward whose connections are refused: nothing, whether it ends or is reset. */
        byte[] bodyOrNothing(String path) {
            try {
                return get(path).body();
            } catch (IOException e) {
                return new byte[0];
            }
        }

        /** One HTTP/1.0 exchange on a fresh connection (the server closes it after answering). */
        private Answer exchange(String head, byte[] body) throws IOException {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), localPort)) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                return Answer.parse(socket.getInputStream());
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private record Answer(String head, byte[] body) {
        static Answer parse(InputStream in) throws IOException {
            byte[] all = in.readAllBytes();
            int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end < 0) {
                return new Answer(new String(all, StandardCharsets.ISO_8859_1), new byte[0]);
            }
            return new Answer(new String(all, 0, end, StandardCharsets.ISO_8859_1),
                    Arrays.copyOfRange(all, end + 4, all.length));
        }

        int status() {
            String[] parts = head.split(" ", 3);
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /** A real Prometheus on a loopback port, standing in for {@code monitoring/prometheus-0}. */
    private static final class RealPrometheus implements AutoCloseable {
        private static final Pattern METRIC = Pattern.compile(
                "(?m)^net_conntrack_listener_conn_(accepted|closed)_total\\{listener_name=\"http\"} (\\d+)");
        final PodRuntime runtime;
        private final int port;
        private final Process process;

        RealPrometheus(Path binary, Path dir) throws IOException {
            Path root = Files.createDirectories(dir.resolve("root"));
            Path config = Files.createDirectories(root.resolve("etc/prometheus")).resolve("prometheus.yml");
            Files.writeString(config, "global: {scrape_interval: 15s}\n");
            Path log = dir.resolve("prometheus.log");
            port = freePort();
            process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + Files.createDirectories(root.resolve("prometheus")),
                    "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            runtime = new PodRuntime(NS, POD, root, Map.of(9090, port), log, null);
        }

        /**
         * Connections open at Prometheus' web listener by its own counters, read on a direct connection (which is
         * open while they are counted, so at least 1); -1 while it does not answer.
         */
        int openConnections() {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String metrics = Answer.parse(socket.getInputStream()).text();
                Matcher m = METRIC.matcher(metrics);
                long accepted = -1;
                long closed = -1;
                while (m.find()) {
                    if (m.group(1).equals("accepted")) {
                        accepted = Long.parseLong(m.group(2));
                    } else {
                        closed = Long.parseLong(m.group(2));
                    }
                }
                return accepted < 0 || closed < 0 ? -1 : (int) (accepted - closed);
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
