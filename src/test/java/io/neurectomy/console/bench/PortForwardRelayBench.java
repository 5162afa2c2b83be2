package io.neurectomy.console.bench;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.SandboxCluster;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Throughput and latency through the sandbox's port-forward relay (fabric8 client → websocket → relay → TCP) next to
 * a direct loopback connection to the same server. Run with {@code bench/relay.sh [MiB] [round trips] [runs]}.
 *
 * <p>The server is a tiny Java TCP server in this process: a connection that starts with {@code D n\n} receives n
 * bytes and is closed; one that starts with {@code E\n} echoes 64-byte messages.
 */
public final class PortForwardRelayBench {
    static final int MESSAGE = 64;
    private static final int STALL_MILLIS = 5000;

    private PortForwardRelayBench() {
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 200;
        int roundTrips = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int connects = 200;
        Path dir = Files.createTempDirectory("relay-bench-");
        try (BenchServer server = new BenchServer()) {
            PodRuntime runtime = new PodRuntime("monitoring", "bench-0", dir, Map.of(9090, server.port()),
                    dir.resolve("log"), null);
            try (SandboxCluster sandbox = SandboxCluster.start(true, (ns, pod) -> Optional.of(runtime));
                    KubernetesClient client = sandbox.adminClient()) {
                client.pods().inNamespace("monitoring").resource(new PodBuilder().withNewMetadata()
                        .withName("bench-0").endMetadata().withNewSpec().addNewContainer().withName("bench")
                        .withImage("bench").endContainer().endSpec().build()).create();
                try (LocalPortForward forward = client.pods().inNamespace("monitoring").withName("bench-0")
                        .portForward(9090)) {
                    int relay = forward.getLocalPort();
                    int direct = server.port();
                    // Warm-up: JIT, connection pools, websocket machinery.
                    download(relay, 32L << 20);
                    download(direct, 32L << 20);
                    echo(relay, 200);
                    echo(direct, 200);
                    System.out.printf(Locale.ROOT, "Download of %d MiB, %d runs (MB/s = 10^6 bytes/s)%n", mib, runs);
                    for (int run = 1; run <= runs; run++) {
                        double viaRelay = download(relay, mib << 20);
                        double viaDirect = download(direct, mib << 20);
                        System.out.printf(Locale.ROOT, "  run %d: relay %8.1f MB/s   direct %8.1f MB/s   ratio %.3f%n",
                                run, viaRelay, viaDirect, viaRelay / viaDirect);
                    }
                    System.out.printf(Locale.ROOT, "Round trips of %d bytes on one connection, %d per run%n",
                            MESSAGE, roundTrips);
                    for (int run = 1; run <= runs; run++) {
                        long[] viaRelay = echo(relay, roundTrips);
                        long[] viaDirect = echo(direct, roundTrips);
                        System.out.printf(Locale.ROOT, "  run %d: relay p50 %7.1f us p99 %7.1f us   direct p50 %6.1f us"
                                + " p99 %6.1f us%n", run, micros(viaRelay, 50), micros(viaRelay, 99),
                                micros(viaDirect, 50), micros(viaDirect, 99));
                    }
                    System.out.printf(Locale.ROOT, "New connection + first round trip, %d per run%n", connects);
                    for (int run = 1; run <= runs; run++) {
                        int[] relayStalls = {0};
                        int[] directStalls = {0};
                        long[] viaRelay = connect(relay, connects, relayStalls);
                        long[] viaDirect = connect(direct, connects, directStalls);
                        System.out.printf(Locale.ROOT, "  run %d: relay p50 %7.1f us p99 %7.1f us stalled %d   direct"
                                + " p50 %6.1f us p99 %6.1f us stalled %d%n", run, micros(viaRelay, 50),
                                micros(viaRelay, 99), relayStalls[0], micros(viaDirect, 50), micros(viaDirect, 99),
                                directStalls[0]);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    /** Downloads {@code bytes} on a fresh connection; MB/s (10^6 bytes per second). */
    static double download(int port, long bytes) throws IOException {
        long start = System.nanoTime();
        long received = 0;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(("D " + bytes + "\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[256 * 1024];
            int n;
            while (received < bytes && (n = in.read(buffer)) >= 0) {
                received += n;
            }
        }
        long nanos = System.nanoTime() - start;
        if (received != bytes) {
            throw new IOException("received " + received + " of " + bytes + " bytes");
        }
        return bytes / (nanos / 1e9) / 1e6;
    }

    /** Round-trip times in nanoseconds of {@code count} 64-byte messages on one connection. */
    static long[] echo(int port, int count) throws IOException {
        long[] times = new long[count];
        byte[] message = new byte[MESSAGE];
        new Random(1).nextBytes(message);
        byte[] back = new byte[MESSAGE];
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write("E\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                out.write(message);
                out.flush();
                in.readFully(back);
                times[i] = System.nanoTime() - start;
                if (!Arrays.equals(message, back)) {
                    throw new IOException("echo differs");
                }
            }
        }
        return times;
    }

    /**
     * Times in nanoseconds of {@code count} fresh connections, each with one round trip; a connection whose answer
     * does not come within {@link #STALL_MILLIS} counts as stalled and is left out of the times.
     */
    static long[] connect(int port, int count, int[] stalled) throws IOException {
        long[] times = new long[count];
        int done = 0;
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
                stalled[0]++;
            }
        }
        return Arrays.copyOf(times, done);
    }

    static double micros(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e3;
    }

    /** The loopback server both paths reach. */
    static final class BenchServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        private final List<Thread> threads = new ArrayList<>();
        private final byte[] block = new byte[256 * 1024];

        BenchServer() throws IOException {
            new Random(2).nextBytes(block);
            Thread acceptor = new Thread(this::accept, "bench-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    Thread handler = new Thread(() -> serve(connection), "bench-serve");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                connection.setTcpNoDelay(true);
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                String command = readLine(in);
                if (command.startsWith("D ")) {
                    long remaining = Long.parseLong(command.substring(2));
                    while (remaining > 0) {
                        int n = (int) Math.min(block.length, remaining);
                        out.write(block, 0, n);
                        remaining -= n;
                    }
                } else if (command.equals("E")) {
                    byte[] message = new byte[MESSAGE];
                    DataInputStream data = new DataInputStream(in);
                    while (true) {
                        data.readFully(message);
                        out.write(message);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the client closed: the normal end of an echo connection
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.append((char) c);
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
