package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.cluster.ConditionInfo;
import io.neurectomy.console.core.cluster.ContainerInfo;
import io.neurectomy.console.core.cluster.EventInfo;
import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.PvcInfo;
import io.neurectomy.console.core.cluster.Resources;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Hand-built snapshots of a small stack for topology tests: whole values, no cluster. */
final class TopologyFixtures {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final String NS = "monitoring";
    static final long GI = 1024L * 1024 * 1024;

    private TopologyFixtures() {
    }

    /** A {@link SnapshotSource} whose picture the test sets; counts how often it is read. */
    static final class TestSource implements SnapshotSource {
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        private volatile StackSnapshot current = StackSnapshot.empty(SyncState.SYNCING);
        volatile int reads;

        @Override
        public StackSnapshot snapshot() {
            reads++;
            return current;
        }

        @Override
        public void addListener(Runnable listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(Runnable listener) {
            listeners.remove(listener);
        }

        /** Replaces the picture and tells the listeners, as an informer event would. */
        void set(StackSnapshot snapshot) {
            current = snapshot;
            listeners.forEach(Runnable::run);
        }

        int listenerCount() {
            return listeners.size();
        }
    }

    static NodeInfo node(String name, String zone) {
        return new NodeInfo(name, true, false, zone, new Resources(8000, 31 * GI), "",
                Map.of("topology.kubernetes.io/zone", zone));
    }

    static NodeInfo notReady(NodeInfo n, String message) {
        return new NodeInfo(n.name(), false, n.unschedulable(), n.zone(), n.allocatable(), message, n.labels());
    }

    static ContainerInfo container(String name, String image, Resources requests, Resources limits, boolean ready) {
        return new ContainerInfo(name, image, requests, limits, ready, 0, ready ? "running" : "waiting",
                ready ? "" : "ContainerCreating", "", "");
    }

    /** A running, ready pod of a stack workload, with the guide's default resources. */
    static PodInfo stackPod(String workload, String name, String node) {
        Resources req;
        Resources lim;
        String image;
        switch (workload) {
            case "prometheus" -> {
                req = new Resources(2000, 8 * GI);
                lim = new Resources(4000, 16 * GI);
                image = "prom/prometheus:v2.49.0";
            }
            case "grafana" -> {
                req = new Resources(1000, 2 * GI);
                lim = new Resources(2000, 4 * GI);
                image = "grafana/grafana:10.2.3";
            }
            default -> {
                req = new Resources(500, GI);
                lim = new Resources(1000, 2 * GI);
                image = "prom/alertmanager:v0.26.0";
            }
        }
        List<String> claims = workload.equals("grafana") ? List.of() : List.of(workload + "-storage-" + name);
        return new PodInfo(name, node, "Running", 1, 1, 0, NOW.minusSeconds(3600), workload, NS,
                Map.of("app", workload, "tier", "monitoring"),
                List.of(container(workload, image, req, lim, true)),
                List.of(new ConditionInfo("Ready", "True", "", "", NOW.minusSeconds(3500))), claims, "");
    }

    static PodInfo withStatus(PodInfo p, String status, int ready, int restarts, List<ContainerInfo> containers) {
        return new PodInfo(p.name(), p.node(), status, ready, p.containers(), restarts, p.created(), p.workload(),
                p.namespace(), p.labels(), containers, p.conditions(), p.claims(), p.schedulingMessage());
    }

    static PodInfo onNode(PodInfo p, String node) {
        return new PodInfo(p.name(), node, p.status(), p.readyContainers(), p.containers(), p.restarts(), p.created(),
                p.workload(), p.namespace(), p.labels(), p.containerDetails(), p.conditions(), p.claims(),
                p.schedulingMessage());
    }

    static PodInfo pending(PodInfo p, String message) {
        return new PodInfo(p.name(), "", "Pending", 0, p.containers(), 0, p.created(), p.workload(), p.namespace(),
                p.labels(), p.containerDetails(), p.conditions(), p.claims(), message);
    }

    static WorkloadInfo workload(String kind, String name, int desired, int ready, String image) {
        return new WorkloadInfo(kind, name, desired, desired, ready, desired, true, true, NS, List.of(image),
                Map.of("app", name));
    }

    /** Three nodes in three zones and seven stack pods spread over them, as the sandbox seeds them. */
    static List<PodInfo> sevenPods() {
        return List.of(
                stackPod("prometheus", "prometheus-0", "node-a"),
                stackPod("prometheus", "prometheus-1", "node-b"),
                stackPod("grafana", "grafana-7d9f-abcde", "node-a"),
                stackPod("grafana", "grafana-7d9f-fghij", "node-c"),
                stackPod("alertmanager", "alertmanager-0", "node-a"),
                stackPod("alertmanager", "alertmanager-1", "node-b"),
                stackPod("alertmanager", "alertmanager-2", "node-c"));
    }

    static List<NodeInfo> threeNodes() {
        return new ArrayList<>(List.of(node("node-a", "zone-a"), node("node-b", "zone-b"), node("node-c", "zone-c")));
    }

    static List<WorkloadInfo> stackWorkloads() {
        return List.of(workload("StatefulSet", "prometheus", 2, 2, "prom/prometheus:v2.49.0"),
                workload("Deployment", "grafana", 2, 2, "grafana/grafana:10.2.3"),
                workload("StatefulSet", "alertmanager", 3, 3, "prom/alertmanager:v0.26.0"));
    }

    static List<PdbInfo> pdbs() {
        return List.of(new PdbInfo(NS, "prometheus-pdb", Map.of("app", "prometheus"), "1", "", 2, 1, 1, 2),
                new PdbInfo(NS, "alertmanager-pdb", Map.of("app", "alertmanager"), "", "1", 3, 2, 1, 3));
    }

    static List<PvcInfo> pvcs(List<PodInfo> pods) {
        List<PvcInfo> out = new ArrayList<>();
        for (PodInfo p : pods) {
            for (String claim : p.claims()) {
                out.add(new PvcInfo(NS, claim, "Bound", "200Gi", "standard"));
            }
        }
        return out;
    }

    static StackSnapshot snapshot(long version, List<NodeInfo> nodes, List<PodInfo> pods) {
        return snapshot(version, nodes, pods, List.of());
    }

    static StackSnapshot snapshot(long version, List<NodeInfo> nodes, List<PodInfo> pods, List<EventInfo> events) {
        return new StackSnapshot(version, SyncState.SYNCED, "", stackWorkloads(), pods, nodes, "", pdbs(),
                pvcs(pods), events, false);
    }

    static List<PodInfo> replace(List<PodInfo> pods, PodInfo changed) {
        List<PodInfo> out = new ArrayList<>(pods);
        out.replaceAll(p -> p.name().equals(changed.name()) ? changed : p);
        return out;
    }

    static List<PodInfo> without(List<PodInfo> pods, String name) {
        List<PodInfo> out = new ArrayList<>(pods);
        out.removeIf(p -> p.name().equals(name));
        return out;
    }

    static List<PodInfo> with(List<PodInfo> pods, PodInfo added) {
        List<PodInfo> out = new ArrayList<>(pods);
        out.add(added);
        return out;
    }

    static EventInfo event(String pod, String type, String reason, String message, int count, int secondsAgo) {
        return new EventInfo(NS, "Pod", pod, type, reason, message, count, NOW.minusSeconds(secondsAgo));
    }
}
