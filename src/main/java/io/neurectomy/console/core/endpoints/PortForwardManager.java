package io.neurectomy.console.core.endpoints;

import io.neurectomy.console.core.cluster.ClusterSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port-forwards of one cluster session. Every forward follows the session's live pods (the manager wakes them
 * on each change of the session's state) and ends when the manager closes: the GUI closes it on exit, on
 * disconnect and on a context switch, the command line on Ctrl+C.
 *
 * <p>Thread-safe. Listeners added here hear every forward's status changes (on background threads) and, separately,
 * when forwards are added or removed.
 */
public final class PortForwardManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PortForwardManager.class);

    private final ClusterSession session;
    private final ForwardOptions options;
    private final List<Forward> forwards = new CopyOnWriteArrayList<>();
    private final List<ForwardListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> listListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final Runnable podsChanged = this::podsChanged;
    private volatile boolean closed;

    /** A manager with the console's timings. */
    public PortForwardManager(ClusterSession session) {
        this(session, ForwardOptions.defaults());
    }

    public PortForwardManager(ClusterSession session, ForwardOptions options) {
        this.session = Objects.requireNonNull(session, "session");
        this.options = Objects.requireNonNull(options, "options");
        session.state().addListener(podsChanged);
    }

    /** The session's namespace: where targets live unless said otherwise. */
    public String namespace() {
        return session.namespace();
    }

    /** The session's context, for favorites and the kubectl command. */
    public String context() {
        return session.context();
    }

    /**
     * Starts a forward: binds its local port at once (so the returned forward's status already shows the port, or
     * FAILED when a pinned port is busy) and goes on in background.
     *
     * @throws ForwardException when the spec needs a confirmation it does not carry (a non-loopback bind address
     *                          without {@code allowNonLoopback}), or when the manager is closed
     */
    public Forward start(ForwardSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.needsConfirmation()) {
            throw new ForwardException("Listening on " + spec.bindAddress() + " makes the forward to "
                    + spec.target() + " reachable from other machines, without any authentication. Confirm that"
                    + " this is wanted, or listen on " + ForwardSpec.LOOPBACK + ".");
        }
        Forward forward;
        synchronized (this) {
            if (closed) {
                throw new ForwardException("The port-forwards of context " + session.context()
                        + " are closed (disconnected); connect again to start one.");
            }
            forward = new Forward(ids.incrementAndGet(), spec, session, options);
            forward.addListener(this::fire);
            forwards.add(forward);
        }
        listChanged();
        forward.start();
        return forward;
    }

    /** The forwards, in the order they were started (FAILED ones included, until stopped or restarted). */
    public List<Forward> forwards() {
        return List.copyOf(forwards);
    }

    /** Stops a forward and removes it from the list. */
    public void stop(Forward forward) {
        forward.stop();
        if (forwards.remove(forward)) {
            listChanged();
        }
    }

    /** Stops a forward (e.g. a FAILED one) and starts the same spec again; the new forward takes its place. */
    public Forward restart(Forward forward) {
        stop(forward);
        return start(forward.spec());
    }

    /** Stops every forward. */
    public void stopAll() {
        List<Forward> all = new ArrayList<>(forwards);
        // End them all first (ports released at once), then wait for their threads.
        all.forEach(Forward::halt);
        all.forEach(Forward::awaitThreads);
        if (forwards.removeAll(all)) {
            listChanged();
        }
    }

    /** Adds a listener told of every status change of every forward. */
    public void addListener(ForwardListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ForwardListener listener) {
        listeners.remove(listener);
    }

    /** Adds a listener told when forwards are added or removed. */
    public void addListListener(Runnable listener) {
        listListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListListener(Runnable listener) {
        listListeners.remove(listener);
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops every forward and stops following the session; the manager cannot start forwards any more. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        session.state().removeListener(podsChanged);
        stopAll();
        LOG.debug("Port-forwards of context {} closed", session.context());
    }

    private void podsChanged() {
        for (Forward f : forwards) {
            f.wake();
        }
    }

    private void fire(ForwardStatus status) {
        for (ForwardListener l : listeners) {
            try {
                l.statusChanged(status);
            } catch (RuntimeException e) {
                LOG.warn("A port-forward listener failed", e);
            }
        }
    }

    private void listChanged() {
        for (Runnable l : listListeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("A port-forward list listener failed", e);
            }
        }
    }
}
