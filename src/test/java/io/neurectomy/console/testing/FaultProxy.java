package io.neurectomy.console.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving HTTP server for tests: a loopback TCP server that, on its own or in front of a real upstream,
 * answers every new connection with the {@link Fault} set at the time. {@link Fault#NONE} relays to the upstream
 * (or answers {@code 200 {}} when there is none); the others are what a broken or hostile server does to a reader.
 * Works below HTTP, so any client (the JDK's, fabric8's, the AWS SDK's) sees exactly these bytes.
 */
public final class FaultProxy implements AutoCloseable {
    /** What the server does with a request. */
    public enum Fault {
        /** Relays to the upstream, or answers {@code 200 {}} without one. */
        NONE,
        /** Reads the request and never answers (until closed). */
        SLOW,
        /** Sends the headers of a JSON answer and half its body, then nothing more, holding the connection open. */
        STOP_MID_STREAM,
        /** Sends {@code 200} with a body that starts as JSON and breaks off. */
        MALFORMED_JSON,
        /** Sends {@code 200} with an HTML error page, as a proxy or login page in front of a server does. */
        HTML_200,
        /** Sends {@code 200} with a body of {@link #enormousBytes} bytes, without a {@code Content-Length}. */
        ENORMOUS,
        /** Reads the request and resets the connection (RST). */
        RESET
    }

    public static final String HTML_PAGE = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
            + "<body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>\n";
    private static final byte[] JSON_HEAD = "{\"status\":\"success\",\"data\":{\"activeTargets\":[{\"labels\":"
            .getBytes(StandardCharsets.US_ASCII);

    private final Integer upstreamPort;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private volatile Fault fault = Fault.NONE;
    private volatile long enormousBytes = 64L << 20;
    private volatile CountDownLatch requested = new CountDownLatch(1);

    private FaultProxy(Integer upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "fault-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    /** A misbehaving server on its own. */
    public static FaultProxy standalone() throws IOException {
        return new FaultProxy(null);
    }

    /** A proxy in front of the server on loopback port {@code upstreamPort}, relaying while the fault is NONE. */
    public static FaultProxy inFrontOf(int upstreamPort) throws IOException {
        return new FaultProxy(upstreamPort);
    }

    public int port() {
        return server.getLocalPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** What new connections get from now on (connections already open keep what they had). */
    public FaultProxy fault(Fault value) {
        fault = value;
        requested = new CountDownLatch(1);
        return this;
    }

    /** The body length {@link Fault#ENORMOUS} sends. */
    public FaultProxy enormousBytes(long value) {
        enormousBytes = value;
        return this;
    }

    /** Requests answered with a fault so far. */
    public int faultedRequests() {
        return requests.get();
    }

    /** Connections held open without an answer ({@link Fault#SLOW}, {@link Fault#STOP_MID_STREAM}) right now. */
    public int heldOpen() {
        return held.get();
    }

    /** Waits until a request has reached the current fault (the client is now waiting on it). */
    public boolean awaitRequest(Duration deadline) throws InterruptedException {
        return requested.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(client);
            Fault now = fault;
            Thread t = new Thread(() -> serve(client, now), "fault-proxy-" + now);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket client, Fault now) {
        try {
            if (now == Fault.NONE && upstreamPort != null) {
                relay(client);
                return;
            }
            readRequestHead(client.getInputStream());
            if (now != Fault.NONE) {
                requests.incrementAndGet();
                requested.countDown();
            }
            OutputStream out = client.getOutputStream();
            switch (now) {
                case NONE -> answer(out, "application/json", "{}".getBytes(StandardCharsets.US_ASCII));
                case SLOW -> hold(client);
                case STOP_MID_STREAM -> {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + JSON_HEAD.length * 2 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(JSON_HEAD);
                    out.flush();
                    hold(client);
                }
                case MALFORMED_JSON -> answer(out, "application/json", JSON_HEAD);
                case HTML_200 -> answer(out, "text/html", HTML_PAGE.getBytes(StandardCharsets.US_ASCII));
                case ENORMOUS -> enormous(out);
                case RESET -> {
                    client.setSoLinger(true, 0);
                    client.close();
                }
                default -> throw new IllegalStateException(now.name());
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            if (now != Fault.NONE || upstreamPort == null) {
                close(client);
            }
        }
    }

    private static void answer(OutputStream out, String type, byte[] body) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** A JSON array of strings, sent as a close-delimited body (no length declared, as a stream would). */
    private void enormous(OutputStream out) throws IOException {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n["
                .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = ("\"" + "x".repeat(1022) + "\",").getBytes(StandardCharsets.US_ASCII);
        for (long sent = 1; sent < enormousBytes; sent += chunk.length) {
            out.write(chunk);
        }
        out.write("\"\"]".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Keeps the connection open, saying nothing more, until the client or {@link #close} closes it. */
    private void hold(Socket client) throws IOException {
        held.incrementAndGet();
        try {
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // discard
            }
        } finally {
            held.decrementAndGet();
        }
    }

    /** Reads up to the blank line that ends a request's head (the body, if any, is left unread). */
    private static void readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }

    private void relay(Socket client) throws IOException {
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                close(from);
                close(to);
            }
        }, "fault-proxy-relay");
        t.setDaemon(true);
        t.start();
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
        open.forEach(FaultProxy::close);
    }
}
