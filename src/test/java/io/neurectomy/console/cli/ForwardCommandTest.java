package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code forward} in-process against the sandbox: start, an ACTIVE line, a working port, a clean stop. */
class ForwardCommandTest {
    private static final Pattern ACTIVE = Pattern.compile(
            "(?m)^\\d\\d:\\d\\d:\\d\\d ACTIVE http://127\\.0\\.0\\.1:(\\d+)/ -> monitoring/(prometheus-\\d)$");

    private static SandboxCluster sandbox;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private CommandLine commandLine(CountDownLatch stop) {
        CommandLine cl = new CommandLine(new ForwardCommand(stop, Clock.systemDefaultZone()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    @Test
    void forwardsPrometheusPrintsActiveAndStopsCleanly() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CommandLine cl = commandLine(stop);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("prometheus",
                "--kubeconfig", sandbox.kubeconfig().toString()));

        Matcher active = Poll.until(Duration.ofSeconds(60), () -> ACTIVE.matcher(out.toString()),
                Matcher::find, "an ACTIVE line");
        int port = Integer.parseInt(active.group(1));
        assertThat(get(port, "/-/ready")).startsWith("HTTP/1.1 200");
        assertThat(out.toString()).contains("STARTING http://127.0.0.1:" + port + "/ -> monitoring/svc/prometheus")
                .contains("Equivalent without reconnecting: kubectl port-forward --context monitoring-console-sandbox"
                        + " -n monitoring svc/prometheus " + port + ":9090")
                .contains("Press Ctrl+C to stop.");

        stop.countDown();

        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString()).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d STOPPED http://127\\.0\\.0\\.1:" + port
                + "/ -> monitoring/svc/prometheus \\(stopped\\)$");
        assertThat(listening(port)).isFalse();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aPinnedPortInUseFailsWithExitCodeOne() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = commandLine(new CountDownLatch(1)).execute("alertmanager-0", "--port",
                    String.valueOf(busy.getLocalPort()), "--kubeconfig", sandbox.kubeconfig().toString());

            assertThat(code).isEqualTo(1);
            assertThat(out.toString()).contains("FAILED").contains("Local port " + busy.getLocalPort()
                    + " is already in use");
        }
    }

    @Test
    void aNonLoopbackAddressIsAcceptedWithAWarning() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CommandLine cl = commandLine(stop);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("svc/alertmanager",
                "--address", "0.0.0.0", "--kubeconfig", sandbox.kubeconfig().toString(), "-n", "monitoring"));

        Poll.until(Duration.ofSeconds(60), "an ACTIVE line", () -> out.toString().contains(" ACTIVE "));
        assertThat(err.toString()).contains("warning: listening on 0.0.0.0")
                .contains("reachable from other machines, without any authentication");
        assertThat(out.toString()).contains("--address 0.0.0.0");
        stop.countDown();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void usageErrorsAndConnectionErrorsHaveTheirExitCodes() {
        assertThat(commandLine(new CountDownLatch(1)).execute("my-app-0", "--kubeconfig",
                sandbox.kubeconfig().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("error: Which port of pod monitoring/my-app-0? Write my-app-0:PORT");

        assertThat(commandLine(new CountDownLatch(1)).execute("prometheus", "--kubeconfig",
                "/nonexistent/kubeconfig")).isEqualTo(1);
        assertThat(err.toString()).contains("error: ");

        assertThat(ConsoleCommand.commandLine(o -> { }).execute("forward")).isEqualTo(2);
    }

    private static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
