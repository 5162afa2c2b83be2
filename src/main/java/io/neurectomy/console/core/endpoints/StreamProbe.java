package io.neurectomy.console.core.endpoints;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One health check through a fresh {@link PodStream} to a pod (not through the local listener, so that checks do not
 * count as the user's connections): an HTTP GET of the health path with {@code Connection: close}, or, for the
 * stream check, the stream opening with no error from the kubelet within a short grace period.
 *
 * <p>A check that got no answer at all within the timeout may have met a stalled stream; it is tried once more on a
 * new stream before it counts as failed.
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
                .getBytes(StandardCharsets.US_ASCII) : null;
        Collector collector = new Collector(request);
        PodStream stream;
        try {
            stream = PodStream.open(client, namespace, pod, port, collector, Runnable::run);
        } catch (RuntimeException e) {
            return outcome(StreamErrors.classify(e, namespace, pod), start);
        }
        try {
            return check.isHttp() ? http(collector, check, namespace, pod, timeout, start)
                    : stream(collector, port, namespace, pod, timeout, start);
        } finally {
            stream.close();
        }
    }

    private static Outcome http(Collector c, HealthCheck check, String namespace, String pod, Duration timeout,
                                long start) throws InterruptedException {
        try {
            CompletableFuture.anyOf(c.statusLine, c.ended).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (c.bytes() == 0) {
                return new Outcome(Kind.STALLED, (c.opened.isDone() ? "no answer" : "the stream did not open")
                        + " within " + millis(timeout), took(start));
            }
            return new Outcome(Kind.FAILED, "no complete answer to GET " + check.httpPath() + " within "
                    + millis(timeout), took(start));
        } catch (ExecutionException e) {
            return outcome(StreamErrors.classify(e.getCause(), namespace, pod), start);
        }
        String statusLine = c.statusLine.getNow(null);
        if (statusLine == null) {
            Throwable error = c.ended.getNow(null);
            if (error == null) {
                return new Outcome(Kind.FAILED, "the pod closed the stream without an answer to GET "
                        + check.httpPath(), took(start));
            }
            return outcome(StreamErrors.classify(error, namespace, pod), start);
        }
        Matcher m = STATUS_LINE.matcher(statusLine);
        if (!m.matches()) {
            return new Outcome(Kind.FAILED, "not an HTTP answer: '" + StreamErrors.clean(statusLine) + "'",
                    took(start));
        }
        int code = Integer.parseInt(m.group(1));
        return new Outcome(code >= 200 && code < 300 ? Kind.PASSED : Kind.FAILED,
                "HTTP " + code + " from " + check.httpPath(), took(start));
    }

    private static Outcome stream(Collector c, int port, String namespace, String pod, Duration timeout, long start)
            throws InterruptedException {
        try {
            CompletableFuture.anyOf(c.opened, c.ended).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!c.ended.isDone()) {
                // Open: the kubelet reports a refused connection right after the headers; give it a moment.
                c.ended.get(Math.min(TCP_GRACE.toMillis(), timeout.toMillis()), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            if (c.opened.isDone()) {
                return new Outcome(Kind.PASSED, "stream to port " + port + " open", took(start));
            }
            return new Outcome(Kind.STALLED, "the stream did not open within " + millis(timeout), took(start));
        } catch (ExecutionException e) {
            return outcome(StreamErrors.classify(e.getCause(), namespace, pod), start);
        }
        Throwable error = c.ended.getNow(null);
        if (error == null) {
            return new Outcome(Kind.FAILED, "the stream to port " + port + " closed at once", took(start));
        }
        return outcome(StreamErrors.classify(error, namespace, pod), start);
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

    /** Sends the request once the stream is open and collects the answer until its status line is complete. */
    private static final class Collector implements PodStream.Handler {
        final CompletableFuture<Void> opened = new CompletableFuture<>();
        final CompletableFuture<String> statusLine = new CompletableFuture<>();
        /** Completed with the error that ended the stream, or null. */
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        private final byte[] request;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private long total;

        Collector(byte[] request) {
            this.request = request;
        }

        @Override
        public void opened(PodStream stream) {
            opened.complete(null);
            if (request != null) {
                try {
                    stream.send(request, 0, request.length);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public synchronized void data(ByteBuffer payload) {
            total += payload.remaining();
            while (payload.hasRemaining() && head.size() < MAX_HEAD && !statusLine.isDone()) {
                byte b = payload.get();
                head.write(b);
                if (b == '\n') {
                    statusLine.complete(head.toString(StandardCharsets.ISO_8859_1).strip());
                }
            }
            if (head.size() >= MAX_HEAD && !statusLine.isDone()) {
                statusLine.complete(head.toString(StandardCharsets.ISO_8859_1).strip());
            }
        }

        synchronized long bytes() {
            return total;
        }

        @Override
        public void ended(Throwable error) {
            ended.complete(error);
        }
    }
}
