package io.neurectomy.console.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a server (S3Proxy in the tests) that counts the bytes it carries each way and can cut
 * every connection once a given number of bytes has gone one way: a network that drops in the middle of a
 * transfer, as an outside observer of the wire sees it.
 */
public final class CuttingProxy implements AutoCloseable {
    private final int targetPort;
    private final ServerSocket server;
    private final AtomicLong toClient = new AtomicLong();
    private final AtomicLong toServer = new AtomicLong();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile long cutToClientAt = Long.MAX_VALUE;
    private volatile long cutToServerAt = Long.MAX_VALUE;
    private final AtomicLong cuts = new AtomicLong();

    public CuttingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "cutting-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Bytes carried from the server to clients so far. */
    public long bytesToClient() {
        return toClient.get();
    }

    /** Bytes carried from clients to the server so far. */
    public long bytesToServer() {
        return toServer.get();
    }

    /** Connections cut so far. */
    public long cuts() {
        return cuts.get();
    }

    /** Cuts every connection once {@code more} further bytes have gone to clients (once; then disarmed). */
    public void cutAfterBytesToClient(long more) {
        cutToClientAt = toClient.get() + more;
    }

    /** Cuts every connection once {@code more} further bytes have gone to the server (once; then disarmed). */
    public void cutAfterBytesToServer(long more) {
        cutToServerAt = toServer.get() + more;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, toServer, true);
                pump(upstream, client, toClient, false);
            } catch (IOException e) {
                close(client); // the server is down: the client sees its connection refused-like close
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter, boolean upstream) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    long limit = upstream ? cutToServerAt : cutToClientAt;
                    long before = counter.get();
                    int allowed = (int) Math.min(n, Math.max(0, limit - before));
                    if (allowed > 0) {
                        out.write(buffer, 0, allowed);
                        out.flush();
                        counter.addAndGet(allowed);
                    }
                    if (allowed < n) {
                        cutAll(upstream);
                        return;
                    }
                }
            } catch (IOException e) {
                // the other side closed
            } finally {
                close(from);
                close(to);
            }
        }, "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void cutAll(boolean upstream) {
        if (upstream) {
            cutToServerAt = Long.MAX_VALUE;
        } else {
            cutToClientAt = Long.MAX_VALUE;
        }
        cuts.incrementAndGet();
        for (Socket s : open) {
            close(s);
        }
        open.clear();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(CuttingProxy::close);
    }
}
