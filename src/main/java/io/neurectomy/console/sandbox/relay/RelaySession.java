package io.neurectomy.console.sandbox.relay;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One bridged websocket (a forwarded connection or an exec). Its callbacks run on the Vert.x event loop, so every
 * blocking step (connecting, reading a socket or a process's output, writing its input) runs on the session's own
 * daemon threads; a send from such a thread blocks until written, which is the back-pressure towards the client.
 */
abstract class RelaySession extends WebSocketListener implements AutoCloseable {
    /** Queued after the last chunk of input, to end the thread that writes it. */
    static final byte[] END_OF_INPUT = new byte[0];

    private final Set<RelaySession> open;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once the upgrade is done, before {@link #opened()} runs. */
    protected volatile WebSocket webSocket;

    /** @param open the relay's open sessions; the session is in it until it ends, so shutdown can end it. */
    RelaySession(Set<RelaySession> open) {
        this.open = open;
        open.add(this);
    }

    @Override
    public final void onOpen(WebSocket ws, Response response) {
        webSocket = ws;
        opened();
    }

    /** Runs on the event loop once the websocket is open: start the session's own threads here, nothing more. */
    protected abstract void opened();

    @Override
    public final void onClosing(WebSocket ws, int code, String reason) {
        close();
    }

    @Override
    public final void onClosed(WebSocket ws, int code, String reason) {
        close();
    }

    @Override
    public final void onFailure(WebSocket ws, Throwable t, Response response) {
        close();
    }

    /** Ends the session: releases its socket or process and closes the websocket. Safe to call more than once. */
    @Override
    public final void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        release();
        WebSocket ws = webSocket;
        if (ws != null) {
            ws.close(1000, "");
        }
        open.remove(this);
    }

    /** Releases the session's socket or process; called once, by {@link #close()}. */
    protected abstract void release();

    protected final boolean isClosed() {
        return closed.get();
    }

    static Set<RelaySession> newRegistry() {
        return ConcurrentHashMap.newKeySet();
    }

    /** Starts a daemon thread: a relay thread must never keep the application alive. */
    static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** A frame of the channel protocol: the channel byte followed by {@code length} bytes of {@code data}. */
    static byte[] frame(int channel, byte[] data, int length) {
        byte[] frame = new byte[length + 1];
        frame[0] = (byte) channel;
        System.arraycopy(data, 0, frame, 1, length);
        return frame;
    }
}
