package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live connection to one context and namespace: a fabric8 client, its informers and the {@link ClusterState}
 * they feed.
 *
 * <p>Closing the session stops the informers, the watch monitor thread and the client (its sockets); a context
 * switch closes the old session before the new one is used.
 */
public final class ClusterSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSession.class);
    private static final long WATCH_CHECK_MILLIS = 500;
    /** Kinds the view can do without when the user may not list them (403): they stay empty. */
    private static final Set<Class<?>> OPTIONAL_KINDS = Set.of(PodDisruptionBudget.class,
            PersistentVolumeClaim.class, Event.class);

    private final KubernetesClient client;
    private final String context;
    private final String namespace;
    private final String server;
    private final String serverVersion;
    private final ClusterState state;
    private final ScheduledExecutorService monitor;
    /** Kinds whose listing answered 403 and that the view can do without; their informers gave up. */
    private final Set<Class<?>> forbidden = ConcurrentHashMap.newKeySet();
    private volatile SharedIndexInformer<Node> nodeInformer;
    private volatile CompletableFuture<Void> nodesStarted = CompletableFuture.completedFuture(null);
    /** Informers of the namespaced kinds for the current scope (one namespace, or all). */
    private volatile List<SharedIndexInformer<? extends HasMetadata>> scoped = List.of();
    private volatile long syncedScope = -1;
    private volatile SandboxMarker sandbox;
    private volatile boolean allNamespaces;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * Wraps a client that has already been checked (see {@link ClusterConnector}); call {@link #start()} to begin
     * watching.
     */
    private volatile boolean namespaceMissing;

    public ClusterSession(KubernetesClient client, String context, String namespace, String serverVersion) {
        this.client = client;
        this.context = context;
        this.namespace = namespace;
        this.server = String.valueOf(client.getMasterUrl());
        this.serverVersion = serverVersion;
        this.state = new ClusterState(namespace);
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

    /** Marks the session as one whose namespace did not exist when it connected (before a first deploy). */
    public ClusterSession withNamespaceMissing(boolean missing) {
        this.namespaceMissing = missing;
        return this;
    }

    /** Whether the namespace did not exist when the session connected: the stack is not deployed there yet. */
    public boolean namespaceMissing() {
        return namespaceMissing;
    }

    /** The sandbox marker when this cluster is the console's embedded sandbox (for labels, never for behaviour). */
    public Optional<SandboxMarker> sandbox() {
        return Optional.ofNullable(sandbox);
    }

    /** What the cluster offers beyond the plain API, as its marker says; empty for an ordinary cluster. */
    public Set<Capability> capabilities() {
        SandboxMarker marker = sandbox;
        return marker == null ? Set.of() : Set.copyOf(marker.capabilities());
    }

    /**
     * Starts the informers (pods, workloads, PDBs, PVCs and events of the namespace or of all namespaces; nodes
     * cluster-wide) without waiting for their first list.
     */
    public synchronized ClusterSession start() {
        if (started || closed) {
            return this;
        }
        started = true;
        state.setSync(SyncState.SYNCING, "");
        SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
        nodeInformer = nodes;
        // Many users may read the stack's namespace but not list nodes cluster-wide: that must not leave the view
        // "Synchronizing…" for ever. The node informer gives up on 403 and the view says why.
        nodesStarted = startInformer(nodes, -1).exceptionally(e -> null);
        startScope(state.scope(), allNamespaces);
        monitor.scheduleWithFixedDelay(this::checkWatches, WATCH_CHECK_MILLIS, WATCH_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** Starts the namespaced informers of one scope; the state turns SYNCED once they and the nodes have listed. */
    private void startScope(long scope, boolean all) {
        List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
        informers.add(all ? client.pods().inAnyNamespace().runnableInformer(0)
                : client.pods().inNamespace(namespace).runnableInformer(0));
        informers.add(all ? client.apps().statefulSets().inAnyNamespace().runnableInformer(0)
                : client.apps().statefulSets().inNamespace(namespace).runnableInformer(0));
        informers.add(all ? client.apps().deployments().inAnyNamespace().runnableInformer(0)
                : client.apps().deployments().inNamespace(namespace).runnableInformer(0));
        informers.add(all ? client.apps().daemonSets().inAnyNamespace().runnableInformer(0)
                : client.apps().daemonSets().inNamespace(namespace).runnableInformer(0));
        informers.add(all ? client.policy().v1().podDisruptionBudget().inAnyNamespace().runnableInformer(0)
                : client.policy().v1().podDisruptionBudget().inNamespace(namespace).runnableInformer(0));
        informers.add(all ? client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0)
                : client.persistentVolumeClaims().inNamespace(namespace).runnableInformer(0));
        informers.add(all ? client.v1().events().inAnyNamespace().runnableInformer(0)
                : client.v1().events().inNamespace(namespace).runnableInformer(0));
        scoped = List.copyOf(informers);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        futures.add(nodesStarted);
        for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
            CompletableFuture<Void> future = startInformer(informer, scope);
            // PDBs, PVCs and events enrich the view; a user who may not list them still gets the rest.
            futures.add(OPTIONAL_KINDS.contains(informer.getApiTypeClass()) ? future.exceptionally(e -> null)
                    : future);
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            if (error == null && !closed && state.setSync(SyncState.SYNCED, "", scope)) {
                syncedScope = scope;
            }
        });
    }

    /** Starts one informer feeding the state; {@code scope} -1 for the cluster-wide nodes. */
    private <T extends HasMetadata> CompletableFuture<Void> startInformer(SharedIndexInformer<T> informer,
                                                                          long scope) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                state.put(obj, scope);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                state.put(newObj, scope);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                state.remove(obj, scope);
            }
        });
        Class<T> kind = informer.getApiTypeClass();
        AtomicBoolean forbiddenLogged = new AtomicBoolean();
        // Keep retrying whatever happens: a lost watch or a failed relist must heal by itself when the server
        // comes back. The monitor turns "not watching" into a visible RECONNECTING state meanwhile.
        informer.exceptionHandler((isStarted, t) -> {
            if (closed || (scope >= 0 && scope != state.scope())) {
                return false;
            }
            if (isForbidden(t)) {
                if (Node.class.equals(kind)) {
                    LOG.warn("Listing nodes is forbidden for this user; the node view stays empty");
                    forbidden.add(kind);
                    state.setNodesHidden("Your account may not list nodes (RBAC): node details are not available.");
                    return false;
                }
                if (OPTIONAL_KINDS.contains(kind)) {
                    LOG.warn("Listing {} {} is forbidden for this user; they stay empty in the view", plural(kind),
                            where());
                    forbidden.add(kind);
                    return false;
                }
                if (forbiddenLogged.compareAndSet(false, true)) {
                    LOG.warn("Listing {} {} is forbidden for this user; retrying", plural(kind), where());
                }
                if (syncedScope != scope) {
                    state.setSync(SyncState.SYNCING, "Your account may not list " + plural(kind) + " " + where()
                            + " (RBAC). " + (allNamespaces ? "Switch back to namespace " + namespace
                            + ", or ask for a ClusterRole that allows listing them." : "Ask for a Role that allows"
                            + " listing them in " + namespace + "."), scope);
                }
                return true;
            }
            LOG.warn("Watch on {} failed, retrying: {}", kind.getSimpleName(), t.getMessage());
            if (syncedScope >= 0 && syncedScope == state.scope()) {
                state.setSync(SyncState.RECONNECTING, describe(t), syncedScope);
            }
            return true;
        });
        return informer.start().toCompletableFuture();
    }

    private String where() {
        return allNamespaces ? "in all namespaces" : "in namespace " + namespace;
    }

    private static String plural(Class<?> kind) {
        if (PodDisruptionBudget.class.equals(kind)) {
            return "PodDisruptionBudgets";
        }
        if (PersistentVolumeClaim.class.equals(kind)) {
            return "PersistentVolumeClaims";
        }
        return kind.getSimpleName().toLowerCase(Locale.ROOT) + "s";
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
        long scope = state.scope();
        if (closed || syncedScope != scope) {
            return;
        }
        List<SharedIndexInformer<? extends HasMetadata>> all = new ArrayList<>(scoped);
        if (nodeInformer != null) {
            all.add(nodeInformer);
        }
        List<String> lost = all.stream()
                .filter(i -> !forbidden.contains(i.getApiTypeClass()))
                .filter(i -> !i.isWatching())
                .map(i -> i.getApiTypeClass().getSimpleName()).toList();
        if (lost.isEmpty()) {
            state.setSync(SyncState.SYNCED, "", scope);
            return;
        }
        // Keep the error the exception handler reported; it says more than the list of lost watches.
        StackSnapshot now = state.snapshot();
        boolean explained = now.syncState() == SyncState.RECONNECTING && !now.syncDetail().isBlank();
        state.setSync(SyncState.RECONNECTING,
                explained ? now.syncDetail() : "watch lost for " + String.join(", ", lost), scope);
    }

    private static String describe(Throwable t) {
        Throwable root = ApiMessages.rootCause(t);
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.length() > 200 ? msg.substring(0, 200) + "…" : msg;
    }

    /**
     * Watches pods, workloads, PDBs, PVCs and events of every namespace ({@code true}) or of the session's namespace
     * only; the switch restarts those informers, and the snapshot says which scope it shows.
     *
     * <p>The old informers stop, their objects leave the state, and the state is {@link SyncState#SYNCING} until the
     * new informers have listed. Blocks while the old informers stop: call it off the UI thread.
     */
    public synchronized void setAllNamespaces(boolean all) {
        if (closed || all == allNamespaces) {
            return;
        }
        allNamespaces = all;
        List<SharedIndexInformer<? extends HasMetadata>> old = scoped;
        scoped = List.of();
        stopAll(old);
        forbidden.removeIf(OPTIONAL_KINDS::contains);
        long scope = state.beginScope(all);
        LOG.info("Watching {} of context {}", all ? "all namespaces" : "namespace " + namespace, context);
        if (started) {
            startScope(scope, all);
        }
    }

    /** Whether every namespace is watched. */
    public boolean allNamespaces() {
        return allNamespaces;
    }

    /** The live store the informers feed. */
    public ClusterState state() {
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
        stopAll(scoped);
        if (nodeInformer != null) {
            stopAll(List.of(nodeInformer));
        }
        client.close();
        state.setSync(SyncState.CLOSED, "");
        LOG.info("Closed session for context {}", context);
    }

    private static void stopAll(List<? extends SharedIndexInformer<? extends HasMetadata>> informers) {
        for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
            try {
                informer.stop();
            } catch (RuntimeException e) {
                LOG.debug("Stopping informer failed", e);
            }
        }
    }
}
