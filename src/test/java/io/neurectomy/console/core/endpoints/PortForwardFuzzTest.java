package io.neurectomy.console.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.neurectomy.console.testing.FuzzProperty;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz target for the port-forward stream's frame handling ({@link PodStream}, the v4 channel protocol): a fuzzed
 * sequence of websocket frames, then the close. Whatever the frames, every one is taken without an exception, the
 * bytes delivered are exactly the data channel's (less at most its port header), what the kubelet says on the error
 * channel ends the stream with a {@link PodStream.RemoteError}, and the stream ends once. The input is read as frames:
 * a length byte, then that many bytes (the first is the channel).
 */
@Tag("fuzz")
class PortForwardFuzzTest {
    private static final int PORT = 9090;

    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void frames(FuzzedDataProvider data) {
        FuzzProperty.run("PodStream.onMessage", () -> {
            Socket ws = new Socket();
            Recording handler = new Recording();
            PodStream stream = new PodStream(PORT, handler, Runnable::run,
                    listener -> CompletableFuture.completedFuture(ws));
            stream.onOpen(ws);
            ByteArrayOutputStream channel0 = new ByteArrayOutputStream();
            boolean protocolError = false;
            while (data.remainingBytes() > 0) {
                byte[] frame = data.consumeBytes(data.consumeInt(0, 64));
                if (frame.length > 0 && frame[0] == 0) {
                    channel0.write(frame, 1, frame.length - 1);
                } else if (frame.length > 0 && frame[0] != 1) {
                    protocolError = true;
                }
                stream.onMessage(ws, ByteBuffer.wrap(frame));
            }
            stream.onClose(ws, 1000, "");
            assertThat(handler.endings.get()).as("the stream ends once").isEqualTo(1);
            byte[] all = channel0.toByteArray();
            byte[] got = handler.data.toByteArray();
            if (!protocolError) {
                assertThat(got.length).as("data delivered").isBetween(Math.max(0, all.length - 2), all.length);
            }
            assertThat(got.length).isLessThanOrEqualTo(all.length);
        });
    }

    /** A websocket that takes what is sent. */
    private static final class Socket implements WebSocket {
        @Override
        public boolean send(ByteBuffer buffer) {
            return true;
        }

        @Override
        public boolean sendClose(int code, String reason) {
            return true;
        }

        @Override
        public long queueSize() {
            return 0;
        }

        @Override
        public void request() {
        }
    }

    private static final class Recording implements PodStream.Handler {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final AtomicInteger endings = new AtomicInteger();

        @Override
        public void opened(PodStream stream) {
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
        }
    }
}
