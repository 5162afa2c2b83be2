package io.neurectomy.console.sandbox.relay;

import static io.neurectomy.console.sandbox.relay.RelayFixture.GRAFANA;
import static io.neurectomy.console.sandbox.relay.RelayFixture.GRAFANA_SENTENCE;
import static io.neurectomy.console.sandbox.relay.RelayFixture.NS;
import static io.neurectomy.console.sandbox.relay.RelayFixture.POD;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.WebSocket;
import io.neurectomy.console.testing.Poll;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SPDY port-forward tunnel spoken frame by frame, as kubectl speaks it (a Netty codec on the client side, the
 * fabric8 client's websocket), so the relay's side is tested where kubectl is not installed.
 */
class SpdyPortForwardSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String THREADS = "sandbox-portforward-" + NS + "/";

    @TempDir
    Path dir;
    private RelayFixture fixture;
    private final List<Tunnel> tunnels = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new RelayFixture(dir);
    }

    @AfterEach
    void stop() {
        for (Tunnel tunnel : tunnels) {
            tunnel.ws.sendClose(1000, "");
            tunnel.drop();
        }
        fixture.close();
    }

    @Test
    void theUpgradeAgreesOnTheSpdySubprotocolWithoutAPortsParameter() throws Exception {
        URI url = URI.create(fixture.sandbox.url());
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(20_000);
            String path = "/api/v1/namespaces/" + NS + "/pods/" + POD + "/portforward";
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + url.getAuthority()
                    + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Protocol: " + SpdyPortForwardSession.SUBPROTOCOL + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            InputStream in = socket.getInputStream();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                assertThat(c).as("the upgrade answer so far: %s", head).isNotNegative();
                head.append((char) c);
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101")
                    .containsIgnoringCase("sec-websocket-protocol: " + SpdyPortForwardSession.SUBPROTOCOL);
        }
    }

    @Test
    void aConnectionCarriesHttpAndEndsBothStreamsWithoutAnError() throws Exception {
        Tunnel tunnel = tunnel(POD);
        tunnel.open(1, "error", 9090, "0");
        tunnel.open(3, "data", 9090, "0");
        assertThat(tunnel.reply(1).headers().isEmpty()).as("a reply carries a header").isFalse();
        assertThat(tunnel.reply(3).headers().isEmpty()).isFalse();

        // The frame header byte by byte: kubectl's frames span websocket messages.
        tunnel.sendSplit(new DefaultSpdyDataFrame(3, Unpooled.copiedBuffer(
                "GET /hello HTTP/1.0\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII)), 8);
        tunnel.send(finOf(3));

        assertThat(tunnel.streamText(3)).endsWith("\r\n\r\nhello").startsWith("HTTP/1.1 200");
        assertThat(tunnel.streamText(1)).as("the error stream ends without a message").isEmpty();
        Poll.until(WAIT, "the connection's relay threads to end", () -> relayThreads() == 0);
    }

    @Test
    void moreThanAWindowFlowsBothWaysWithoutWindowUpdates() throws Exception {
        Tunnel tunnel = tunnel(POD);
        tunnel.open(1, "error", 9090, "7");
        tunnel.open(3, "data", 9090, "7");
        byte[] upload = new byte[3 * 1024 * 1024];
        tunnel.send(new DefaultSpdyDataFrame(3, Unpooled.copiedBuffer(("POST /big HTTP/1.0\r\nContent-Length: "
                + upload.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII))));
        for (int offset = 0; offset < upload.length; offset += 32 * 1024) {
            tunnel.send(new DefaultSpdyDataFrame(3, Unpooled.wrappedBuffer(upload, offset, 32 * 1024)));
        }

        byte[] answer = tunnel.stream(3);
        assertThat(answer.length).isGreaterThan(RelayFixture.BIG);
        byte[] body = Arrays.copyOfRange(answer, answer.length - RelayFixture.BIG, answer.length);
        assertThat(RelayFixture.sha256(body)).isEqualTo(RelayFixture.sha256(RelayFixture.bigBody()));
    }

    @Test
    void interleavedConnectionsArePairedByRequestId() throws Exception {
        Tunnel tunnel = tunnel(POD);
        tunnel.open(1, "error", 9090, "0");
        tunnel.open(3, "error", 9090, "1");
        tunnel.open(5, "data", 9090, "1");
        tunnel.open(7, "data", 9090, "0");
        tunnel.send(new DefaultSpdyDataFrame(7, Unpooled.copiedBuffer("GET /hello HTTP/1.0\r\n\r\n",
                StandardCharsets.US_ASCII)));
        tunnel.send(new DefaultSpdyDataFrame(5, Unpooled.copiedBuffer("GET /nope HTTP/1.0\r\n\r\n",
                StandardCharsets.US_ASCII)));

        assertThat(tunnel.streamText(7)).endsWith("hello");
        assertThat(tunnel.streamText(5)).startsWith("HTTP/1.1 404");
        assertThat(tunnel.streamText(1)).isEmpty();
        assertThat(tunnel.streamText(3)).isEmpty();
    }

    @Test
    void aPortNothingServesIsSaidOnTheErrorStream() throws Exception {
        Tunnel tunnel = tunnel(POD);
        tunnel.open(1, "error", 9091, "0");
        tunnel.open(3, "data", 9091, "0");

        assertThat(tunnel.streamText(1)).contains("failed to connect to localhost:9091",
                "connection refused");
        assertThat(tunnel.stream(3)).isEmpty();
    }

    @Test
    void aPodWithoutAProcessSaysItsSentenceOnTheErrorStream() throws Exception {
        Tunnel tunnel = tunnel(GRAFANA);
        tunnel.open(1, "error", 3000, "0");
        tunnel.open(3, "data", 3000, "0");

        assertThat(tunnel.streamText(1)).isEqualTo(GRAFANA_SENTENCE);
        assertThat(tunnel.stream(3)).isEmpty();
    }

    @Test
    void pingsAreAnsweredAndUnknownStreamTypesReset() throws Exception {
        Tunnel tunnel = tunnel(POD);
        tunnel.send(new DefaultSpdyPingFrame(1));
        tunnel.open(3, "other", 9090, "0");

        assertThat(tunnel.next(SpdyPingFrame.class).id()).isEqualTo(1);
        tunnel.reply(3);
        SpdyRstStreamFrame reset = tunnel.next(SpdyRstStreamFrame.class);
        assertThat(reset.streamId()).isEqualTo(3);
        assertThat(reset.status()).isEqualTo(SpdyStreamStatus.PROTOCOL_ERROR);
    }

    @Test
    void aResetDataStreamAndAClosedTunnelReleaseTheirConnections() throws Exception {
        Tunnel tunnel = tunnel(POD);
        tunnel.open(1, "error", 9090, "0");
        tunnel.open(3, "data", 9090, "0");
        tunnel.open(5, "error", 9090, "1");
        tunnel.open(7, "data", 9090, "1");
        // Unfinished requests keep both connections open.
        tunnel.send(new DefaultSpdyDataFrame(3, Unpooled.copiedBuffer("GET /hello HTTP/1.0\r\n",
                StandardCharsets.US_ASCII)));
        tunnel.send(new DefaultSpdyDataFrame(7, Unpooled.copiedBuffer("GET /hello HTTP/1.0\r\n",
                StandardCharsets.US_ASCII)));
        Poll.until(WAIT, "a reader and a writer thread per connection", () -> relayThreads() == 4);

        tunnel.send(new DefaultSpdyRstStreamFrame(3, SpdyStreamStatus.CANCEL));
        Poll.until(WAIT, "the reset connection's threads to end", () -> relayThreads() == 2);

        tunnel.ws.sendClose(1000, "");
        Poll.until(WAIT, "no relay threads left", () -> relayThreads() == 0);
    }

    @Test
    void closingTheSandboxEndsAnOpenTunnelAndItsConnections() throws Exception {
        Tunnel tunnel = tunnel(POD);
        tunnel.open(1, "error", 9090, "0");
        tunnel.open(3, "data", 9090, "0");
        tunnel.send(new DefaultSpdyDataFrame(3, Unpooled.copiedBuffer("GET /hello HTTP/1.0\r\n",
                StandardCharsets.US_ASCII)));
        Poll.until(WAIT, "a reader and a writer thread for the connection", () -> relayThreads() == 2);

        fixture.sandbox.close();

        Poll.until(WAIT, "no relay threads left", () -> relayThreads() == 0);
        assertThat(tunnel.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void framesOfAnotherSpdyVersionEndTheTunnel() throws Exception {
        Tunnel tunnel = tunnel(POD);

        // A SPDY/2 SYN_STREAM header.
        assertThat(tunnel.ws.send(ByteBuffer.wrap(new byte[] {(byte) 0x80, 2, 0, 1, 0, 0, 0, 10}))).isTrue();

        assertThat(tunnel.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    private static SpdyDataFrame finOf(int streamId) {
        SpdyDataFrame fin = new DefaultSpdyDataFrame(streamId);
        fin.setLast(true);
        return fin;
    }

    private static long relayThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith(THREADS) && t.getName().contains("-spdy-")).count();
    }

    private Tunnel tunnel(String pod) throws Exception {
        Tunnel tunnel = new Tunnel();
        tunnel.ws = fixture.client.getHttpClient().newWebSocketBuilder()
                .uri(URI.create(fixture.sandbox.url() + "/api/v1/namespaces/" + NS + "/pods/" + pod + "/portforward"))
                .subprotocol(SpdyPortForwardSession.SUBPROTOCOL).buildAsync(tunnel).get(20, TimeUnit.SECONDS);
        tunnels.add(tunnel);
        return tunnel;
    }

    /** The client's end of the tunnel: frames it receives, decoded, in order. */
    private static final class Tunnel implements WebSocket.Listener {
        private final EmbeddedChannel codec = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        private final LinkedBlockingQueue<Object> frames = new LinkedBlockingQueue<>();
        private final List<Object> unclaimed = new ArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile WebSocket ws;

        void open(int streamId, String type, int port, String requestId) throws Exception {
            SpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(streamId, 0, (byte) 0);
            syn.headers().set("streamtype", type).set("port", Integer.toString(port)).set("requestid", requestId);
            send(syn);
        }

        void send(Object frame) throws Exception {
            sendSplit(frame, 0);
        }

        /** Sends the encoded frame: its first {@code splitFirst} bytes one message each, then the rest. */
        void sendSplit(Object frame, int splitFirst) throws Exception {
            byte[] bytes;
            synchronized (codec) {
                codec.writeOutbound(frame);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteBuf buf;
                while ((buf = codec.readOutbound()) != null) {
                    out.writeBytes(ByteBufUtil.getBytes(buf));
                    buf.release();
                }
                bytes = out.toByteArray();
            }
            int offset = 0;
            for (; offset < Math.min(splitFirst, bytes.length); offset++) {
                assertThat(ws.send(ByteBuffer.wrap(bytes, offset, 1))).isTrue();
            }
            assertThat(ws.send(ByteBuffer.wrap(bytes, offset, bytes.length - offset))).isTrue();
        }

        SpdySynReplyFrame reply(int streamId) throws InterruptedException {
            return next(SpdySynReplyFrame.class, f -> f.streamId() == streamId);
        }

        <T> T next(Class<T> type) throws InterruptedException {
            return next(type, f -> true);
        }

        /** The first frame of the type that matches; frames passed over stay for later calls. */
        <T> T next(Class<T> type, Predicate<T> matching) throws InterruptedException {
            for (Object seen : List.copyOf(unclaimed)) {
                if (type.isInstance(seen) && matching.test(type.cast(seen))) {
                    unclaimed.remove(seen);
                    return type.cast(seen);
                }
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                Object frame = frames.poll(100, TimeUnit.MILLISECONDS);
                if (frame == null) {
                    continue;
                }
                if (type.isInstance(frame) && matching.test(type.cast(frame))) {
                    return type.cast(frame);
                }
                unclaimed.add(frame);
            }
            throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT + "; frames seen: " + unclaimed);
        }

        /** The bytes of a stream up to its FIN. */
        byte[] stream(int streamId) throws InterruptedException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                SpdyDataFrame data = next(SpdyDataFrame.class, f -> f.streamId() == streamId);
                out.writeBytes(ByteBufUtil.getBytes(data.content()));
                boolean last = data.isLast();
                data.release();
                if (last) {
                    return out.toByteArray();
                }
            }
        }

        String streamText(int streamId) throws InterruptedException {
            return new String(stream(streamId), StandardCharsets.UTF_8);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request();
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteBuffer data) {
            synchronized (codec) {
                codec.writeInbound(Unpooled.wrappedBuffer(data));
                Object frame;
                while ((frame = codec.readInbound()) != null) {
                    frames.add(frame);
                }
            }
            webSocket.request();
        }

        @Override
        public void onClose(WebSocket webSocket, int code, String reason) {
            closed.complete(code);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            frames.add(error);
            closed.completeExceptionally(error);
        }

        /** Releases what was never looked at. */
        void drop() {
            unclaimed.forEach(ReferenceCountUtil::release);
            frames.forEach(ReferenceCountUtil::release);
        }
    }
}
