package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The most the console reads of one answer of the API server: a list, a get, a version. fabric8 collects an answer
 * whole before reading it, so a server (or something in front of it) that sends without end would fill memory; past
 * {@code limit} bytes the answer is cancelled with an {@link AnswerTooLargeException}. Streams that are meant to go
 * on (watches, followed logs) are counted per request too, but are not answers read whole, so they are left alone.
 */
final class AnswerLimit implements Interceptor {
    /** The interceptor's name in the client's chain. */
    static final String NAME = "answer-limit";
    /** 256 MiB: far above the largest list the console asks for (pods and events of a namespace, nodes). */
    static final long DEFAULT = 256L << 20;

    private final long limit;

    AnswerLimit(long limit) {
        this.limit = limit;
    }

    /** An answer that passed the limit. */
    static final class AnswerTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long limit;

        AnswerTooLargeException(String what, long limit) {
            super("the answer to " + what + " passed " + (limit >> 20) + " MiB");
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }

    @Override
    public AsyncBody.Consumer<List<ByteBuffer>> consumer(AsyncBody.Consumer<List<ByteBuffer>> consumer,
            HttpRequest request) {
        String query = request.uri().getRawQuery();
        if (query != null && (query.contains("watch=true") || query.contains("watch=1")
                || query.contains("follow=true"))) {
            return consumer;
        }
        String what = request.method() + " " + request.uri().getRawPath();
        return new AsyncBody.Consumer<>() {
            private long read;

            @Override
            public void consume(List<ByteBuffer> buffers, AsyncBody body) throws Exception {
                for (ByteBuffer b : buffers) {
                    read += b.remaining();
                }
                if (read > limit) {
                    // The request fails with this (fabric8 waits on the body's future, not on what consume throws).
                    body.done().completeExceptionally(new AnswerTooLargeException(what, limit));
                    body.cancel();
                    return;
                }
                consumer.consume(buffers, body);
            }

            @Override
            public <U> U unwrap(Class<U> target) {
                return consumer.unwrap(target);
            }
        };
    }
}
