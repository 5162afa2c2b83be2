package io.neurectomy.console.core.endpoints;

import io.neurectomy.console.testing.ListeningPorts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Small helpers of the port-forward tests: raw HTTP over a fresh connection, free ports, thread and status logs. */
final class ForwardTestSupport {
    private ForwardTestSupport() {
    }

    /** An HTTP answer: status code and body. */
    record Answer(int code, String body) {
    }

    /** GET {@code path} on a fresh loopback connection with {@code Connection: close}; 5 s read timeout. */
    static Answer get(int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.")) {
                throw new IOException("no HTTP answer (" + all.size() + " bytes)");
            }
            int code = Integer.parseInt(text.substring(9, 12));
            int body = text.indexOf("\r\n\r\n");
            return new Answer(code, body < 0 ? "" : text.substring(body + 4));
        }
    }

    /** The status code of GET {@code path}, or -1 when the request failed. */
    static int status(int port, String path) {
        try {
            return get(port, path).code();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Whether something accepts connections on loopback {@code port}. */
    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether this JVM itself holds a socket listening on {@code port} ({@link ListeningPorts#heldHere}): unlike
     * {@link #listening}, a port that another process took after this one released it does not count.
     */
    static boolean listeningHere(int port) throws IOException {
        return ListeningPorts.heldHere(port);
    }

    /** A port P such that P and P+1 are free on loopback right now (P in 20000–29999). */
    static int twoFreePorts() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = 20000 + (int) (Math.random() * 9998);
            if (free(p) && free(p + 1)) {
                return p;
            }
        }
        throw new IOException("no two free adjacent ports found");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Live threads whose name starts with {@code prefix}. */
    static Set<Thread> threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith(prefix)).collect(Collectors.toSet());
    }

    /** Names of live threads whose name starts with {@code prefix} and that are not in {@code before}. */
    static List<String> newThreads(String prefix, Set<Thread> before) {
        return threads(prefix).stream().filter(t -> !before.contains(t)).map(Thread::getName).sorted().toList();
    }

    /** Every status a forward published, in order. */
    static final class Recorder implements ForwardListener {
        final List<ForwardStatus> seen = new CopyOnWriteArrayList<>();

        @Override
        public void statusChanged(ForwardStatus status) {
            seen.add(status);
        }

        boolean saw(ForwardState state) {
            return seen.stream().anyMatch(s -> s.state() == state);
        }

        ForwardStatus first(ForwardState state) {
            return seen.stream().filter(s -> s.state() == state).findFirst().orElse(null);
        }

        List<ForwardState> states() {
            return seen.stream().map(ForwardStatus::state).distinct().toList();
        }
    }

    /** Reads until the peer closes (true) or the read times out / fails (false for a timeout). */
    static boolean closedByPeer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // drain
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: closed too
        }
    }
}
