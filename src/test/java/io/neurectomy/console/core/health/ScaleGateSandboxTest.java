package io.neurectomy.console.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate after an Alertmanager scale, on the sandbox's real processes: a scale is only done when every replica
 * counts exactly as many peers as replicas were asked for. A member the count does not include (a replica removed
 * by a scale-down that has not left the gossip yet, or a stray Alertmanager from an old deployment) keeps the gate
 * closed even though every pod is ready and the cluster check, which only looks for missing peers, is content.
 */
class ScaleGateSandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Duration CALL = Duration.ofSeconds(10);
    private static final Pattern GOSSIP = Pattern.compile("--cluster\\.listen-address=127\\.0\\.0\\.1:(\\d+)");

    private static HealthSandbox stack;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        stack = HealthSandbox.start(WAIT, RealServers.PROMETHEUS, RealServers.ALERTMANAGER);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static ScaleGate.Verdict look() {
        return ScaleGate.check(stack.session(), StackComponent.ALERTMANAGER, 3, Set.of(), CALL);
    }

    @Test
    void aMemberBeyondTheAskedCountKeepsTheGateClosedUntilItLeaves() throws Exception {
        Poll.until(WAIT, ScaleGateSandboxTest::look, ScaleGate.Verdict::passed, "the gate open on the settled stack");

        Process stray = strayMember(gossipPortOfASandboxReplica());
        try {
            ScaleGate.Verdict closed = Poll.until(WAIT, ScaleGateSandboxTest::look,
                    v -> !v.passed() && v.summary().contains("sees 4 peers, not 3"), "the gate closed by the stray");
            // Every pod is ready and the cluster check finds nothing missing: the gate's own count is what holds.
            assertThat(closed.findings()).filteredOn(f -> f.code().equals("alertmanager-cluster"))
                    .isNotEmpty().allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.OK));
        } finally {
            stray.destroy();
            stray.waitFor();
        }
        // SIGTERM makes the stray leave the gossip; the replicas count three again.
        Poll.until(WAIT, ScaleGateSandboxTest::look, ScaleGate.Verdict::passed, "the gate open after the stray left");
    }

    private static int gossipPortOfASandboxReplica() {
        Optional<Integer> port = stack.sandbox().startedPids().stream().map(ProcessHandle::of)
                .flatMap(Optional::stream).filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().arguments().stream().flatMap(Stream::of))
                .map(GOSSIP::matcher).filter(Matcher::matches).map(m -> Integer.parseInt(m.group(1))).findFirst();
        assertThat(port).as("the gossip port of a sandbox Alertmanager").isPresent();
        return port.get();
    }

    /** A real Alertmanager outside the cluster's pods that joins their gossip through {@code peerPort}. */
    private Process strayMember(int peerPort) throws IOException {
        Path config = Files.writeString(dir.resolve("alertmanager.yml"),
                "route:\n  receiver: none\nreceivers:\n  - name: none\n");
        int web = freePort();
        int gossip = freePort();
        return new ProcessBuilder(List.of(RealServers.require(RealServers.ALERTMANAGER).toString(),
                "--config.file=" + config, "--storage.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + web, "--cluster.listen-address=127.0.0.1:" + gossip,
                "--cluster.advertise-address=127.0.0.1:" + gossip, "--cluster.peer=127.0.0.1:" + peerPort))
                .redirectErrorStream(true).redirectOutput(dir.resolve("stray.log").toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
