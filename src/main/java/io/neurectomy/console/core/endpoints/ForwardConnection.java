package io.neurectomy.console.core.endpoints;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted local connection and its own {@link PodStream} to one pod. The local socket's bytes go up on a pump
 * task of the forward's executor; the pod's bytes are written to the socket on the same executor, one frame at a
 * time. Either side ending closes both: the local end-of-input (the v4 channel protocol has no half-close) or error
 * closes the stream, the stream's end closes the local socket after the pod's last bytes were written.
 */
final class ForwardConnection implements PodStream.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardConnection.class);
    private static final int CHUNK = 32 * 1024;

    private final SocketChannel socket;
    private final String pod;
    private final AtomicLong bytesIn;
    private final AtomicLong bytesOut;
    private final ExecutorService executor;
    private final Consumer<ForwardConnection> onClose;
    private final long openedNanos = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean streamOpen;
    private volatile PodStream stream;
    private volatile Throwable streamError;

    /**
     * @param bytesIn  where bytes from the pod are added up
     * @param bytesOut where bytes to the pod are added up
     * @param executor runs the pump and the writes (the forward's threads)
     * @param onClose  told once when the connection has closed
     */
    ForwardConnection(SocketChannel socket, String pod, AtomicLong bytesIn, AtomicLong bytesOut,
                      ExecutorService executor, Consumer<ForwardConnection> onClose) {
        this.socket = socket;
        this.pod = pod;
        this.bytesIn = bytesIn;
        this.bytesOut = bytesOut;
        this.executor = executor;
        this.onClose = onClose;
    }

    /** Opens the stream to {@code port} of {@code namespace/pod}; returns at once (the stream opens in background). */
    void start(KubernetesClient client, String namespace, int port) {
        try {
            socket.socket().setTcpNoDelay(true);
            stream = PodStream.open(client, namespace, pod, port, this, executor);
            if (closed.get()) {
                stream.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not open a stream to {}/{}: {}", namespace, pod, e.toString());
            streamError = e;
            close();
        }
    }

    @Override
    public void opened(PodStream opened) {
        streamOpen = true;
        try {
            executor.execute(() -> pump(opened));
        } catch (RejectedExecutionException e) {
            close();
        }
    }

    /** Local bytes up to the pod until the local side ends. */
    private void pump(PodStream up) {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        try {
            while (!closed.get()) {
                buffer.clear();
                int n = socket.read(buffer);
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    bytesOut.addAndGet(n);
                    if (!up.send(buffer.array(), 0, n)) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("Reading a forwarded connection ended: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void data(ByteBuffer payload) throws IOException {
        while (payload.hasRemaining()) {
            bytesIn.addAndGet(socket.write(payload));
        }
    }

    @Override
    public void ended(Throwable error) {
        if (error != null) {
            streamError = error;
        }
        close();
    }

    /** The pod this connection's stream goes to. */
    String pod() {
        return pod;
    }

    /** Whether the stream to the pod has opened. */
    boolean streamOpen() {
        return streamOpen;
    }

    /** Nanoseconds ({@link System#nanoTime()}) when it was accepted. */
    long openedNanos() {
        return openedNanos;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Whether the stream ended because of an error on the pod's side (the kubelet or the API server said so). */
    boolean streamFailed() {
        return streamError != null;
    }

    /** What ended the stream, or null. */
    Throwable streamError() {
        return streamError;
    }

    /** Closes the local socket and the stream; safe to call more than once and from any thread. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing a forwarded connection failed: {}", e.getMessage());
        }
        PodStream s = stream;
        if (s != null) {
            s.close();
        }
        onClose.accept(this);
    }
}
