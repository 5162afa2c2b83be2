package io.neurectomy.console.core.endpoints;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.neurectomy.console.core.util.BoundedText;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One port-forward stream to one port of a pod: the {@code portforward} subresource over a websocket of the
 * session's fabric8 HTTP client (its authentication, TLS, proxy and ping settings), spoken in the kubelet's
 * {@code v4.channel.k8s.io} protocol — binary frames whose first byte is the channel, 0 for data and 1 for errors,
 * each channel starting with a 2-byte little-endian port header.
 *
 * <p>Why not fabric8's {@code portForward(port, in, out)}: its listener skips the first two frames blindly as the
 * port headers. When a header frame is lost (fabric8's Vert.x client can drop frames that arrive together with the
 * upgrade answer, before its handlers are set; measured about 1 in 200–300 new streams on this machine), it takes
 * the first data frame for a header, drops it, and the connection hangs. Here a frame counts as a header only when it
 * looks like one (two bytes holding the port, first on its channel), so a lost header costs nothing.
 *
 * <p>Flow control: the next frame is asked for only once {@link Handler#data} has returned, so a slow local reader
 * slows the pod down instead of filling memory; {@link #send} waits while more than {@value #MAX_QUEUED} bytes are
 * queued for the websocket. Of the error channel's text only the first {@value #MAX_ERROR_TEXT} bytes are kept.
 */
final class PodStream implements WebSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(PodStream.class);
    static final String PROTOCOL = "v4.channel.k8s.io";
    private static final int MAX_QUEUED = 1 << 20;
    /** What is kept of the error channel's text (a kubelet's error is a line or two; the rest is only counted). */
    static final int MAX_ERROR_TEXT = 64 * 1024;

    /** What the stream reports; {@link #data} runs on the stream's executor, the others on any thread. */
    interface Handler {
        /** The websocket is open: data may be sent on {@code stream}. */
        void opened(PodStream stream);

        /** Bytes from the pod; the next frame is read once this returns. Throwing ends the stream. */
        void data(ByteBuffer payload) throws Exception;

        /** The stream ended; {@code error} is what went wrong (kubelet's error text, a refused upgrade), or null. */
        void ended(Throwable error);
    }

    private final int port;
    private final Handler handler;
    private final Executor executor;
    private final CompletableFuture<WebSocket> socket;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The open websocket (set in {@link #onOpen}, which runs before the upgrade's future completes). */
    private volatile WebSocket open;
    private volatile boolean closeRequested;
    private volatile boolean dataHeaderSeen;
    private volatile boolean errorHeaderSeen;
    private volatile Throwable error;
    private final BoundedText errorText = new BoundedText(MAX_ERROR_TEXT);

    /** A stream whose websocket {@code connect} opens with this stream as its listener (tests pass their own). */
    PodStream(int port, Handler handler, Executor executor,
              Function<WebSocket.Listener, CompletableFuture<WebSocket>> connect) {
        this.port = port;
        this.handler = handler;
        this.executor = new Serial(executor);
        this.socket = connect.apply(this);
        socket.whenComplete((ws, t) -> {
            if (t != null) {
                fail(t);
            } else if (closeRequested) {
                ws.sendClose(1000, "");
                end();
            }
        });
    }

    /**
     * Opens a stream to {@code port} of {@code namespace/pod}; returns at once, the handler hears the rest.
     *
     * @param executor where {@link Handler#data} runs (a thread that may block on the local socket)
     */
    static PodStream open(KubernetesClient client, String namespace, String pod, int port, Handler handler,
                          Executor executor) {
        String base = client.getMasterUrl().toString();
        URI uri = URI.create((base.endsWith("/") ? base : base + "/") + "api/v1/namespaces/" + namespace + "/pods/"
                + pod + "/portforward?ports=" + port);
        int timeout = client.getConfiguration().getConnectionTimeout();
        return new PodStream(port, handler, executor, listener -> {
            WebSocket.Builder builder = client.getHttpClient().newWebSocketBuilder().uri(uri).subprotocol(PROTOCOL);
            if (timeout > 0) {
                builder.connectTimeout(timeout, TimeUnit.MILLISECONDS);
            }
            return builder.buildAsync(listener);
        });
    }

    /** Sends bytes to the pod (channel 0); false once the stream has ended. Waits while much is queued. */
    boolean send(byte[] data, int offset, int length) throws InterruptedException {
        WebSocket ws = open;
        if (ws == null || ended.get()) {
            return false;
        }
        while (ws.queueSize() > MAX_QUEUED && !ended.get()) {
            Thread.sleep(1);
        }
        ByteBuffer frame = ByteBuffer.allocate(length + 1);
        frame.put((byte) 0).put(data, offset, length).flip();
        return ws.send(frame) && !ended.get();
    }

    /** Closes the stream (normal closure); the handler hears {@link Handler#ended} once. */
    void close() {
        closeRequested = true;
        WebSocket ws = open != null ? open : socket.isDone() && !socket.isCompletedExceptionally()
                ? socket.join() : null;
        if (ws != null) {
            try {
                ws.sendClose(1000, "");
            } catch (RuntimeException e) {
                LOG.debug("Closing a port-forward websocket failed: {}", e.getMessage());
            }
        }
        if (ws != null || socket.isDone()) {
            end();
        }
        // else: the upgrade is still under way; closed as soon as it completes (see the constructor)
    }

    /** What went wrong, or null. */
    Throwable error() {
        return error;
    }

    boolean isEnded() {
        return ended.get();
    }

    @Override
    public void onOpen(WebSocket ws) {
        open = ws;
        if (closeRequested) {
            ws.sendClose(1000, "");
            end();
            return;
        }
        handler.opened(this);
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
        onMessage(ws, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void onMessage(WebSocket ws, ByteBuffer frame) {
        if (!frame.hasRemaining()) {
            ws.request();
            return;
        }
        int channel = frame.get();
        ByteBuffer payload = frame.slice();
        if (channel == 0) {
            if (!dataHeaderSeen) {
                dataHeaderSeen = true;
                if (isPortHeader(payload)) {
                    ws.request();
                    return;
                }
                // The header was lost on the way: this is data already.
            }
            deliver(ws, payload);
        } else if (channel == 1) {
            if (!errorHeaderSeen) {
                errorHeaderSeen = true;
                if (isPortHeader(payload)) {
                    ws.request();
                    return;
                }
            }
            if (payload.hasRemaining()) {
                byte[] text = new byte[payload.remaining()];
                payload.get(text);
                errorText.write(text, 0, text.length);
            }
            ws.request();
        } else {
            fail(new IllegalStateException("protocol error: a frame on channel " + channel));
            ws.sendClose(1002, "protocol error");
        }
    }

    private boolean isPortHeader(ByteBuffer payload) {
        return payload.remaining() == 2 && ((payload.get(0) & 0xff) | (payload.get(1) & 0xff) << 8) == port;
    }

    private void deliver(WebSocket ws, ByteBuffer payload) {
        if (!payload.hasRemaining()) {
            ws.request();
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    handler.data(payload);
                    ws.request();
                } catch (Exception e) {
                    if (!ended.get()) {
                        LOG.debug("Writing data from the pod failed: {}", e.toString());
                    }
                    close();
                }
            });
        } catch (RejectedExecutionException e) {
            close();
        }
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        // After the data still being written: the pod's last bytes reach the local socket before it closes.
        later(this::end);
    }

    @Override
    public void onError(WebSocket ws, Throwable t) {
        later(() -> fail(t));
    }

    private void later(Runnable r) {
        try {
            executor.execute(r);
        } catch (RejectedExecutionException e) {
            r.run();
        }
    }

    private void fail(Throwable t) {
        if (error == null && !closeRequested) {
            error = t;
        }
        end();
    }

    private void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        String text = errorText.toString().strip();
        if (!text.isEmpty() && error == null) {
            error = new RemoteError(text);
        }
        handler.ended(error);
    }

    /** Runs tasks one after the other, in order, on a shared executor. */
    private static final class Serial implements Executor {
        private final Executor delegate;
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean();

        Serial(Executor delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
            schedule();
        }

        private void schedule() {
            if (!tasks.isEmpty() && running.compareAndSet(false, true)) {
                try {
                    delegate.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    running.set(false);
                    throw e;
                }
            }
        }

        private void drain() {
            try {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
            } finally {
                running.set(false);
                try {
                    schedule();
                } catch (RejectedExecutionException e) {
                    tasks.clear(); // the executor is shut down: the stream's owner has ended
                }
            }
        }
    }

    /** What the kubelet said on the error channel. */
    static final class RemoteError extends Exception {
        private static final long serialVersionUID = 1L;

        RemoteError(String message) {
            super(message);
        }
    }
}
