package io.neurectomy.console.sandbox;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a watch listener's closing callbacks off the Vert.x event loop.
 *
 * <p>The mock server's watch listener, when its client goes away, waits (up to a minute) for its own sender thread
 * to finish; that thread may be blocked writing an event to the very websocket whose event loop is waiting. On a
 * busy sandbox every closed watch or informer would stall the API server for seconds, and stopping it would time
 * out. Handing {@code onClosed} and {@code onFailure} to another thread breaks the cycle.
 *
 * <p>{@link #around} gives the same cure to any CRUD dispatcher (plain mock servers in tests need it too).
 */
public final class WatchCloseOffEventLoop extends WebSocketListener {
    private static final ExecutorService CLOSERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandbox-watch-close");
        t.setDaemon(true);
        return t;
    });

    private static final Logger LOG = LoggerFactory.getLogger(WatchCloseOffEventLoop.class);

    private final WebSocketListener delegate;

    WatchCloseOffEventLoop(WebSocketListener delegate) {
        this.delegate = delegate;
    }

    /** A dispatcher that answers as {@code crud} does, with every watch's closing callbacks moved off the loop. */
    public static Dispatcher around(Dispatcher crud) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return wrapWatch(crud.dispatch(request));
            }
        };
    }

    public static MockResponse wrapWatch(MockResponse response) {
        if (response.getWebSocketListener() == null) {
            return response;
        }
        return response.withWebSocketUpgrade(new WatchCloseOffEventLoop(response.getWebSocketListener()));
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
        delegate.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        delegate.onOpen(webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        delegate.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
        delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onPing(WebSocket webSocket, byte[] bytes) {
        delegate.onPing(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        offLoop(() -> delegate.onClosing(webSocket, code, reason));
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        offLoop(() -> delegate.onClosed(webSocket, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
        offLoop(() -> delegate.onFailure(webSocket, error, response));
    }

    private static void offLoop(Runnable callback) {
        Runnable guarded = () -> {
            try {
                callback.run();
            } catch (RejectedExecutionException e) {
                // The server stopped while the watch was closing: its event loop is gone, and the websocket with
                // it. Nothing is left to close, and the exception must not reach whoever watches for uncaught
                // ones (a UI test's harness, which would fail the next test).
                LOG.debug("Watch closed after its server stopped: {}", e.getMessage());
            }
        };
        try {
            CLOSERS.execute(guarded);
        } catch (RejectedExecutionException e) {
            guarded.run();
        }
    }
}
