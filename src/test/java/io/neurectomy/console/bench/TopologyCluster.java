package io.neurectomy.console.bench;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.neurectomy.console.core.cluster.ConditionInfo;
import io.neurectomy.console.core.cluster.ContainerInfo;
import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.Resources;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A large, realistic cluster as fabric8 objects, for the topology benchmarks: nodes in 3 zones, the monitoring
 * stack (Prometheus ×2, Grafana ×2, Alertmanager ×3 with their PDBs), one node agent DaemonSet, and application
 * Deployments of 2–4 replicas with 1–2 containers and requests, about half of them with a PDB, spread over team
 * namespaces, until there are {@code podsPerNode} pods per node. One node in 250 is NotReady and about one pod in 100
 * is not ready, so the findings have something to say. Placement is random with a fixed seed: the same arguments give
 * the same cluster.
 *
 * <p>It also holds a straightforward full conversion of those objects into a {@link StackSnapshot} (every field the
 * topology uses), the reference a change-by-change conversion is measured against.
 */
final class TopologyCluster {
    static final String STACK_NAMESPACE = "monitoring";
    private static final String CREATED = "2026-11-20T08:00:00Z";

    final List<Node> nodes = new ArrayList<>();
    final List<Pod> pods = new ArrayList<>();
    final List<StatefulSet> statefulSets = new ArrayList<>();
    final List<Deployment> deployments = new ArrayList<>();
    final List<DaemonSet> daemonSets = new ArrayList<>();
    final List<PodDisruptionBudget> pdbs = new ArrayList<>();

    private final Random random = new Random(42);

    TopologyCluster(int nodeCount, int podsPerNode) {
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(node(String.format("node-%05d", i), "zone-" + (char) ('a' + i % 3), i % 250 != 249));
        }
        int target = nodeCount * podsPerNode;
        stack();
        agent();
        int app = 0;
        while (pods.size() < target) {
            int replicas = Math.min(2 + random.nextInt(3), target - pods.size());
            application(app++, replicas);
        }
    }

    /** Every object, in the order an informer's first list would deliver them. */
    List<HasMetadata> objects() {
        List<HasMetadata> all = new ArrayList<>(nodes);
        all.addAll(statefulSets);
        all.addAll(deployments);
        all.addAll(daemonSets);
        all.addAll(pdbs);
        all.addAll(pods);
        return all;
    }

    private String randomNode() {
        return nodes.get(random.nextInt(nodes.size())).getMetadata().getName();
    }

    private void stack() {
        statefulSets.add(statefulSet(STACK_NAMESPACE, "prometheus", 2, "quay.io/prometheus/prometheus:v2.53.0"));
        deployments.add(deployment(STACK_NAMESPACE, "grafana", 2, "grafana/grafana:11.1.0"));
        statefulSets.add(statefulSet(STACK_NAMESPACE, "alertmanager", 3, "quay.io/prometheus/alertmanager:v0.27.0"));
        for (int i = 0; i < 2; i++) {
            pods.add(pod(STACK_NAMESPACE, "prometheus-" + i, "prometheus", "StatefulSet", "prometheus", null,
                    nodeName(i), List.of(container("prometheus", "quay.io/prometheus/prometheus:v2.53.0", "2", "8Gi"),
                            container("config-reloader",
                                    "quay.io/prometheus-operator/prometheus-config-reloader:v0.75.0",
                                    "10m", "50Mi")), true));
        }
        for (int i = 0; i < 2; i++) {
            pods.add(pod(STACK_NAMESPACE, "grafana-7c9d8b6f5-" + i, "grafana", "ReplicaSet", "grafana-7c9d8b6f5",
                    "7c9d8b6f5", nodeName(2 + i), List.of(container("grafana", "grafana/grafana:11.1.0", "250m",
                            "512Mi")), true));
        }
        for (int i = 0; i < 3; i++) {
            pods.add(pod(STACK_NAMESPACE, "alertmanager-" + i, "alertmanager", "StatefulSet", "alertmanager", null,
                    nodeName(4 + i), List.of(container("alertmanager", "quay.io/prometheus/alertmanager:v0.27.0",
                            "100m", "256Mi")), true));
        }
        pdbs.add(pdb(STACK_NAMESPACE, "prometheus-pdb", "prometheus", "1", null));
        pdbs.add(pdb(STACK_NAMESPACE, "alertmanager-pdb", "alertmanager", null, "1"));
    }

    private String nodeName(int i) {
        return nodes.get(i % nodes.size()).getMetadata().getName();
    }

    private void agent() {
        daemonSets.add(new DaemonSetBuilder().withNewMetadata().withNamespace("kube-system").withName("node-agent")
                .withUid("ds-node-agent").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "node-agent").endSelector()
                .withNewTemplate().withNewSpec().addNewContainer().withName("agent").withImage("agent:1.0")
                .endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withDesiredNumberScheduled(nodes.size()).withCurrentNumberScheduled(nodes.size())
                .withNumberReady(nodes.size()).withUpdatedNumberScheduled(nodes.size()).endStatus().build());
        for (Node n : nodes) {
            String node = n.getMetadata().getName();
            pods.add(pod("kube-system", "node-agent-" + node, "node-agent", "DaemonSet", "node-agent", null, node,
                    List.of(container("agent", "agent:1.0", "50m", "64Mi")), true));
        }
    }

    private void application(int index, int replicas) {
        String ns = String.format("team-%02d", index % 50);
        String name = String.format("app-%05d", index);
        String image = "registry.example/" + name + ":1." + (index % 7);
        deployments.add(deployment(ns, name, replicas, image));
        String hash = Integer.toHexString(0x5a00000 + index);
        boolean sidecar = index % 2 == 0;
        for (int r = 0; r < replicas; r++) {
            List<Container> containers = new ArrayList<>();
            containers.add(container("app", image, (50 + random.nextInt(500)) + "m", (64 + random.nextInt(960))
                    + "Mi"));
            if (sidecar) {
                containers.add(container("proxy", "registry.example/proxy:2.3", "20m", "32Mi"));
            }
            pods.add(pod(ns, name + "-" + hash + "-" + r, name, "ReplicaSet", name + "-" + hash, hash, randomNode(),
                    containers, random.nextInt(100) != 0));
        }
        if (index % 2 == 1) {
            pdbs.add(index % 4 == 1 ? pdb(ns, name + "-pdb", name, null, "1") : pdb(ns, name + "-pdb", name, "50%",
                    null));
        }
    }

    private static Node node(String name, String zone, boolean ready) {
        return new NodeBuilder().withNewMetadata().withName(name).withUid("node-" + name)
                .addToLabels("kubernetes.io/hostname", name)
                .addToLabels("topology.kubernetes.io/zone", zone)
                .addToLabels("node.kubernetes.io/instance-type", "m6i.2xlarge").endMetadata()
                .withNewSpec().withUnschedulable(false).endSpec()
                .withNewStatus()
                .addToAllocatable("cpu", new Quantity("7910m"))
                .addToAllocatable("memory", new Quantity("31Gi"))
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "Unknown")
                .withReason(ready ? "KubeletReady" : "NodeStatusUnknown")
                .withMessage(ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status.")
                .endCondition()
                .endStatus().build();
    }

    private static Container container(String name, String image, String cpu, String memory) {
        return new ContainerBuilder().withName(name).withImage(image)
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory",
                        new Quantity(memory))
                .addToLimits("memory", new Quantity(memory)).endResources().build();
    }

    /** A pod as the API server would return it (metadata, spec, status), ready or failing its readiness probe. */
    static Pod pod(String ns, String name, String app, String ownerKind, String owner, String hash, String node,
                   List<Container> containers, boolean ready) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", app);
        if (hash != null) {
            labels.put("pod-template-hash", hash);
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : containers) {
            statuses.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withReady(ready).withRestartCount(ready ? 0 : 2).withStarted(true)
                    .withNewState().withNewRunning().withStartedAt(CREATED).endRunning().endState().build());
        }
        return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid("uid-" + ns + "-" + name)
                .withResourceVersion("1").withCreationTimestamp(CREATED).withLabels(labels)
                .withOwnerReferences(new OwnerReference("apps/v1", true, true, ownerKind, owner, "uid-" + owner))
                .endMetadata()
                .withNewSpec().withNodeName(node).withContainers(containers).endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.0.0.1")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .withContainerStatuses(statuses).endStatus().build();
    }

    /** The same pod with its readiness flipped and a new resourceVersion: one informer update. */
    static Pod flipped(Pod pod, long version) {
        boolean ready = !Boolean.TRUE.equals(pod.getStatus().getContainerStatuses().get(0).getReady());
        Pod copy = new PodBuilder(pod).editMetadata().withResourceVersion(Long.toString(version)).endMetadata().build();
        copy.getStatus().getContainerStatuses().forEach(s -> s.setReady(ready));
        copy.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .forEach(c -> c.setStatus(ready ? "True" : "False"));
        return copy;
    }

    private static StatefulSet statefulSet(String ns, String name, int replicas, String image) {
        return new StatefulSetBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid("uid-" + name)
                .endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewSpec().addNewContainer().withName(name).withImage(image).endContainer()
                .endSpec().endTemplate().endSpec()
                .withNewStatus().withReplicas(replicas).withCurrentReplicas(replicas).withReadyReplicas(replicas)
                .withUpdatedReplicas(replicas).endStatus().build();
    }

    private static Deployment deployment(String ns, String name, int replicas, String image) {
        return new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid("uid-" + name)
                .endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewSpec().addNewContainer().withName("app").withImage(image).endContainer()
                .endSpec().endTemplate().endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(replicas).withUpdatedReplicas(replicas)
                .withAvailableReplicas(replicas).endStatus().build();
    }

    private static PodDisruptionBudget pdb(String ns, String name, String app, String minAvailable,
                                           String maxUnavailable) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", app).endSelector()
                .withMinAvailable(minAvailable == null ? null : new IntOrString(minAvailable))
                .withMaxUnavailable(maxUnavailable == null ? null : new IntOrString(maxUnavailable)).endSpec()
                .withNewStatus().withCurrentHealthy(2).withDesiredHealthy(1).withDisruptionsAllowed(1)
                .withExpectedPods(2).endStatus().build();
    }

    // ---- the straightforward full conversion ----

    /**
     * Converts every object into a full snapshot of all namespaces, as a non-incremental store would on each change.
     */
    StackSnapshot convertAll(long version) {
        List<WorkloadInfo> workloads = new ArrayList<>();
        statefulSets.forEach(s -> workloads.add(workload("StatefulSet", s.getMetadata().getNamespace(),
                s.getMetadata().getName(), s.getSpec().getReplicas(), s.getStatus().getReadyReplicas(),
                s.getSpec().getSelector().getMatchLabels(), s.getSpec().getTemplate().getSpec().getContainers())));
        deployments.forEach(d -> workloads.add(workload("Deployment", d.getMetadata().getNamespace(),
                d.getMetadata().getName(), d.getSpec().getReplicas(), d.getStatus().getReadyReplicas(),
                d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate().getSpec().getContainers())));
        daemonSets.forEach(d -> workloads.add(workload("DaemonSet", d.getMetadata().getNamespace(),
                d.getMetadata().getName(), d.getStatus().getDesiredNumberScheduled(), d.getStatus().getNumberReady(),
                d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate().getSpec().getContainers())));
        workloads.sort(Comparator.comparing((WorkloadInfo w) -> !w.stack()).thenComparing(WorkloadInfo::name)
                .thenComparing(WorkloadInfo::kind));
        List<PodInfo> podInfos = new ArrayList<>(pods.size());
        for (Pod p : pods) {
            podInfos.add(podInfo(p));
        }
        podInfos.sort(Comparator.comparing(PodInfo::namespace).thenComparing(PodInfo::name));
        List<NodeInfo> nodeInfos = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            nodeInfos.add(nodeInfo(n));
        }
        List<PdbInfo> pdbInfos = new ArrayList<>(pdbs.size());
        for (PodDisruptionBudget p : pdbs) {
            var spec = p.getSpec();
            var st = p.getStatus();
            pdbInfos.add(new PdbInfo(p.getMetadata().getNamespace(), p.getMetadata().getName(),
                    spec.getSelector().getMatchLabels(),
                    spec.getMinAvailable() == null ? "" : intOrString(spec.getMinAvailable()),
                    spec.getMaxUnavailable() == null ? "" : intOrString(spec.getMaxUnavailable()),
                    st.getCurrentHealthy(), st.getDesiredHealthy(), st.getDisruptionsAllowed(), st.getExpectedPods()));
        }
        return new StackSnapshot(version, SyncState.SYNCED, "", workloads, podInfos, nodeInfos, "", pdbInfos,
                List.of(), List.of(), true);
    }

    private static String intOrString(IntOrString v) {
        return v.getStrVal() != null ? v.getStrVal() : String.valueOf(v.getIntVal());
    }

    private static WorkloadInfo workload(String kind, String ns, String name, Integer desired, Integer ready,
                                         Map<String, String> selector, List<Container> containers) {
        boolean stack = STACK_NAMESPACE.equals(ns) && List.of("prometheus", "grafana", "alertmanager").contains(name);
        int d = desired == null ? 1 : desired;
        int r = ready == null ? 0 : ready;
        return new WorkloadInfo(kind, name, d, d, r, d, stack, true, ns,
                containers.stream().map(Container::getImage).toList(), selector);
    }

    static PodInfo podInfo(Pod p) {
        var meta = p.getMetadata();
        List<ContainerStatus> statuses = p.getStatus().getContainerStatuses();
        Map<String, ContainerStatus> byName = new HashMap<>();
        statuses.forEach(s -> byName.put(s.getName(), s));
        List<ContainerInfo> containers = new ArrayList<>();
        int ready = 0;
        int restarts = 0;
        for (Container c : p.getSpec().getContainers()) {
            ContainerStatus s = byName.get(c.getName());
            boolean r = s != null && Boolean.TRUE.equals(s.getReady());
            int n = s == null || s.getRestartCount() == null ? 0 : s.getRestartCount();
            ready += r ? 1 : 0;
            restarts += n;
            containers.add(new ContainerInfo(c.getName(), c.getImage(), resources(c.getResources().getRequests()),
                    resources(c.getResources().getLimits()), r, n, s != null && s.getState().getRunning() != null
                    ? "running" : "waiting", "", "", ""));
        }
        List<ConditionInfo> conditions = p.getStatus().getConditions().stream()
                .map(c -> new ConditionInfo(c.getType(), c.getStatus(), "", "", null)).toList();
        OwnerReference owner = meta.getOwnerReferences().get(0);
        String hash = meta.getLabels().get("pod-template-hash");
        String workload = hash != null && owner.getName().endsWith("-" + hash)
                ? owner.getName().substring(0, owner.getName().length() - hash.length() - 1) : owner.getName();
        return new PodInfo(meta.getName(), p.getSpec().getNodeName(), p.getStatus().getPhase(), ready,
                containers.size(), restarts, Instant.parse(meta.getCreationTimestamp()), workload, meta.getNamespace(),
                meta.getLabels(), containers, conditions, List.of(), "");
    }

    private static NodeInfo nodeInfo(Node n) {
        boolean ready = n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        String message = ready ? "" : n.getStatus().getConditions().get(0).getMessage();
        Map<String, String> labels = n.getMetadata().getLabels();
        return new NodeInfo(n.getMetadata().getName(), ready, Boolean.TRUE.equals(n.getSpec().getUnschedulable()),
                labels.getOrDefault("topology.kubernetes.io/zone", ""), resources(n.getStatus().getAllocatable()),
                message, labels);
    }

    private static Resources resources(Map<String, Quantity> amounts) {
        if (amounts == null) {
            return Resources.NONE;
        }
        Quantity cpu = amounts.get("cpu");
        Quantity memory = amounts.get("memory");
        return new Resources(
                cpu == null ? Resources.UNSET : cpu.getNumericalAmount().multiply(BigDecimal.valueOf(1000)).longValue(),
                memory == null ? Resources.UNSET : memory.getNumericalAmount().longValue());
    }
}
