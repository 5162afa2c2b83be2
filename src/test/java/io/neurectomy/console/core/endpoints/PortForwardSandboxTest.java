package io.neurectomy.console.core.endpoints;

import static io.neurectomy.console.core.endpoints.ForwardTestSupport.closedByPeer;
import static io.neurectomy.console.core.endpoints.ForwardTestSupport.get;
import static io.neurectomy.console.core.endpoints.ForwardTestSupport.listening;
import static io.neurectomy.console.core.endpoints.ForwardTestSupport.status;
import static io.neurectomy.console.core.endpoints.ForwardTestSupport.newThreads;
import static io.neurectomy.console.core.endpoints.ForwardTestSupport.threads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.endpoints.ForwardTestSupport.Answer;
import io.neurectomy.console.core.endpoints.ForwardTestSupport.Recorder;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Port-forwards through the console's own listener and fabric8 streams to the sandbox's real Prometheus and
 * Alertmanager processes: HTTP through the forward, pod deletion, a killed process, busy and pinned ports, bind
 * addresses, a clock jump, and what is left after stopping.
 */
class PortForwardSandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient admin;

    private PortForwardManager manager;

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false);
        admin = sandbox.adminClient();
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        awaitStackReady();
    }

    @AfterAll
    static void stopAll() {
        if (session != null) {
            session.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Each test starts from a ready stack (an earlier test may have deleted or killed a pod) with a new manager. */
    @BeforeEach
    void newManager() {
        awaitStackReady();
        manager = new PortForwardManager(session);
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private static void awaitStackReady() {
        Poll.until(WAIT, "every stack pod ready", () -> ready("prometheus-") == 2 && ready("alertmanager-") == 3
                && ready("grafana-") == 2);
    }

    private static long ready(String prefix) {
        return session.state().snapshot().pods().stream().filter(p -> p.name().startsWith(prefix) && p.ready())
                .count();
    }

    private static Optional<PodInfo> pod(String name) {
        return session.state().snapshot().pods().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private static ForwardStatus await(Forward forward, ForwardState state, Duration timeout) {
        return Poll.until(timeout, forward::status, s -> s.state() == state, "forward " + forward.id() + " " + state);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /**
     * Waits until the listener has recorded {@code first} and, later, {@code then}, and returns those two statuses.
     * The listener sees every transition, so a short-lived state is not missed as it can be by polling.
     */
    private static List<ForwardStatus> awaitTransition(Recorder recorder, ForwardState first, ForwardState then) {
        return Poll.until(WAIT, () -> {
            List<ForwardStatus> seen = List.copyOf(recorder.seen);
            for (int i = 0; i < seen.size(); i++) {
                if (seen.get(i).state() == first) {
                    for (int j = i + 1; j < seen.size(); j++) {
                        if (seen.get(j).state() == then) {
                            return List.of(seen.get(i), seen.get(j));
                        }
                    }
                }
            }
            return null;
        }, pair -> pair != null, "the forward to go " + first + " and then " + then);
    }

    @Test
    void httpThroughTheForwardReachesTheRealPrometheus() throws Exception {
        Forward forward = manager.start(ForwardPreset.PROMETHEUS.spec(NS));

        ForwardStatus active = await(forward, ForwardState.ACTIVE, WAIT);

        assertThat(active.lastProbe().passed()).isTrue();
        assertThat(active.lastProbe().detail()).isEqualTo("HTTP 200 from /-/ready");
        assertThat(active.pod()).startsWith("prometheus-");
        assertThat(active.containerPort()).isEqualTo(9090);
        assertThat(active.url()).isEqualTo("http://127.0.0.1:" + active.localPort() + "/");
        Answer info = get(active.localPort(), "/api/v1/status/buildinfo");
        assertThat(info.code()).isEqualTo(200);
        assertThat(info.body()).contains("\"version\"");
        ForwardStatus after = Poll.until(WAIT, forward::status,
                s -> s.connections() >= 1 && s.openConnections() == 0 && s.bytesIn() > info.body().length(),
                "the connection counted, closed, with its bytes");
        assertThat(after.bytesOut()).isGreaterThan(30);
        assertThat(session.client().getConfiguration().getWebsocketPingInterval())
                .as("streams are pinged, so idle ones are not taken for dead").isPositive();
        assertThat(after.kubectlCommand()).isEqualTo("kubectl port-forward --context monitoring-console-sandbox -n"
                + " monitoring svc/prometheus " + active.localPort() + ":9090");
    }

    @Test
    void aBusyLocalPortMakesTheForwardPickTheNextOne() throws Exception {
        int port = ForwardTestSupport.twoFreePorts();
        try (ServerSocket busy = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            Forward forward = manager.start(ForwardSpec.of(ForwardTarget.pod(NS, "prometheus-0"), port)
                    .withHealth(HealthCheck.tcp()));
            assertThat(forward.status().localPort()).isEqualTo(port + 1);
        }
        // And a real one: a second Prometheus forward takes the port after the first one's.
        Forward first = manager.start(ForwardPreset.PROMETHEUS.spec(NS));
        Forward second = manager.start(ForwardPreset.PROMETHEUS.spec(NS));
        assertThat(second.status().localPort()).isGreaterThan(first.status().localPort())
                .isLessThanOrEqualTo(first.status().localPort() + 100);
        await(second, ForwardState.ACTIVE, WAIT);
        assertThat(status(second.status().localPort(), "/-/ready")).isEqualTo(200);
    }

    @Test
    void aPinnedBusyPortFailsWithAClearReason() throws Exception {
        int port = ForwardTestSupport.twoFreePorts();
        Set<Thread> before = threads("port-forward-");
        try (ServerSocket busy = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            Forward forward = manager.start(ForwardPreset.PROMETHEUS.spec(NS).withLocalPort(port));

            ForwardStatus failed = forward.status();
            assertThat(failed.state()).isEqualTo(ForwardState.FAILED);
            assertThat(failed.reason()).contains("Local port " + port + " is already in use").contains("pinned");
            assertThat(failed.localPort()).isZero();
            assertThat(newThreads("port-forward-", before)).as("no thread was started").isEmpty();
        }
    }

    @Test
    void aNonLoopbackAddressIsRefusedWithoutTheFlag() throws Exception {
        ForwardSpec exposed = ForwardPreset.PROMETHEUS.spec(NS).withBindAddress("0.0.0.0", false);
        assertThat(exposed.needsConfirmation()).isTrue();

        assertThatThrownBy(() -> manager.start(exposed)).isInstanceOf(ForwardException.class)
                .hasMessageContaining("0.0.0.0").hasMessageContaining("reachable from other machines");
        assertThat(manager.forwards()).isEmpty();

        Forward confirmed = manager.start(ForwardPreset.PROMETHEUS.spec(NS).withBindAddress("0.0.0.0", true));
        ForwardStatus active = await(confirmed, ForwardState.ACTIVE, WAIT);
        assertThat(active.exposed()).isTrue();
        assertThat(active.url()).isEqualTo("http://127.0.0.1:" + active.localPort() + "/");
        assertThat(active.kubectlCommand()).endsWith(" --address 0.0.0.0");
        assertThat(status(active.localPort(), "/-/ready")).isEqualTo(200);
    }

    @Test
    void deletingTheServicesPodSwitchesToAnotherAndRequestsSucceedAgain() throws Exception {
        Forward forward = manager.start(ForwardPreset.PROMETHEUS.spec(NS));
        Recorder recorder = new Recorder();
        forward.addListener(recorder);
        ForwardStatus active = await(forward, ForwardState.ACTIVE, WAIT);
        int port = active.localPort();
        String victim = active.pod();

        // A connection the user holds open (keep-alive) to the pod that is about to go.
        try (Socket held = new Socket()) {
            held.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            held.setSoTimeout((int) WAIT.toMillis());
            held.getOutputStream().write("GET /-/ready HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[12];
            assertThat(held.getInputStream().readNBytes(answer, 0, 12)).isEqualTo(12);
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");

            long deleted = System.nanoTime();
            admin.pods().inNamespace(NS).withName(victim).delete();

            // Answered through the forward, and the forward ACTIVE again on another pod (the switch goes through
            // RECONNECTING until the new pod's probe passed, which may come after the first answer).
            ForwardStatus now = Poll.until(WAIT, () -> status(port, "/-/ready") == 200 ? forward.status() : null,
                    s -> s != null && s.state() == ForwardState.ACTIVE && !s.pod().equals(victim),
                    "a request through the forward answered by another pod, the forward ACTIVE there");
            long recovered = millisSince(deleted);
            assertThat(now.state()).isEqualTo(ForwardState.ACTIVE);
            assertThat(now.localPort()).isEqualTo(port);
            System.out.printf("PortForwardSandboxTest: Service forward answered again %d ms after %s was deleted"
                    + " (now on %s)%n", recovered, victim, now.pod());
            assertThat(closedByPeer(held)).as("the held connection to the deleted pod is closed").isTrue();
        }
        assertThat(recorder.seen).anyMatch(s -> s.reason().contains(victim + " was deleted"));
        Poll.until(WAIT, "the replacement " + victim + " ready", () -> pod(victim).map(PodInfo::ready).orElse(false));
    }

    @Test
    void aPodForwardGoesReconnectingAndComesBackWhenThePodIsRecreated() throws Exception {
        awaitStackReady();
        Forward forward = manager.start(ForwardSpec.parse("prometheus-0", NS));
        assertThat(forward.spec().health()).isEqualTo(HealthCheck.http("/-/ready"));
        Recorder recorder = new Recorder();
        forward.addListener(recorder);
        int port = await(forward, ForwardState.ACTIVE, WAIT).localPort();
        String startedBefore = startTime(port);

        admin.pods().inNamespace(NS).withName("prometheus-0").delete();

        List<ForwardStatus> transition = awaitTransition(recorder, ForwardState.RECONNECTING, ForwardState.ACTIVE);
        assertThat(transition.get(0).reason()).contains("prometheus-0");
        ForwardStatus back = transition.get(1);
        assertThat(back.pod()).isEqualTo("prometheus-0");
        assertThat(back.localPort()).isEqualTo(port);
        assertThat(startTime(port)).as("answered by the new process").isNotEqualTo(startedBefore);
        assertThat(status(port, "/-/ready")).isEqualTo(200);
    }

    /** When the Prometheus process behind {@code port} started (runtimeinfo). */
    private static String startTime(int port) throws IOException {
        Matcher m = Pattern.compile("\"startTime\":\"([^\"]+)\"").matcher(get(port, "/api/v1/status/runtimeinfo")
                .body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void killingTheProcessGoesReconnectingThenActiveWhenItIsRestarted() throws Exception {
        awaitStackReady();
        Forward forward = manager.start(ForwardSpec.parse("pod/alertmanager-1", NS));
        Recorder recorder = new Recorder();
        forward.addListener(recorder);
        int port = await(forward, ForwardState.ACTIVE, WAIT).localPort();
        ProcessHandle process = processOf("alertmanager-1");

        process.destroyForcibly();

        List<ForwardStatus> transition = awaitTransition(recorder, ForwardState.RECONNECTING, ForwardState.ACTIVE);
        assertThat(transition.get(0).reason()).isNotEmpty();
        assertThat(status(port, "/-/ready")).isEqualTo(200);
        assertThat(processOf("alertmanager-1").pid()).isNotEqualTo(process.pid());
    }

    /** The live process standing in for {@code pod} (its arguments name the pod's directory). */
    private static ProcessHandle processOf(String pod) {
        String marker = "/pods/" + NS + "/" + pod + "/";
        return Poll.until(WAIT, () -> sandbox.startedPids().stream().map(ProcessHandle::of).flatMap(Optional::stream)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                .findFirst().orElse(null), p -> p != null, "the process of " + pod);
    }

    @Test
    void grafanaInTheSandboxSaysWhyItCannotBeReached() {
        Forward forward = manager.start(ForwardPreset.GRAFANA.spec(NS));

        ForwardStatus status = await(forward, ForwardState.RECONNECTING, WAIT);

        assertThat(status.reason()).contains("not available in the sandbox");
        assertThat(status.lastProbe().passed()).isFalse();
        assertThat(status.localPort()).isPositive();
    }

    @Test
    void aTargetThatDoesNotExistFailsOrWaitsWithItsReason() {
        Forward service = manager.start(ForwardSpec.parse("svc/nothing-here:80", NS));
        Poll.until(WAIT, service::status, s -> s.state() == ForwardState.FAILED,
                "FAILED for a missing Service");
        assertThat(service.status().reason()).contains("Service monitoring/nothing-here does not exist");
        Forward port = manager.start(ForwardSpec.parse("svc/prometheus:9999", NS));
        Poll.until(WAIT, port::status, s -> s.state() == ForwardState.FAILED,
                "FAILED for a missing Service port");
        assertThat(port.status().reason()).contains("has no TCP port 9999").contains("9090");

        try (PortForwardManager quick = new PortForwardManager(session, ForwardOptions.defaults()
                .withPodGoneTimeout(Duration.ofSeconds(2)))) {
            Recorder recorder = new Recorder();
            Forward gone = quick.start(ForwardSpec.parse("pod/prometheus-7:9090", NS));
            gone.addListener(recorder);
            Thread worker = threads("port-forward-" + gone.id()).stream()
                    .filter(t -> t.getName().equals("port-forward-" + gone.id())).findFirst().orElseThrow();
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            long cpuBefore = cpu.getThreadCpuTime(worker.getId());
            long wallBefore = System.nanoTime();
            // The worker's CPU time, read while it lives (a finished thread has none to read).
            long[] last = {cpuBefore, wallBefore};
            Poll.until(WAIT, () -> {
                long now = cpu.getThreadCpuTime(worker.getId());
                if (now >= 0) {
                    last[0] = now;
                    last[1] = System.nanoTime();
                }
                return gone.status();
            }, s -> s.state() == ForwardState.FAILED, "FAILED once the pod has been missing for longer than the limit");
            long wall = last[1] - wallBefore;
            long used = last[0] - cpuBefore;
            assertThat(recorder.seen).as("RECONNECTING while the pod is missing").anyMatch(s ->
                    s.state() == ForwardState.RECONNECTING && s.reason().contains("does not exist"));
            // Not a latency bound: a worker that waits uses next to no CPU however loaded the machine is (load only
            // stretches the wall time); one that spins takes most of a core while the 2 s run out.
            assertThat(used).as("CPU time of the waiting worker (ns) in %d ms of waiting", wall / 1_000_000)
                    .isLessThan(wall / 4);
            assertThat(gone.status().reason()).contains("has not come back for 2 s");
        }
    }

    @Test
    void aClockJumpMakesTheForwardCheckAgainAtOnce() {
        AtomicLong wallOffset = new AtomicLong();
        ForwardClock clock = new ForwardClock() {
            @Override
            public long monotonicNanos() {
                return System.nanoTime();
            }

            @Override
            public Instant now() {
                return Instant.now().plusMillis(wallOffset.get());
            }
        };
        try (PortForwardManager jumping = new PortForwardManager(session, ForwardOptions.defaults().withClock(clock)
                .withProbeInterval(Duration.ofMinutes(5)))) {
            Forward forward = jumping.start(ForwardPreset.PROMETHEUS.spec(NS));
            Recorder recorder = new Recorder();
            forward.addListener(recorder);
            ForwardStatus first = await(forward, ForwardState.ACTIVE, WAIT);

            wallOffset.set(Duration.ofMinutes(45).toMillis()); // the lid was closed for 45 minutes

            Poll.until(WAIT, "a new probe after the jump", () ->
                    forward.status().lastProbe().at().isAfter(first.lastProbe().at().plusSeconds(60)));
            assertThat(recorder.first(ForwardState.RECONNECTING).reason()).contains("woke from sleep")
                    .contains("2700 s");
            await(forward, ForwardState.ACTIVE, WAIT);
        }
    }

    @Test
    void afterStopNoListeningSocketThreadOrWebsocketIsLeft() throws Exception {
        Set<Thread> forwardThreads = threads("port-forward-");
        Set<Thread> relayThreads = threads("sandbox-portforward-");
        Forward forward = manager.start(ForwardPreset.ALERTMANAGER.spec(NS));
        int port = await(forward, ForwardState.ACTIVE, WAIT).localPort();
        Socket held = new Socket(InetAddress.getLoopbackAddress(), port);
        held.setSoTimeout(5000);
        held.getOutputStream().write("GET /-/ready HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(held.getInputStream().readNBytes(12)).hasSize(12);
        Poll.until(WAIT, "the held connection counted", () -> forward.status().openConnections() == 1);
        assertThat(newThreads("sandbox-portforward-", relayThreads)).as("the relay's session for the connection")
                .isNotEmpty();

        manager.stop(forward);

        assertThat(forward.status().state()).isEqualTo(ForwardState.STOPPED);
        assertThat(forward.status().openConnections()).isZero();
        assertThat(manager.forwards()).isEmpty();
        assertThat(listening(port)).as("connect refused on " + port).isFalse();
        assertThat(closedByPeer(held)).isTrue();
        held.close();
        assertThat(newThreads("port-forward-", forwardThreads)).as("forward threads").isEmpty();
        Poll.until(WAIT, "no relay websocket session left (relay threads end with their session)",
                () -> newThreads("sandbox-portforward-", relayThreads).isEmpty());
    }

    @Test
    void closingTheManagerStopsEveryForwardAndClosingTheSessionStopsItsForwards() throws Exception {
        Set<Thread> before = threads("port-forward-");
        Forward a = manager.start(ForwardPreset.PROMETHEUS.spec(NS));
        Forward b = manager.start(ForwardPreset.ALERTMANAGER.spec(NS));
        await(a, ForwardState.ACTIVE, WAIT);
        await(b, ForwardState.ACTIVE, WAIT);
        int portA = a.status().localPort();

        manager.close();

        assertThat(a.status().state()).isEqualTo(ForwardState.STOPPED);
        assertThat(b.status().state()).isEqualTo(ForwardState.STOPPED);
        assertThat(listening(portA)).isFalse();
        assertThat(newThreads("port-forward-", before)).isEmpty();
        assertThatThrownBy(() -> manager.start(ForwardPreset.PROMETHEUS.spec(NS)))
                .isInstanceOf(ForwardException.class).hasMessageContaining("closed");

        try (ClusterSession other = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
             PortForwardManager own = new PortForwardManager(other)) {
            Forward c = own.start(ForwardPreset.PROMETHEUS.spec(NS));
            await(c, ForwardState.ACTIVE, WAIT);
            other.close();
            ForwardStatus stopped = await(c, ForwardState.STOPPED, WAIT);
            assertThat(stopped.reason()).contains("session was closed");
        }
    }

    @Test
    void streamsThatCannotOpenFailTheConnectionCleanly() throws IOException {
        // A forward to a pod port nothing listens on: the stream opens, the kubelet reports the refusal, and the
        // local connection is closed at once instead of hanging.
        Forward forward = manager.start(ForwardSpec.parse("pod/prometheus-1:9999", NS));
        int port = forward.status().localPort();
        Poll.until(WAIT, forward::status, s -> s.state() == ForwardState.RECONNECTING,
                "RECONNECTING: nothing listens on 9999");
        assertThat(forward.status().reason()).contains("connection refused");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(closedByPeer(socket)).isTrue();
        }
    }
}
