package io.neurectomy.console.core.endpoints;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.PortForward;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One health check through a fresh port-forward stream to a pod (not through the local listener, so that checks do
 * not count as the user's connections): an HTTP GET of the health path with {@code Connection: close}, or, for the
 * stream check, the stream opening with no error from the kubelet within a short grace period.
 *
 * <p>A stream that gives no answer at all within the timeout may be a stalled stream of the client library (about 1
 * in 300 new streams in the relay benchmark); such a check is tried once more on a new stream before it counts as
 * failed.
 */
final class StreamProbe {
    /** How long a stream check waits for an error after the stream opened. */
    private static final Duration TCP_GRACE = Duration.ofMillis(500);
    private static final int MAX_HEAD = 8192;
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/\\d(?:\\.\\d)? (\\d{3})(?: (.*))?$");

    /** How a check ended. */
    enum Kind {
        PASSED,
        FAILED,
        /** The API server refused the stream for good (401/403). */
        FORBIDDEN,
        /** The pod does not exist (404 on the stream). */
        NOT_FOUND,
        /** No answer at all: not even the stream opened, or no byte came back. */
        STALLED
    }

    /** The outcome of a check. */
    record Outcome(Kind kind, String detail, Duration took) {
        boolean passed() {
            return kind == Kind.PASSED;
        }
    }

    private StreamProbe() {
    }

    /** Checks {@code port} of {@code namespace/pod}; a stalled attempt is tried once more. */
    static Outcome check(KubernetesClient client, String namespace, String pod, int port, HealthCheck check,
                         Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        Outcome first = attempt(client, namespace, pod, port, check, timeout);
        if (first.kind() != Kind.STALLED) {
            return first;
        }
        Outcome second = attempt(client, namespace, pod, port, check, timeout);
        return new Outcome(second.kind(), second.kind() == Kind.STALLED ? second.detail() + " (tried twice)"
                : second.detail(), Duration.ofNanos(System.nanoTime() - start));
    }

    private static Outcome attempt(KubernetesClient client, String namespace, String pod, int port,
                                   HealthCheck check, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        byte[] request = check.isHttp() ? ("GET " + check.httpPath() + " HTTP/1.1\r\nHost: localhost:" + port
                + "\r\nUser-Agent: monitoring-console\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII) : new byte[0];
        Request in = new Request(request);
        Response out = new Response();
        PortForward forward;
        try {
            forward = client.pods().inNamespace(namespace).withName(pod).portForward(port, in, out);
        } catch (RuntimeException e) {
            StreamErrors.Failure f = StreamErrors.classify(e, namespace, pod);
            return outcome(f, start);
        }
        try {
            if (check.isHttp()) {
                return http(forward, in, out, check, namespace, pod, timeout, start);
            }
            return stream(forward, in, out, port, namespace, pod, timeout, start);
        } finally {
            try {
                forward.close();
            } catch (IOException | RuntimeException e) {
                // closing a failed stream: nothing more to learn
            }
        }
    }

    private static Outcome http(PortForward forward, Request in, Response out, HealthCheck check, String namespace,
                                String pod, Duration timeout, long start) throws InterruptedException {
        try {
            String statusLine = CompletableFuture.anyOf(out.statusLine, out.closed).thenApply(x -> out.statusLine
                    .getNow(null)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (statusLine == null) {
                StreamErrors.Failure f = StreamErrors.of(forward, namespace, pod);
                if (f.message().isEmpty()) {
                    return new Outcome(Kind.FAILED, "the pod closed the stream without an answer to GET "
                            + check.httpPath(), took(start));
                }
                return outcome(f, start);
            }
            Matcher m = STATUS_LINE.matcher(statusLine);
            if (!m.matches()) {
                return new Outcome(Kind.FAILED, "not an HTTP answer: '"
                        + StreamErrors.clean(statusLine) + "'", took(start));
            }
            int code = Integer.parseInt(m.group(1));
            String text = "HTTP " + code + " from " + check.httpPath();
            return new Outcome(code >= 200 && code < 300 ? Kind.PASSED : Kind.FAILED, text, took(start));
        } catch (TimeoutException e) {
            if (out.bytes() == 0) {
                return new Outcome(Kind.STALLED, (in.opened ? "no answer" : "the stream did not open") + " within "
                        + millis(timeout), took(start));
            }
            return new Outcome(Kind.FAILED, "no complete answer to GET " + check.httpPath() + " within "
                    + millis(timeout), took(start));
        } catch (ExecutionException e) {
            return new Outcome(Kind.FAILED, StreamErrors.classify(e.getCause(), namespace, pod).message(),
                    took(start));
        }
    }

    private static Outcome stream(PortForward forward, Request in, Response out, int port, String namespace,
                                  String pod, Duration timeout, long start) throws InterruptedException {
        try {
            CompletableFuture.anyOf(in.openedFuture, out.closed).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!in.opened) {
                return failure(forward, namespace, pod, port, start);
            }
        } catch (TimeoutException e) {
            return new Outcome(Kind.STALLED, "the stream did not open within " + millis(timeout), took(start));
        } catch (ExecutionException e) {
            return new Outcome(Kind.FAILED, StreamErrors.classify(e.getCause(), namespace, pod).message(),
                    took(start));
        }
        long grace = Math.min(TCP_GRACE.toMillis(), timeout.toMillis());
        try {
            out.closed.get(grace, TimeUnit.MILLISECONDS);
            return failure(forward, namespace, pod, port, start);
        } catch (TimeoutException e) {
            return new Outcome(Kind.PASSED, "stream to port " + port + " open", took(start));
        } catch (ExecutionException e) {
            return new Outcome(Kind.FAILED, StreamErrors.classify(e.getCause(), namespace, pod).message(),
                    took(start));
        }
    }

    private static Outcome failure(PortForward forward, String namespace, String pod, int port, long start) {
        StreamErrors.Failure f = StreamErrors.of(forward, namespace, pod);
        if (f.message().isEmpty()) {
            return new Outcome(Kind.FAILED, "the stream to port " + port + " closed at once", took(start));
        }
        return outcome(f, start);
    }

    private static Outcome outcome(StreamErrors.Failure f, long start) {
        Kind kind = switch (f.kind()) {
            case FORBIDDEN -> Kind.FORBIDDEN;
            case NOT_FOUND -> Kind.NOT_FOUND;
            case OTHER -> Kind.FAILED;
        };
        return new Outcome(kind, f.message(), took(start));
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String millis(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** The request's bytes once, then end of input (the stream stays open for the answer). */
    private static final class Request implements ReadableByteChannel {
        private final ByteBuffer bytes;
        final CompletableFuture<Void> openedFuture = new CompletableFuture<>();
        volatile boolean opened;
        private volatile boolean open = true;

        Request(byte[] request) {
            this.bytes = ByteBuffer.wrap(request);
        }

        @Override
        public synchronized int read(ByteBuffer dst) {
            // fabric8 reads only once the websocket is open.
            opened = true;
            openedFuture.complete(null);
            if (!bytes.hasRemaining()) {
                return -1;
            }
            int n = Math.min(dst.remaining(), bytes.remaining());
            ByteBuffer slice = bytes.slice();
            slice.limit(n);
            dst.put(slice);
            bytes.position(bytes.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    /** Collects the answer until its status line is complete. */
    private static final class Response implements WritableByteChannel {
        final CompletableFuture<String> statusLine = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private long total;

        @Override
        public synchronized int write(ByteBuffer src) {
            int n = src.remaining();
            total += n;
            while (src.hasRemaining() && head.size() < MAX_HEAD && !statusLine.isDone()) {
                byte b = src.get();
                head.write(b);
                if (b == '\n') {
                    statusLine.complete(head.toString(StandardCharsets.ISO_8859_1).strip());
                }
            }
            if (head.size() >= MAX_HEAD && !statusLine.isDone()) {
                statusLine.complete(head.toString(StandardCharsets.ISO_8859_1).strip());
            }
            src.position(src.limit());
            return n;
        }

        synchronized long bytes() {
            return total;
        }

        @Override
        public boolean isOpen() {
            return !closed.isDone();
        }

        @Override
        public void close() {
            closed.complete(null);
        }
    }
}
