package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Thread-safe store of the objects the informers see, turned into immutable {@link StackSnapshot}s on demand.
 *
 * <p>Informer callbacks only call {@link #put}/{@link #remove} and return; listeners are told that something
 * changed (on the caller's thread) and read a snapshot when they are ready to, so a burst of events costs one
 * snapshot per refresh, not one per event.
 */
public final class StackState {

    /** The monitoring stack's own workloads, in the order the overview lists them. */
    public static final List<String> STACK_WORKLOADS = List.of("prometheus", "grafana", "alertmanager");
    private static final Map<String, String> STACK_KINDS = Map.of(
            "prometheus", "StatefulSet", "grafana", "Deployment", "alertmanager", "StatefulSet");

    private final Object lock = new Object();
    private final Map<String, Pod> pods = new TreeMap<>();
    private final Map<String, StatefulSet> statefulSets = new TreeMap<>();
    private final Map<String, Deployment> deployments = new TreeMap<>();
    private final Map<String, DaemonSet> daemonSets = new TreeMap<>();
    private final Map<String, Node> nodes = new TreeMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private long version;
    private SyncState syncState = SyncState.SYNCING;
    private String syncDetail = "";
    private String nodesHidden = "";
    private StackSnapshot cached;

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

    /** Adds or replaces an object of a kind the overview tracks; other kinds are ignored. */
    public void put(HasMetadata object) {
        synchronized (lock) {
            Map<String, HasMetadata> map = mapFor(object.getClass());
            if (map == null) {
                return;
            }
            map.put(object.getMetadata().getName(), object);
            changed();
        }
        fire();
    }

    /** Removes an object; unknown objects are ignored. */
    public void remove(HasMetadata object) {
        synchronized (lock) {
            Map<String, HasMetadata> map = mapFor(object.getClass());
            if (map == null || map.remove(object.getMetadata().getName()) == null) {
                return;
            }
            changed();
        }
        fire();
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

    /** Records that nodes cannot be listed (e.g. RBAC allows only the namespace), with the reason to show. */
    public void setNodesHidden(String reason) {
        synchronized (lock) {
            nodesHidden = reason == null ? "" : reason;
            nodes.clear();
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

    /** The store for a tracked kind, or null for a kind the overview ignores. */
    @SuppressWarnings("unchecked")
    private Map<String, HasMetadata> mapFor(Class<?> kind) {
        Map<String, ? extends HasMetadata> map = null;
        if (Pod.class.isAssignableFrom(kind)) {
            map = pods;
        } else if (StatefulSet.class.isAssignableFrom(kind)) {
            map = statefulSets;
        } else if (Deployment.class.isAssignableFrom(kind)) {
            map = deployments;
        } else if (DaemonSet.class.isAssignableFrom(kind)) {
            map = daemonSets;
        } else if (Node.class.isAssignableFrom(kind)) {
            map = nodes;
        }
        // Each map only ever receives objects of its own kind, selected above.
        return (Map<String, HasMetadata>) map;
    }

    private StackSnapshot build() {
        List<WorkloadInfo> workloads = new ArrayList<>();
        for (String name : STACK_WORKLOADS) {
            WorkloadInfo found = workload(name);
            workloads.add(found != null ? found
                    : new WorkloadInfo(STACK_KINDS.get(name), name, 0, 0, 0, 0, true, false));
        }
        List<WorkloadInfo> others = new ArrayList<>();
        statefulSets.values().forEach(s -> others.add(statefulSet(s)));
        deployments.values().forEach(d -> others.add(deployment(d)));
        daemonSets.values().forEach(d -> others.add(daemonSet(d)));
        others.removeIf(w -> w.stack());
        others.sort(Comparator.comparing(WorkloadInfo::name).thenComparing(WorkloadInfo::kind));
        workloads.addAll(others);

        List<PodInfo> podInfos = pods.values().stream().map(StackState::pod).toList();
        List<NodeInfo> nodeInfos = nodes.values().stream().map(StackState::node).toList();
        return new StackSnapshot(version, syncState, syncDetail, workloads, podInfos, nodeInfos, nodesHidden);
    }

    private WorkloadInfo workload(String name) {
        String kind = STACK_KINDS.get(name);
        if ("StatefulSet".equals(kind) && statefulSets.containsKey(name)) {
            return statefulSet(statefulSets.get(name));
        }
        if ("Deployment".equals(kind) && deployments.containsKey(name)) {
            return deployment(deployments.get(name));
        }
        return null;
    }

    private static boolean isStack(String kind, String name) {
        return kind.equals(STACK_KINDS.get(name));
    }

    private static WorkloadInfo statefulSet(StatefulSet s) {
        String name = s.getMetadata().getName();
        var spec = s.getSpec();
        var st = s.getStatus();
        int desired = spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas();
        return new WorkloadInfo("StatefulSet", name, desired,
                st == null ? 0 : orZero(st.getCurrentReplicas() != null ? st.getCurrentReplicas() : st.getReplicas()),
                st == null ? 0 : orZero(st.getReadyReplicas()),
                st == null ? 0 : orZero(st.getUpdatedReplicas()),
                isStack("StatefulSet", name), true);
    }

    private static WorkloadInfo deployment(Deployment d) {
        String name = d.getMetadata().getName();
        var spec = d.getSpec();
        var st = d.getStatus();
        int desired = spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas();
        return new WorkloadInfo("Deployment", name, desired,
                st == null ? 0 : orZero(st.getReplicas()),
                st == null ? 0 : orZero(st.getReadyReplicas()),
                st == null ? 0 : orZero(st.getUpdatedReplicas()),
                isStack("Deployment", name), true);
    }

    private static WorkloadInfo daemonSet(DaemonSet d) {
        var st = d.getStatus();
        return new WorkloadInfo("DaemonSet", d.getMetadata().getName(),
                st == null ? 0 : orZero(st.getDesiredNumberScheduled()),
                st == null ? 0 : orZero(st.getCurrentNumberScheduled()),
                st == null ? 0 : orZero(st.getNumberReady()),
                st == null ? 0 : orZero(st.getUpdatedNumberScheduled()),
                false, true);
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    static PodInfo pod(Pod p) {
        var meta = p.getMetadata();
        var spec = p.getSpec();
        var status = p.getStatus();
        List<ContainerStatus> statuses = status == null || status.getContainerStatuses() == null
                ? List.of() : status.getContainerStatuses();
        int containers = spec == null || spec.getContainers() == null ? statuses.size() : spec.getContainers().size();
        int ready = (int) statuses.stream().filter(c -> Boolean.TRUE.equals(c.getReady())).count();
        int restarts = statuses.stream().mapToInt(c -> orZero(c.getRestartCount())).sum();
        String node = spec == null || spec.getNodeName() == null ? "" : spec.getNodeName();
        return new PodInfo(meta.getName(), node, podStatus(p, statuses), ready, containers, restarts,
                parseTime(meta.getCreationTimestamp()), owner(p));
    }

    /** The STATUS column of {@code kubectl get pods}, in its simple form. */
    static String podStatus(Pod p, List<ContainerStatus> statuses) {
        if (p.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        var status = p.getStatus();
        String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
        if (status != null && status.getReason() != null && !status.getReason().isBlank()) {
            return status.getReason();
        }
        for (ContainerStatus c : statuses) {
            if (c.getState() == null) {
                continue;
            }
            ContainerStateWaiting waiting = c.getState().getWaiting();
            if (waiting != null && waiting.getReason() != null && !waiting.getReason().isBlank()) {
                return waiting.getReason();
            }
            ContainerStateTerminated terminated = c.getState().getTerminated();
            if (terminated != null && terminated.getReason() != null && !"Completed".equals(terminated.getReason())) {
                return terminated.getReason();
            }
        }
        return phase;
    }

    private static String owner(Pod p) {
        List<OwnerReference> refs = p.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return "";
        }
        OwnerReference ref = refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst()
                .orElse(refs.get(0));
        if ("ReplicaSet".equals(ref.getKind())) {
            // A Deployment's ReplicaSet is named <deployment>-<pod-template-hash>.
            Map<String, String> labels = p.getMetadata().getLabels();
            String hash = labels == null ? null : labels.get("pod-template-hash");
            if (hash != null && ref.getName().endsWith("-" + hash)) {
                return ref.getName().substring(0, ref.getName().length() - hash.length() - 1);
            }
        }
        return ref.getName();
    }

    private static NodeInfo node(Node n) {
        boolean ready = n.getStatus() != null && n.getStatus().getConditions() != null
                && n.getStatus().getConditions().stream()
                        .filter(c -> "Ready".equals(c.getType()))
                        .map(NodeCondition::getStatus)
                        .anyMatch("True"::equals);
        boolean cordoned = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
        return new NodeInfo(n.getMetadata().getName(), ready, cordoned);
    }

    private static Instant parseTime(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
