package io.neurectomy.console.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.logs.LogSource.LogSubscription;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pod logs of real Prometheus processes in the sandbox, through the console's own connection path. */
class PodLogsSandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = "monitoring";
    private static final String POD = "prometheus-0";
    /** A pod no test restarts or replaces. */
    private static final String UNTOUCHED = "prometheus-1";

    private static SandboxCluster sandbox;
    private static ClusterSession session;

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false);
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        Poll.until(WAIT, POD + " ready", () -> ready(session.client()));
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Each test starts with both pods ready (another test may have just restarted or replaced {@link #POD}). */
    @BeforeEach
    void podsReady() {
        Poll.until(WAIT, POD + " and " + UNTOUCHED + " ready", () -> ready(session.client(), POD)
                && ready(session.client(), UNTOUCHED));
    }

    private static boolean ready(KubernetesClient client) {
        return ready(client, POD);
    }

    private static boolean ready(KubernetesClient client, String name) {
        Pod pod = client.pods().inNamespace(NS).withName(name).get();
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private static boolean startup(LogLine line) {
        return line.text().contains("Starting Prometheus");
    }

    private static List<Thread> streamThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("pod-log-" + POD) && t.isAlive()).toList();
    }

    @Test
    void theTailHasPrometheusStartupLinesWithTheirLevels() {
        PodLogs logs = PodLogs.of(session);
        assertThat(logs.containers(POD)).isNotEmpty();
        assertThat(logs.containers("no-such-pod")).isEmpty();
        RecordingListener listener = new RecordingListener();
        logs.open(new LogRequest(POD, null, 1000, false, false, false), listener);
        Poll.until(WAIT, "the tail ended", () -> listener.reached(LogStreamState.ENDED)
                || listener.reached(LogStreamState.FAILED));
        assertThat(listener.stateNames()).containsExactly(LogStreamState.CONNECTING, LogStreamState.STREAMING,
                LogStreamState.ENDED);
        List<LogLine> lines = listener.lines();
        assertThat(lines).anyMatch(PodLogsSandboxTest::startup);
        assertThat(lines.stream().filter(PodLogsSandboxTest::startup).findFirst().orElseThrow().level())
                .isEqualTo(LogLevel.INFO);
        assertThat(lines).noneMatch(LogLine::marker);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i).seq()).isEqualTo(i);
        }
    }

    @Test
    void previousOfAContainerThatNeverRestartedFails() {
        RecordingListener listener = new RecordingListener();
        PodLogs.of(session).open(new LogRequest(UNTOUCHED, null, 10, false, true, false), listener);
        Poll.until(WAIT, "failed", () -> listener.reached(LogStreamState.FAILED));
        assertThat(listener.last().message()).contains("never restarted");
        // The sandbox refuses it as a kubelet does, when asked directly.
        String container = PodLogs.of(session).containers(UNTOUCHED).get(0);
        assertThatThrownBy(() -> session.client().pods().inNamespace(NS).withName(UNTOUCHED).inContainer(container)
                .terminated().getLog()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("previous terminated container \"" + container + "\"");
                });
    }

    @Test
    void closeStopsTheStreamThread() {
        Poll.until(WAIT, "earlier streams stopped", () -> streamThreads().isEmpty());
        RecordingListener listener = new RecordingListener();
        LogSubscription subscription = PodLogs.of(session).open(new LogRequest(POD, null, 5, true, false, false),
                listener);
        Poll.until(WAIT, "lines", () -> !listener.lines().isEmpty());
        assertThat(streamThreads()).hasSize(1);
        subscription.close();
        int calls = listener.calls();
        Poll.until(WAIT, "the stream thread stopped", () -> streamThreads().isEmpty());
        assertThat(listener.calls()).isEqualTo(calls);
    }

    @Test
    void followingSurvivesTheReplacementOfTheStatefulSetPod() {
        KubernetesClient admin = sandbox.adminClient();
        String oldUid = admin.pods().inNamespace(NS).withName(POD).get().getMetadata().getUid();
        RecordingListener listener = new RecordingListener();
        try (LogSubscription subscription = PodLogs.of(session).open(LogRequest.of(POD), listener)) {
            Poll.until(WAIT, "streaming", () -> listener.reached(LogStreamState.STREAMING)
                    && listener.lines().stream().anyMatch(PodLogsSandboxTest::startup));
            admin.pods().inNamespace(NS).withName(POD).delete();
            boolean marked = Poll.within(WAIT, () -> listener.lines().stream().anyMatch(LogLine::marker));
            assertThat(marked).as("a marker; states %s; last lines %s", listener.states(), listener.texts()
                    .subList(Math.max(0, listener.texts().size() - 5), listener.texts().size())).isTrue();
            Poll.until(WAIT, "the new process's startup lines", () -> afterMarker(listener.lines()).stream()
                    .anyMatch(PodLogsSandboxTest::startup));
            assertThat(listener.states()).anyMatch(s -> s.state() == LogStreamState.RECONNECTING
                    && s.message() != null && s.message().contains(POD));
            LogLine marker = listener.lines().stream().filter(LogLine::marker).findFirst().orElseThrow();
            assertThat(marker.text()).contains(POD).contains("replaced");
            assertThat(listener.lines().stream().filter(LogLine::marker).count()).isEqualTo(1);
            assertThat(admin.pods().inNamespace(NS).withName(POD).get().getMetadata().getUid())
                    .isNotEqualTo(oldUid);
            List<LogLine> lines = listener.lines();
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i).seq()).isEqualTo(i);
            }
            assertThat(listener.last().state()).isEqualTo(LogStreamState.STREAMING);
        }
    }

    @Test
    void followingSurvivesAContainerRestartAndThePreviousLogIsThenAvailable() {
        RecordingListener listener = new RecordingListener();
        try (LogSubscription subscription = PodLogs.of(session).open(new LogRequest(POD, null, 20, true, false,
                false), listener)) {
            Poll.until(WAIT, "streaming", () -> listener.reached(LogStreamState.STREAMING)
                    && !listener.lines().isEmpty());
            ProcessHandle process = prometheusProcess();
            process.destroy();
            boolean marked = Poll.within(WAIT, () -> listener.lines().stream().anyMatch(LogLine::marker));
            assertThat(marked).as("a marker; states %s", listener.states()).isTrue();
            assertThat(listener.lines().stream().filter(LogLine::marker).findFirst().orElseThrow().text())
                    .contains("restarted");
            Poll.until(WAIT, "the new process's startup lines", () -> afterMarker(listener.lines()).stream()
                    .anyMatch(PodLogsSandboxTest::startup));
        }
        RecordingListener previous = new RecordingListener();
        PodLogs.of(session).open(new LogRequest(POD, null, 1000, false, true, false), previous);
        Poll.until(WAIT, "the previous log", () -> previous.reached(LogStreamState.ENDED)
                || previous.reached(LogStreamState.FAILED));
        assertThat(previous.last().state()).as(String.valueOf(previous.last())).isEqualTo(LogStreamState.ENDED);
        assertThat(previous.lines()).anyMatch(PodLogsSandboxTest::startup);
        assertThat(previous.texts()).anyMatch(t -> t.contains("Received SIGTERM") || t.contains("exiting"));
    }

    /** The live process standing in for prometheus-0 (its command line names the pod's directory). */
    private static ProcessHandle prometheusProcess() {
        return sandbox.startedPids().stream().map(ProcessHandle::of).flatMap(Optional::stream)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("/" + POD + "/") || c.contains("/" + POD + " ")
                        || c.endsWith("/" + POD)).orElse(false))
                .filter(p -> p.info().commandLine().orElse("").contains("prometheus"))
                .filter(p -> !p.info().commandLine().orElse("").contains("alertmanager"))
                .findFirst().orElseThrow(() -> new AssertionError("no live process for " + POD));
    }

    private static List<LogLine> afterMarker(List<LogLine> lines) {
        Optional<LogLine> marker = lines.stream().filter(LogLine::marker).findFirst();
        return marker.map(m -> lines.subList((int) m.seq() + 1, lines.size())).orElse(List.of());
    }
}
