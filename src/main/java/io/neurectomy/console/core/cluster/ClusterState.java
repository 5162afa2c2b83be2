package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Thread-safe store of the objects the informers see, turned into immutable {@link StackSnapshot}s on demand.
 *
 * <p>Informer callbacks only call {@link #put}/{@link #remove} and return; listeners are told that something
 * changed (on the caller's thread) and read a snapshot when they are ready to, so a burst of events costs one
 * snapshot per refresh, not one per event.
 *
 * <p>Each object is converted to its plain value when it is put, and each kind keeps its finished list until that
 * kind changes again: the snapshot after one pod change copies the pod list and reuses everything else.
 *
 * <p>Events are trimmed to the recent ones: at most {@value #EVENTS_PER_OBJECT} per involved object and
 * {@value #EVENTS_TOTAL} in all, newest first.
 */
public final class ClusterState {

    /** The monitoring stack's own workloads, in the order the overview lists them. */
    public static final List<String> STACK_WORKLOADS = StackComponent.all().stream().map(StackComponent::workload)
            .toList();
    /** Most events kept about one object. */
    public static final int EVENTS_PER_OBJECT = 20;
    /** Most events kept in all. */
    public static final int EVENTS_TOTAL = 1000;

    private static final Comparator<WorkloadInfo> OTHER_WORKLOADS = Comparator.comparing(WorkloadInfo::name)
            .thenComparing(WorkloadInfo::kind).thenComparing(WorkloadInfo::namespace);

    /** The kinds the state tracks; all but nodes belong to the watched namespace(s). */
    private enum Kind {
        POD, STATEFUL_SET, DEPLOYMENT, DAEMON_SET, NODE, PDB, PVC, EVENT;

        static Kind of(HasMetadata object) {
            if (object instanceof Pod) {
                return POD;
            } else if (object instanceof StatefulSet) {
                return STATEFUL_SET;
            } else if (object instanceof Deployment) {
                return DEPLOYMENT;
            } else if (object instanceof DaemonSet) {
                return DAEMON_SET;
            } else if (object instanceof Node) {
                return NODE;
            } else if (object instanceof PodDisruptionBudget) {
                return PDB;
            } else if (object instanceof PersistentVolumeClaim) {
                return PVC;
            } else if (object instanceof Event) {
                return EVENT;
            }
            return null;
        }
    }

    /** Orders events newest first (unknown times last), then by the event's own key. */
    private record EventOrder(Instant lastSeen, String key) implements Comparable<EventOrder> {
        @Override
        public int compareTo(EventOrder o) {
            if (!Objects.equals(lastSeen, o.lastSeen)) {
                if (lastSeen == null) {
                    return 1;
                }
                if (o.lastSeen == null) {
                    return -1;
                }
                return o.lastSeen.compareTo(lastSeen);
            }
            return key.compareTo(o.key);
        }
    }

    private final String stackNamespace;
    private final Object lock = new Object();
    // Keys are namespace + '\0' + name, so that the natural order is by namespace, then name.
    private final NavigableMap<String, PodInfo> pods = new TreeMap<>();
    private final Map<String, WorkloadInfo> statefulSets = new HashMap<>();
    private final Map<String, WorkloadInfo> deployments = new HashMap<>();
    private final Map<String, WorkloadInfo> daemonSets = new HashMap<>();
    private final NavigableMap<String, NodeInfo> nodes = new TreeMap<>();
    private final NavigableMap<String, PdbInfo> pdbs = new TreeMap<>();
    private final NavigableMap<String, PvcInfo> pvcs = new TreeMap<>();
    private final Map<String, EventInfo> events = new HashMap<>();
    private final NavigableMap<EventOrder, EventInfo> eventsByTime = new TreeMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private long version;
    private long scope;
    private boolean allNamespaces;
    private SyncState syncState = SyncState.SYNCING;
    private String syncDetail = "";
    private String nodesHidden = "";
    private StackSnapshot cached;
    // Finished lists per kind; null once that kind changed.
    private List<PodInfo> podList;
    private List<WorkloadInfo> workloadList;
    private List<NodeInfo> nodeList;
    private List<PdbInfo> pdbList;
    private List<PvcInfo> pvcList;
    private List<EventInfo> eventList;

    /** A state whose stack workloads may live in any namespace (the first found by namespace wins). */
    public ClusterState() {
        this(null);
    }

    /**
     * A state whose stack workloads (prometheus, grafana, alertmanager) are those of {@code stackNamespace}; same-named
     * workloads of other namespaces are listed as ordinary ones.
     */
    public ClusterState(String stackNamespace) {
        this.stackNamespace = stackNamespace == null || stackNamespace.isEmpty() ? null : stackNamespace;
    }

    /** Adds a listener told (on the thread that made the change) that a new snapshot is available. */
    public void addListener(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** The current picture; cheap when nothing changed since the last call. */
    public StackSnapshot snapshot() {
        synchronized (lock) {
            if (cached == null) {
                cached = build();
            }
            return cached;
        }
    }

    /** Adds or replaces an object of a kind the state tracks; other kinds are ignored. */
    public void put(HasMetadata object) {
        if (apply(object, false, -1)) {
            fire();
        }
    }

    /** Removes an object; unknown objects are ignored. */
    public void remove(HasMetadata object) {
        if (apply(object, true, -1)) {
            fire();
        }
    }

    /**
     * Like {@link #put} for an informer of the namespaced kinds started for {@code forScope}: ignored once the scope
     * has been switched (see {@link #beginScope}), so that a stopped informer's late event cannot bring back an
     * object of the old scope. Nodes are not scoped.
     */
    void put(HasMetadata object, long forScope) {
        if (apply(object, false, forScope)) {
            fire();
        }
    }

    /** Like {@link #remove}, for the informers of {@code forScope} only (see {@link #put(HasMetadata, long)}). */
    void remove(HasMetadata object, long forScope) {
        if (apply(object, true, forScope)) {
            fire();
        }
    }

    /** The current scope number, for informers started now. */
    long scope() {
        synchronized (lock) {
            return scope;
        }
    }

    /**
     * Starts a new scope: forgets every namespaced object (pods, workloads, PDBs, PVCs, events), records whether all
     * namespaces are watched from now on and goes back to {@link SyncState#SYNCING}; nodes stay.
     *
     * @return the new scope's number, for its informers
     */
    long beginScope(boolean all) {
        long started;
        synchronized (lock) {
            scope++;
            started = scope;
            allNamespaces = all;
            pods.clear();
            statefulSets.clear();
            deployments.clear();
            daemonSets.clear();
            pdbs.clear();
            pvcs.clear();
            events.clear();
            eventsByTime.clear();
            podList = null;
            workloadList = null;
            pdbList = null;
            pvcList = null;
            eventList = null;
            syncState = SyncState.SYNCING;
            syncDetail = "";
            changed();
        }
        fire();
        return started;
    }

    /** Records how far the informers have come. */
    public void setSync(SyncState state, String detail) {
        synchronized (lock) {
            String d = detail == null ? "" : detail;
            if (state == syncState && d.equals(syncDetail)) {
                return;
            }
            syncState = state;
            syncDetail = d;
            changed();
        }
        fire();
    }

    /**
     * Records the sync state only while the scope is still {@code forScope}; a scope switch in between wins.
     *
     * @return whether it was recorded
     */
    boolean setSync(SyncState state, String detail, long forScope) {
        synchronized (lock) {
            if (forScope != scope) {
                return false;
            }
            String d = detail == null ? "" : detail;
            if (state == syncState && d.equals(syncDetail)) {
                return true;
            }
            syncState = state;
            syncDetail = d;
            changed();
        }
        fire();
        return true;
    }

    /** Records that nodes cannot be listed (e.g. RBAC allows only the namespace), with the reason to show. */
    public void setNodesHidden(String reason) {
        synchronized (lock) {
            nodesHidden = reason == null ? "" : reason;
            nodes.clear();
            nodeList = null;
            changed();
        }
        fire();
    }

    private void changed() {
        version++;
        cached = null;
    }

    private void fire() {
        for (Runnable l : listeners) {
            l.run();
        }
    }

    private static String key(HasMetadata object) {
        String ns = object.getMetadata().getNamespace();
        return (ns == null ? "" : ns) + '\0' + object.getMetadata().getName();
    }

    private boolean isStack(String kind, String namespace, String name) {
        return StackComponent.ofWorkload(name).filter(c -> c.workload().equals(name) && c.workloadKind().kind()
                .equals(kind)).isPresent() && (stackNamespace == null || stackNamespace.equals(namespace));
    }

    /** Converts (outside the lock) and stores; true when the state changed. */
    private boolean apply(HasMetadata object, boolean remove, long forScope) {
        Kind kind = Kind.of(object);
        if (kind == null || object.getMetadata() == null || object.getMetadata().getName() == null) {
            return false;
        }
        String key = kind == Kind.NODE ? object.getMetadata().getName() : key(object);
        Object value = remove ? null : convert(kind, object);
        synchronized (lock) {
            if (forScope >= 0 && kind != Kind.NODE && forScope != scope) {
                return false;
            }
            boolean changed = switch (kind) {
                case POD -> store(pods, key, (PodInfo) value);
                case STATEFUL_SET -> store(statefulSets, key, (WorkloadInfo) value);
                case DEPLOYMENT -> store(deployments, key, (WorkloadInfo) value);
                case DAEMON_SET -> store(daemonSets, key, (WorkloadInfo) value);
                case NODE -> store(nodes, key, (NodeInfo) value);
                case PDB -> store(pdbs, key, (PdbInfo) value);
                case PVC -> store(pvcs, key, (PvcInfo) value);
                case EVENT -> storeEvent(key, (EventInfo) value);
            };
            if (!changed) {
                return false;
            }
            switch (kind) {
                case POD -> podList = null;
                case STATEFUL_SET, DEPLOYMENT, DAEMON_SET -> workloadList = null;
                case NODE -> nodeList = null;
                case PDB -> pdbList = null;
                case PVC -> pvcList = null;
                case EVENT -> eventList = null;
            }
            changed();
            return true;
        }
    }

    private Object convert(Kind kind, HasMetadata object) {
        String ns = object.getMetadata().getNamespace();
        String name = object.getMetadata().getName();
        return switch (kind) {
            case POD -> Conversions.pod((Pod) object);
            case STATEFUL_SET -> Conversions.statefulSet((StatefulSet) object, isStack("StatefulSet", ns, name));
            case DEPLOYMENT -> Conversions.deployment((Deployment) object, isStack("Deployment", ns, name));
            case DAEMON_SET -> Conversions.daemonSet((DaemonSet) object);
            case NODE -> Conversions.node((Node) object);
            case PDB -> Conversions.pdb((PodDisruptionBudget) object);
            case PVC -> Conversions.pvc((PersistentVolumeClaim) object);
            case EVENT -> Conversions.event((Event) object);
        };
    }

    /** Puts or (for null) removes; true when something changed. A put always counts: informers resync rarely. */
    private static <T> boolean store(Map<String, T> map, String key, T value) {
        if (value == null) {
            return map.remove(key) != null;
        }
        map.put(key, value);
        return true;
    }

    private boolean storeEvent(String key, EventInfo value) {
        EventInfo old = value == null ? events.remove(key) : events.put(key, value);
        if (old != null) {
            eventsByTime.remove(new EventOrder(old.lastSeen(), key));
        }
        if (value != null) {
            eventsByTime.put(new EventOrder(value.lastSeen(), key), value);
        }
        return old != null || value != null;
    }

    private StackSnapshot build() {
        if (podList == null) {
            podList = List.copyOf(pods.values());
        }
        if (workloadList == null) {
            workloadList = buildWorkloads();
        }
        if (nodeList == null) {
            nodeList = List.copyOf(nodes.values());
        }
        if (pdbList == null) {
            pdbList = List.copyOf(pdbs.values());
        }
        if (pvcList == null) {
            pvcList = List.copyOf(pvcs.values());
        }
        if (eventList == null) {
            eventList = buildEvents();
        }
        return new StackSnapshot(version, syncState, syncDetail, workloadList, podList, nodeList, nodesHidden,
                pdbList, pvcList, eventList, allNamespaces);
    }

    private List<WorkloadInfo> buildWorkloads() {
        List<WorkloadInfo> result = new ArrayList<>(3 + statefulSets.size() + deployments.size()
                + daemonSets.size());
        List<WorkloadInfo> stack = new ArrayList<>(3);
        for (StackComponent component : StackComponent.all()) {
            String name = component.workload();
            String kind = component.workloadKind().kind();
            WorkloadInfo found = stackWorkload(component.stateful() ? statefulSets : deployments, name);
            if (found != null) {
                stack.add(found);
            }
            result.add(found != null ? found : new WorkloadInfo(kind, name, 0, 0, 0, 0, true, false,
                    stackNamespace == null ? "" : stackNamespace, List.of(), Map.of()));
        }
        List<WorkloadInfo> others = new ArrayList<>(statefulSets.size() + deployments.size() + daemonSets.size());
        for (Map<String, WorkloadInfo> map : List.of(statefulSets, deployments, daemonSets)) {
            for (WorkloadInfo w : map.values()) {
                if (!stack.contains(w)) {
                    others.add(w);
                }
            }
        }
        others.sort(OTHER_WORKLOADS);
        result.addAll(others);
        return List.copyOf(result);
    }

    /** The stack workload of that name: in the stack's namespace, or the first by namespace when none is set. */
    private WorkloadInfo stackWorkload(Map<String, WorkloadInfo> map, String name) {
        if (stackNamespace != null) {
            return map.get(stackNamespace + '\0' + name);
        }
        WorkloadInfo first = null;
        for (WorkloadInfo w : map.values()) {
            if (w.stack() && w.name().equals(name)
                    && (first == null || w.namespace().compareTo(first.namespace()) < 0)) {
                first = w;
            }
        }
        return first;
    }

    private List<EventInfo> buildEvents() {
        List<EventInfo> result = new ArrayList<>(Math.min(EVENTS_TOTAL, eventsByTime.size()));
        Map<String, Integer> perObject = new HashMap<>();
        for (EventInfo e : eventsByTime.values()) {
            String about = e.involvedKind() + '\0' + e.namespace() + '\0' + e.involvedName();
            if (perObject.merge(about, 1, Integer::sum) > EVENTS_PER_OBJECT) {
                continue;
            }
            result.add(e);
            if (result.size() == EVENTS_TOTAL) {
                break;
            }
        }
        return List.copyOf(result);
    }
}
