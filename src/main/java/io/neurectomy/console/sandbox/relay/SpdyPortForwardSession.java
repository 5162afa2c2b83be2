package io.neurectomy.console.sandbox.relay;

import io.fabric8.mockwebserver.http.WebSocket;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyFrameEncoder;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyProtocolException;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import io.neurectomy.console.sandbox.PodRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port-forward the way kubectl (1.31 and later) asks for it: the websocket subprotocol
 * {@code SPDY/3.1+portforward.k8s.io}, a SPDY/3.1 session tunnelled in binary websocket messages. The messages form
 * a byte stream (kubectl writes a data frame's header and its payload as separate messages). Unlike a
 * {@link PortForwardSession}, one websocket carries every connection of one {@code kubectl port-forward}: for each
 * local connection kubectl opens an error stream and then a data stream, both with the headers {@code streamtype},
 * {@code port} and {@code requestid}. The data stream carries the bytes of one TCP connection to the pod's port
 * (here: the loopback port of the process that stands in for the pod); the error stream carries a message when that
 * connection cannot be made, and ends when the connection does.
 *
 * <p>Frames are decoded, and frames with compressed headers (SYN_REPLY) encoded, by Netty's {@link SpdyFrameCodec}
 * on the event loop: header compression is one zlib stream per direction, so those frames must go out in the order
 * they were encoded. Data and reset frames carry no headers; each connection's own threads encode and send them.
 * There is no {@code SpdySessionHandler}: kubectl sends no WINDOW_UPDATE, so SPDY flow control would stall every
 * stream after 64 KiB. The back-pressure towards kubectl is the blocking websocket send, as in the other sessions.
 */
final class SpdyPortForwardSession extends RelaySession {
    /** The websocket subprotocol kubectl offers for port-forward. */
    static final String SUBPROTOCOL = "SPDY/3.1+portforward.k8s.io";

    private static final Logger LOG = LoggerFactory.getLogger(SpdyPortForwardSession.class);
    private static final SpdyVersion VERSION = SpdyVersion.SPDY_3_1;
    private static final int CHUNK = 64 * 1024;
    /** Larger than any frame kubectl sends (32 KiB copies), so a data frame is decoded as one piece. */
    private static final int MAX_CHUNK = 1024 * 1024;
    private static final int MAX_HEADER_SIZE = 16 * 1024;
    /**
     * Plain heap buffers, for decoding and encoding: a decoded data frame's content (allocated from the input's
     * allocator) goes to a connection's writer thread as it is, and an encoded frame's array is what the websocket
     * sends. They need no release (garbage like a {@code byte[]}), so nothing leaks when a session ends mid-frame.
     */
    private static final ByteBufAllocator HEAP = new HeapBuffers();
    /** Queued after a client's half-close (empty buffer) or to stop a writer thread without one (this mark). */
    private static final ByteBuf END_MARK = Unpooled.unreleasableBuffer(Unpooled.buffer(0));
    private static final String STREAM_TYPE = "streamtype";
    private static final String PORT = "port";
    private static final String REQUEST_ID = "requestid";

    private final String pod;
    private final PodRuntime runtime;
    private final String refusal;
    /** Touched under its own lock only: the event loop decodes, a shutdown on another thread may end it. */
    private final EmbeddedChannel codec;
    private final SpdyFrameEncoder encoder = new SpdyFrameEncoder(VERSION);
    private final Map<Integer, Connection> byStream = new ConcurrentHashMap<>();
    private final Map<String, Connection> byRequest = new ConcurrentHashMap<>();

    /**
     * @param pod     "namespace/name", for messages and thread names
     * @param runtime the pod's stand-in, or null when it has no running process
     * @param refusal the sentence to answer every connection with on its error stream instead of connecting, or null
     */
    SpdyPortForwardSession(Set<RelaySession> open, String pod, PodRuntime runtime, String refusal) {
        super(open);
        this.pod = pod;
        this.runtime = runtime;
        this.refusal = refusal;
        // Compression level 6, window bits 15, memory level 8: the codec's defaults.
        this.codec = new EmbeddedChannel(new SpdyFrameCodec(VERSION, MAX_CHUNK, MAX_HEADER_SIZE, 6, 15, 8));
        codec.config().setAllocator(HEAP);
    }

    /** Nothing to send first: kubectl opens the streams. */
    @Override
    protected void opened() {
    }

    /** Runs on the event loop: decodes what arrived and answers it; never blocks (sends here are queued). */
    @Override
    public void onMessage(WebSocket ws, byte[] bytes) {
        synchronized (codec) {
            if (isClosed()) {
                return;
            }
            try {
                codec.writeInbound(new WrappedInput(bytes));
                Object frame;
                while ((frame = codec.readInbound()) != null) {
                    handle(frame);
                }
            } catch (Exception e) {
                // The codec rethrows what it could not decode as a checked SpdyProtocolException.
                LOG.warn("Ending a port-forward tunnel to {}: {} ({})", pod, e instanceof SpdyProtocolException
                        ? "the client sent what is not SPDY/3.1" : "its frames could not be handled", e.toString());
                close();
            }
        }
    }

    private void handle(Object frame) {
        if (frame instanceof SpdyDataFrame data) {
            Connection connection = byStream.get(data.streamId());
            if (connection == null || !connection.fromClient(data)) {
                data.release();
            }
        } else if (frame instanceof SpdySynStreamFrame syn) {
            reply(syn);
            open(syn);
        } else if (frame instanceof SpdyRstStreamFrame rst) {
            Connection connection = byStream.get(rst.streamId());
            if (connection != null && connection.dataStream == rst.streamId()) {
                connection.end();
            }
        } else if (frame instanceof SpdyPingFrame ping) {
            send(new DefaultSpdyPingFrame(ping.id()));
        } else if (frame instanceof SpdyGoAwayFrame) {
            close();
        } else {
            // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do for a port-forward.
            ReferenceCountUtil.release(frame);
        }
    }

    /** Answers a new stream at once (kubectl waits for the reply); spdystream rejects a reply without headers. */
    private void reply(SpdySynStreamFrame syn) {
        SpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(syn.streamId());
        String type = syn.headers().getAsString(STREAM_TYPE);
        reply.headers().set(STREAM_TYPE, type == null ? "" : type);
        send(reply);
    }

    /** Encodes a frame with the codec and sends it; on the event loop only (the send is queued, not awaited). */
    private void send(Object frame) {
        codec.writeOutbound(frame);
        ByteBuf out;
        while ((out = codec.readOutbound()) != null) {
            try {
                webSocket.send(ByteBufUtil.getBytes(out));
            } finally {
                out.release();
            }
        }
    }

    /** Pairs a new stream with the other stream of its connection, and starts the connection with its data stream. */
    private void open(SpdySynStreamFrame syn) {
        int id = syn.streamId();
        String type = syn.headers().getAsString(STREAM_TYPE);
        String requestId = syn.headers().getAsString(REQUEST_ID);
        if (requestId == null || requestId.isEmpty()) {
            // Like the kubelet for clients older than request ids: an error stream and its data stream are
            // consecutive odd ids when connections do not open concurrently.
            requestId = Integer.toString("data".equals(type) ? id - 2 : id);
        }
        if (!"error".equals(type) && !"data".equals(type)) {
            LOG.debug("Port-forward to {}: refusing stream {} of type {}", pod, id, type);
            sendNow(encoder.encodeRstStreamFrame(HEAP, id, SpdyStreamStatus.PROTOCOL_ERROR.code()));
            return;
        }
        Connection connection = byRequest.computeIfAbsent(requestId, Connection::new);
        boolean data = type.equals("data");
        if ((data ? connection.dataStream : connection.errorStream) != 0) {
            sendNow(encoder.encodeRstStreamFrame(HEAP, id, SpdyStreamStatus.PROTOCOL_ERROR.code()));
            return;
        }
        byStream.put(id, connection);
        if (data) {
            connection.dataStream = id;
            connection.start(syn.headers().getAsString(PORT), syn.isLast());
        } else {
            connection.errorStream = id;
        }
    }

    /** Sends an encoded frame; from the event loop it is queued, from a connection's thread it waits until written. */
    private boolean sendNow(ByteBuf frame) {
        byte[] bytes = frame.hasArray() && frame.arrayOffset() == 0 && frame.readerIndex() == 0
                && frame.array().length == frame.readableBytes() ? frame.array() : ByteBufUtil.getBytes(frame);
        frame.release();
        return webSocket.send(bytes);
    }

    private boolean sendData(int streamId, boolean last, ByteBuf data) {
        return sendNow(encoder.encodeDataFrame(HEAP, streamId, last, data));
    }

    @Override
    protected void release() {
        for (Connection connection : List.copyOf(byRequest.values())) {
            connection.end();
        }
        synchronized (codec) {
            codec.finishAndReleaseAll();
        }
    }

    /** One forwarded connection: its two streams and its TCP connection to the target. */
    private final class Connection {
        private final String requestId;
        /** Client bytes on their way to the target; unbounded so the event loop never waits for the target. */
        private final LinkedBlockingQueue<ByteBuf> toTarget = new LinkedBlockingQueue<>();
        /** The two directions still open; the connection ends when both are done. */
        private final AtomicInteger openDirections = new AtomicInteger(2);
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile int errorStream;
        private volatile int dataStream;
        private volatile int port;
        private volatile Socket socket;

        Connection(String requestId) {
            this.requestId = requestId;
        }

        /** Starts connecting on the connection's own thread. */
        void start(String portHeader, boolean clientDone) {
            port = parsePort(portHeader);
            if (clientDone) {
                toTarget.add(Unpooled.EMPTY_BUFFER);
            }
            daemon("sandbox-portforward-" + pod + ":" + port + "-spdy-" + requestId, () -> run(portHeader));
        }

        /** Queues the client's bytes (and its half-close) for the target; false when the frame is not kept. */
        boolean fromClient(SpdyDataFrame data) {
            if (data.streamId() != dataStream || finished.get()) {
                return false;
            }
            boolean kept = data.content().isReadable();
            if (kept) {
                toTarget.add(data.content());
            }
            if (data.isLast()) {
                toTarget.add(Unpooled.EMPTY_BUFFER);
            }
            return kept;
        }

        private void run(String portHeader) {
            Integer localPort = port <= 0 || runtime == null ? null : runtime.localPort(port).orElse(null);
            if (refusal != null) {
                fail(refusal);
            } else if (port <= 0) {
                fail("invalid port header \"" + portHeader + "\": a port-forward needs a port from 1 to 65535");
            } else if (localPort == null) {
                fail(PortForwardSession.connectionRefused(pod, port));
            } else {
                pumpFromTarget(localPort);
            }
        }

        /** Connects to the target and copies what it sends to the data stream until it closes. */
        private void pumpFromTarget(int localPort) {
            Socket s;
            try {
                s = new Socket(InetAddress.getLoopbackAddress(), localPort);
                s.setTcpNoDelay(true);
            } catch (IOException e) {
                fail(PortForwardSession.connectionRefused(pod, port));
                return;
            }
            socket = s;
            if (finished.get()) {
                closeQuietly(s);
                return;
            }
            daemon("sandbox-portforward-" + pod + ":" + port + "-spdy-" + requestId + "-in", () -> pumpToTarget(s));
            byte[] buffer = new byte[CHUNK];
            boolean endOfInput = false;
            try {
                InputStream in = s.getInputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (n > 0 && !sendData(dataStream, false, Unpooled.wrappedBuffer(buffer, 0, n))) {
                        end();
                        return;
                    }
                }
                endOfInput = true;
            } catch (IOException e) {
                LOG.debug("Forwarded connection to {} port {} ended: {}", pod, port, e.getMessage());
            }
            if (!finished.get()) {
                // The target is done sending (or failed): end the data stream and, as the kubelet does, the error
                // stream without a message.
                sendData(dataStream, true, Unpooled.EMPTY_BUFFER);
                endErrorStream();
                if (endOfInput) {
                    directionDone();
                } else {
                    end();
                }
            }
        }

        private void pumpToTarget(Socket s) {
            try {
                OutputStream out = s.getOutputStream();
                ByteBuf data;
                while ((data = toTarget.take()) != Unpooled.EMPTY_BUFFER && data != END_MARK) {
                    try {
                        out.write(data.array(), data.arrayOffset() + data.readerIndex(), data.readableBytes());
                    } finally {
                        data.release();
                    }
                }
                if (data == Unpooled.EMPTY_BUFFER) {
                    s.shutdownOutput();
                    directionDone();
                }
            } catch (IOException e) {
                LOG.debug("Writing to {} port {} failed: {}", pod, port, e.getMessage());
                end();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Says on the error stream why the connection cannot be made, then ends both streams. */
        private void fail(String message) {
            int error = errorStream;
            if (error != 0) {
                sendData(error, false, Unpooled.wrappedBuffer(message.getBytes(StandardCharsets.UTF_8)));
            } else {
                LOG.debug("Port-forward to {} without an error stream: {}", pod, message);
            }
            sendData(dataStream, true, Unpooled.EMPTY_BUFFER);
            endErrorStream();
            end();
        }

        private void endErrorStream() {
            int error = errorStream;
            if (error != 0 && !isClosed()) {
                sendData(error, true, Unpooled.EMPTY_BUFFER);
            }
        }

        private void directionDone() {
            if (openDirections.decrementAndGet() == 0) {
                end();
            }
        }

        /** Ends the connection: closes the target socket, stops its threads and forgets its streams. */
        void end() {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            ByteBuf left;
            while ((left = toTarget.poll()) != null) {
                left.release();
            }
            toTarget.add(END_MARK);
            Socket s = socket;
            if (s != null) {
                closeQuietly(s);
            }
            byRequest.remove(requestId, this);
            byStream.remove(errorStream, this);
            byStream.remove(dataStream, this);
        }
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value == null ? "" : value.trim());
            return port > 0 && port < 65536 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("Closing a forwarded connection failed: {}", e.getMessage());
        }
    }

    /** Heap buffers only; an I/O buffer has exactly the size asked for (the encoder asks for a frame's size). */
    private static final class HeapBuffers extends AbstractByteBufAllocator {
        HeapBuffers() {
            super(false);
        }

        @Override
        public ByteBuf ioBuffer(int initialCapacity) {
            return heapBuffer(initialCapacity, initialCapacity);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }

    /**
     * A websocket message as the decoder's input without copying it; its allocator (which the decoder uses for the
     * content of data frames) gives heap buffers.
     */
    private static final class WrappedInput extends UnpooledHeapByteBuf {
        WrappedInput(byte[] bytes) {
            super(HEAP, bytes, bytes.length);
        }
    }
}
