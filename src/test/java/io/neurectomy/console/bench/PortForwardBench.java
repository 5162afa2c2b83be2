package io.neurectomy.console.bench;

import static io.neurectomy.console.bench.PortForwardRelayBench.MESSAGE;
import static io.neurectomy.console.bench.PortForwardRelayBench.download;
import static io.neurectomy.console.bench.PortForwardRelayBench.echo;
import static io.neurectomy.console.bench.PortForwardRelayBench.micros;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.endpoints.Forward;
import io.neurectomy.console.core.endpoints.ForwardSpec;
import io.neurectomy.console.core.endpoints.ForwardState;
import io.neurectomy.console.core.endpoints.ForwardTarget;
import io.neurectomy.console.core.endpoints.HealthCheck;
import io.neurectomy.console.core.endpoints.PortForwardManager;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.SandboxCluster;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Throughput and latency through a console {@link Forward} (the console's own listener, one fabric8 stream per
 * connection, the sandbox relay) next to fabric8's own {@code LocalPortForward} over the same relay, a direct loopback
 * connection to the same server, and {@code kubectl port-forward} (SPDY in a websocket, one session for all its
 * connections) when kubectl is on PATH. Run with
 * {@code bench/forward.sh [MiB] [round trips] [runs] [new connections]}.
 *
 * <p>The server is {@link PortForwardRelayBench}'s loopback server: {@code D n\n} downloads n bytes, {@code E\n}
 * echoes 64-byte messages.
 */
public final class PortForwardBench {
    private static final int STALL_MILLIS = 5000;

    private PortForwardBench() {
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 200;
        int roundTrips = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int connects = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        Path dir = Files.createTempDirectory("forward-bench-");
        try (PortForwardRelayBench.BenchServer server = new PortForwardRelayBench.BenchServer()) {
            PodRuntime runtime = new PodRuntime("monitoring", "bench-0", dir, Map.of(9090, server.port()),
                    dir.resolve("log"), null);
            try (SandboxCluster sandbox = SandboxCluster.start(true, (ns, pod) -> Optional.of(runtime));
                    KubernetesClient client = sandbox.adminClient()) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("monitoring")
                        .endMetadata().build()).create();
                client.pods().inNamespace("monitoring").resource(new PodBuilder().withNewMetadata()
                        .withName("bench-0").endMetadata().withNewSpec().addNewContainer().withName("bench")
                        .withImage("bench").endContainer().endSpec().build()).create();
                try (ClusterSession session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                        KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, "monitoring");
                        PortForwardManager manager = new PortForwardManager(session);
                        LocalPortForward relay = client.pods().inNamespace("monitoring").withName("bench-0")
                                .portForward(9090)) {
                    Forward forward = manager.start(ForwardSpec.of(ForwardTarget.pod("monitoring", "bench-0"), 9090)
                            .withHealth(HealthCheck.tcp()));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (forward.status().state() != ForwardState.ACTIVE && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    if (forward.status().state() != ForwardState.ACTIVE) {
                        throw new IllegalStateException("the forward did not become active: "
                                + forward.status().summary());
                    }
                    Map<String, Integer> paths = new LinkedHashMap<>();
                    paths.put("direct", server.port());
                    paths.put("fabric8 LocalPortForward", relay.getLocalPort());
                    paths.put("console Forward", forward.status().localPort());
                    Process kubectl = startKubectl(sandbox.kubeconfig(), client);
                    try {
                        if (kubectl != null) {
                            paths.put("kubectl port-forward", KUBECTL_PORT);
                        }
                        measure(paths, mib, roundTrips, runs, connects);
                    } finally {
                        if (kubectl != null) {
                            kubectl.destroy();
                            kubectl.waitFor(5, TimeUnit.SECONDS);
                        }
                    }
                    System.out.println("Forward after the benchmark: " + forward.status().summary() + ", "
                            + forward.status().connections() + " connections, " + forward.status().bytesIn()
                            + " bytes in, " + forward.status().bytesOut() + " bytes out");
                }
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    private static void measure(Map<String, Integer> paths, long mib, int roundTrips, int runs, int connects)
            throws IOException {
        // Warm-up: JIT, connection pools, websocket machinery.
        for (int port : paths.values()) {
            download(port, 32L << 20);
            echo(port, 200);
        }
        System.out.printf(Locale.ROOT, "Download of %d MiB on a fresh connection, %d runs (MB/s = 10^6 bytes/s)%n",
                mib, runs);
        for (int run = 1; run <= runs; run++) {
            StringBuilder line = new StringBuilder("  run " + run + ":");
            for (Map.Entry<String, Integer> p : paths.entrySet()) {
                line.append(String.format(Locale.ROOT, "   %s %.1f", p.getKey(), download(p.getValue(), mib << 20)));
            }
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "Round trips of %d bytes on one connection, %d per run (p50 / p99 us)%n",
                MESSAGE, roundTrips);
        for (int run = 1; run <= runs; run++) {
            StringBuilder line = new StringBuilder("  run " + run + ":");
            for (Map.Entry<String, Integer> p : paths.entrySet()) {
                long[] t = echo(p.getValue(), roundTrips);
                line.append(String.format(Locale.ROOT, "   %s %.1f / %.1f", p.getKey(), micros(t, 50), micros(t, 99)));
            }
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "New connection + first round trip, %d per run (p50 / p99 ms; stalled = no"
                + " answer within %d s; closed = closed without an answer)%n", connects, STALL_MILLIS / 1000);
        for (int run = 1; run <= runs; run++) {
            StringBuilder line = new StringBuilder("  run " + run + ":");
            for (Map.Entry<String, Integer> p : paths.entrySet()) {
                Connects c = connect(p.getValue(), connects);
                line.append(String.format(Locale.ROOT, "   %s %.2f / %.2f stalled %d closed %d", p.getKey(),
                        micros(c.times, 50) / 1000, micros(c.times, 99) / 1000, c.stalled, c.closed));
            }
            System.out.println(line);
        }
    }

    private record Connects(long[] times, int stalled, int closed) {
    }

    /** {@code count} fresh connections with one 64-byte round trip each. */
    private static Connects connect(int port, int count) throws IOException {
        long[] times = new long[count];
        int done = 0;
        int stalled = 0;
        int closed = 0;
        byte[] message = new byte[MESSAGE];
        byte[] back = new byte[MESSAGE];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(STALL_MILLIS);
                socket.getOutputStream().write("E\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(message);
                new DataInputStream(socket.getInputStream()).readFully(back);
                times[done++] = System.nanoTime() - start;
            } catch (SocketTimeoutException e) {
                stalled++;
            } catch (EOFException e) {
                closed++;
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().contains("reset")) {
                    closed++;
                } else {
                    throw e;
                }
            }
        }
        return new Connects(done == 0 ? new long[] {0} : Arrays.copyOf(times, done), stalled, closed);
    }

    private static final int KUBECTL_PORT = freePort();

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code kubectl port-forward} to bench-0; null (with the reason printed) when it does not work. */
    private static Process startKubectl(Path kubeconfig, KubernetesClient client)
            throws IOException, InterruptedException {
        // kubectl forwards only to a pod whose phase is Running, which the sandbox's kubelet sets once it runs it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!running(client) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "-n",
                "monitoring", "port-forward", "--address", "127.0.0.1", "pod/bench-0", KUBECTL_PORT + ":9090"));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            System.out.println("kubectl port-forward: not measured (kubectl not found: " + e.getMessage() + ")");
            return null;
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line != null && line.startsWith("Forwarding from")) {
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // keep the pipe flowing
                    }
                } catch (IOException e) {
                    // kubectl ended
                }
            }, "kubectl-output");
            drain.setDaemon(true);
            drain.start();
            // kubectl binds first and upgrades per connection: check that one connection works.
            try {
                download(KUBECTL_PORT, 1024);
                return process;
            } catch (IOException e) {
                System.out.println("kubectl port-forward: not measured (it listens, but a connection failed: "
                        + e.getMessage() + ")");
                process.destroy();
                return null;
            }
        }
        StringBuilder all = new StringBuilder(line == null ? "" : line);
        String more;
        while ((more = out.readLine()) != null) {
            all.append(" | ").append(more);
        }
        process.waitFor(5, TimeUnit.SECONDS);
        System.out.println("kubectl port-forward: not measured; it failed: " + all);
        return null;
    }

    private static boolean running(KubernetesClient client) {
        var pod = client.pods().inNamespace("monitoring").withName("bench-0").get();
        return pod != null && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    }
}
