package io.neurectomy.console.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.ConnectionException;
import io.neurectomy.console.core.cluster.Kubeconfig;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.endpoints.AlertmanagerPeersProbe;
import io.neurectomy.console.core.endpoints.Forward;
import io.neurectomy.console.core.endpoints.ForwardOptions;
import io.neurectomy.console.core.endpoints.ForwardSpec;
import io.neurectomy.console.core.endpoints.ForwardState;
import io.neurectomy.console.core.endpoints.PortForwardManager;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.ops.NodeFault;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * How long the console takes to notice things in the sandbox (real Prometheus and Alertmanager processes): the
 * latencies the functional tests used to assert as wall-clock bounds, measured here instead, as percentiles over
 * several rounds. Run with {@code bench/latency.sh [rounds (5)]}; results in {@code docs/performance.md}.
 *
 * <ul>
 *   <li>node fault: from the NodeFault operation's return to the session's snapshot showing the node NotReady
 *       with all its pods not ready, and from the recovery's return to the node Ready again;</li>
 *   <li>pod forward: from the deletion of {@code prometheus-0} to the forward's listener seeing RECONNECTING and
 *       then ACTIVE on the replacement;</li>
 *   <li>waiting worker: CPU time a forward's worker uses per second while its pod is missing;</li>
 *   <li>probe close: how long {@link AlertmanagerPeersProbe#close()} takes;</li>
 *   <li>connect timeout: how long a connect to a server that never answers takes to fail, with an 800 ms
 *       timeout.</li>
 * </ul>
 */
public final class SandboxLatencyBench {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofSeconds(120);

    private SandboxLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Double> nodeDown = new ArrayList<>();
        List<Double> nodeUp = new ArrayList<>();
        List<Double> reconnecting = new ArrayList<>();
        List<Double> active = new ArrayList<>();
        List<Double> workerCpu = new ArrayList<>();
        List<Double> probeClose = new ArrayList<>();
        List<Double> connectTimeout = new ArrayList<>();
        try (SandboxCluster sandbox = SandboxCluster.start(false);
             KubernetesClient admin = sandbox.adminClient();
             ClusterSession session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                     KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS)) {
            awaitStackReady(session);
            for (int round = 0; round < rounds; round++) {
                nodeFault(session, nodeDown, nodeUp);
                podForward(session, admin, reconnecting, active);
                waitingWorker(session, workerCpu);
                probeClose.add(probeClose(session));
                connectTimeout.add(connectTimeout());
                System.out.printf(Locale.ROOT, "round %d of %d done%n", round + 1, rounds);
            }
        }
        System.out.println();
        System.out.println("| measure | n | p50 | p90 | max |");
        System.out.println("|---|---|---|---|---|");
        row("node fault → NotReady in the session (ms)", nodeDown);
        row("node recovery → Ready in the session (ms)", nodeUp);
        row("pod deleted → forward RECONNECTING (ms)", reconnecting);
        row("pod deleted → forward ACTIVE again (ms)", active);
        row("waiting worker CPU (ms per s)", workerCpu);
        row("AlertmanagerPeersProbe.close() (ms)", probeClose);
        row("connect to a silent server, 800 ms timeout → failed (ms)", connectTimeout);
    }

    private static void row(String name, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f |%n", name, sorted.size(), pct(sorted, 0.5),
                pct(sorted, 0.9), sorted.get(sorted.size() - 1));
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }

    private static void awaitStackReady(ClusterSession session) {
        Poll.until(WAIT, "every stack pod ready", () -> {
            StackSnapshot s = session.state().snapshot();
            return ready(s, "prometheus-") == 2 && ready(s, "alertmanager-") == 3 && ready(s, "grafana-") == 2;
        });
    }

    private static long ready(StackSnapshot s, String prefix) {
        return s.pods().stream().filter(p -> p.name().startsWith(prefix) && p.ready()).count();
    }

    private static void done(Operation<Void> operation) {
        OperationResult<Void> result = operation.run(operation.plan(Cancellation.none()), ProgressListener.none(),
                Cancellation.none());
        if (!result.succeeded()) {
            throw new IllegalStateException(result.error());
        }
    }

    /** Waits on the session's state listener (no polling interval in the figure). */
    private static double awaitState(ClusterSession session, BooleanSupplier condition, long since) {
        Object signal = new Object();
        Runnable listener = () -> {
            synchronized (signal) {
                signal.notifyAll();
            }
        };
        session.state().addListener(listener);
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            synchronized (signal) {
                while (!condition.getAsBoolean()) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        throw new IllegalStateException("no change within " + WAIT);
                    }
                    signal.wait(Math.min(left, 50));
                }
            }
            return millisSince(since);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            session.state().removeListener(listener);
        }
    }

    private static void nodeFault(ClusterSession session, List<Double> down, List<Double> up) {
        awaitStackReady(session);
        String node = session.state().snapshot().pods().stream().filter(p -> p.name().equals("alertmanager-0"))
                .findFirst().orElseThrow().node();
        done(new NodeFault(session, node, true));
        long failed = System.nanoTime();
        down.add(awaitState(session, () -> {
            StackSnapshot s = session.state().snapshot();
            return s.nodes().stream().anyMatch(n -> n.name().equals(node) && !n.ready())
                    && s.pods().stream().filter(p -> p.node().equals(node)).noneMatch(PodInfo::ready);
        }, failed));
        done(new NodeFault(session, node, false));
        long recovered = System.nanoTime();
        up.add(awaitState(session, () -> session.state().snapshot().nodes().stream()
                .anyMatch(n -> n.name().equals(node) && n.ready()), recovered));
        Poll.until(WAIT, "every node ready", () -> session.state().snapshot().nodes().stream()
                .allMatch(NodeInfo::ready));
    }

    private static void podForward(ClusterSession session, KubernetesClient admin, List<Double> reconnecting,
                                   List<Double> active) {
        awaitStackReady(session);
        try (PortForwardManager manager = new PortForwardManager(session)) {
            Forward forward = manager.start(ForwardSpec.parse("prometheus-0", NS));
            Poll.until(WAIT, forward::status, s -> s.state() == ForwardState.ACTIVE, "forward ACTIVE");
            List<long[]> seen = new CopyOnWriteArrayList<>();
            forward.addListener(s -> seen.add(new long[] {s.state().ordinal(), System.nanoTime()}));
            long deleted = System.nanoTime();
            admin.pods().inNamespace(NS).withName("prometheus-0").delete();
            long[] pair = Poll.until(WAIT, () -> {
                long sawReconnecting = -1;
                for (long[] s : seen) {
                    if (s[0] == ForwardState.RECONNECTING.ordinal() && sawReconnecting < 0) {
                        sawReconnecting = s[1];
                    } else if (s[0] == ForwardState.ACTIVE.ordinal() && sawReconnecting >= 0) {
                        return new long[] {sawReconnecting, s[1]};
                    }
                }
                return null;
            }, p -> p != null, "RECONNECTING then ACTIVE");
            reconnecting.add((pair[0] - deleted) / 1e6);
            active.add((pair[1] - deleted) / 1e6);
        }
    }

    private static void waitingWorker(ClusterSession session, List<Double> cpuPerSecond) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (PortForwardManager manager = new PortForwardManager(session, ForwardOptions.defaults()
                .withPodGoneTimeout(Duration.ofSeconds(5)))) {
            Forward gone = manager.start(ForwardSpec.parse("pod/prometheus-7:9090", NS));
            Poll.until(WAIT, gone::status, s -> s.state() == ForwardState.RECONNECTING, "RECONNECTING");
            Thread worker = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("port-forward-" + gone.id())).findFirst().orElseThrow();
            long cpuBefore = cpu.getThreadCpuTime(worker.getId());
            long wallBefore = System.nanoTime();
            Poll.until(WAIT, "two seconds", () -> System.nanoTime() - wallBefore > 2e9);
            long used = cpu.getThreadCpuTime(worker.getId()) - cpuBefore;
            cpuPerSecond.add(used / 1e6 / ((System.nanoTime() - wallBefore) / 1e9));
        }
    }

    private static double probeClose(ClusterSession session) {
        List<Object> reports = new CopyOnWriteArrayList<>();
        AlertmanagerPeersProbe probe = AlertmanagerPeersProbe.start(session, Duration.ofMillis(200), reports::add);
        Poll.until(WAIT, "a probe", () -> !reports.isEmpty());
        long start = System.nanoTime();
        probe.close();
        return millisSince(start);
    }

    private static double connectTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Path file = Files.createTempFile("latency-bench", ".kubeconfig");
            try {
                Files.writeString(file, """
                        apiVersion: v1
                        kind: Config
                        clusters:
                        - name: silent
                          cluster:
                            server: http://127.0.0.1:%d
                        users:
                        - name: u
                          user:
                            token: t
                        contexts:
                        - name: silent
                          context:
                            cluster: silent
                            user: u
                        current-context: silent
                        """.formatted(silent.getLocalPort()));
                Kubeconfig config = KubeconfigLoader.load(List.of(file));
                long start = System.nanoTime();
                try {
                    new ClusterConnector(Duration.ofMillis(800)).connect(config, "silent", null).close();
                    throw new IllegalStateException("connected to a server that never answers");
                } catch (ConnectionException expected) {
                    return millisSince(start);
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
