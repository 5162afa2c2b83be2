package io.neurectomy.console.core.endpoints;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.PortForward;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted local connection and its own port-forward stream to one pod. fabric8 copies both ways on its threads
 * (its pump reads the local socket, its websocket callbacks write it); the channels handed to it count the bytes and
 * close the whole connection when either side ends: the local end-of-input or error closes the stream, the stream's
 * end closes the local socket. The websocket channel protocol (v4) has no half-close, so a local half-close ends the
 * connection, as it must for the stream to be released.
 */
final class ForwardConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardConnection.class);

    private final SocketChannel socket;
    private final String pod;
    private final AtomicLong bytesIn;
    private final AtomicLong bytesOut;
    private final Consumer<ForwardConnection> onClose;
    private final long openedNanos = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean streamOpen;
    private volatile PortForward stream;

    /**
     * @param bytesIn  where bytes from the pod are added up
     * @param bytesOut where bytes to the pod are added up
     * @param onClose  told once when the connection has closed
     */
    ForwardConnection(SocketChannel socket, String pod, AtomicLong bytesIn, AtomicLong bytesOut,
                      Consumer<ForwardConnection> onClose) {
        this.socket = socket;
        this.pod = pod;
        this.bytesIn = bytesIn;
        this.bytesOut = bytesOut;
        this.onClose = onClose;
    }

    /** Opens the stream to {@code port} of {@code namespace/pod}; returns at once (the stream opens in background). */
    void start(KubernetesClient client, String namespace, int port) {
        try {
            socket.socket().setTcpNoDelay(true);
            PortForward pf = client.pods().inNamespace(namespace).withName(pod).portForward(port, new FromUser(),
                    new ToUser());
            stream = pf;
            if (closed.get()) {
                closeQuietly(pf);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not open a stream to {}/{}: {}", namespace, pod, e.toString());
            close();
        }
    }

    /** The pod this connection's stream goes to. */
    String pod() {
        return pod;
    }

    /** Whether the stream to the pod has opened (fabric8 started reading the local socket). */
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
        PortForward pf = stream;
        if (pf != null) {
            closeQuietly(pf);
        }
        onClose.accept(this);
    }

    /** Whether the stream ended because of an error on the pod's side (the kubelet or the API server said so). */
    boolean streamFailed() {
        PortForward pf = stream;
        return pf != null && !pf.getServerThrowables().isEmpty();
    }

    private static void closeQuietly(PortForward pf) {
        try {
            pf.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing a port-forward stream failed: {}", e.getMessage());
        }
    }

    /** What fabric8's pump reads: the user's bytes, counted; end of input closes the connection. */
    private final class FromUser implements ReadableByteChannel {
        @Override
        public int read(ByteBuffer dst) throws IOException {
            streamOpen = true;
            int n;
            try {
                n = socket.read(dst);
            } catch (IOException e) {
                close();
                throw e;
            }
            if (n < 0) {
                close();
            } else {
                bytesOut.addAndGet(n);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return !closed.get();
        }

        @Override
        public void close() {
            ForwardConnection.this.close();
        }
    }

    /** What fabric8 writes the pod's bytes to: the local socket, counted. */
    private final class ToUser implements WritableByteChannel {
        @Override
        public int write(ByteBuffer src) throws IOException {
            int n;
            try {
                n = socket.write(src);
            } catch (IOException e) {
                close();
                throw e;
            }
            bytesIn.addAndGet(n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return !closed.get();
        }

        @Override
        public void close() {
            ForwardConnection.this.close();
        }
    }
}
