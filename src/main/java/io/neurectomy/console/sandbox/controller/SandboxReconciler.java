package io.neurectomy.console.sandbox.controller;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimCondition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimConditionBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.neurectomy.console.core.cluster.SandboxMarker;
import io.neurectomy.console.sandbox.LabelSelectors;
import io.neurectomy.console.sandbox.PodProcesses;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.RuntimeStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's minimal controller manager, scheduler and kubelet status writer, no more: StatefulSet and
 * Deployment replicas become pods with Kubernetes-style names, bound to nodes with anti-affinity as a preference,
 * their stand-in processes started and stopped, their status following the process; rollouts replace pods one at a
 * time; PDB status is kept current (honouring the pods the Eviction API has just disrupted); a node annotated
 * {@value #FAILED_ANNOTATION}{@code =true} goes NotReady.
 *
 * <p>Level-based: every pass reads the whole (small) sandbox state and moves it one step towards the spec. Passes
 * run on one thread, after any watch event, any change of a stand-in, and once a second.
 */
public final class SandboxReconciler implements AutoCloseable {
    /** Set to "true" on a node to simulate its failure (sandbox only); remove it, or set "false", to recover. */
    static final String FAILED_ANNOTATION = SandboxMarker.NODE_FAILED_ANNOTATION;
    /** On pods that have no process behind them (Grafana, or every pod in API-only mode): why. */
    public static final String NO_PROCESS_ANNOTATION = SandboxMarker.NO_PROCESS_ANNOTATION;
    static final String REVISION_LABEL = "controller-revision-hash";
    static final String TEMPLATE_HASH_LABEL = "pod-template-hash";
    static final String STS_POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String REVISION_HASH_LABEL = "controller.kubernetes.io/hash";
    static final String DEPLOYMENT_REVISION = "deployment.kubernetes.io/revision";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private static final Logger LOG = LoggerFactory.getLogger(SandboxReconciler.class);
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    /** How often a pod that still cannot be placed is reported again (the real scheduler backs off too). */
    private static final java.time.Duration FAILED_SCHEDULING_REPEAT = java.time.Duration.ofSeconds(10);
    /** How long an evicted pod may take to go before the disruption controller stops waiting for it. */
    private static final java.time.Duration DISRUPTION_TIMEOUT = java.time.Duration.ofMinutes(2);

    private final KubernetesClient client;
    private final PodProcesses processes;
    private final Function<String, Optional<PodRuntime>> runtimes;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final List<Watch> watches = new ArrayList<>();
    private final Map<String, String> podIps = new ConcurrentHashMap<>();
    private final Set<String> started = new HashSet<>();
    /** When each pending pod was last reported unschedulable (reconciler thread only). */
    private final Map<String, Long> lastFailedScheduling = new HashMap<>();
    private final Random random = new Random();
    /** The UIDs of every workload this reconciler has seen, to tell the dependents of deleted owners. */
    private final Set<String> seenOwners = new HashSet<>();
    private int nextIp = 10;
    private volatile boolean closed;

    /**
     * @param runtimes the stand-in of a pod, by {@code namespace/name}; used only to tell pods without a process
     */
    public SandboxReconciler(KubernetesClient client, PodProcesses processes,
            Function<String, Optional<PodRuntime>> runtimes, Clock clock) {
        this.client = client;
        this.processes = processes;
        this.runtimes = runtimes;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-reconciler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching and reconciling. */
    public void start() {
        processes.addListener((key, status) -> trigger());
        watches.add(client.apps().statefulSets().inAnyNamespace().watch(triggering()));
        watches.add(client.apps().deployments().inAnyNamespace().watch(triggering()));
        watches.add(client.pods().inAnyNamespace().watch(triggering()));
        watches.add(client.nodes().watch(triggering()));
        watches.add(client.policy().v1().podDisruptionBudget().inAnyNamespace().watch(triggering()));
        watches.add(client.persistentVolumeClaims().inAnyNamespace().watch(triggering()));
        executor.scheduleWithFixedDelay(this::trigger, 1, 1, TimeUnit.SECONDS);
        trigger();
    }

    private <T extends HasMetadata> Watcher<T> triggering() {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                trigger();
            }

            @Override
            public void onClose(WatcherException cause) {
                if (!closed) {
                    LOG.debug("Sandbox reconciler watch closed: {}", cause.getMessage());
                }
            }
        };
    }

    /** Asks for a pass soon; passes that are asked for while one is queued fold into it. */
    void trigger() {
        if (closed || !pending.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                pending.set(false);
                reconcileOnce();
            });
        } catch (RejectedExecutionException e) {
            pending.set(false);
        }
    }

    /** One pass over everything; errors are logged and the next pass tries again. */
    void reconcileOnce() {
        if (closed) {
            return;
        }
        try {
            pass();
        } catch (KubernetesClientException e) {
            if (!closed) {
                LOG.debug("Sandbox reconcile pass failed, retrying: {}", e.getMessage());
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("Sandbox reconcile pass failed, retrying", e);
            }
        }
    }

    private void pass() {
        List<StatefulSet> statefulSets = client.apps().statefulSets().inAnyNamespace().list().getItems();
        List<Deployment> deployments = client.apps().deployments().inAnyNamespace().list().getItems();
        List<Pod> pods = new ArrayList<>(client.pods().inAnyNamespace().list().getItems());
        // Nodes are read after the workloads and pods: a pass that sees a change made after a node's (a pod deleted
        // after its node was cordoned) then also sees the node's, so a replacement is never placed from an older
        // view of the nodes than of the pods.
        List<Node> nodes = client.nodes().list().getItems();
        Map<String, Node> nodesByName = nodes.stream()
                .collect(Collectors.toMap(n -> n.getMetadata().getName(), n -> n, (a, b) -> a, HashMap::new));
        for (Node node : nodes) {
            syncNodeCondition(node);
        }
        pods = collectGarbage(statefulSets, deployments, pods);
        stopRemovedPods(pods);
        for (StatefulSet sts : statefulSets) {
            reconcileStatefulSet(sts, pods, nodesByName);
        }
        for (Deployment deployment : deployments) {
            reconcileDeployment(deployment, pods, nodesByName);
        }
        for (PersistentVolumeClaim claim : client.persistentVolumeClaims().inAnyNamespace().list().getItems()) {
            resizeClaim(claim);
        }
        pods = client.pods().inAnyNamespace().list().getItems();
        // Statuses first, stops after: a stand-in takes a moment to stop, and a failed node's pods must show
        // NotReady at once, all of them.
        List<String> toStop = new ArrayList<>();
        for (Pod pod : pods) {
            syncPod(pod, pods, nodesByName, toStop);
        }
        toStop.forEach(this::stopProcess);
        pods = client.pods().inAnyNamespace().list().getItems();
        for (PodDisruptionBudget pdb : client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems()) {
            syncPdb(pdb, pods);
        }
    }

    // ---- nodes ----------------------------------------------------------------------------------------------

    /** Whether the node was failed on purpose (the sandbox's node fault), whatever its conditions say. */
    public static boolean failed(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        return annotations != null && "true".equalsIgnoreCase(annotations.get(FAILED_ANNOTATION));
    }

    static boolean nodeReady(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private void syncNodeCondition(Node node) {
        boolean wantReady = !failed(node);
        if (nodeReady(node) == wantReady) {
            return;
        }
        List<NodeCondition> conditions = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            node.getStatus().getConditions().stream().filter(c -> !"Ready".equals(c.getType()))
                    .forEach(conditions::add);
        }
        conditions.add(new NodeConditionBuilder().withType("Ready")
                .withStatus(wantReady ? "True" : "Unknown")
                .withReason(wantReady ? "KubeletReady" : "NodeStatusUnknown")
                .withMessage(wantReady ? "sandbox node is ready"
                        : "Kubelet stopped posting node status (failure simulated in the sandbox).")
                .withLastTransitionTime(now()).build());
        Node updated = new NodeBuilder(node)
                .withStatus(new NodeStatusBuilder(node.getStatus()).withConditions(conditions).build()).build();
        ignoreGone(() -> client.nodes().resource(updated).update());
        LOG.info("Sandbox node {} is now {}", node.getMetadata().getName(), wantReady ? "Ready" : "NotReady");
    }

    // ---- workloads ------------------------------------------------------------------------------------------

    private void reconcileStatefulSet(StatefulSet sts, List<Pod> allPods, Map<String, Node> nodes) {
        if (dying(sts)) {
            return; // being deleted: no pods created, none adopted
        }
        String ns = sts.getMetadata().getNamespace();
        String name = sts.getMetadata().getName();
        int desired = Optional.ofNullable(sts.getSpec().getReplicas()).orElse(1);
        String revision = name + "-" + templateHash(sts.getSpec().getTemplate());
        boolean parallel = "Parallel".equals(sts.getSpec().getPodManagementPolicy());
        var strategy = sts.getSpec().getUpdateStrategy();
        boolean onDelete = strategy != null && "OnDelete".equals(strategy.getType());
        int partition = strategy == null || strategy.getRollingUpdate() == null
                || strategy.getRollingUpdate().getPartition() == null ? 0
                : strategy.getRollingUpdate().getPartition();
        adoptOrphans(sts, allPods);
        List<ControllerRevision> history = syncRevisions(sts, revision);
        String currentRevision = currentRevisionOf(sts, revision);
        Map<Integer, Pod> byOrdinal = new HashMap<>();
        for (Pod pod : ownedBy(allPods, sts)) {
            ordinal(name, pod.getMetadata().getName()).ifPresent(i -> byOrdinal.put(i, pod));
        }
        // Scale down: highest ordinal first (all at once when Parallel).
        List<Integer> extra = byOrdinal.keySet().stream().filter(i -> i >= desired)
                .sorted(Comparator.reverseOrder()).toList();
        for (Integer i : extra) {
            deletePod(byOrdinal.remove(i));
            if (!parallel) {
                break;
            }
        }
        // Create missing ordinals (in order, waiting for readiness, unless Parallel). Below the partition (or with
        // OnDelete) a pod is created on the current revision, as the StatefulSet controller does.
        for (int i = 0; i < desired; i++) {
            if (byOrdinal.containsKey(i)) {
                if (!parallel && !podReady(byOrdinal.get(i))) {
                    break;
                }
                continue;
            }
            String podRevision = revision;
            PodTemplateSpec template = sts.getSpec().getTemplate();
            if ((onDelete || i < partition) && !revision.equals(currentRevision)) {
                Optional<PodTemplateSpec> current = templateOf(history, currentRevision);
                if (current.isPresent()) {
                    podRevision = currentRevision;
                    template = current.get();
                }
            }
            Pod created = createStatefulSetPod(sts, i, podRevision, template, allPods, nodes);
            byOrdinal.put(i, created);
            allPods.add(created);
            if (!parallel) {
                break;
            }
        }
        // Rolling update: once every pod is ready, replace the highest outdated ordinal at or above the partition.
        boolean allReady = byOrdinal.size() == desired && byOrdinal.values().stream().allMatch(this::podReady);
        if (!onDelete && allReady && extra.isEmpty()) {
            byOrdinal.entrySet().stream()
                    .filter(e -> e.getKey() >= partition && !revision.equals(label(e.getValue(), REVISION_LABEL)))
                    .max(Map.Entry.comparingByKey())
                    .ifPresent(e -> deletePod(e.getValue()));
        }
        List<Pod> current = ownedBy(client.pods().inNamespace(ns).list().getItems(), sts);
        int ready = (int) current.stream().filter(this::podReady).count();
        int updated = (int) current.stream().filter(p -> revision.equals(label(p, REVISION_LABEL))).count();
        // The rollout is complete when every pod runs the update revision and is ready; until then the current
        // revision stays the one the rollout started from.
        String currentNow = updated == current.size() && ready == current.size() && current.size() == desired
                ? revision : currentRevision;
        int currentReplicas = (int) current.stream().filter(p -> currentNow.equals(label(p, REVISION_LABEL)))
                .count();
        var status = new StatefulSetStatusBuilder(sts.getStatus() == null
                ? new StatefulSetStatus() : sts.getStatus())
                .withObservedGeneration(sts.getMetadata().getGeneration())
                .withReplicas(current.size()).withReadyReplicas(ready).withAvailableReplicas(ready)
                .withCurrentReplicas(currentReplicas).withUpdatedReplicas(updated)
                .withCurrentRevision(currentNow).withUpdateRevision(revision).withCollisionCount(0).build();
        if (!status.equals(sts.getStatus())) {
            StatefulSet copy = new StatefulSetBuilder(sts).withStatus(status)
                    .build();
            ignoreGone(() -> client.apps().statefulSets().resource(copy).updateStatus());
        }
        pruneRevisions(sts, history, revision, currentNow, current);
    }

    private static String currentRevisionOf(StatefulSet sts, String fallback) {
        return sts.getStatus() != null && sts.getStatus().getCurrentRevision() != null
                ? sts.getStatus().getCurrentRevision() : fallback;
    }

    // ---- revisions ------------------------------------------------------------------------------------------

    /**
     * The StatefulSet's ControllerRevisions, with one for {@code revision} (the current template), as the StatefulSet
     * controller keeps them: named {@code <set>-<hash>}, owned by the set, labelled like its pods, {@code revision}
     * increasing, {@code data} the strategic-merge patch that restores the template. A template that matches an
     * older revision (a rollback) moves that revision to the top instead of creating a new one.
     */
    private List<ControllerRevision> syncRevisions(StatefulSet sts, String revision) {
        String ns = sts.getMetadata().getNamespace();
        List<ControllerRevision> owned = client.apps().controllerRevisions().inNamespace(ns).list().getItems()
                .stream().filter(r -> controlledBy(r, sts)).collect(Collectors.toCollection(ArrayList::new));
        long latest = owned.stream().map(ControllerRevision::getRevision).filter(Objects::nonNull)
                .mapToLong(Long::longValue).max().orElse(0);
        Optional<ControllerRevision> existing = owned.stream()
                .filter(r -> revision.equals(r.getMetadata().getName())).findFirst();
        if (existing.isPresent()) {
            ControllerRevision found = existing.get();
            if (found.getRevision() == null || found.getRevision() < latest) {
                ControllerRevision bumped = new ControllerRevisionBuilder(found).withRevision(latest + 1).build();
                ignoreGone(() -> client.apps().controllerRevisions().resource(bumped).update());
                owned.set(owned.indexOf(found), bumped);
            }
            return owned;
        }
        Map<String, String> labels = new HashMap<>(templateLabels(sts.getSpec().getTemplate()));
        labels.put(REVISION_HASH_LABEL, revision.substring(sts.getMetadata().getName().length() + 1));
        @SuppressWarnings("unchecked")
        Map<String, Object> template = new java.util.LinkedHashMap<>(JSON.convertValue(sts.getSpec().getTemplate(),
                Map.class));
        template.put("$patch", "replace");
        ControllerRevision created = new ControllerRevisionBuilder().withNewMetadata().withName(revision)
                .withNamespace(ns).withLabels(labels).withOwnerReferences(ownerReference(sts)).endMetadata()
                .withRevision(latest + 1).withData(Map.of("spec", Map.of("template", template))).build();
        try {
            owned.add(client.apps().controllerRevisions().resource(created).create());
            LOG.info("Sandbox StatefulSet {}/{}: revision {} is {}", ns, sts.getMetadata().getName(), latest + 1,
                    revision);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        return owned;
    }

    /** The pod template a ControllerRevision restores. */
    private static Optional<PodTemplateSpec> templateOf(List<ControllerRevision> history, String revision) {
        return history.stream().filter(r -> revision.equals(r.getMetadata().getName())).findFirst()
                .map(ControllerRevision::getData).filter(Map.class::isInstance).map(d -> ((Map<?, ?>) d).get("spec"))
                .filter(Map.class::isInstance).map(spec -> ((Map<?, ?>) spec).get("template"))
                .filter(Map.class::isInstance).map(t -> {
                    Map<Object, Object> copy = new HashMap<>((Map<?, ?>) t);
                    copy.remove("$patch");
                    return JSON.convertValue(copy, PodTemplateSpec.class);
                });
    }

    /** Keeps {@code revisionHistoryLimit} (default 10) revisions besides those in use, as the controller does. */
    private void pruneRevisions(StatefulSet sts, List<ControllerRevision> history, String update, String current,
            List<Pod> pods) {
        int limit = Optional.ofNullable(sts.getSpec().getRevisionHistoryLimit()).orElse(10);
        Set<String> live = new HashSet<>(List.of(update, current));
        pods.forEach(p -> Optional.ofNullable(label(p, REVISION_LABEL)).ifPresent(live::add));
        List<ControllerRevision> old = history.stream().filter(r -> !live.contains(r.getMetadata().getName()))
                .sorted(Comparator.comparing(r -> Optional.ofNullable(r.getRevision()).orElse(0L))).toList();
        for (int i = 0; i < old.size() - limit; i++) {
            ControllerRevision gone = old.get(i);
            ignoreGone(() -> client.apps().controllerRevisions().resource(gone).delete());
        }
    }

    // ---- garbage collection and adoption --------------------------------------------------------------------

    /**
     * The garbage collector's part: pods, ReplicaSets and ControllerRevisions whose controlling owner was deleted
     * (seen by this reconciler, now gone) are deleted too. Dependents of an owner deleted with the Orphan policy lost
     * that owner reference before it went, and stay. Returns the pods that remain.
     */
    private List<Pod> collectGarbage(List<StatefulSet> statefulSets, List<Deployment> deployments, List<Pod> pods) {
        List<ReplicaSet> replicaSets = client.apps().replicaSets().inAnyNamespace().list().getItems();
        Set<String> live = new HashSet<>();
        statefulSets.forEach(o -> live.add(o.getMetadata().getUid()));
        deployments.forEach(o -> live.add(o.getMetadata().getUid()));
        replicaSets.forEach(o -> live.add(o.getMetadata().getUid()));
        Set<String> gone = new HashSet<>(seenOwners);
        gone.removeAll(live);
        seenOwners.addAll(live);
        if (gone.isEmpty()) {
            return pods;
        }
        for (ReplicaSet rs : replicaSets) {
            if (owner(rs).map(OwnerReference::getUid).filter(gone::contains).isPresent()) {
                LOG.info("Sandbox garbage-collects ReplicaSet {}/{}", rs.getMetadata().getNamespace(),
                        rs.getMetadata().getName());
                ignoreGone(() -> client.apps().replicaSets().resource(rs).delete());
            }
        }
        for (ControllerRevision r : client.apps().controllerRevisions().inAnyNamespace().list().getItems()) {
            if (owner(r).map(OwnerReference::getUid).filter(gone::contains).isPresent()) {
                ignoreGone(() -> client.apps().controllerRevisions().resource(r).delete());
            }
        }
        List<Pod> remaining = new ArrayList<>();
        for (Pod pod : pods) {
            if (owner(pod).map(OwnerReference::getUid).filter(gone::contains).isPresent()) {
                deletePod(pod);
            } else {
                remaining.add(pod);
            }
        }
        return remaining;
    }

    /**
     * Adopts the set's orphans as the StatefulSet controller does: pods named {@code <set>-<ordinal>} that match its
     * selector and have no controller get the set as owner, unchanged otherwise (same UID, still running); so do
     * ControllerRevisions that match it. A pod of the set's name still owned by an earlier set of that name (deleted
     * and re-created before the garbage collector saw it) is deleted, as the collector would.
     */
    private void adoptOrphans(StatefulSet sts, List<Pod> allPods) {
        String ns = sts.getMetadata().getNamespace();
        String name = sts.getMetadata().getName();
        LabelSelector selector = sts.getSpec().getSelector();
        Supplier<HasMetadata> fresh = () -> client.apps().statefulSets().inNamespace(ns).withName(name).get();
        if (!mayAdopt(sts, fresh)) {
            return;
        }
        List<Integer> adoptedNow = new ArrayList<>();
        for (int i = 0; i < allPods.size(); i++) {
            Pod pod = allPods.get(i);
            if (!ns.equals(pod.getMetadata().getNamespace()) || ordinal(name, pod.getMetadata().getName()).isEmpty()
                    || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            Optional<OwnerReference> controller = owner(pod);
            if (controller.isPresent()) {
                OwnerReference ref = controller.get();
                if ("StatefulSet".equals(ref.getKind()) && name.equals(ref.getName()) && ref.getUid() != null
                        && !ref.getUid().equals(sts.getMetadata().getUid())
                        && !seenOwners.contains(ref.getUid())) {
                    deletePod(pod);
                    allPods.remove(i--);
                }
                continue;
            }
            if (!LabelSelectors.matches(selector, pod.getMetadata().getLabels())) {
                continue;
            }
            Pod adopted = new PodBuilder(pod).editMetadata().addToOwnerReferences(ownerReference(sts)).endMetadata()
                    .build();
            LOG.info("Sandbox StatefulSet {}/{} adopts pod {}", ns, name, pod.getMetadata().getName());
            try {
                allPods.set(i, client.pods().resource(adopted).update());
                adoptedNow.add(i);
            } catch (KubernetesClientException e) {
                LOG.debug("Sandbox could not adopt {}: {}", key(pod), e.getMessage());
            }
        }
        if (!adoptedNow.isEmpty() && !mayAdopt(sts, fresh)) {
            // deleted with the Orphan policy while adopting: the pods go back to being orphans, as they were freed
            for (int i : adoptedNow) {
                Pod pod = allPods.get(i);
                LOG.info("Sandbox StatefulSet {}/{} is being deleted, releases pod {}", ns, name,
                        pod.getMetadata().getName());
                ignoreGone(() -> allPods.set(i, client.pods().resource(disowned(pod, sts)).update()));
            }
            return;
        }
        for (ControllerRevision r : client.apps().controllerRevisions().inNamespace(ns).list().getItems()) {
            if (owner(r).isEmpty() && r.getMetadata().getName().startsWith(name + "-")
                    && LabelSelectors.matches(selector, r.getMetadata().getLabels())) {
                ControllerRevision adopted = new ControllerRevisionBuilder(r).editMetadata()
                        .addToOwnerReferences(ownerReference(sts)).endMetadata().build();
                ignoreGone(() -> client.apps().controllerRevisions().resource(adopted).update());
            }
        }
    }

    private static boolean controlledBy(HasMetadata dependent, HasMetadata owner) {
        return owner(dependent).filter(o -> owner.getMetadata().getUid() != null
                && owner.getMetadata().getUid().equals(o.getUid())).isPresent();
    }

    // ---- volume claims --------------------------------------------------------------------------------------

    /**
     * The external resizer and the kubelet for a claim whose request grew (the API server has checked the
     * StorageClass): one step per pass, as a cluster shows it, {@code Resizing} (ControllerResizeInProgress), then
     * {@code FileSystemResizePending} (NodeResizePending), then {@code status.capacity} at the new size and no
     * resize condition.
     */
    private void resizeClaim(PersistentVolumeClaim claim) {
        if (claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase())
                || claim.getSpec().getResources() == null || claim.getSpec().getResources().getRequests() == null) {
            return;
        }
        Quantity wanted = claim.getSpec().getResources().getRequests().get("storage");
        Quantity capacity = claim.getStatus().getCapacity() == null ? null
                : claim.getStatus().getCapacity().get("storage");
        if (wanted == null || capacity == null
                || Quantity.getAmountInBytes(wanted).compareTo(Quantity.getAmountInBytes(capacity)) <= 0) {
            return;
        }
        List<PersistentVolumeClaimCondition> conditions = Optional.ofNullable(claim.getStatus().getConditions())
                .orElse(List.of());
        boolean resizing = conditions.stream().anyMatch(c -> "Resizing".equals(c.getType()));
        boolean fsPending = conditions.stream().anyMatch(c -> "FileSystemResizePending".equals(c.getType()));
        var status = new PersistentVolumeClaimStatusBuilder(claim.getStatus());
        if (fsPending) {
            status.withCapacity(new HashMap<>(Map.of("storage", wanted))).withConditions(List.of())
                    .withAllocatedResourceStatuses(null);
        } else if (resizing) {
            status.withConditions(new PersistentVolumeClaimConditionBuilder().withType("FileSystemResizePending")
                    .withStatus("True").withLastTransitionTime(now())
                    .withMessage("Waiting for user to (re-)start a pod to finish file system resize of volume on node.")
                    .build()).withAllocatedResourceStatuses(Map.of("storage", "NodeResizePending"));
        } else {
            status.withConditions(new PersistentVolumeClaimConditionBuilder().withType("Resizing")
                    .withStatus("True").withLastTransitionTime(now()).build())
                    .withAllocatedResources(new HashMap<>(Map.of("storage", wanted)))
                    .withAllocatedResourceStatuses(Map.of("storage", "ControllerResizeInProgress"));
        }
        PersistentVolumeClaim updated = new PersistentVolumeClaimBuilder(claim).withStatus(status.build()).build();
        LOG.info("Sandbox resizes claim {}/{} to {}: {}", claim.getMetadata().getNamespace(),
                claim.getMetadata().getName(), wanted, fsPending ? "done" : resizing ? "file system" : "volume");
        ignoreGone(() -> client.persistentVolumeClaims().resource(updated).updateStatus());
    }

    private Pod createStatefulSetPod(StatefulSet sts, int ordinal, String revision, PodTemplateSpec template,
            List<Pod> allPods, Map<String, Node> nodes) {
        String ns = sts.getMetadata().getNamespace();
        String name = sts.getMetadata().getName() + "-" + ordinal;
        PodSpecBuilder spec = new PodSpecBuilder(template.getSpec()).withHostname(name)
                .withSubdomain(sts.getSpec().getServiceName());
        for (PersistentVolumeClaim claimTemplate : Optional.ofNullable(sts.getSpec().getVolumeClaimTemplates())
                .orElse(List.of())) {
            String claim = claimTemplate.getMetadata().getName() + "-" + name;
            ensureClaim(ns, claim, claimTemplate, sts.getSpec().getSelector());
            Volume volume = new VolumeBuilder().withName(claimTemplate.getMetadata().getName())
                    .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().build();
            spec.removeMatchingFromVolumes(v -> v.getName().equals(volume.getName())).addToVolumes(volume);
        }
        Map<String, String> labels = new HashMap<>(templateLabels(template));
        labels.put(REVISION_LABEL, revision);
        labels.put(STS_POD_NAME_LABEL, name);
        return createPod(ns, name, labels, template, spec.build(), ownerReference(sts), allPods, nodes);
    }

    private void ensureClaim(String ns, String claim, PersistentVolumeClaim template, LabelSelector selector) {
        if (client.persistentVolumeClaims().inNamespace(ns).withName(claim).get() != null) {
            return;
        }
        PersistentVolumeClaim pvc = new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(claim).withNamespace(ns)
                .withLabels(selector == null ? Map.of() : selector.getMatchLabels()).endMetadata()
                .withSpec(withStorageClass(template.getSpec()))
                .withNewStatus().withPhase("Bound").withAccessModes(template.getSpec().getAccessModes())
                .withCapacity(template.getSpec().getResources() == null ? Map.of()
                        : template.getSpec().getResources().getRequests())
                .endStatus().build();
        ignoreGone(() -> client.persistentVolumeClaims().resource(pvc).create());
    }

    /** The claim spec with the default StorageClass filled in when it names none, as the admission plugin does. */
    private PersistentVolumeClaimSpec withStorageClass(PersistentVolumeClaimSpec spec) {
        if (spec == null || spec.getStorageClassName() != null) {
            return spec;
        }
        String byDefault = client.storage().v1().storageClasses().list().getItems().stream()
                .filter(c -> c.getMetadata().getAnnotations() != null && "true".equals(c.getMetadata()
                        .getAnnotations().get("storageclass.kubernetes.io/is-default-class")))
                .map(c -> c.getMetadata().getName()).findFirst().orElse(null);
        return byDefault == null ? spec : new PersistentVolumeClaimSpecBuilder(spec).withStorageClassName(byDefault)
                .build();
    }

    private void reconcileDeployment(Deployment deployment, List<Pod> allPods, Map<String, Node> nodes) {
        if (dying(deployment)) {
            return;
        }
        String ns = deployment.getMetadata().getNamespace();
        String name = deployment.getMetadata().getName();
        int desired = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        String hash = templateHash(deployment.getSpec().getTemplate());
        String rsName = name + "-" + hash;
        List<Pod> pods = allPods.stream().filter(p -> ns.equals(p.getMetadata().getNamespace())
                && owner(p).filter(o -> "ReplicaSet".equals(o.getKind()) && o.getName().startsWith(name + "-")
                        && o.getName().length() == name.length() + 1 + hash.length()).isPresent()).toList();
        List<Pod> fresh = pods.stream().filter(p -> hash.equals(label(p, TEMPLATE_HASH_LABEL))).toList();
        List<Pod> old = pods.stream().filter(p -> !hash.equals(label(p, TEMPLATE_HASH_LABEL))).toList();
        adoptReplicaSets(deployment);
        ReplicaSet rs = ensureReplicaSet(deployment, rsName, hash);
        syncDeploymentRevision(deployment, rs);
        if (fresh.size() > desired) {
            fresh.stream().sorted(Comparator.comparing(this::podReady)).limit(fresh.size() - desired)
                    .forEach(this::deletePod);
        } else if (old.isEmpty()) {
            for (int i = fresh.size(); i < desired; i++) {
                allPods.add(createDeploymentPod(deployment, rs, hash, allPods, nodes));
            }
        } else {
            // Rolling update, one at a time: surge one new pod, then retire one old pod once the new ones are ready.
            boolean allReady = pods.stream().allMatch(this::podReady);
            long freshReady = fresh.stream().filter(this::podReady).count();
            if (fresh.size() < desired && allReady && pods.size() <= desired) {
                allPods.add(createDeploymentPod(deployment, rs, hash, allPods, nodes));
            } else if (freshReady + old.size() > desired || freshReady == desired) {
                old.stream().min(Comparator.comparing(this::podReady)).ifPresent(this::deletePod);
            } else if (pods.size() > desired) {
                old.stream().filter(p -> !podReady(p)).findFirst().ifPresent(this::deletePod);
            }
        }
        List<Pod> current = client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> owner(p).filter(o -> o.getName().startsWith(name + "-")).isPresent())
                .toList();
        int ready = (int) current.stream().filter(this::podReady).count();
        int updated = (int) current.stream().filter(p -> hash.equals(label(p, TEMPLATE_HASH_LABEL))).count();
        syncReplicaSets(ns, name, hash, current);
        var status = new DeploymentStatusBuilder(deployment.getStatus() == null
                ? new DeploymentStatus() : deployment.getStatus())
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(current.size()).withReadyReplicas(ready).withAvailableReplicas(ready)
                .withUnavailableReplicas(Math.max(0, desired - ready)).withUpdatedReplicas(updated).build();
        if (!status.equals(deployment.getStatus())) {
            Deployment copy = new DeploymentBuilder(deployment)
                    .withStatus(status).build();
            ignoreGone(() -> client.apps().deployments().resource(copy).updateStatus());
        }
    }

    /** The deployment's ReplicaSets, by owner UID. */
    private List<ReplicaSet> replicaSetsOf(Deployment deployment) {
        return client.apps().replicaSets().inNamespace(deployment.getMetadata().getNamespace()).list().getItems()
                .stream().filter(rs -> controlledBy(rs, deployment)).toList();
    }

    private static long revisionOf(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        try {
            return annotations == null || annotations.get(DEPLOYMENT_REVISION) == null ? 0
                    : Long.parseLong(annotations.get(DEPLOYMENT_REVISION));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Adopts ReplicaSets that match the deployment's selector and have no controller (left by an orphan delete). */
    private void adoptReplicaSets(Deployment deployment) {
        String ns = deployment.getMetadata().getNamespace();
        Supplier<HasMetadata> fresh = () -> client.apps().deployments().inNamespace(ns)
                .withName(deployment.getMetadata().getName()).get();
        if (!mayAdopt(deployment, fresh)) {
            return;
        }
        List<ReplicaSet> adoptedNow = new ArrayList<>();
        for (ReplicaSet rs : client.apps().replicaSets().inNamespace(ns).list().getItems()) {
            if (owner(rs).isEmpty() && LabelSelectors.matches(deployment.getSpec().getSelector(),
                    rs.getMetadata().getLabels())) {
                ReplicaSet adopted = new ReplicaSetBuilder(rs).editMetadata()
                        .addToOwnerReferences(ownerReference(deployment)).endMetadata().build();
                ignoreGone(() -> adoptedNow.add(client.apps().replicaSets().resource(adopted).update()));
            }
        }
        if (!adoptedNow.isEmpty() && !mayAdopt(deployment, fresh)) {
            for (ReplicaSet rs : adoptedNow) {
                ignoreGone(() -> client.apps().replicaSets().resource(disowned(rs, deployment)).update());
            }
        }
    }

    /**
     * Whether {@code owner} may still adopt, read fresh as the controllers' adoption recheck does: it exists with the
     * same UID and is not being deleted. An orphaning delete marks it first, so what it frees is not taken back.
     */
    private static boolean mayAdopt(HasMetadata owner, Supplier<HasMetadata> fresh) {
        HasMetadata now = fresh.get();
        return now != null && Objects.equals(now.getMetadata().getUid(), owner.getMetadata().getUid()) && !dying(now);
    }

    /** Whether {@code owner} is being deleted (a deletion timestamp, or an orphaning delete under way). */
    private static boolean dying(HasMetadata owner) {
        Map<String, String> annotations = owner.getMetadata().getAnnotations();
        return owner.getMetadata().getDeletionTimestamp() != null
                || annotations != null && annotations.containsKey(SandboxMarker.ORPHANING_ANNOTATION);
    }

    /** {@code dependent} without its owner reference to {@code owner}. */
    private static <T extends HasMetadata> T disowned(T dependent, HasMetadata owner) {
        T copy = Serialization.clone(dependent);
        copy.getMetadata().setOwnerReferences(new ArrayList<>(copy.getMetadata().getOwnerReferences().stream()
                .filter(r -> !Objects.equals(r.getUid(), owner.getMetadata().getUid())).toList()));
        return copy;
    }

    /**
     * Keeps the {@value #DEPLOYMENT_REVISION} annotations as the deployment controller does: the current ReplicaSet
     * holds the highest revision (a rollback to an older template moves its ReplicaSet to the top), and the
     * Deployment carries the same number. {@code kubectl rollout history} and {@code undo} read them.
     */
    private void syncDeploymentRevision(Deployment deployment, ReplicaSet rs) {
        long latest = replicaSetsOf(deployment).stream().filter(o -> !o.getMetadata().getName()
                .equals(rs.getMetadata().getName())).mapToLong(SandboxReconciler::revisionOf).max().orElse(0);
        long revision = revisionOf(rs);
        if (revision <= latest) {
            revision = latest + 1;
            String value = Long.toString(revision);
            ignoreGone(() -> client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                    .withName(rs.getMetadata().getName()).edit(r -> new ReplicaSetBuilder(r).editMetadata()
                            .addToAnnotations(DEPLOYMENT_REVISION, value).endMetadata().build()));
        }
        if (revisionOf(deployment) != revision) {
            String value = Long.toString(revision);
            ignoreGone(() -> client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                    .withName(deployment.getMetadata().getName()).edit(d -> new DeploymentBuilder(d).editMetadata()
                            .addToAnnotations(DEPLOYMENT_REVISION, value).endMetadata().build()));
        }
    }

    private ReplicaSet ensureReplicaSet(Deployment deployment, String rsName, String hash) {
        String ns = deployment.getMetadata().getNamespace();
        ReplicaSet existing = client.apps().replicaSets().inNamespace(ns).withName(rsName).get();
        if (existing != null) {
            return existing;
        }
        Map<String, String> labels = new HashMap<>(templateLabels(deployment.getSpec().getTemplate()));
        labels.put(TEMPLATE_HASH_LABEL, hash);
        long revision = replicaSetsOf(deployment).stream().mapToLong(SandboxReconciler::revisionOf).max()
                .orElse(0) + 1;
        ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName(rsName).withNamespace(ns)
                .withLabels(labels).withOwnerReferences(ownerReference(deployment))
                .addToAnnotations(DEPLOYMENT_REVISION, Long.toString(revision)).endMetadata()
                .withNewSpec().withReplicas(0).withSelector(deployment.getSpec().getSelector())
                .withTemplate(deployment.getSpec().getTemplate()).endSpec().build();
        return client.apps().replicaSets().resource(rs).create();
    }

    /** Keeps each ReplicaSet's replica counts equal to the pods it owns (old ones wind down to zero). */
    private void syncReplicaSets(String ns, String deployment, String hash, List<Pod> pods) {
        for (ReplicaSet rs : client.apps().replicaSets().inNamespace(ns).list().getItems()) {
            if (owner(rs).filter(o -> deployment.equals(o.getName())).isEmpty()) {
                continue;
            }
            String name = rs.getMetadata().getName();
            List<Pod> owned = pods.stream().filter(p -> owner(p).filter(o -> name.equals(o.getName())).isPresent())
                    .toList();
            int replicas = owned.size();
            int ready = (int) owned.stream().filter(this::podReady).count();
            boolean current = name.endsWith("-" + hash);
            if (!current && replicas == 0) {
                ReplicaSet idle = new ReplicaSetBuilder(rs).editSpec().withReplicas(0).endSpec()
                        .withStatus(new ReplicaSetStatusBuilder().withReplicas(0).build()).build();
                if (!idle.getSpec().equals(rs.getSpec()) || !idle.getStatus().equals(rs.getStatus())) {
                    ignoreGone(() -> client.apps().replicaSets().resource(idle).update());
                }
                continue;
            }
            ReplicaSet updated = new ReplicaSetBuilder(rs).editSpec().withReplicas(replicas).endSpec()
                    .withStatus(new ReplicaSetStatusBuilder().withReplicas(replicas).withReadyReplicas(ready)
                            .withAvailableReplicas(ready).build()).build();
            if (!updated.getSpec().equals(rs.getSpec()) || !Objects.equals(updated.getStatus(), rs.getStatus())) {
                ignoreGone(() -> client.apps().replicaSets().resource(updated).update());
            }
        }
    }

    private Pod createDeploymentPod(Deployment deployment, ReplicaSet rs, String hash, List<Pod> allPods,
            Map<String, Node> nodes) {
        String ns = deployment.getMetadata().getNamespace();
        String name;
        do {
            name = rs.getMetadata().getName() + "-" + randomSuffix();
        } while (findPod(allPods, ns, name).isPresent());
        Map<String, String> labels = new HashMap<>(templateLabels(deployment.getSpec().getTemplate()));
        labels.put(TEMPLATE_HASH_LABEL, hash);
        return createPod(ns, name, labels, deployment.getSpec().getTemplate(),
                new PodSpecBuilder(deployment.getSpec().getTemplate().getSpec()).build(), ownerReference(rs),
                allPods, nodes);
    }

    private Pod createPod(String ns, String name, Map<String, String> labels, PodTemplateSpec template,
            PodSpec spec, OwnerReference owner, List<Pod> allPods, Map<String, Node> nodes) {
        String node = schedule(ns, labels, allPods, nodes.values());
        if (node != null) {
            spec.setNodeName(node);
        }
        Map<String, String> annotations = template.getMetadata() == null
                || template.getMetadata().getAnnotations() == null ? Map.of()
                        : template.getMetadata().getAnnotations();
        PodStatus status = node == null
                ? new PodStatusBuilder().withPhase("Pending").withConditions(new PodConditionBuilder()
                        .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                        .withMessage("0/" + nodes.size() + " nodes are available: no Ready, schedulable node.")
                        .withLastTransitionTime(now()).build()).build()
                : new PodStatusBuilder().withPhase("Pending").withConditions(condition("PodScheduled", true, null))
                        .build();
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels)
                .withAnnotations(annotations).withOwnerReferences(owner).withCreationTimestamp(now()).endMetadata()
                .withSpec(spec).withStatus(status).build();
        LOG.info("Sandbox creates pod {}/{} on {}", ns, name, node == null ? "no node (Pending)" : node);
        Pod created = client.pods().resource(pod).create();
        if (node == null) {
            failedScheduling(created, nodes.size());
        } else {
            scheduled(created, node);
        }
        return created;
    }

    /** The scheduler's retry: a pending pod goes to a node that can take it now, or is reported again. */
    private void retrySchedule(Pod pod, List<Pod> allPods, Map<String, Node> nodes) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        Map<String, String> labels = Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
        String node = schedule(pod.getMetadata().getNamespace(), labels, allPods, nodes.values());
        if (node == null) {
            Long last = lastFailedScheduling.get(key(pod));
            if (last == null || System.nanoTime() - last > FAILED_SCHEDULING_REPEAT.toNanos()) {
                failedScheduling(pod, nodes.size());
            }
            return;
        }
        List<PodCondition> conditions = new ArrayList<>(Optional.ofNullable(pod.getStatus())
                .map(PodStatus::getConditions).orElse(List.of()));
        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
        conditions.add(condition("PodScheduled", true, null));
        Pod bound = new PodBuilder(pod).editSpec().withNodeName(node).endSpec()
                .withStatus(new PodStatusBuilder(pod.getStatus() == null ? new PodStatus() : pod.getStatus())
                        .withConditions(conditions).build()).build();
        LOG.info("Sandbox schedules pending pod {} on {}", key(pod), node);
        ignoreGone(() -> client.pods().resource(bound).update());
        lastFailedScheduling.remove(key(pod));
        scheduled(pod, node);
    }

    private void failedScheduling(Pod pod, int nodeCount) {
        lastFailedScheduling.put(key(pod), System.nanoTime());
        recordEvent(pod, "Warning", "FailedScheduling", "0/" + nodeCount + " nodes are available: "
                + nodeCount + " node(s) were not ready or were unschedulable (sandbox).", "sandbox-scheduler");
    }

    private void scheduled(Pod pod, String node) {
        recordEvent(pod, "Normal", "Scheduled", "Successfully assigned " + key(pod) + " to " + node,
                "sandbox-scheduler");
    }

    /**
     * Writes a core v1 Event about a pod, as the scheduler and kubelet do: one per pod and reason, its count and
     * last timestamp advancing when it happens again. Best effort: an event that cannot be written is skipped.
     */
    private void recordEvent(Pod pod, String type, String reason, String message, String component) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName() + "." + reason.toLowerCase(java.util.Locale.ROOT);
        String now = now();
        try {
            Event existing = client.v1().events().inNamespace(ns).withName(name).get();
            boolean again = existing != null && existing.getInvolvedObject() != null
                    && Objects.equals(existing.getInvolvedObject().getUid(), pod.getMetadata().getUid());
            Event event = new EventBuilder(existing == null ? new Event() : existing)
                    .withNewMetadata().withName(name).withNamespace(ns)
                    .withResourceVersion(existing == null ? null : existing.getMetadata().getResourceVersion())
                    .endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(ns)
                    .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withNewSource().withComponent(component).endSource().withReportingComponent(component)
                    .withCount(again && existing.getCount() != null ? existing.getCount() + 1 : 1)
                    .withFirstTimestamp(again && existing.getFirstTimestamp() != null ? existing.getFirstTimestamp()
                            : now)
                    .withLastTimestamp(now).build();
            if (existing == null) {
                client.v1().events().resource(event).create();
            } else {
                client.v1().events().resource(event).update();
            }
        } catch (KubernetesClientException e) {
            LOG.debug("Sandbox could not record event {} for {}: {}", reason, key(pod), e.getMessage());
        }
    }

    /**
     * Picks a Ready, schedulable node: fewest pods of the same workload first (anti-affinity as a preference),
     * then fewest pods overall, then by name; null when no node can take the pod.
     */
    static String schedule(String ns, Map<String, String> labels, List<Pod> pods, Collection<Node> nodes) {
        String app = labels.getOrDefault("app", labels.getOrDefault("app.kubernetes.io/name", ""));
        return nodes.stream()
                .filter(n -> nodeReady(n) && !failed(n) && !Boolean.TRUE.equals(n.getSpec() == null ? null
                        : n.getSpec().getUnschedulable()))
                .min(Comparator.<Node>comparingLong(n -> pods.stream().filter(p -> onNode(p, n)
                                && ns.equals(p.getMetadata().getNamespace())
                                && app.equals(label(p, "app", label(p, "app.kubernetes.io/name", null))))
                                .count())
                        .thenComparingLong(n -> pods.stream().filter(p -> onNode(p, n)).count())
                        .thenComparing(n -> n.getMetadata().getName()))
                .map(n -> n.getMetadata().getName()).orElse(null);
    }

    private static boolean onNode(Pod pod, Node node) {
        return pod.getSpec() != null && node.getMetadata().getName().equals(pod.getSpec().getNodeName());
    }

    // ---- pods -----------------------------------------------------------------------------------------------

    /** Stops the stand-ins of pods that were deleted from the API. */
    private void stopRemovedPods(List<Pod> pods) {
        Set<String> present = pods.stream().map(SandboxReconciler::key).collect(Collectors.toSet());
        lastFailedScheduling.keySet().retainAll(present);
        for (String key : List.copyOf(started)) {
            if (!present.contains(key)) {
                stopProcess(key);
            }
        }
    }

    private void stopProcess(String key) {
        int slash = key.indexOf('/');
        started.remove(key);
        processes.stop(key.substring(0, slash), key.substring(slash + 1));
    }

    private void deletePod(Pod pod) {
        LOG.info("Sandbox deletes pod {}", key(pod));
        ignoreGone(() -> client.pods().resource(pod).withGracePeriod(0).delete());
        lastFailedScheduling.remove(key(pod));
        if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
            recordEvent(pod, "Normal", "Killing", "Stopping container " + pod.getSpec().getContainers().get(0)
                    .getName(), "sandbox-kubelet");
        }
        stopProcess(key(pod));
    }

    /**
     * Binds a pending pod once a node can take it; starts the pod's stand-in as its node allows (a stand-in to stop
     * is added to {@code toStop}), and writes the status the stand-in reports.
     */
    private void syncPod(Pod pod, List<Pod> allPods, Map<String, Node> nodes, List<String> toStop) {
        String key = key(pod);
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (nodeName == null) {
            retrySchedule(pod, allPods, nodes);
            return;
        }
        Node node = nodes.get(nodeName);
        boolean nodeUp = node != null && !failed(node);
        if (nodeUp && !started.contains(key)) {
            Pod withIp = ensurePodIp(pod, node);
            started.add(key);
            processes.start(withIp);
        } else if (!nodeUp && started.contains(key)) {
            toStop.add(key);
        }
        if (nodeUp && marked(pod, SandboxMarker.POD_HUNG_ANNOTATION)) {
            processes.hang(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        }
        if (nodeUp && marked(pod, SandboxMarker.VOLUME_WIPED_ANNOTATION)
                && processes.wipeVolumes(pod.getMetadata().getNamespace(), pod.getMetadata().getName())) {
            // Once: the annotation goes as soon as the volumes are empty; the status follows on the next pass.
            recordEvent(pod, "Warning", "VolumesWiped", "The files of the pod's persistent volumes were deleted"
                    + " (sandbox storage fault); container restarted", "sandbox-kubelet");
            ignoreGone(() -> client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).edit(p -> {
                        Map<String, String> a = new HashMap<>(Optional.ofNullable(p.getMetadata()
                                .getAnnotations()).orElse(Map.of()));
                        a.remove(SandboxMarker.VOLUME_WIPED_ANNOTATION);
                        p.getMetadata().setAnnotations(a);
                        return p;
                    }));
            return;
        }
        PodStatus status = podStatus(pod, node, nodeUp ? processes.status(pod.getMetadata().getNamespace(),
                pod.getMetadata().getName()) : Optional.empty(), nodeUp);
        String noProcess = runtimes.apply(key).filter(r -> !r.available()).map(PodRuntime::unavailable)
                .orElse(null);
        Map<String, String> annotations = new HashMap<>(Optional.ofNullable(pod.getMetadata().getAnnotations())
                .orElse(Map.of()));
        boolean annotationChanged = !Objects.equals(annotations.get(NO_PROCESS_ANNOTATION), noProcess);
        if (noProcess == null) {
            annotations.remove(NO_PROCESS_ANNOTATION);
        } else {
            annotations.put(NO_PROCESS_ANNOTATION, noProcess);
        }
        if (!sameStatus(status, pod.getStatus()) || annotationChanged) {
            Pod updated = new PodBuilder(pod).editMetadata().withAnnotations(annotations).endMetadata()
                    .withStatus(status).build();
            ignoreGone(() -> client.pods().resource(updated).update());
        }
    }

    /** Whether a sandbox fault annotation is set to {@code "true"} on the pod. */
    private static boolean marked(Pod pod, String annotation) {
        return "true".equalsIgnoreCase(Optional.ofNullable(pod.getMetadata().getAnnotations())
                .map(a -> a.get(annotation)).orElse(null));
    }

    private Pod ensurePodIp(Pod pod, Node node) {
        String ip = podIps.computeIfAbsent(key(pod), k -> {
            int nodeIndex = Math.abs(node.getMetadata().getName().hashCode() % 200) + 1;
            return "10.42." + nodeIndex + "." + (nextIp++ % 250 + 2);
        });
        PodStatus status = new PodStatusBuilder(pod.getStatus() == null ? new PodStatus() : pod.getStatus())
                .withPodIP(ip).withHostIP(hostIp(node)).build();
        return new PodBuilder(pod).withStatus(status).build();
    }

    private static String hostIp(Node node) {
        return "192.168.50." + (Math.abs(node.getMetadata().getName().hashCode() % 200) + 10);
    }

    private PodStatus podStatus(Pod pod, Node node, Optional<RuntimeStatus> runtime, boolean nodeUp) {
        PodStatus previous = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        boolean running = nodeUp && runtime.map(RuntimeStatus::running).orElse(false);
        boolean ready = running && runtime.map(RuntimeStatus::ready).orElse(false);
        int restarts = runtime.map(RuntimeStatus::restarts).orElse(restartsOf(previous));
        String reason = nodeUp ? runtime.map(RuntimeStatus::reason).orElse("ContainerCreating")
                : "NodeNotReady";
        String startedAt = previous.getStartTime() == null ? now() : previous.getStartTime();
        List<ContainerStatus> containers = new ArrayList<>();
        for (var container : pod.getSpec().getContainers()) {
            ContainerStatusBuilder cs = new ContainerStatusBuilder().withName(container.getName())
                    .withImage(container.getImage()).withImageID("sandbox://" + container.getImage())
                    .withReady(ready).withRestartCount(restarts).withStarted(running);
            if (running) {
                cs.withNewState().withNewRunning().withStartedAt(startedAt).endRunning().endState();
            } else {
                // A container that exited waits for its restart in back-off, as a kubelet reports it.
                String waiting = !nodeUp ? "NodeNotReady" : reason != null && reason.startsWith("exited with status")
                        ? "CrashLoopBackOff" : "ContainerCreating";
                cs.withNewState().withNewWaiting().withReason(waiting).withMessage(reason).endWaiting().endState();
            }
            containers.add(cs.build());
        }
        List<PodCondition> conditions = List.of(
                condition("PodScheduled", true, null),
                condition("Initialized", true, null),
                condition("ContainersReady", ready, ready ? null : reason),
                condition("Ready", ready, ready ? null : reason));
        return new PodStatusBuilder().withPhase(running || !nodeUp ? "Running" : "Pending")
                .withPodIP(podIps.getOrDefault(key(pod), previous.getPodIP()))
                .withHostIP(node == null ? previous.getHostIP() : hostIp(node))
                .withStartTime(startedAt).withConditions(withTransitionTimes(conditions, previous))
                .withContainerStatuses(containers).withQosClass("Burstable").build();
    }

    private static int restartsOf(PodStatus status) {
        return status.getContainerStatuses() == null || status.getContainerStatuses().isEmpty() ? 0
                : Optional.ofNullable(status.getContainerStatuses().get(0).getRestartCount()).orElse(0);
    }

    private PodCondition condition(String type, boolean status, String message) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False")
                .withReason(status ? null : "ContainersNotReady").withMessage(message)
                .withLastTransitionTime(now()).build();
    }

    /** Keeps a condition's transition time unless its status changed, as the API server's clients expect. */
    private static List<PodCondition> withTransitionTimes(List<PodCondition> conditions, PodStatus previous) {
        List<PodCondition> result = new ArrayList<>();
        for (PodCondition c : conditions) {
            Optional<PodCondition> before = Optional.ofNullable(previous.getConditions()).orElse(List.of()).stream()
                    .filter(p -> p.getType().equals(c.getType())).findFirst();
            if (before.isPresent() && before.get().getStatus().equals(c.getStatus())) {
                c.setLastTransitionTime(before.get().getLastTransitionTime());
            }
            result.add(c);
        }
        return result;
    }

    /** Status equality that ignores timestamps we regenerate on every pass. */
    private static boolean sameStatus(PodStatus a, PodStatus b) {
        if (b == null) {
            return false;
        }
        String left = Serialization.asJson(a.getConditions()) + a.getPhase() + a.getPodIP() + a.getHostIP()
                + Serialization.asJson(a.getContainerStatuses());
        String right = Serialization.asJson(b.getConditions()) + b.getPhase() + b.getPodIP() + b.getHostIP()
                + Serialization.asJson(b.getContainerStatuses());
        return left.equals(right);
    }

    boolean podReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    // ---- PDBs -----------------------------------------------------------------------------------------------

    private void syncPdb(PodDisruptionBudget pdb, List<Pod> pods) {
        String ns = pdb.getMetadata().getNamespace();
        LabelSelector selector = pdb.getSpec().getSelector();
        List<Pod> matching = pods.stream().filter(p -> ns.equals(p.getMetadata().getNamespace())
                && LabelSelectors.matches(selector, p.getMetadata().getLabels())).toList();
        int expected = expectedPods(ns, selector, matching.size());
        Map<String, String> disrupted = stillDisrupted(pdb, matching);
        int healthy = (int) matching.stream()
                .filter(p -> podReady(p) && !disrupted.containsKey(p.getMetadata().getName())).count();
        int desiredHealthy;
        if (pdb.getSpec().getMinAvailable() != null) {
            desiredHealthy = scaled(pdb.getSpec().getMinAvailable(), expected);
        } else if (pdb.getSpec().getMaxUnavailable() != null) {
            desiredHealthy = Math.max(0, expected - scaled(pdb.getSpec().getMaxUnavailable(), expected));
        } else {
            desiredHealthy = expected;
        }
        var status = new PodDisruptionBudgetStatusBuilder()
                .withObservedGeneration(pdb.getMetadata().getGeneration())
                .withExpectedPods(expected).withCurrentHealthy(healthy).withDesiredHealthy(desiredHealthy)
                .withDisruptionsAllowed(Math.max(0, healthy - desiredHealthy))
                .withDisruptedPods(disrupted.isEmpty() ? null : disrupted).build();
        var previous = pdb.getStatus();
        if (previous == null || !Objects.equals(previous.getExpectedPods(), status.getExpectedPods())
                || !Objects.equals(emptyIfNull(previous.getDisruptedPods()), disrupted)
                || !Objects.equals(previous.getCurrentHealthy(), status.getCurrentHealthy())
                || !Objects.equals(previous.getDesiredHealthy(), status.getDesiredHealthy())
                || !Objects.equals(previous.getDisruptionsAllowed(), status.getDisruptionsAllowed())) {
            PodDisruptionBudget copy = new PodDisruptionBudgetBuilder(pdb)
                    .withStatus(status).build();
            ignoreGone(() -> client.policy().v1().podDisruptionBudget().resource(copy).updateStatus());
        }
    }

    /**
     * The pods an eviction has recorded in the budget's {@code status.disruptedPods} that must not count as healthy
     * yet: as the disruption controller does, an entry stays while its pod is still listed, not being deleted, and
     * the eviction is less than {@link #DISRUPTION_TIMEOUT} old. An entry whose pod is listed unready is dropped too:
     * that is the replacement of a StatefulSet pod (same name), which the store shows at once where a cluster would
     * first show the old pod terminating, and it does not count as healthy anyway. This closes the gap between an
     * eviction and the reconciler's next view of the pods, during which the evicted pod would otherwise count again.
     */
    private Map<String, String> stillDisrupted(PodDisruptionBudget pdb, List<Pod> matching) {
        Map<String, String> recorded = pdb.getStatus() == null ? null : pdb.getStatus().getDisruptedPods();
        Map<String, String> kept = new HashMap<>();
        if (recorded == null || recorded.isEmpty()) {
            return kept;
        }
        Instant now = Instant.now(clock);
        for (Pod pod : matching) {
            String since = recorded.get(pod.getMetadata().getName());
            if (since == null || pod.getMetadata().getDeletionTimestamp() != null || !podReady(pod)) {
                continue;
            }
            try {
                if (Instant.parse(since).plus(DISRUPTION_TIMEOUT).isAfter(now)) {
                    kept.put(pod.getMetadata().getName(), since);
                }
            } catch (java.time.format.DateTimeParseException e) {
                LOG.debug("Ignoring unreadable disruption time {} of {} in {}", since, key(pod),
                        pdb.getMetadata().getName());
            }
        }
        return kept;
    }

    private static Map<String, String> emptyIfNull(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    /** The replicas the selected pods' controllers want, as the disruption controller counts them. */
    private int expectedPods(String ns, LabelSelector selector, int fallback) {
        int expected = 0;
        boolean found = false;
        for (StatefulSet sts : client.apps().statefulSets().inNamespace(ns).list().getItems()) {
            if (LabelSelectors.matches(selector, templateLabels(sts.getSpec().getTemplate()))) {
                expected += Optional.ofNullable(sts.getSpec().getReplicas()).orElse(1);
                found = true;
            }
        }
        for (Deployment d : client.apps().deployments().inNamespace(ns).list().getItems()) {
            if (LabelSelectors.matches(selector, templateLabels(d.getSpec().getTemplate()))) {
                expected += Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
                found = true;
            }
        }
        return found ? expected : fallback;
    }

    static int scaled(IntOrString value, int total) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s != null && s.endsWith("%")) {
            return (int) Math.ceil(total * Integer.parseInt(s.substring(0, s.length() - 1).trim()) / 100.0);
        }
        return s == null ? 0 : Integer.parseInt(s.trim());
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static List<Pod> ownedBy(List<Pod> pods, HasMetadata owner) {
        String uid = owner.getMetadata().getUid();
        return pods.stream().filter(p -> owner.getMetadata().getNamespace().equals(p.getMetadata().getNamespace())
                && owner(p).filter(o -> owner.getKind().equals(o.getKind())
                        && owner.getMetadata().getName().equals(o.getName())
                        && (o.getUid() == null || uid == null || uid.equals(o.getUid()))).isPresent())
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private static Optional<OwnerReference> owner(HasMetadata object) {
        return Optional.ofNullable(object.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
    }

    private static OwnerReference ownerReference(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    private static Optional<Integer> ordinal(String set, String pod) {
        if (!pod.startsWith(set + "-")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(pod.substring(set.length() + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Pod> findPod(List<Pod> pods, String ns, String name) {
        return pods.stream().filter(p -> ns.equals(p.getMetadata().getNamespace())
                && name.equals(p.getMetadata().getName())).findFirst();
    }

    private static Map<String, String> templateLabels(PodTemplateSpec template) {
        return template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                : template.getMetadata().getLabels();
    }

    private static String label(HasMetadata object, String name) {
        return label(object, name, null);
    }

    private static String label(HasMetadata object, String name, String fallback) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? fallback : labels.getOrDefault(name, fallback);
    }

    static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** A short, stable hash of a pod template in the alphabet Kubernetes uses for generated names. */
    static String templateHash(PodTemplateSpec template) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Serialization.asJson(template).getBytes(StandardCharsets.UTF_8));
            StringBuilder hash = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                hash.append(NAME_ALPHABET.charAt((digest[i] & 0xff) % NAME_ALPHABET.length()));
            }
            return hash.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private String randomSuffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
        }
        return suffix.toString();
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Another writer (a user, kubectl) may delete or change an object between our read and our write. */
    private void ignoreGone(Runnable write) {
        try {
            write.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
            LOG.debug("Sandbox reconciler lost a race, retrying next pass: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        watches.forEach(Watch::close);
        // No interrupt: a pass stopped mid-request would leave the API server waiting on that request.
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
