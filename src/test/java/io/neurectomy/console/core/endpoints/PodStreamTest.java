package io.neurectomy.console.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.WebSocket;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The v4 channel protocol as {@link PodStream} reads and writes it, against a websocket stand-in. */
class PodStreamTest {
    private static final int PORT = 9090; // 0x2382: header bytes 0x82 0x23

    /** A websocket that records what is sent and how often the next frame was asked for. */
    private static final class FakeSocket implements WebSocket {
        final List<byte[]> sent = new ArrayList<>();
        final AtomicInteger requests = new AtomicInteger();
        volatile int closeCode = -1;

        @Override
        public boolean send(ByteBuffer buffer) {
            byte[] b = new byte[buffer.remaining()];
            buffer.get(b);
            sent.add(b);
            return true;
        }

        @Override
        public boolean sendClose(int code, String reason) {
            closeCode = code;
            return true;
        }

        @Override
        public long queueSize() {
            return 0;
        }

        @Override
        public void request() {
            requests.incrementAndGet();
        }
    }

    private static final class Recording implements PodStream.Handler {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final AtomicReference<PodStream> opened = new AtomicReference<>();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        final AtomicInteger endings = new AtomicInteger();

        @Override
        public void opened(PodStream stream) {
            opened.set(stream);
        }

        @Override
        public void data(ByteBuffer payload) {
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            data.writeBytes(b);
        }

        @Override
        public void ended(Throwable error) {
            endings.incrementAndGet();
            ended.complete(error);
        }

        String text() {
            return data.toString(StandardCharsets.UTF_8);
        }
    }

    private static ByteBuffer frame(int channel, byte... payload) {
        ByteBuffer b = ByteBuffer.allocate(payload.length + 1);
        b.put((byte) channel).put(payload).flip();
        return b;
    }

    private static ByteBuffer frame(int channel, String text) {
        return frame(channel, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] header() {
        return new byte[] {(byte) 0x82, 0x23};
    }

    private final FakeSocket ws = new FakeSocket();
    private final Recording handler = new Recording();
    private final PodStream stream = new PodStream(PORT, handler, Runnable::run,
            listener -> CompletableFuture.completedFuture(ws));

    @Test
    void portHeadersAreSkippedAndDataIsDelivered() {
        stream.onOpen(ws);
        stream.onMessage(ws, frame(0, header()));
        stream.onMessage(ws, frame(1, header()));
        stream.onMessage(ws, frame(0, "HTTP/1.1 200 OK"));

        assertThat(handler.opened.get()).isSameAs(stream);
        assertThat(handler.text()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(ws.requests.get()).as("the next frame asked for after each one").isEqualTo(3);
    }

    @Test
    void aLostHeaderDoesNotSwallowTheFirstData() {
        stream.onOpen(ws);
        // Both headers were lost on the way: the first frame is data already.
        stream.onMessage(ws, frame(0, "HTTP/1.1 200 OK"));
        stream.onMessage(ws, frame(0, " more"));

        assertThat(handler.text()).isEqualTo("HTTP/1.1 200 OK more");
    }

    @Test
    void twoDataBytesLaterAreDataEvenWhenTheyLookLikeTheHeader() {
        stream.onOpen(ws);
        stream.onMessage(ws, frame(0, header()));
        stream.onMessage(ws, frame(0, header()));

        assertThat(handler.data.toByteArray()).containsExactly(0x82, 0x23);
    }

    @Test
    void theErrorChannelsTextEndsTheStreamWithIt() throws Exception {
        stream.onOpen(ws);
        stream.onMessage(ws, frame(0, header()));
        stream.onMessage(ws, frame(1, header()));
        stream.onMessage(ws, frame(1, "error forwarding port 9090 to pod monitoring/p-0: connection refused"));
        stream.onClose(ws, 1000, "");

        Throwable error = handler.ended.get();
        assertThat(error).isInstanceOf(PodStream.RemoteError.class)
                .hasMessage("error forwarding port 9090 to pod monitoring/p-0: connection refused");
        assertThat(stream.error()).isSameAs(error);
        assertThat(handler.endings.get()).isEqualTo(1);
    }

    @Test
    void anEndlessErrorChannelKeepsOnlyItsBeginning() throws Exception {
        stream.onOpen(ws);
        stream.onMessage(ws, frame(0, header()));
        stream.onMessage(ws, frame(1, header()));
        stream.onMessage(ws, frame(1, "error forwarding port 9090: "));
        byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 64; i++) { // 64 MiB of error text from a hostile or broken kubelet
            stream.onMessage(ws, frame(1, chunk));
        }
        stream.onClose(ws, 1000, "");

        Throwable error = handler.ended.get();
        assertThat(error).isInstanceOf(PodStream.RemoteError.class);
        assertThat(error.getMessage()).startsWith("error forwarding port 9090: xxx")
                .endsWith("more bytes left out: only the first " + PodStream.MAX_ERROR_TEXT + " are kept)");
        assertThat(error.getMessage().length()).isLessThan(PodStream.MAX_ERROR_TEXT + 200);
        assertThat(ws.requests.get()).as("every frame read, so the stream is not stalled").isEqualTo(67);
    }

    @Test
    void sendPutsTheDataOnChannelZero() throws Exception {
        stream.onOpen(ws);
        assertThat(stream.send("GET /".getBytes(StandardCharsets.US_ASCII), 0, 5)).isTrue();

        assertThat(ws.sent).hasSize(1);
        assertThat(ws.sent.get(0)).containsExactly(0, 'G', 'E', 'T', ' ', '/');
    }

    @Test
    void closingEndsOnceAndSaysNothingWentWrong() throws Exception {
        stream.onOpen(ws);
        stream.close();
        stream.close();
        stream.onClose(ws, 1000, "");

        assertThat(ws.closeCode).isEqualTo(1000);
        assertThat(handler.ended.get()).isNull();
        assertThat(handler.endings.get()).isEqualTo(1);
        assertThat(stream.send(new byte[1], 0, 1)).isFalse();
    }

    @Test
    void aRefusedUpgradeEndsTheStreamWithTheError() throws Exception {
        Recording refused = new Recording();
        RuntimeException forbidden = new RuntimeException("Forbidden");
        new PodStream(PORT, refused, Runnable::run, listener -> CompletableFuture.failedFuture(forbidden));

        assertThat(refused.ended.get()).isSameAs(forbidden);
        assertThat(refused.opened.get()).isNull();
    }

    @Test
    void dataWrittenBeforeTheCloseReachesTheHandlerFirst() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        Recording slow = new Recording();
        PodStream later = new PodStream(PORT, slow, queued::add, listener -> CompletableFuture.completedFuture(ws));
        later.onOpen(ws);
        later.onMessage(ws, frame(0, "last bytes"));
        later.onClose(ws, 1000, "");
        assertThat(slow.ended).isNotDone();

        while (!queued.isEmpty()) {
            queued.remove(0).run();
        }

        assertThat(slow.text()).isEqualTo("last bytes");
        assertThat(slow.ended.get()).isNull();
    }
}
