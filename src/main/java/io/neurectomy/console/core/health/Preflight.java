package io.neurectomy.console.core.health;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackManifests;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Before a deploy: whether the cluster can take the stack rendered for an environment. Kubernetes 1.24 or newer; at
 * least three schedulable nodes (Ready, not cordoned, no NoSchedule or NoExecute taint the stack does not tolerate);
 * room for the environment's requests on them (allocatable minus what other namespaces' pods already request); the
 * StorageClass of its volumes and the IngressClass of its Ingresses; and nodes enough to keep each workload's replicas
 * apart as its anti-affinity and spread constraints ask ({@link PreflightSpread}). The findings are those of the
 * health check, in the {@link HealthArea#CLUSTER} area, so {@code preflight} prints and exits as {@code health} does.
 */
public final class Preflight {
    /** The oldest Kubernetes the stack supports. */
    public static final int MIN_MINOR = 24;
    /** Schedulable nodes the stack needs: its three Alertmanagers (and two Prometheus) on separate nodes. */
    public static final int MIN_NODES = 3;
    private static final BigDecimal GI = BigDecimal.valueOf(1024L * 1024 * 1024);

    private Preflight() {
    }

    /**
     * Renders the bundled stack for {@code environment} from {@code valuesFile} (may be null) and {@code set}; secret
     * values nobody gives are filled with placeholders, since preflight reads only the workloads, volumes and
     * Ingresses. Throws the rendering's {@link io.neurectomy.console.core.stack.StackException} for anything else.
     */
    public static RenderedStack render(String environment, Path valuesFile, Map<String, String> set) {
        return StackManifests.bundled().renderWithPlaceholders(environment, valuesFile, set);
    }

    /** The checks for {@code stack}, in the order the report lists them. */
    public static List<HealthProbe> probes(RenderedStack stack) {
        return List.of(
                new HealthProbe("preflight-version", HealthArea.CLUSTER, "Kubernetes 1." + MIN_MINOR + " or newer",
                        "kubectl version", c -> version(c.client())),
                new HealthProbe("preflight-nodes", HealthArea.CLUSTER, "At least " + MIN_NODES
                        + " schedulable nodes", "kubectl get nodes; kubectl describe nodes | grep Taints",
                        c -> nodes(c.client(), stack)),
                new HealthProbe("preflight-resources", HealthArea.CLUSTER, "Room for the environment's requests",
                        "kubectl describe nodes (Allocatable, Allocated resources)",
                        c -> resources(c.client(), stack)),
                new HealthProbe("preflight-storageclass", HealthArea.CLUSTER, "The volumes' StorageClass exists",
                        "kubectl get storageclass", c -> storageClasses(c.client(), stack)),
                new HealthProbe("preflight-ingressclass", HealthArea.CLUSTER, "The Ingresses' IngressClass exists",
                        "kubectl get ingressclass", c -> ingressClasses(c.client(), stack)),
                new HealthProbe(PreflightSpread.CODE, HealthArea.CLUSTER, "Replicas can be kept apart",
                        "kubectl get nodes -L " + PreflightSpread.ZONE + "; kubectl describe nodes (Allocated"
                                + " resources)", c -> PreflightSpread.check(c.client(), stack)));
    }

    /** Runs {@link #probes} against {@code session}'s cluster; the report's namespace is the session's. */
    public static HealthReport check(ClusterSession session, RenderedStack stack, Duration requestTimeout)
            throws InterruptedException {
        Instant start = Instant.now();
        HealthContext context = HealthContext.of(session, requestTimeout);
        List<ProbeResult> results = new HealthChecker(probes(stack), requestTimeout).run(context);
        return new HealthReport(start, session.context(), session.namespace(), results,
                Duration.between(start, Instant.now()), "");
    }

    /**
     * Whether today's nodes and zones can keep {@code replicas} replicas of one workload apart as its pod template
     * asks (required and preferred pod anti-affinity, topology spread constraints): {@code preflight-spread}'s
     * verdict for that workload alone, as a scale shows it in its plan. Room on a node is counted as the deploy's
     * preflight counts it (allocatable minus what pods outside the stack's namespace request).
     *
     * @param kind {@code StatefulSet} or {@code Deployment}, for the findings' subject
     */
    public static List<Finding> spread(KubernetesClient client, String kind, String name, int replicas,
                                       PodTemplateSpec template) {
        return PreflightSpread.check(client, kind, name, replicas, template);
    }

    static List<Finding> version(KubernetesClient client) {
        VersionInfo v = client.getKubernetesVersion();
        int major = leadingNumber(v.getMajor());
        int minor = leadingNumber(v.getMinor());
        String text = major + "." + minor + (v.getGitVersion() == null ? "" : " (" + v.getGitVersion() + ")");
        String evidence = "major " + v.getMajor() + ", minor " + v.getMinor() + ", gitVersion " + v.getGitVersion();
        if (major < 0 || minor < 0) {
            return List.of(Finding.of(Severity.UNKNOWN, "preflight-version", "server", "the API server's version"
                    + " cannot be read: " + evidence));
        }
        if (major < 1 || (major == 1 && minor < MIN_MINOR)) {
            return List.of(Finding.of(Severity.ERROR, "preflight-version", "server", "Kubernetes " + text
                            + " is older than 1." + MIN_MINOR)
                    .withFix("Upgrade the cluster: the stack's manifests use APIs of 1." + MIN_MINOR + " and newer.")
                    .withEvidence(evidence));
        }
        return List.of(Finding.of(Severity.OK, "preflight-version", "server", "Kubernetes " + text)
                .withEvidence(evidence));
    }

    private static int leadingNumber(String text) {
        String digits = text == null ? "" : text.replaceAll("^(\\d+).*$", "$1");
        return digits.matches("\\d+") ? Integer.parseInt(digits) : -1;
    }

    /** Why {@code node} cannot take the stack's pods, or empty when it can. */
    static Optional<String> unschedulable(Node node, List<PodSpec> templates) {
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return Optional.of("cordoned (unschedulable)");
        }
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                && "True".equals(c.getStatus()));
        if (!ready) {
            String why = node.getStatus() == null || node.getStatus().getConditions() == null ? "" : node.getStatus()
                    .getConditions().stream().filter(c -> "Ready".equals(c.getType())).map(NodeCondition::getReason)
                    .filter(Objects::nonNull).findFirst().map(r -> " (" + r + ")").orElse("");
            return Optional.of("not Ready" + why);
        }
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        for (Taint taint : taints) {
            if (!"NoSchedule".equals(taint.getEffect()) && !"NoExecute".equals(taint.getEffect())) {
                continue;
            }
            boolean tolerated = templates.stream().allMatch(t -> t.getTolerations() != null
                    && t.getTolerations().stream().anyMatch(tol -> tolerates(tol, taint)));
            if (!tolerated) {
                return Optional.of("taint " + taint.getKey() + (taint.getValue() == null ? "" : "="
                        + taint.getValue()) + ":" + taint.getEffect() + " that the stack does not tolerate");
            }
        }
        return Optional.empty();
    }

    private static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (t.getKey() == null || t.getKey().isEmpty()) {
            return "Exists".equals(t.getOperator());
        }
        if (!t.getKey().equals(taint.getKey())) {
            return false;
        }
        return "Exists".equals(t.getOperator()) || Objects.equals(t.getValue() == null ? "" : t.getValue(),
                taint.getValue() == null ? "" : taint.getValue());
    }

    static List<PodSpec> templates(RenderedStack stack) {
        List<PodSpec> out = new ArrayList<>();
        stack.all(StatefulSet.class).forEach(s -> out.add(s.getSpec().getTemplate().getSpec()));
        stack.all(Deployment.class).forEach(d -> out.add(d.getSpec().getTemplate().getSpec()));
        return out;
    }

    static List<Finding> nodes(KubernetesClient client, RenderedStack stack) {
        List<Node> nodes = new ArrayList<>(client.nodes().list().getItems());
        nodes.sort(Comparator.comparing(n -> n.getMetadata().getName()));
        List<PodSpec> templates = templates(stack);
        List<Finding> out = new ArrayList<>();
        List<String> usable = new ArrayList<>();
        StringBuilder evidence = new StringBuilder();
        for (Node node : nodes) {
            String name = node.getMetadata().getName();
            Optional<String> why = unschedulable(node, templates);
            evidence.append(name).append(": ").append(why.orElse("schedulable")).append('\n');
            if (why.isPresent()) {
                out.add(Finding.of(Severity.INFO, "preflight-nodes", name, "not counted: " + why.get()));
            } else {
                usable.add(name);
            }
        }
        if (usable.size() < MIN_NODES) {
            out.add(Finding.of(Severity.ERROR, "preflight-nodes", "nodes", usable.size() + " schedulable node"
                            + (usable.size() == 1 ? "" : "s") + " of " + nodes.size() + "; the stack needs "
                            + MIN_NODES)
                    .withDetail("The three Alertmanagers and the two Prometheus replicas run on separate nodes, so"
                            + " that losing one node loses one replica of each.")
                    .withFix("Uncordon (kubectl uncordon NODE), repair or add nodes until " + MIN_NODES
                            + " are Ready and schedulable.")
                    .withEvidence(evidence.toString().strip()));
        } else {
            out.add(Finding.of(Severity.OK, "preflight-nodes", "nodes", usable.size() + " schedulable nodes: "
                    + String.join(", ", usable)).withEvidence(evidence.toString().strip()));
        }
        return out;
    }

    /** CPU (cores) and memory (bytes). */
    record Amount(BigDecimal cpu, BigDecimal memory) {
        static final Amount ZERO = new Amount(BigDecimal.ZERO, BigDecimal.ZERO);

        Amount plus(Amount o) {
            return new Amount(cpu.add(o.cpu), memory.add(o.memory));
        }

        Amount minus(Amount o) {
            return new Amount(cpu.subtract(o.cpu), memory.subtract(o.memory));
        }

        boolean fitsIn(Amount free) {
            return cpu.compareTo(free.cpu) <= 0 && memory.compareTo(free.memory) <= 0;
        }

        static Amount of(Map<String, Quantity> resources) {
            if (resources == null) {
                return ZERO;
            }
            return new Amount(amount(resources.get("cpu")), amount(resources.get("memory")));
        }

        private static BigDecimal amount(Quantity q) {
            return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
        }

        @Override
        public String toString() {
            return cpu.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " CPU, "
                    + memory.divide(GI, 1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " GiB";
        }
    }

    static Amount requests(PodSpec spec) {
        Amount sum = Amount.ZERO;
        for (Container c : spec.getContainers()) {
            sum = sum.plus(c.getResources() == null ? Amount.ZERO : Amount.of(c.getResources().getRequests()));
        }
        return sum;
    }

    /** The stack's pods, each with its requests: replicas × the template's containers. */
    private static List<Map.Entry<String, Amount>> stackPods(RenderedStack stack) {
        List<Map.Entry<String, Amount>> pods = new ArrayList<>();
        for (StatefulSet s : stack.all(StatefulSet.class)) {
            int n = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
            for (int i = 0; i < n; i++) {
                pods.add(Map.entry(s.getMetadata().getName() + "-" + i, requests(s.getSpec().getTemplate()
                        .getSpec())));
            }
        }
        for (Deployment d : stack.all(Deployment.class)) {
            int n = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            for (int i = 0; i < n; i++) {
                pods.add(Map.entry(d.getMetadata().getName() + "-" + (i + 1), requests(d.getSpec().getTemplate()
                        .getSpec())));
            }
        }
        return pods;
    }

    /**
     * What each schedulable node has free for the stack: allocatable minus what pods of other namespaces request
     * there (the stack's own namespace is left out: the deploy replaces it), by node name; one evidence line per node
     * is appended to {@code evidence}.
     */
    static Map<String, Amount> freeCapacity(KubernetesClient client, List<Node> nodes, List<PodSpec> templates,
                                            StringBuilder evidence) {
        return freeCapacity(client, nodes, templates, evidence,
                p -> RenderedStack.NAMESPACE.equals(p.getMetadata().getNamespace()));
    }

    /**
     * What each schedulable node has free: allocatable minus what the pods running there request, leaving out the
     * pods {@code replaced} selects (those the change replaces), by node name; one evidence line per node.
     */
    static Map<String, Amount> freeCapacity(KubernetesClient client, List<Node> nodes, List<PodSpec> templates,
                                            StringBuilder evidence, Predicate<Pod> replaced) {
        Map<String, Amount> free = new TreeMap<>();
        Map<String, Amount> used = new LinkedHashMap<>();
        for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
            String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
            String phase = p.getStatus() == null ? "" : String.valueOf(p.getStatus().getPhase());
            if (node == null || node.isEmpty() || "Succeeded".equals(phase) || "Failed".equals(phase)
                    || replaced.test(p)) {
                continue;
            }
            used.merge(node, requests(p.getSpec()), Amount::plus);
        }
        for (Node node : nodes) {
            if (unschedulable(node, templates).isPresent()) {
                continue;
            }
            String name = node.getMetadata().getName();
            Amount allocatable = Amount.of(node.getStatus() == null ? null : node.getStatus().getAllocatable());
            Amount requested = used.getOrDefault(name, Amount.ZERO);
            free.put(name, allocatable.minus(requested));
            evidence.append(name).append(": allocatable ").append(allocatable).append(", requested by other pods ")
                    .append(requested).append(", free ").append(allocatable.minus(requested)).append('\n');
        }
        return free;
    }

    static List<Finding> resources(KubernetesClient client, RenderedStack stack) {
        StringBuilder evidence = new StringBuilder();
        Map<String, Amount> free = freeCapacity(client, client.nodes().list().getItems(), templates(stack),
                evidence);
        if (free.isEmpty()) {
            return List.of(Finding.of(Severity.UNKNOWN, "preflight-resources", "nodes", "no schedulable node to"
                    + " place the stack on (see preflight-nodes)"));
        }
        List<Map.Entry<String, Amount>> pods = stackPods(stack);
        Amount total = pods.stream().map(Map.Entry::getValue).reduce(Amount.ZERO, Amount::plus);
        evidence.append("the stack (").append(stack.environment()).append(") requests ").append(total).append(": ")
                .append(pods.stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; ")));
        // First fit, biggest pods first, each on the node with the most free memory that takes it.
        Map<String, Amount> left = new TreeMap<>(free);
        List<Finding> out = new ArrayList<>();
        List<Map.Entry<String, Amount>> order = new ArrayList<>(pods);
        order.sort(Comparator.comparing((Map.Entry<String, Amount> e) -> e.getValue().memory())
                .thenComparing(e -> e.getValue().cpu()).reversed());
        for (Map.Entry<String, Amount> pod : order) {
            Optional<String> node = left.entrySet().stream().filter(n -> pod.getValue().fitsIn(n.getValue()))
                    .max(Comparator.comparing(n -> n.getValue().memory())).map(Map.Entry::getKey);
            if (node.isEmpty()) {
                Amount most = left.values().stream().max(Comparator.comparing(Amount::memory)).orElse(Amount.ZERO);
                out.add(Finding.of(Severity.ERROR, "preflight-resources", pod.getKey(), "requests "
                                + pod.getValue() + ", and no schedulable node has that free (the most: " + most
                                + ")")
                        .withDetail("The pod would stay Pending: the scheduler places a pod only where its requests"
                                + " fit in what the node has left.")
                        .withFix("Lower the environment's requests (values such as prometheusMemoryRequest), free"
                                + " capacity, or add nodes.")
                        .withEvidence(evidence.toString().strip()));
                continue;
            }
            left.put(node.get(), left.get(node.get()).minus(pod.getValue()));
        }
        if (!out.isEmpty()) {
            return out;
        }
        Amount room = free.values().stream().reduce(Amount.ZERO, Amount::plus);
        return List.of(Finding.of(Severity.OK, "preflight-resources", "nodes", "the stack's requests (" + total
                + ") fit on " + free.size() + " schedulable nodes with " + room + " free")
                .withEvidence(evidence.toString().strip()));
    }

    static List<Finding> storageClasses(KubernetesClient client, RenderedStack stack) {
        Map<String, TreeSet<String>> users = new TreeMap<>();
        for (StatefulSet s : stack.all(StatefulSet.class)) {
            for (PersistentVolumeClaim claim : Optional.ofNullable(s.getSpec().getVolumeClaimTemplates())
                    .orElse(List.of())) {
                String name = claim.getSpec() == null || claim.getSpec().getStorageClassName() == null ? ""
                        : claim.getSpec().getStorageClassName();
                users.computeIfAbsent(name, k -> new TreeSet<>()).add(s.getMetadata().getName());
            }
        }
        if (users.isEmpty()) {
            return List.of(Finding.of(Severity.OK, "preflight-storageclass", "", "the stack has no volume claims"));
        }
        List<StorageClass> classes = client.storage().v1().storageClasses().list().getItems();
        String known = classes.stream().map(c -> c.getMetadata().getName()).sorted()
                .collect(Collectors.joining(", "));
        String evidence = "StorageClasses: " + (known.isEmpty() ? "none" : known);
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, TreeSet<String>> e : users.entrySet()) {
            String volumes = "the volumes of " + String.join(", ", e.getValue());
            Optional<StorageClass> sc = e.getKey().isEmpty() ? classes.stream().filter(Preflight::isDefault)
                    .findFirst() : classes.stream().filter(c -> c.getMetadata().getName().equals(e.getKey()))
                    .findFirst();
            String subject = "StorageClass/" + (e.getKey().isEmpty() ? "(default)" : e.getKey());
            if (sc.isEmpty()) {
                out.add(Finding.of(Severity.ERROR, "preflight-storageclass", subject, (e.getKey().isEmpty()
                                ? "the cluster has no default StorageClass" : "does not exist") + ": " + volumes
                                + " cannot be provisioned")
                        .withFix("Create the StorageClass, or set storageClass to one the cluster has"
                                + (known.isEmpty() ? "." : " (" + known + ")."))
                        .withEvidence(evidence));
                continue;
            }
            StorageClass c = sc.get();
            String what = "exists (provisioner " + c.getProvisioner() + "), for " + volumes;
            if (Boolean.TRUE.equals(c.getAllowVolumeExpansion())) {
                out.add(Finding.of(Severity.OK, "preflight-storageclass", subject, what
                        + "; volumes can be expanded").withEvidence(evidence));
            } else {
                out.add(Finding.of(Severity.INFO, "preflight-storageclass", subject, what
                                + "; it does not allow volume expansion")
                        .withDetail("A Prometheus volume that fills up cannot be grown in place: it needs a new volume"
                                + " and a restore.")
                        .withEvidence(evidence));
            }
        }
        return out;
    }

    private static boolean isDefault(StorageClass c) {
        Map<String, String> a = c.getMetadata().getAnnotations();
        return a != null && ("true".equals(a.get("storageclass.kubernetes.io/is-default-class"))
                || "true".equals(a.get("storageclass.beta.kubernetes.io/is-default-class")));
    }

    static List<Finding> ingressClasses(KubernetesClient client, RenderedStack stack) {
        Map<String, TreeSet<String>> users = new TreeMap<>();
        for (Ingress ingress : stack.all(Ingress.class)) {
            String name = ingress.getSpec() == null || ingress.getSpec().getIngressClassName() == null ? ""
                    : ingress.getSpec().getIngressClassName();
            users.computeIfAbsent(name, k -> new TreeSet<>()).add(ingress.getMetadata().getName());
        }
        if (users.isEmpty()) {
            return List.of(Finding.of(Severity.OK, "preflight-ingressclass", "", "the stack has no Ingress"));
        }
        List<IngressClass> classes = client.network().v1().ingressClasses().list().getItems();
        String known = classes.stream().map(c -> c.getMetadata().getName()).sorted()
                .collect(Collectors.joining(", "));
        String evidence = "IngressClasses: " + (known.isEmpty() ? "none" : known);
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, TreeSet<String>> e : users.entrySet()) {
            String subject = "IngressClass/" + (e.getKey().isEmpty() ? "(default)" : e.getKey());
            Optional<IngressClass> ic = classes.stream().filter(c -> e.getKey().isEmpty()
                    ? "true".equals(Optional.ofNullable(c.getMetadata().getAnnotations()).orElse(Map.of())
                    .get("ingressclass.kubernetes.io/is-default-class"))
                    : c.getMetadata().getName().equals(e.getKey())).findFirst();
            if (ic.isEmpty()) {
                out.add(Finding.of(Severity.ERROR, "preflight-ingressclass", subject, "does not exist: the Ingresses "
                                + String.join(", ", e.getValue()) + " would not be served")
                        .withFix("Install the ingress controller, or set ingressClass to one the cluster has"
                                + (known.isEmpty() ? "." : " (" + known + ")."))
                        .withEvidence(evidence));
            } else {
                out.add(Finding.of(Severity.OK, "preflight-ingressclass", subject, "exists (controller "
                        + ic.get().getSpec().getController() + "), for the Ingresses " + String.join(", ",
                        e.getValue())).withEvidence(evidence));
            }
        }
        return out;
    }
}
