package io.neurectomy.console.core.endpoints;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.SyncState;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One port-forward that outlives pod restarts: the console listens on the local port itself, and every accepted
 * connection opens its own stream to the pod chosen at that moment. The local port therefore stays the same while
 * pods come and go.
 *
 * <p>A worker thread keeps the forward honest: it follows the session's pods (woken by every change), chooses the
 * pod (see {@link ForwardTarget}), runs the health check through a fresh stream every
 * {@link ForwardOptions#probeInterval()} while ACTIVE and with backoff while RECONNECTING, notices a wake-up from
 * sleep, and closes connections whose pod was deleted or whose stream never opened. Connections the user holds open
 * are never closed for being idle.
 *
 * <p>Every change produces a new {@link ForwardStatus} for the listeners (the byte counters at most once a second).
 * Threads: {@code port-forward-accept-N} (the listener), {@code port-forward-N} (the worker) and
 * {@code port-forward-N-io-K} (each connection's upload pump and the writes of the pod's bytes); all end when the
 * forward ends. Created and started by {@link PortForwardManager}.
 */
public final class Forward {
    private static final Logger LOG = LoggerFactory.getLogger(Forward.class);
    /** The worker wakes at least this often: byte counters, the stream watchdog and the clock-jump check. */
    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How far above the remote port an automatically chosen local port may be. */
    private static final int PORT_SEARCH = 100;
    private static final long JOIN_MILLIS = 5000;

    /**
     * Where new connections go: a pod and its port. The pod's instance is told apart by its creation time (the
     * snapshot has no UID); a pod deleted and re-created within the same second is noticed through the informer's
     * deletion (the worker is woken by it) or through its readiness starting over.
     */
    private record Route(String pod, String instance, int port) {
    }

    private final long id;
    private final ForwardSpec spec;
    private final ClusterSession session;
    private final KubernetesClient client;
    private final ForwardOptions options;
    private final ForwardClock clock;
    private final List<ForwardListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<ForwardConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    /** Runs the connections' pumps and writes; its threads end with the forward. */
    private final ExecutorService io;

    // Published state, guarded by lock; listeners are called under it, so never concurrently and in order.
    private final Object lock = new Object();
    private ForwardState state = ForwardState.STARTING;
    private String reason = "";
    private Instant since;
    private final Instant started;
    private String pod = "";
    private int containerPort;
    private int localPort;
    private String localAddress;
    private ProbeResult lastProbe;
    private volatile ForwardStatus status;

    // Worker wake-ups.
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean probeRequested;

    private volatile Route route;
    private volatile boolean ending;
    private volatile ServerSocketChannel server;
    private volatile Thread acceptor;
    private volatile Thread worker;

    Forward(long id, ForwardSpec spec, ClusterSession session, ForwardOptions options) {
        this.id = id;
        this.spec = Objects.requireNonNull(spec, "spec");
        this.session = session;
        this.client = session.client();
        this.options = options;
        this.clock = options.clock();
        this.started = clock.now();
        this.since = started;
        this.localAddress = spec.inetAddress().getHostAddress();
        this.reason = "starting";
        this.status = build();
        AtomicLong threads = new AtomicLong();
        this.io = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "port-forward-" + id + "-io-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The forward's number within its manager. */
    public long id() {
        return id;
    }

    public ForwardSpec spec() {
        return spec;
    }

    /** The latest status; a new value after every change. */
    public ForwardStatus status() {
        return status;
    }

    /** Adds a listener told of every later change (on background threads). */
    public void addListener(ForwardListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ForwardListener listener) {
        listeners.remove(listener);
    }

    /** The URL to open in a browser. */
    public String url() {
        return status.url();
    }

    /** The equivalent {@code kubectl port-forward} command. */
    public String kubectlCommand() {
        return status.kubectlCommand();
    }

    /**
     * Stops the forward: the local port is released, open connections and their streams are closed, and its
     * threads end (waits for them, a few seconds at most). Safe to call more than once.
     */
    public void stop() {
        halt();
        awaitThreads();
    }

    /** Ends the forward without waiting for its threads. */
    void halt() {
        end(ForwardState.STOPPED, "stopped");
    }

    /** Waits (a few seconds at most) for the forward's threads to end. */
    void awaitThreads() {
        join(acceptor);
        join(worker);
        try {
            if (!io.awaitTermination(JOIN_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Forward {}: connection threads still stopping", id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- starting ---------------------------------------------------------------------------------------------

    /** Binds the local port (or turns FAILED at once) and starts the threads. */
    void start() {
        try {
            server = bind();
        } catch (BindFailure e) {
            end(ForwardState.FAILED, e.getMessage());
            return;
        }
        InetSocketAddress bound;
        try {
            bound = (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            end(ForwardState.FAILED, "the local listener closed at once: " + e.getMessage());
            return;
        }
        synchronized (lock) {
            localPort = bound.getPort();
            localAddress = bound.getAddress().getHostAddress();
            reason = "looking for " + spec.target().describe();
            publish();
        }
        LOG.info("Forward {}: listening on {}:{} for {} port {}", id, localAddress, localPort, spec.target(),
                spec.remotePort());
        if (!spec.loopback()) {
            LOG.warn("Forward {} listens on {}, reachable from other machines without authentication", id,
                    localAddress);
        }
        Thread a = new Thread(this::acceptLoop, "port-forward-accept-" + id);
        a.setDaemon(true);
        acceptor = a;
        Thread w = new Thread(this::workLoop, "port-forward-" + id);
        w.setDaemon(true);
        worker = w;
        a.start();
        w.start();
    }

    private static final class BindFailure extends Exception {
        private static final long serialVersionUID = 1L;

        BindFailure(String message) {
            super(message);
        }
    }

    private ServerSocketChannel bind() throws BindFailure {
        InetAddress address = spec.inetAddress();
        if (spec.localPort() > 0) {
            try {
                return open(address, spec.localPort());
            } catch (BindException e) {
                throw new BindFailure(bindMessage(address, spec.localPort(), e, true));
            } catch (IOException e) {
                throw new BindFailure("Cannot listen on " + address.getHostAddress() + ":" + spec.localPort() + ": "
                        + e.getMessage());
            }
        }
        int first = spec.remotePort();
        int last = Math.min(65535, first + PORT_SEARCH);
        for (int port = first; port <= last; port++) {
            try {
                return open(address, port);
            } catch (BindException e) {
                if (!inUse(e) && !denied(e)) {
                    throw new BindFailure(bindMessage(address, port, e, false));
                }
            } catch (IOException e) {
                throw new BindFailure("Cannot listen on " + address.getHostAddress() + ":" + port + ": "
                        + e.getMessage());
            }
        }
        try {
            return open(address, 0);
        } catch (IOException e) {
            throw new BindFailure("No free local port on " + address.getHostAddress() + " (tried " + first + "–"
                    + last + " and any free port): " + e.getMessage());
        }
    }

    private static ServerSocketChannel open(InetAddress address, int port) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(address, port), 50);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static boolean inUse(BindException e) {
        return e.getMessage() != null && e.getMessage().contains("in use");
    }

    private static boolean denied(BindException e) {
        return e.getMessage() != null && e.getMessage().contains("ermission denied");
    }

    private static String bindMessage(InetAddress address, int port, BindException e, boolean pinned) {
        String where = address.getHostAddress() + ":" + port;
        if (inUse(e)) {
            return "Local port " + port + " is already in use on " + address.getHostAddress() + (pinned
                    ? " and was pinned, so no other port is chosen. Stop what listens there, or pick another port"
                    + " (or none, to let the console choose)." : ".");
        }
        if (denied(e)) {
            return "Listening on " + where + " needs administrator rights (ports below 1024). Pick a port above"
                    + " 1023.";
        }
        if (e.getMessage() != null && e.getMessage().contains("assign requested address")) {
            return address.getHostAddress() + " is not an address of this machine, so the forward cannot listen"
                    + " there. Use 127.0.0.1, 0.0.0.0 or one of this machine's addresses.";
        }
        return "Cannot listen on " + where + ": " + e.getMessage();
    }

    // ---- accepting --------------------------------------------------------------------------------------------

    private void acceptLoop() {
        ServerSocketChannel s = server;
        while (!ending) {
            SocketChannel channel;
            try {
                channel = s.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (ending) {
                    break;
                }
                // e.g. too many open files: say so once in a while, and do not spin.
                LOG.warn("Forward {}: accepting a local connection failed: {}", id, e.getMessage());
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    break;
                }
                continue;
            }
            accept(channel);
        }
    }

    private void accept(SocketChannel channel) {
        Route r = route;
        if (r == null || ending) {
            // No pod to go to: close at once, so the client sees a clean refusal instead of a hang.
            LOG.debug("Forward {}: no pod to forward to, closing a new local connection", id);
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing a refused connection failed: {}", e.getMessage());
            }
            return;
        }
        accepted.incrementAndGet();
        ForwardConnection connection = new ForwardConnection(channel, r.pod(), bytesIn, bytesOut, io,
                this::closed);
        connections.add(connection);
        synchronized (lock) {
            publish();
        }
        connection.start(client, spec.target().namespace(), r.port());
        if (ending) {
            connection.close();
        }
    }

    private void closed(ForwardConnection connection) {
        connections.remove(connection);
        if (!ending && connection.streamFailed()) {
            // The pod's side broke the stream: check at once instead of waiting for the next tick.
            requestProbe();
        }
        synchronized (lock) {
            publish();
        }
    }

    // ---- the worker -------------------------------------------------------------------------------------------

    /** Wakes the worker: the pods changed. Cheap; called on informer threads. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void requestProbe() {
        probeRequested = true;
        wake();
    }

    private void awaitWake(long nanos) throws InterruptedException {
        synchronized (signal) {
            if (!woken) {
                long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
                signal.wait(millis);
            }
            woken = false;
        }
    }

    private void workLoop() {
        try {
            work();
        } catch (InterruptedException e) {
            if (!ending) {
                end(ForwardState.FAILED, "interrupted");
            }
        } catch (RuntimeException e) {
            LOG.warn("Forward {} failed unexpectedly", id, e);
            end(ForwardState.FAILED, "internal error: " + e);
        }
    }

    private void work() throws InterruptedException {
        TargetResolver resolver = new TargetResolver(client, spec);
        ClockJumpDetector jumps = new ClockJumpDetector(clock, options.clockJumpThreshold());
        long firstBackoff = options.firstBackoff().toNanos();
        long backoff = firstBackoff;
        long nextProbe = clock.monotonicNanos();
        long goneSince = -1;
        boolean lastReady = false;
        int lastRestarts = -1;
        long publishedBytes = -1;
        while (!ending) {
            long wait = Math.min(nextProbe - clock.monotonicNanos(), TICK_NANOS);
            if (wait > 0) {
                awaitWake(wait);
            }
            if (ending) {
                return;
            }
            long now = clock.monotonicNanos();
            if (session.isClosed()) {
                end(ForwardState.STOPPED, "the cluster session was closed (disconnected or switched context)");
                return;
            }
            boolean probeNow = now >= nextProbe || probeRequested;
            probeRequested = false;

            Optional<Duration> jump = jumps.check();
            if (jump.isPresent()) {
                long seconds = Math.round(jump.get().toMillis() / 1000.0);
                LOG.info("Forward {}: the clock jumped {} s (sleep?); checking the target again", id, seconds);
                probeNow = true;
                backoff = firstBackoff;
                setState(ForwardState.RECONNECTING, "the computer woke from sleep (clock jumped " + seconds
                        + " s): checking the forward again", null);
            }

            StackSnapshot snapshot = session.state().snapshot();
            TargetResolver.Resolution resolution = resolver.resolve(snapshot, route == null ? null : route.pod());
            if (!resolution.fatal().isEmpty()) {
                end(ForwardState.FAILED, resolution.fatal());
                return;
            }
            if (resolution.pod() == null) {
                dropRoute(snapshot, resolution.waiting());
                if (resolution.podMissing()) {
                    goneSince = goneSince < 0 ? now : goneSince;
                    if (now - goneSince > options.podGoneTimeout().toNanos()) {
                        end(ForwardState.FAILED, spec.target().describe() + " was deleted and has not come back for "
                                + describe(options.podGoneTimeout()) + ". Start the forward again once it exists.");
                        return;
                    }
                } else {
                    goneSince = -1;
                }
                setState(state() == ForwardState.STARTING && !snapshotListed(snapshot) ? ForwardState.STARTING
                        : ForwardState.RECONNECTING, resolution.waiting(), null);
                // Wait for the next change of the pods (it wakes this thread) or tick; a pod that appears is a new
                // route, which is checked at once.
                nextProbe = now + TICK_NANOS;
                watchdog(now);
                publishedBytes = publishBytes(publishedBytes);
                continue;
            }
            goneSince = -1;
            PodInfo podInfo = resolution.pod();
            Route next = new Route(podInfo.name(), podInfo.instance(), resolution.containerPort());
            Route old = route;
            if (!next.equals(old)) {
                route = next;
                probeNow = true;
                backoff = firstBackoff;
                lastReady = podInfo.ready();
                lastRestarts = podInfo.restarts();
                String why = old == null ? "" : switchReason(old, next, snapshot);
                if (old != null) {
                    closeIfGone(old, snapshot);
                }
                synchronized (lock) {
                    pod = next.pod();
                    containerPort = next.port();
                    if (old != null && state == ForwardState.ACTIVE) {
                        changeState(ForwardState.RECONNECTING, why);
                    } else if (state != ForwardState.ACTIVE) {
                        changeState(state, "checking pod " + next.pod() + " (" + spec.health().describe() + ")");
                    }
                    publish();
                }
                if (old != null) {
                    LOG.info("Forward {}: {}", id, why);
                }
            } else if (podInfo.ready() != lastReady || podInfo.restarts() != lastRestarts) {
                lastReady = podInfo.ready();
                lastRestarts = podInfo.restarts();
                probeNow = true;
            }
            watchdog(now);
            publishedBytes = publishBytes(publishedBytes);
            if (!probeNow || ending) {
                continue;
            }
            Route target = route;
            StreamProbe.Outcome outcome = StreamProbe.check(client, spec.target().namespace(), target.pod(),
                    target.port(), spec.health(), options.probeTimeout());
            if (ending) {
                return;
            }
            ProbeResult result = new ProbeResult(clock.now(), outcome.passed(), target.pod(), outcome.detail(),
                    outcome.took());
            now = clock.monotonicNanos();
            switch (outcome.kind()) {
                case PASSED -> {
                    if (state() != ForwardState.ACTIVE) {
                        LOG.info("Forward {}: ACTIVE on {}:{} -> {}/{} ({})", id, localAddress, localPort,
                                spec.target().namespace(), target.pod(), outcome.detail());
                    }
                    setState(ForwardState.ACTIVE, "", result);
                    backoff = firstBackoff;
                    nextProbe = now + options.probeInterval().toNanos();
                }
                case FORBIDDEN -> {
                    setState(state(), reason(), result);
                    end(ForwardState.FAILED, outcome.detail());
                    return;
                }
                default -> {
                    String why = "health check (" + spec.health().describe() + ") on pod " + target.pod()
                            + " failed: " + outcome.detail() + (lastReady ? "" : " (pod not ready)")
                            + "; retrying in " + describe(Duration.ofNanos(backoff));
                    if (state() != ForwardState.RECONNECTING || !sameProblem(result)) {
                        LOG.info("Forward {}: {}", id, why);
                    }
                    setState(ForwardState.RECONNECTING, why, result);
                    nextProbe = now + backoff;
                    backoff = Math.min(backoff * 2, options.maxBackoff().toNanos());
                }
            }
        }
    }

    private static boolean snapshotListed(StackSnapshot snapshot) {
        return snapshot.syncState() != SyncState.SYNCING;
    }

    private boolean sameProblem(ProbeResult result) {
        synchronized (lock) {
            return lastProbe != null && !lastProbe.passed() && lastProbe.detail().equals(result.detail());
        }
    }

    private String switchReason(Route old, Route next, StackSnapshot snapshot) {
        Optional<PodInfo> before = find(snapshot, old.pod());
        String what;
        if (before.isEmpty()) {
            what = "pod " + old.pod() + " was deleted";
        } else if (!before.get().instance().equals(old.instance())) {
            what = "pod " + old.pod() + " was re-created";
        } else if (!before.get().ready()) {
            what = "pod " + old.pod() + " is not ready (" + before.get().status() + ")";
        } else {
            what = "pod " + old.pod() + " changed";
        }
        return next.pod().equals(old.pod()) ? what + "; checking the new one" : what + "; switching to pod "
                + next.pod();
    }

    private Optional<PodInfo> find(StackSnapshot snapshot, String name) {
        String ns = spec.target().namespace();
        return snapshot.pods().stream().filter(p -> p.name().equals(name)
                && (p.namespace().isEmpty() || p.namespace().equals(ns))).findFirst();
    }

    /** No pod to go to: new connections are refused; those to a deleted pod are closed. */
    private void dropRoute(StackSnapshot snapshot, String why) {
        Route old = route;
        if (old == null) {
            return;
        }
        route = null;
        closeIfGone(old, snapshot);
        synchronized (lock) {
            pod = "";
            if (state == ForwardState.ACTIVE) {
                changeState(ForwardState.RECONNECTING, why);
            }
            publish();
        }
    }

    /** Closes the connections to {@code old}'s pod when that pod instance no longer exists (its streams are dead). */
    private void closeIfGone(Route old, StackSnapshot snapshot) {
        Optional<PodInfo> now = find(snapshot, old.pod());
        if (now.isPresent() && now.get().instance().equals(old.instance())) {
            return; // still there (maybe not ready): connections the user holds stay open
        }
        int closed = 0;
        for (ForwardConnection c : List.copyOf(connections)) {
            if (c.pod().equals(old.pod())) {
                c.close();
                closed++;
            }
        }
        if (closed > 0) {
            LOG.info("Forward {}: closed {} connection(s) to pod {}, which is gone", id, closed, old.pod());
        }
    }

    /** Closes connections whose stream never opened (a stalled stream must not hang the client for ever). */
    private void watchdog(long now) {
        long limit = options.streamOpenTimeout().toNanos();
        for (ForwardConnection c : List.copyOf(connections)) {
            if (!c.streamOpen() && !c.isClosed() && now - c.openedNanos() > limit) {
                LOG.warn("Forward {}: the stream to pod {} did not open within {}; closing that connection", id,
                        c.pod(), describe(options.streamOpenTimeout()));
                c.close();
                requestProbe();
            }
        }
    }

    private long publishBytes(long published) {
        long total = bytesIn.get() + bytesOut.get();
        if (total != published) {
            synchronized (lock) {
                publish();
            }
        }
        return total;
    }

    // ---- state ------------------------------------------------------------------------------------------------

    private ForwardState state() {
        synchronized (lock) {
            return state;
        }
    }

    private String reason() {
        synchronized (lock) {
            return reason;
        }
    }

    private void setState(ForwardState next, String why, ProbeResult probe) {
        synchronized (lock) {
            if (state.ended()) {
                return;
            }
            if (probe != null) {
                lastProbe = probe;
            }
            changeState(next, why);
            publish();
        }
    }

    /** Under lock. */
    private void changeState(ForwardState next, String why) {
        if (next != state) {
            since = clock.now();
        }
        state = next;
        reason = why == null ? "" : why;
    }

    /** Builds the status from the fields and tells the listeners when it differs. Under lock. */
    private void publish() {
        ForwardStatus next = build();
        if (next.equals(status)) {
            return;
        }
        status = next;
        for (ForwardListener l : listeners) {
            try {
                l.statusChanged(next);
            } catch (RuntimeException e) {
                LOG.warn("A forward listener failed", e);
            }
        }
    }

    private ForwardStatus build() {
        return new ForwardStatus(id, spec, session.context(), state, reason, pod, localAddress, localPort,
                containerPort, connections.size(), accepted.get(), bytesIn.get(), bytesOut.get(), started, since,
                lastProbe);
    }

    /** Ends the forward once: releases the port, closes connections, publishes the final state. */
    private void end(ForwardState finalState, String why) {
        synchronized (lock) {
            if (ending) {
                return;
            }
            ending = true;
        }
        route = null;
        ServerSocketChannel s = server;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("Closing the local listener failed: {}", e.getMessage());
            }
        }
        for (ForwardConnection c : List.copyOf(connections)) {
            c.close();
        }
        io.shutdownNow();
        Thread w = worker;
        if (w != null && w != Thread.currentThread()) {
            w.interrupt();
        }
        wake();
        synchronized (lock) {
            changeState(finalState, why);
            pod = "";
            publish();
        }
        if (finalState == ForwardState.FAILED) {
            LOG.warn("Forward {} to {} failed: {}", id, spec.target(), why);
        } else {
            LOG.info("Forward {} to {} stopped{}", id, spec.target(), "stopped".equals(why) ? "" : ": " + why);
        }
    }

    private static void join(Thread t) {
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("Thread {} is still stopping", t.getName());
        }
    }

    private static String describe(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        if (d.toSeconds() < 120) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s",
                    d.toMillis() / 1000.0);
        }
        return d.toMinutes() + " min";
    }

    @Override
    public String toString() {
        return "Forward[" + id + " " + status.summary() + "]";
    }
}
