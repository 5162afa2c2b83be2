package io.neurectomy.console.sandbox.api;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A watch answered as a real API server answers kubectl: one JSON watch event per line in a chunked HTTP response,
 * rather than over a websocket, which is all the mock's store offers. The store's own watch listener is given this
 * object as its "websocket", so every event it sends becomes a line here; events of a watch asked for {@code
 * as=Table} carry one-row tables ({@link ServerTables#watchEvent}). Without this, {@code kubectl get -w}, {@code
 * kubectl rollout status} and {@code kubectl wait} fail against the sandbox with "the server rejected our request".
 *
 * <p>The watch ends when the client goes away, when its {@code timeoutSeconds} is up, or when the server stops.
 */
final class HttpWatch implements WebSocket {
    private final RecordedRequest request;
    private final HttpServerResponse response;
    private final WebSocketListener listener;
    private final boolean table;
    private final Set<HttpWatch> open;
    private final AtomicBoolean ended = new AtomicBoolean();

    private HttpWatch(RecordedRequest request, HttpServerResponse response, WebSocketListener listener,
            Set<HttpWatch> open) {
        this.request = request;
        this.response = response;
        this.listener = listener;
        this.table = ServerTables.wantsTable(request);
        this.open = open;
    }

    /** Whether {@code uri} asks for a watch ({@code watch=true} or {@code watch=1} in its query). */
    static boolean isWatch(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String pair : uri.substring(q + 1).split("&")) {
            if (pair.equals("watch=true") || pair.equals("watch=1")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Answers {@code request} with the store's answer {@code answer}: a streamed watch when the store opened one,
     * otherwise the store's answer (an error) as it is. Call on the event loop, from the request handler.
     */
    static void answer(Vertx vertx, RecordedRequest request, MockResponse answer, HttpServerResponse response,
            Set<HttpWatch> open) {
        if (answer.getWebSocketListener() == null) {
            response.setStatusCode(answer.code());
            answer.getHeaders().toMultimap().forEach((name, values) -> response.putHeader(name, values));
            response.end(answer.getBody() == null ? Buffer.buffer()
                    : Buffer.buffer(answer.getBody().getBytes()));
            return;
        }
        HttpWatch watch = new HttpWatch(request, response, answer.getWebSocketListener(), open);
        open.add(watch);
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
        response.closeHandler(v -> watch.end());
        response.writeHead();
        timeoutSeconds(request.getPath()).ifPresent(seconds -> vertx.setTimer(seconds * 1000, id -> watch.end()));
        watch.listener.onOpen(watch, new MockResponse().setResponseCode(200));
    }

    private static OptionalLong timeoutSeconds(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return OptionalLong.empty();
        }
        for (String pair : uri.substring(q + 1).split("&")) {
            if (pair.startsWith("timeoutSeconds=")) {
                try {
                    long seconds = Long.parseLong(pair.substring("timeoutSeconds=".length()));
                    return seconds > 0 ? OptionalLong.of(seconds) : OptionalLong.empty();
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public RecordedRequest request() {
        return request;
    }

    /** One watch event from the store, written as one line (as a table row when the watch asked for tables). */
    @Override
    public boolean send(String event) {
        if (ended.get()) {
            return false;
        }
        String line = table ? Optional.ofNullable(ServerTables.watchEvent(request.getPath(), event,
                Instant.now())).orElse(event) : event;
        try {
            response.write(Buffer.buffer((line.strip() + "\n").getBytes(StandardCharsets.UTF_8)));
            return true;
        } catch (IllegalStateException closed) {
            end();
            return false;
        }
    }

    @Override
    public boolean send(byte[] bytes) {
        return send(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public boolean close(int code, String reason) {
        end();
        return true;
    }

    /** Ends the response and tells the store's listener that the watch is gone; only the first call acts. */
    void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        open.remove(this);
        try {
            response.end();
        } catch (IllegalStateException alreadyEnded) {
            // the client closed the connection first
        }
        listener.onClosing(this, 1000, "watch ended");
        listener.onClosed(this, 1000, "watch ended");
    }
}
