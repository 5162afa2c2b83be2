package io.neurectomy.console.sandbox.relay;

import io.fabric8.mockwebserver.http.WebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forwarded connection, spoken in the kubelet's v4 channel protocol: binary frames whose first byte is the
 * channel (0 data, 1 error). Right after the upgrade the kubelet sends each channel's port as a 2-byte
 * little-endian header (clients skip these two frames), then the bytes of one TCP connection to the pod's port.
 * Here that TCP connection goes to the loopback port of the process that stands in for the pod.
 */
final class PortForwardSession extends RelaySession {
    private static final Logger LOG = LoggerFactory.getLogger(PortForwardSession.class);
    private static final int CHUNK = 64 * 1024;

    private final String pod;
    private final int port;
    private final Integer localPort;
    private final String refusal;
    /** Client bytes on their way to the target; unbounded so the event loop never waits for the target. */
    private final LinkedBlockingQueue<byte[]> toTarget = new LinkedBlockingQueue<>();
    private volatile Socket socket;

    /**
     * @param pod       "namespace/name", for messages
     * @param port      the container port the client asked for
     * @param localPort the loopback port serving it, or null when nothing serves it
     * @param refusal   the sentence to answer on the error channel instead of connecting, or null
     */
    PortForwardSession(Set<RelaySession> open, String pod, int port, Integer localPort, String refusal) {
        super(open);
        this.pod = pod;
        this.port = port;
        this.localPort = localPort;
        this.refusal = refusal;
    }

    @Override
    protected void opened() {
        daemon("sandbox-portforward-" + pod + ":" + port, this::run);
    }

    private void run() {
        // Sent from this thread, not from onOpen: a send on the event loop does not wait for the write, and a lost
        // header makes the client take the first data frame for a header (it skips two frames blindly).
        byte[] portHeader = {(byte) (port & 0xff), (byte) ((port >> 8) & 0xff)};
        if (!webSocket.send(frame(0, portHeader, 2)) || !webSocket.send(frame(1, portHeader, 2))) {
            close();
        } else if (refusal != null) {
            fail(refusal);
        } else if (localPort == null) {
            fail(connectionRefused());
        } else {
            pumpFromTarget();
        }
    }

    private String connectionRefused() {
        return connectionRefused(pod, port);
    }

    /** The kubelet's sentence for a port nothing listens on in the pod (also said over the SPDY tunnel). */
    static String connectionRefused(String pod, int port) {
        return "error forwarding port " + port + " to pod " + pod + ", uid : failed to connect to localhost:" + port
                + " inside the pod: connect: connection refused";
    }

    /** Connects to the target and copies what it sends to the client until either side closes. */
    private void pumpFromTarget() {
        Socket s;
        try {
            s = new Socket(InetAddress.getLoopbackAddress(), localPort);
            s.setTcpNoDelay(true);
        } catch (IOException e) {
            fail(connectionRefused());
            return;
        }
        socket = s;
        if (isClosed()) {
            closeQuietly(s);
            return;
        }
        daemon("sandbox-portforward-" + pod + ":" + port + "-in", () -> pumpToTarget(s));
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = s.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0 && !webSocket.send(frame(0, buffer, n))) {
                    break;
                }
            }
        } catch (IOException e) {
            LOG.debug("Forwarded connection to {} port {} ended: {}", pod, port, e.getMessage());
        }
        close();
    }

    private void pumpToTarget(Socket s) {
        try {
            OutputStream out = s.getOutputStream();
            byte[] data;
            while ((data = toTarget.take()) != END_OF_INPUT) {
                out.write(data);
            }
        } catch (IOException e) {
            LOG.debug("Writing to {} port {} failed: {}", pod, port, e.getMessage());
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        webSocket.send(frame(1, text, text.length));
        close();
    }

    @Override
    public void onMessage(WebSocket ws, byte[] bytes) {
        if (bytes.length > 1 && bytes[0] == 0) {
            toTarget.add(Arrays.copyOfRange(bytes, 1, bytes.length));
        }
    }

    @Override
    protected void release() {
        toTarget.add(END_OF_INPUT);
        Socket s = socket;
        if (s != null) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("Closing a forwarded connection failed: {}", e.getMessage());
        }
    }
}
