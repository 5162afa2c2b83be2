package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live connection to one context and namespace: a fabric8 client, its informers and the {@link StackState}
 * they feed.
 *
 * <p>Closing the session stops the informers, the watch monitor thread and the client (its sockets); a context
 * switch closes the old session before the new one is used.
 */
public final class ClusterSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSession.class);
    private static final long WATCH_CHECK_MILLIS = 500;

    private final KubernetesClient client;
    private final String context;
    private final String namespace;
    private final String server;
    private final String serverVersion;
    private final StackState state = new StackState();
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
    private final ScheduledExecutorService monitor;
    private volatile SandboxMarker sandbox;
    private volatile boolean synced;
    private volatile boolean nodesForbidden;
    private volatile boolean closed;

    /**
     * Wraps a client that has already been checked (see {@link ClusterConnector}); call {@link #start()} to begin
     * watching.
     */
    public ClusterSession(KubernetesClient client, String context, String namespace, String serverVersion) {
        this.client = client;
        this.context = context;
        this.namespace = namespace;
        this.server = String.valueOf(client.getMasterUrl());
        this.serverVersion = serverVersion;
        this.monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watch-monitor-" + context);
            t.setDaemon(true);
            return t;
        });
    }

    /** Marks the session as one on the console's sandbox (see {@link SandboxMarker}); null for a real cluster. */
    public ClusterSession withSandbox(SandboxMarker marker) {
        this.sandbox = marker;
        return this;
    }

    /** The sandbox marker when this cluster is the console's embedded sandbox. */
    public Optional<SandboxMarker> sandbox() {
        return Optional.ofNullable(sandbox);
    }

    /** Starts the informers (namespace objects, nodes cluster-wide) without waiting for their first list. */
    public synchronized ClusterSession start() {
        if (!informers.isEmpty() || closed) {
            return this;
        }
        state.setSync(SyncState.SYNCING, "");
        informers.add(client.pods().inNamespace(namespace).runnableInformer(0));
        informers.add(client.apps().statefulSets().inNamespace(namespace).runnableInformer(0));
        informers.add(client.apps().deployments().inNamespace(namespace).runnableInformer(0));
        informers.add(client.apps().daemonSets().inNamespace(namespace).runnableInformer(0));
        SharedIndexInformer<Node> nodeInformer = client.nodes().runnableInformer(0);
        informers.add(nodeInformer);
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
            CompletableFuture<Void> future = startInformer(informer);
            // Many users may read the stack's namespace but not list nodes cluster-wide: that must not leave
            // the view "Synchronizing…" for ever. The node informer gives up on 403 and the view says why.
            started.add(informer == nodeInformer ? future.exceptionally(e -> null) : future);
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            if (error == null && !closed) {
                synced = true;
                state.setSync(SyncState.SYNCED, "");
            }
        });
        monitor.scheduleWithFixedDelay(this::checkWatches, WATCH_CHECK_MILLIS, WATCH_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
        return this;
    }

    private <T extends HasMetadata> CompletableFuture<Void> startInformer(SharedIndexInformer<T> informer) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                state.put(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                state.put(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                state.remove(obj);
            }
        });
        // Keep retrying whatever happens: a lost watch or a failed relist must heal by itself when the server
        // comes back. The monitor turns "not watching" into a visible RECONNECTING state meanwhile.
        informer.exceptionHandler((isStarted, t) -> {
            if (!closed && Node.class.equals(informer.getApiTypeClass()) && isForbidden(t)) {
                LOG.warn("Listing nodes is forbidden for this user; the node view stays empty");
                nodesForbidden = true;
                state.setNodesHidden("Your account may not list nodes (RBAC): node details are not available.");
                return false;
            }
            if (!closed) {
                LOG.warn("Watch on {} failed, retrying: {}", informer.getApiTypeClass().getSimpleName(),
                        t.getMessage());
                if (synced) {
                    state.setSync(SyncState.RECONNECTING, describe(t));
                }
            }
            return true;
        });
        return informer.start().toCompletableFuture();
    }

    private static boolean isForbidden(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof KubernetesClientException kce && kce.getCode() == 403) {
                return true;
            }
        }
        return false;
    }

    private void checkWatches() {
        if (closed || !synced) {
            return;
        }
        List<String> lost = informers.stream()
                .filter(i -> !(nodesForbidden && Node.class.equals(i.getApiTypeClass())))
                .filter(i -> !i.isWatching())
                .map(i -> i.getApiTypeClass().getSimpleName()).toList();
        if (lost.isEmpty()) {
            state.setSync(SyncState.SYNCED, "");
            return;
        }
        // Keep the error the exception handler reported; it says more than the list of lost watches.
        StackSnapshot now = state.snapshot();
        boolean explained = now.syncState() == SyncState.RECONNECTING && !now.syncDetail().isBlank();
        state.setSync(SyncState.RECONNECTING,
                explained ? now.syncDetail() : "watch lost for " + String.join(", ", lost));
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.length() > 200 ? msg.substring(0, 200) + "…" : msg;
    }

    /**
     * Watches pods, workloads, PDBs, PVCs and events of every namespace ({@code true}) or of the session's namespace
     * only; the switch restarts those informers, and the snapshot says which scope it shows.
     */
    public void setAllNamespaces(boolean all) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Whether every namespace is watched. */
    public boolean allNamespaces() {
        return false;
    }

    /** The live store the informers feed. */
    public StackState state() {
        return state;
    }

    /** The fabric8 client, for core services only; the UI never holds it. */
    public KubernetesClient client() {
        return client;
    }

    public String context() {
        return context;
    }

    public String namespace() {
        return namespace;
    }

    public String server() {
        return server;
    }

    public String serverVersion() {
        return serverVersion;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        monitor.shutdownNow();
        for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
            try {
                informer.stop();
            } catch (RuntimeException e) {
                LOG.debug("Stopping informer failed", e);
            }
        }
        client.close();
        state.setSync(SyncState.CLOSED, "");
        LOG.info("Closed session for context {}", context);
    }
}
