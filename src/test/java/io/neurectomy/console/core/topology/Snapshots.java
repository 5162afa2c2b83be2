package io.neurectomy.console.core.topology;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds {@link StackSnapshot}s for tests, fluently:
 *
 * <pre>{@code
 * StackSnapshot s = Snapshots.cluster()
 *         .node("node-a", n -> n.zone("zone-1"))
 *         .node("node-b", n -> n.zone("zone-2").notReady("Kubelet stopped posting node status."))
 *         .statefulSet("prometheus", 2, w -> w.pods("node-a", "node-b"))
 *         .deployment("grafana", 2, w -> w.pod("node-a").pod("node-a", p -> p.crashLooping()))
 *         .pdb("prometheus-pdb", "prometheus", p -> p.minAvailable("1"))
 *         .build();
 * }</pre>
 *
 * <p>Workloads live in namespace {@value #STACK_NAMESPACE} unless told otherwise; prometheus, grafana and
 * alertmanager there (of the stack's kinds) are stack workloads. Pods are ready, with one container requesting
 * 100m CPU and 128Mi, created a minute apart in the order they are added. Workload counts and PDB status are
 * derived from the pods unless set.
 */
public final class Snapshots {
    /** The stack's namespace in these snapshots. */
    public static final String STACK_NAMESPACE = "monitoring";
    /** When the first pod was created. */
    public static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    /** Default requests of a container: 100m CPU, 128 MiB. */
    public static final Resources DEFAULT_REQUESTS = new Resources(100, 128L << 20);

    private static final Map<String, String> STACK_KINDS = Map.of(
            "prometheus", "StatefulSet", "grafana", "Deployment", "alertmanager", "StatefulSet");
    private static final List<String> STACK_ORDER = List.of("prometheus", "grafana", "alertmanager");

    private Snapshots() {
    }

    /** An empty, synced cluster of one namespace. */
    public static Cluster cluster() {
        return new Cluster();
    }

    /** The whole picture under construction. */
    public static final class Cluster {
        private final List<NodeSpec> nodes = new ArrayList<>();
        private final List<WorkloadSpec> workloads = new ArrayList<>();
        private final List<PodSpec> barePods = new ArrayList<>();
        private final List<PdbSpec> pdbs = new ArrayList<>();
        private final List<PvcInfo> pvcs = new ArrayList<>();
        private final List<EventInfo> events = new ArrayList<>();
        private final List<WorkloadInfo> missing = new ArrayList<>();
        private boolean allNamespaces;
        private SyncState sync = SyncState.SYNCED;
        private String nodesHidden = "";
        private long version = 1;
        private int podCount;

        public Cluster node(String name) {
            return node(name, n -> { });
        }

        public Cluster node(String name, Consumer<NodeSpec> spec) {
            NodeSpec n = new NodeSpec(name);
            spec.accept(n);
            nodes.add(n);
            return this;
        }

        /** Ready, schedulable nodes without zone. */
        public Cluster nodes(String... names) {
            for (String n : names) {
                node(n);
            }
            return this;
        }

        /** Ready, schedulable nodes in one zone. */
        public Cluster nodesInZone(String zone, String... names) {
            for (String n : names) {
                node(n, s -> s.zone(zone));
            }
            return this;
        }

        public Cluster statefulSet(String name, int replicas, Consumer<WorkloadSpec> spec) {
            return workload("StatefulSet", name, replicas, spec);
        }

        public Cluster deployment(String name, int replicas, Consumer<WorkloadSpec> spec) {
            return workload("Deployment", name, replicas, spec);
        }

        /** A DaemonSet whose desired count is the number of pods given. */
        public Cluster daemonSet(String name, Consumer<WorkloadSpec> spec) {
            return workload("DaemonSet", name, -1, spec);
        }

        public Cluster workload(String kind, String name, int replicas, Consumer<WorkloadSpec> spec) {
            WorkloadSpec w = new WorkloadSpec(this, kind, name, replicas);
            spec.accept(w);
            workloads.add(w);
            return this;
        }

        /** A stack workload that is not deployed (as the live state lists it). */
        public Cluster missing(String stackWorkload) {
            missing.add(new WorkloadInfo(STACK_KINDS.get(stackWorkload), stackWorkload, 0, 0, 0, 0, true, false));
            return this;
        }

        /** A pod without a controller. */
        public Cluster pod(String name, String node, Consumer<PodSpec> spec) {
            PodSpec p = new PodSpec(name, node, nextCreated(), STACK_NAMESPACE, "");
            spec.accept(p);
            barePods.add(p);
            return this;
        }

        /** A PodDisruptionBudget selecting the pods of {@code workload} (its labels). */
        public Cluster pdb(String name, String workload, Consumer<PdbSpec> spec) {
            PdbSpec p = new PdbSpec(name, workload);
            spec.accept(p);
            pdbs.add(p);
            return this;
        }

        public Cluster pvc(String name, String phase) {
            pvcs.add(new PvcInfo(STACK_NAMESPACE, name, phase, "200Gi", "gp3"));
            return this;
        }

        /** A Warning event about an object of the stack's namespace. */
        public Cluster warning(String kind, String name, String reason, String message) {
            events.add(new EventInfo(STACK_NAMESPACE, kind, name, "Warning", reason, message, 1, T0));
            return this;
        }

        public Cluster allNamespaces() {
            allNamespaces = true;
            return this;
        }

        public Cluster sync(SyncState state) {
            sync = state;
            return this;
        }

        /** Nodes cannot be listed (RBAC): the snapshot has none, pods still name theirs. */
        public Cluster nodesHidden(String reason) {
            nodesHidden = reason;
            return this;
        }

        public Cluster version(long v) {
            version = v;
            return this;
        }

        private Instant nextCreated() {
            return T0.plus(Duration.ofMinutes(podCount++));
        }

        public StackSnapshot build() {
            List<PodInfo> pods = new ArrayList<>();
            List<WorkloadInfo> infos = new ArrayList<>();
            Map<String, WorkloadSpec> byName = new LinkedHashMap<>();
            for (WorkloadSpec w : workloads) {
                List<PodInfo> own = w.pods.stream().map(p -> p.build(w)).toList();
                pods.addAll(own);
                infos.add(w.info(own));
                byName.putIfAbsent(w.name, w);
            }
            barePods.forEach(p -> pods.add(p.build(null)));
            infos.addAll(missing);
            infos.sort(Comparator.comparing((WorkloadInfo w) -> w.stack() ? STACK_ORDER.indexOf(w.name()) : 99)
                    .thenComparing(WorkloadInfo::name).thenComparing(WorkloadInfo::kind));
            pods.sort(Comparator.comparing(PodInfo::namespace).thenComparing(PodInfo::name));
            List<PdbInfo> pdbInfos = new ArrayList<>();
            for (PdbSpec p : pdbs) {
                pdbInfos.add(p.build(byName.get(p.workload), pods));
            }
            List<NodeInfo> nodeInfos = nodesHidden.isEmpty()
                    ? nodes.stream().map(NodeSpec::build).sorted(Comparator.comparing(NodeInfo::name)).toList()
                    : List.of();
            return new StackSnapshot(version, sync, "", infos, pods, nodeInfos, nodesHidden, pdbInfos, pvcs,
                    events, allNamespaces);
        }
    }

    /** A node: ready, schedulable, no zone unless told. */
    public static final class NodeSpec {
        private final String name;
        private String zone = "";
        private boolean ready = true;
        private boolean cordoned;
        private String readyMessage = "";
        private Resources allocatable = new Resources(4000, 16L << 30);

        NodeSpec(String name) {
            this.name = name;
        }

        public NodeSpec zone(String z) {
            zone = z;
            return this;
        }

        public NodeSpec notReady(String message) {
            ready = false;
            readyMessage = message;
            return this;
        }

        public NodeSpec cordoned() {
            cordoned = true;
            return this;
        }

        public NodeSpec allocatable(long cpuMillis, long memoryBytes) {
            allocatable = new Resources(cpuMillis, memoryBytes);
            return this;
        }

        NodeInfo build() {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("kubernetes.io/hostname", name);
            if (!zone.isEmpty()) {
                labels.put("topology.kubernetes.io/zone", zone);
            }
            return new NodeInfo(name, ready, cordoned, zone, allocatable, readyMessage, labels);
        }
    }

    /** A workload and its pods. */
    public static final class WorkloadSpec {
        private final Cluster cluster;
        private final String kind;
        private final String name;
        private final int replicas;
        private final List<PodSpec> pods = new ArrayList<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private String namespace = STACK_NAMESPACE;
        private String image;
        private Boolean stack;
        private Integer ready;

        WorkloadSpec(Cluster cluster, String kind, String name, int replicas) {
            this.cluster = cluster;
            this.kind = kind;
            this.name = name;
            this.replicas = replicas;
            this.image = "registry.example/" + name + ":1.0";
            labels.put("app", name);
        }

        public WorkloadSpec namespace(String ns) {
            namespace = ns;
            return this;
        }

        /** The template's image (and the default image of its pods). */
        public WorkloadSpec image(String img) {
            image = img;
            return this;
        }

        public WorkloadSpec stack(boolean s) {
            stack = s;
            return this;
        }

        /** Overrides the ready count the workload reports (normally its ready pods). */
        public WorkloadSpec reportsReady(int n) {
            ready = n;
            return this;
        }

        /** Ready pods on these nodes ("" for not scheduled). */
        public WorkloadSpec pods(String... nodes) {
            for (String n : nodes) {
                pod(n);
            }
            return this;
        }

        public WorkloadSpec pod(String node) {
            return pod(node, p -> { });
        }

        public WorkloadSpec pod(String node, Consumer<PodSpec> spec) {
            int i = pods.size();
            String podName = switch (kind) {
                case "StatefulSet" -> name + "-" + i;
                case "DaemonSet" -> name + "-" + (node.isEmpty() ? "x" + i : node);
                default -> name + "-6d4cf56db6-" + (char) ('a' + i) + "x" + i;
            };
            PodSpec p = new PodSpec(podName, node, cluster.nextCreated(), namespace, name);
            p.image = image;
            spec.accept(p);
            pods.add(p);
            return this;
        }

        boolean isStack() {
            if (stack != null) {
                return stack;
            }
            return STACK_NAMESPACE.equals(namespace) && kind.equals(STACK_KINDS.get(name));
        }

        WorkloadInfo info(List<PodInfo> own) {
            int live = (int) own.stream().filter(p -> !"Terminating".equals(p.status())).count();
            int readyPods = (int) own.stream().filter(PodInfo::ready).count();
            int desired = replicas < 0 ? own.size() : replicas;
            return new WorkloadInfo(kind, name, desired, live, ready != null ? ready : readyPods, live, isStack(),
                    true, namespace, List.of(image), labels);
        }
    }

    /** A pod: ready and running unless told otherwise. */
    public static final class PodSpec {
        private final String name;
        private final Instant created;
        private final String namespace;
        private final String owner;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<String> claims = new ArrayList<>();
        private final List<ContainerInfo> extraContainers = new ArrayList<>();
        private String node;
        private String image = "registry.example/app:1.0";
        private Resources requests = DEFAULT_REQUESTS;
        private boolean ready = true;
        private String status = "Running";
        private String state = "running";
        private String reason = "";
        private String message = "";
        private String lastTermination = "";
        private int restarts;
        private String schedulingMessage = "";
        private Instant createdOverride;

        PodSpec(String name, String node, Instant created, String namespace, String owner) {
            this.name = name;
            this.node = node;
            this.created = created;
            this.namespace = namespace;
            this.owner = owner;
        }

        public PodSpec notReady() {
            ready = false;
            return this;
        }

        public PodSpec status(String s) {
            status = s;
            return this;
        }

        public PodSpec crashLooping() {
            ready = false;
            status = "CrashLoopBackOff";
            state = "waiting";
            reason = "CrashLoopBackOff";
            message = "back-off 5m0s restarting failed container";
            lastTermination = "Error";
            restarts = 7;
            return this;
        }

        /** Killed for memory just now, not ready. */
        public PodSpec oomKilled() {
            ready = false;
            status = "OOMKilled";
            state = "terminated";
            reason = "OOMKilled";
            lastTermination = "OOMKilled";
            restarts = 3;
            return this;
        }

        /** Ready again after an OOM kill. */
        public PodSpec oomKilledBefore() {
            lastTermination = "OOMKilled";
            restarts = 1;
            return this;
        }

        public PodSpec imagePullFailing() {
            ready = false;
            status = "ImagePullBackOff";
            state = "waiting";
            reason = "ImagePullBackOff";
            message = "Back-off pulling image";
            return this;
        }

        /** Not scheduled, with the scheduler's message. */
        public PodSpec pending(String schedulerMessage) {
            node = "";
            ready = false;
            status = "Pending";
            state = "";
            schedulingMessage = schedulerMessage;
            return this;
        }

        public PodSpec terminating() {
            status = "Terminating";
            return this;
        }

        public PodSpec image(String img) {
            image = img;
            return this;
        }

        public PodSpec requests(long cpuMillis, long memoryBytes) {
            requests = new Resources(cpuMillis, memoryBytes);
            return this;
        }

        /** A second (or further) container, ready when the pod is. */
        public PodSpec container(String containerName, String img, Resources req) {
            extraContainers.add(new ContainerInfo(containerName, img, req, Resources.NONE, true, 0, "running", "",
                    "", ""));
            return this;
        }

        public PodSpec label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public PodSpec claim(String claim) {
            claims.add(claim);
            return this;
        }

        public PodSpec created(Instant at) {
            createdOverride = at;
            return this;
        }

        PodInfo build(WorkloadSpec w) {
            Map<String, String> all = new LinkedHashMap<>();
            if (w != null) {
                all.putAll(w.labels);
            }
            all.putAll(labels);
            String containerName = w == null ? "main" : w.name;
            List<ContainerInfo> containers = new ArrayList<>();
            containers.add(new ContainerInfo(containerName, image, requests, Resources.NONE, ready, restarts, state,
                    reason, message, lastTermination));
            for (ContainerInfo c : extraContainers) {
                containers.add(new ContainerInfo(c.name(), c.image(), c.requests(), c.limits(), ready, 0, c.state(),
                        "", "", ""));
            }
            int readyContainers = ready ? containers.size() : 0;
            List<ConditionInfo> conditions = List.of(
                    new ConditionInfo("PodScheduled", node.isEmpty() ? "False" : "True",
                            node.isEmpty() ? "Unschedulable" : "", schedulingMessage, T0),
                    new ConditionInfo("Ready", ready ? "True" : "False", "", "", T0));
            return new PodInfo(name, node, status, readyContainers, containers.size(), restarts,
                    createdOverride != null ? createdOverride : created, owner, namespace, all, containers,
                    conditions, claims, schedulingMessage);
        }
    }

    /** A PodDisruptionBudget: status derived from its workload's pods unless set. */
    public static final class PdbSpec {
        private final String name;
        private final String workload;
        private String minAvailable = "";
        private String maxUnavailable = "";
        private Integer allowed;
        private Integer currentHealthy;
        private Integer desiredHealthy;
        private Map<String, String> selector;

        PdbSpec(String name, String workload) {
            this.name = name;
            this.workload = workload;
        }

        public PdbSpec minAvailable(String v) {
            minAvailable = v;
            return this;
        }

        public PdbSpec maxUnavailable(String v) {
            maxUnavailable = v;
            return this;
        }

        /** Overrides {@code status.disruptionsAllowed}. */
        public PdbSpec allowing(int n) {
            allowed = n;
            return this;
        }

        /** Overrides {@code status.currentHealthy} and {@code status.desiredHealthy}. */
        public PdbSpec healthy(int current, int desired) {
            currentHealthy = current;
            desiredHealthy = desired;
            return this;
        }

        public PdbSpec selector(Map<String, String> s) {
            selector = s;
            return this;
        }

        PdbInfo build(WorkloadSpec w, List<PodInfo> pods) {
            Map<String, String> sel = selector != null ? selector : w != null ? w.labels : Map.of("app", workload);
            String ns = w != null ? w.namespace : STACK_NAMESPACE;
            int expected = w == null ? 0 : w.replicas < 0 ? w.pods.size() : w.replicas;
            int healthy = (int) pods.stream()
                    .filter(p -> p.namespace().equals(ns) && p.labels().entrySet().containsAll(sel.entrySet()))
                    .filter(PodInfo::ready).count();
            // Worked out here independently of the code under test: percentages round up.
            int desired;
            if (!maxUnavailable.isEmpty()) {
                desired = Math.max(0, expected - amount(maxUnavailable, expected));
            } else if (!minAvailable.isEmpty()) {
                desired = amount(minAvailable, expected);
            } else {
                desired = 0;
            }
            int current = currentHealthy != null ? currentHealthy : healthy;
            int wanted = desiredHealthy != null ? desiredHealthy : desired;
            int allow = allowed != null ? allowed : Math.max(0, current - wanted);
            return new PdbInfo(ns, name, sel, minAvailable, maxUnavailable, current, wanted, allow, expected);
        }

        private static int amount(String v, int of) {
            if (v.endsWith("%")) {
                return (int) Math.ceil(Integer.parseInt(v.substring(0, v.length() - 1)) * of / 100.0);
            }
            return Integer.parseInt(v);
        }
    }
}
