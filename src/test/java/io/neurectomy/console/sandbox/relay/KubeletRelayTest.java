package io.neurectomy.console.sandbox.relay;

import static io.neurectomy.console.sandbox.relay.RelayFixture.GRAFANA;
import static io.neurectomy.console.sandbox.relay.RelayFixture.GRAFANA_SENTENCE;
import static io.neurectomy.console.sandbox.relay.RelayFixture.NS;
import static io.neurectomy.console.sandbox.relay.RelayFixture.POD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.neurectomy.console.testing.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeletRelayTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    private RelayFixture fixture;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        fixture = new RelayFixture(dir);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        fixture.close();
    }

    private PodResource pod(String name) {
        return fixture.client.pods().inNamespace(NS).withName(name);
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        toClose.add(0, closeable);
        return closeable;
    }

    /** One HTTP/1.0 exchange on a fresh connection (the server closes it after answering). */
    private static Answer get(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] all = socket.getInputStream().readAllBytes();
            int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end < 0) {
                return new Answer(new String(all, StandardCharsets.ISO_8859_1), new byte[0]);
            }
            return new Answer(new String(all, 0, end, StandardCharsets.ISO_8859_1),
                    Arrays.copyOfRange(all, end + 4, all.length));
        }
    }

    /** The body of a GET through a forward the relay refuses: nothing, whether the connection ends or is reset. */
    private static byte[] bodyOrNothing(int port) {
        try {
            return get(port, "/").body();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private record Answer(String head, byte[] body) {
        int status() {
            String[] parts = head.split(" ", 3);
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
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

    @Test
    void portForwardCarriesSequentialAndConcurrentHttpExchanges() throws Exception {
        LocalPortForward forward = closing(pod(POD).portForward(9090));

        for (int i = 0; i < 5; i++) {
            Answer answer = get(forward.getLocalPort(), "/hello");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.text()).isEqualTo("hello");
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    List<String> bodies = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        bodies.add(get(forward.getLocalPort(), "/hello").text());
                    }
                    return bodies;
                }));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).containsOnly("hello").hasSize(5);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(forward.errorOccurred()).as("errors: %s", forward.getServerThrowables()).isFalse();
    }

    @Test
    void portForwardCarriesTwentyMegabytesByteExact() throws Exception {
        LocalPortForward forward = closing(pod(POD).portForward(9090));

        Answer answer = get(forward.getLocalPort(), "/big");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).hasSize(RelayFixture.BIG);
        assertThat(RelayFixture.sha256(answer.body())).isEqualTo(RelayFixture.sha256(RelayFixture.bigBody()));
    }

    @Test
    void portForwardToAPortNothingServesReportsConnectionRefused() throws Exception {
        LocalPortForward forward = closing(pod(POD).portForward(9999));

        assertThat(bodyOrNothing(forward.getLocalPort())).isEmpty();
        Poll.until(WAIT, "the kubelet-style error", () -> forward.getServerThrowables().stream()
                .anyMatch(t -> String.valueOf(t.getMessage()).contains("error forwarding port 9999 to pod")));
    }

    @Test
    void execCatPrintsTheFileUnderThePodRoot() throws Exception {
        Files.createDirectories(fixture.root.resolve("etc/x"));
        Files.writeString(fixture.root.resolve("etc/x/file"), "global:\n  scrape_interval: 15s\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ExecWatch exec = closing(pod(POD).writingOutput(out).exec("cat", "/etc/x/file"));

        assertThat(exec.exitCode().get(20, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("global:\n  scrape_interval: 15s\n");
    }

    @Test
    void execOfACommandOutsideTheAllowListFailsWithExitCode126() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        ExecWatch exec = closing(pod(POD).writingOutput(new ByteArrayOutputStream()).writingError(err)
                .exec("chmod", "-R", "777", "/etc"));

        assertThat(exec.exitCode().get(20, TimeUnit.SECONDS)).isEqualTo(126);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("command 'chmod' is not available in the sandbox; allowed: cat, ls, sha256sum, tar");
    }

    @Test
    void execReportsANonZeroExitCode() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        ExecWatch exec = closing(pod(POD).writingOutput(new ByteArrayOutputStream()).writingError(err)
                .exec("cat", "/etc/missing"));

        assertThat(exec.exitCode().get(20, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("No such file or directory");
    }

    @Test
    void execRefusesPathsThatLeaveThePodRoot() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        ExecWatch exec = closing(pod(POD).writingOutput(new ByteArrayOutputStream()).writingError(err)
                .exec("cat", "/../../etc/passwd"));

        assertThat(exec.exitCode().get(20, TimeUnit.SECONDS)).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("leaves the pod's filesystem");
    }

    @Test
    void execTarStreamsADirectoryThatUnpacksIntact() throws Exception {
        Path data = Files.createDirectories(fixture.root.resolve("prometheus/data/chunks"));
        byte[] block = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(block);
        Files.write(data.resolve("000001"), block);
        Files.writeString(data.getParent().resolve("meta.json"), "{\"ulid\":\"01H\"}");
        Files.write(data.getParent().resolve("index"), new byte[0]);
        Path archive = dir.resolve("backup.tar");

        try (OutputStream out = Files.newOutputStream(archive)) {
            ExecWatch exec = closing(pod(POD).writingOutput(out).exec("tar", "-cf", "-", "/prometheus/data"));
            assertThat(exec.exitCode().get(60, TimeUnit.SECONDS)).isZero();
        }
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        Process tar = new ProcessBuilder("tar", "-xf", archive.toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();

        List<Path> originals;
        try (Stream<Path> files = Files.walk(fixture.root.resolve("prometheus"))) {
            originals = files.filter(Files::isRegularFile).toList();
        }
        assertThat(originals).hasSize(3);
        for (Path original : originals) {
            Path copy = unpacked.resolve(fixture.root.relativize(original).toString());
            assertThat(copy).exists();
            assertThat(RelayFixture.sha256(copy)).as(copy.toString()).isEqualTo(RelayFixture.sha256(original));
        }
    }

    @Test
    void execStreamsStdinToTheProcessAsItArrives() throws Exception {
        ExecWatch exec = closing(pod(POD).redirectingInput().redirectingOutput().exec("cat"));

        exec.getInput().write("first line\n".getBytes(StandardCharsets.UTF_8));
        exec.getInput().flush();
        InputStream out = exec.getOutput();
        byte[] echoed = new byte["first line\n".length()];
        int read = 0;
        while (read < echoed.length) {
            int n = out.read(echoed, read, echoed.length - read);
            assertThat(n).as("stdout ended early").isPositive();
            read += n;
        }

        assertThat(new String(echoed, StandardCharsets.UTF_8)).isEqualTo("first line\n");
    }

    @Test
    void execWithStdinEndedByTheV5CloseSignalHashesTheInput() throws Exception {
        byte[] input = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(input);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        HttpClient http = HttpClient.newHttpClient();
        java.net.http.WebSocket ws = http.newWebSocketBuilder().subprotocols("v5.channel.k8s.io")
                .buildAsync(URI.create(fixture.sandbox.url().replace("http", "ws") + "/api/v1/namespaces/" + NS
                        + "/pods/" + POD + "/exec?command=sha256sum&stdin=true&stdout=true&stderr=true"),
                        new ChannelCollector(stdout, status, closed))
                .get(20, TimeUnit.SECONDS);
        try {
            assertThat(ws.getSubprotocol()).isEqualTo("v5.channel.k8s.io");
            for (int offset = 0; offset < input.length; offset += 100_000) {
                int length = Math.min(100_000, input.length - offset);
                byte[] frame = new byte[length + 1];
                System.arraycopy(input, offset, frame, 1, length);
                ws.sendBinary(ByteBuffer.wrap(frame), true).get(20, TimeUnit.SECONDS);
            }
            ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true).get(20, TimeUnit.SECONDS);

            assertThat(closed.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
            assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo(RelayFixture.sha256(input) + "  -\n");
            assertThat(status.toString(StandardCharsets.UTF_8)).contains("\"status\":\"Success\"");
        } finally {
            ws.abort();
        }
    }

    /** Collects channels 1 and 3 of a raw channel-protocol websocket. */
    private static final class ChannelCollector implements java.net.http.WebSocket.Listener {
        private final ByteArrayOutputStream stdout;
        private final ByteArrayOutputStream status;
        private final CompletableFuture<Integer> closed;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        ChannelCollector(ByteArrayOutputStream stdout, ByteArrayOutputStream status,
                CompletableFuture<Integer> closed) {
            this.stdout = stdout;
            this.status = status;
            this.closed = closed;
        }

        @Override
        public synchronized CompletionStage<?> onBinary(java.net.http.WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                byte[] frame = partial.toByteArray();
                partial.reset();
                if (frame.length > 0 && frame[0] == 1) {
                    stdout.write(frame, 1, frame.length - 1);
                } else if (frame.length > 0 && frame[0] == 3) {
                    status.write(frame, 1, frame.length - 1);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(java.net.http.WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(java.net.http.WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    @Test
    void logReturnsTheWholeFileOrItsLastLines() throws Exception {
        Files.writeString(fixture.logFile, "ts=1 msg=one\nts=2 msg=two\nts=3 msg=three\n");

        assertThat(pod(POD).getLog()).isEqualTo("ts=1 msg=one\nts=2 msg=two\nts=3 msg=three\n");
        assertThat(pod(POD).tailingLines(2).getLog()).isEqualTo("ts=2 msg=two\nts=3 msg=three\n");
        assertThat(pod(POD).limitBytes(5).getLog()).isEqualTo("ts=1 ");
    }

    @Test
    void watchLogReceivesLinesAppendedAfterItStartedAndEndsWhenThePodStops() throws Exception {
        Files.writeString(fixture.logFile, "msg=\"Server is ready to receive web requests.\"\n");
        ByteArrayOutputStream followed = new ByteArrayOutputStream();
        LogWatch watch = closing(pod(POD).watchLog(followed));
        Poll.until(WAIT, "the existing line", () -> text(followed).contains("ready to receive"));

        Files.writeString(fixture.logFile, "msg=\"Completed loading of configuration file\"\n",
                java.nio.file.StandardOpenOption.APPEND);
        Poll.until(WAIT, "the appended line", () -> text(followed).contains("Completed loading"));

        fixture.runtimes.remove(NS + "/" + POD);
        Poll.until(WAIT, "the follow to end", () -> watch.onClose().toCompletableFuture().isDone());
        assertThat(text(followed)).isEqualTo("msg=\"Server is ready to receive web requests.\"\n"
                + "msg=\"Completed loading of configuration file\"\n");
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPodWithoutAStandInAnswersWithItsSentence() throws Exception {
        KubernetesClientException log = catchThrowableOfType(() -> pod(GRAFANA).getLog(),
                KubernetesClientException.class);
        assertThat(log.getCode()).isEqualTo(400);
        assertThat(log.getMessage()).contains(GRAFANA_SENTENCE);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecWatch exec = closing(pod(GRAFANA).writingOutput(new ByteArrayOutputStream()).writingError(err)
                .exec("ls", "/"));
        assertThat(exec.exitCode().get(20, TimeUnit.SECONDS)).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(GRAFANA_SENTENCE);

        LocalPortForward forward = closing(pod(GRAFANA).portForward(3000));
        assertThat(bodyOrNothing(forward.getLocalPort())).isEmpty();
        Poll.until(WAIT, "the sentence on the error channel", () -> forward.getServerThrowables().stream()
                .anyMatch(t -> String.valueOf(t.getMessage()).contains(GRAFANA_SENTENCE)));
    }

    @Test
    void aPodWithoutRunningProcessIsReportedAsNotRunning() throws Exception {
        KubernetesClientException log = catchThrowableOfType(() -> pod("alertmanager-0").getLog(),
                KubernetesClientException.class);
        assertThat(log.getCode()).isEqualTo(400);
        assertThat(log.getMessage()).contains("container not running");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecWatch exec = closing(pod("alertmanager-0").writingOutput(new ByteArrayOutputStream()).writingError(err)
                .exec("ls", "/"));
        assertThat(exec.exitCode().get(20, TimeUnit.SECONDS)).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("container not running");

        LocalPortForward forward = closing(pod("alertmanager-0").portForward(9093));
        assertThat(bodyOrNothing(forward.getLocalPort())).isEmpty();
        Poll.until(WAIT, "the sentence on the error channel", () -> forward.getServerThrowables().stream()
                .anyMatch(t -> String.valueOf(t.getMessage()).contains("container not running")));
    }

    @Test
    void anUnknownPodIsNotFound() throws Exception {
        KubernetesClientException log = catchThrowableOfType(() -> pod("nope-0").getLog(),
                KubernetesClientException.class);
        assertThat(log.getCode()).isEqualTo(404);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> portForward = http.send(HttpRequest.newBuilder(URI.create(fixture.sandbox.url()
                + "/api/v1/namespaces/" + NS + "/pods/nope-0/portforward?ports=9090")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(portForward.statusCode()).isEqualTo(404);
        assertThat(portForward.body()).contains("\"kind\":\"Status\"", "\"reason\":\"NotFound\"",
                "pods \\\"nope-0\\\" not found");
    }

    @Test
    void closingTheSandboxEndsOpenForwardsExecsAndFollowedLogs() throws Exception {
        LocalPortForward forward = closing(pod(POD).portForward(9090));
        try (Socket open = new Socket(InetAddress.getLoopbackAddress(), forward.getLocalPort())) {
            open.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            ExecWatch exec = closing(pod(POD).redirectingInput().redirectingOutput().exec("cat"));
            Files.writeString(fixture.logFile, "line\n");
            LogWatch watch = closing(pod(POD).watchLog(new ByteArrayOutputStream()));
            Poll.until(WAIT, "relay threads for the forward and the exec", () -> relayThreads() >= 4);

            fixture.sandbox.close();

            Poll.until(WAIT, "no relay threads left", () -> relayThreads() == 0);
            assertThat(exec.exitCode().handle((code, error) -> true).get(20, TimeUnit.SECONDS)).isTrue();
            Poll.until(WAIT, "the followed log to end", () -> watch.onClose().toCompletableFuture().isDone());
        }
    }

    private static long relayThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("sandbox-portforward") || t.getName().startsWith("sandbox-exec")
                        || t.getName().equals("sandbox-log-follow"))
                .count();
    }
}
