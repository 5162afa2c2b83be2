package io.neurectomy.console.core.endpoints;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP answer from a server in the stack, read so that a misbehaving server cannot hang or exhaust the console:
 * the whole answer (headers and body) within the request's timeout (the JDK's own timeout stops at the headers, so
 * a server that stops mid-body would otherwise hold the caller for ever), and at most {@code limit} bytes of body
 * (a larger {@code Content-Length} is refused before reading, a longer body is cut off where it passes the limit).
 * Each failure is an {@link IOException} that names the server, what went wrong and what to check.
 */
final class BoundedAnswer {
    /** The most of one answer the console reads: 32 MiB (a large Prometheus's targets or metrics are a few MiB). */
    static final int MAX_BODY = 32 << 20;

    private BoundedAnswer() {
    }

    /** A body longer than the limit. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /**
     * Sends {@code request} and reads its answer as text.
     *
     * @param server how messages name the server, e.g. {@code "prometheus-0"}
     * @param what   how messages name the request, e.g. {@code "GET /api/v1/targets"}
     */
    static HttpResponse<String> send(HttpClient http, HttpRequest request, Duration timeout, long limit,
            String server, String what) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, handler(limit));
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException(server + " did not finish answering " + what + " within "
                    + timeout.toSeconds() + " s (it answers too slowly, or stopped in the middle of its answer)."
                    + " Check the pod's log and load, then try again.");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TooLargeException tooLarge) {
                throw new TooLargeException(server + " answered " + what + " with " + tooLarge.getMessage()
                        + "; the console reads at most " + mib(limit) + " of an answer. Check that the port is"
                        + " served by the server the console expects, not something else.");
            }
            if (cause instanceof HttpTimeoutException) {
                throw new HttpTimeoutException(server + " did not answer " + what + " within "
                        + timeout.toSeconds() + " s. Check the pod's log and load, then try again.");
            }
            String said = cause == null || cause.getMessage() == null ? String.valueOf(cause) : cause.getMessage();
            throw new IOException(server + " broke off its answer to " + what + " (" + said + "): the connection"
                    + " was closed or reset. Check whether the pod restarted, then try again.", cause);
        }
    }

    /** A body handler that refuses a declared or actual body longer than {@code limit}. */
    static HttpResponse.BodyHandler<String> handler(long limit) {
        return info -> {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > limit) {
                return new Refused("a body of " + mib(declared) + " (Content-Length)");
            }
            return new Collecting(limit);
        };
    }

    static String mib(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB"
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    /** Collects the body up to the limit; cancels the stream as soon as it passes it. */
    private static final class Collecting implements HttpResponse.BodySubscriber<String> {
        private final long limit;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Collecting(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : buffers) {
                if (body.size() + (long) b.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLargeException("a body of more than " + mib(limit)));
                    return;
                }
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                body.writeBytes(bytes);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(body.toString(StandardCharsets.UTF_8));
        }
    }

    /** Refuses the body unread (its declared length is over the limit). */
    private static final class Refused implements HttpResponse.BodySubscriber<String> {
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final String what;

        Refused(String what) {
            this.what = what;
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.cancel();
            result.completeExceptionally(new TooLargeException(what));
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(new TooLargeException(what));
        }

        @Override
        public void onComplete() {
            result.completeExceptionally(new TooLargeException(what));
        }
    }
}
