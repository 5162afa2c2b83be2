package io.neurectomy.console.sandbox;

import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One bridged websocket (a forwarded connection or an exec). Its callbacks run on the Vert.x event loop, so every
 * blocking step (connecting, reading a socket or a process's output, writing its input) runs on the session's own
 * daemon threads; a send from such a thread blocks until written, which is the back-pressure towards the client.
 */
abstract class RelaySession extends WebSocketListener implements AutoCloseable {
    private final Set<RelaySession> open;

    /** @param open the relay's open sessions; the session is in it until it ends, so shutdown can end it. */
    RelaySession(Set<RelaySession> open) {
        this.open = open;
        open.add(this);
    }

    /** Ends the session: releases its socket or process and closes the websocket. Safe to call more than once. */
    @Override
    public abstract void close();

    /** Call once the session has released everything. */
    protected final void forget() {
        open.remove(this);
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
