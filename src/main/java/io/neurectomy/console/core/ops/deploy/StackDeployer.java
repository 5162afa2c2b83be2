package io.neurectomy.console.core.ops.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.ops.deploy.ObjectChange.Action;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackObject;
import io.neurectomy.console.core.topology.HaFindings;
import io.neurectomy.console.core.util.BoundedYaml;
import io.neurectomy.console.core.util.TextDiff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validate, plan, apply and watch the rollout of the bundled stack on a cluster (the seed's
 * {@code deploy-monitoring.sh validate|deploy}): the cluster work behind {@link DeployOperation} and
 * {@link ValidateOperation}, which the deploy wizard and the {@code validate} / {@code deploy} commands run.
 *
 * <p>Objects are written with plain create and update (read, write the manifest's fields over the live object, update
 * with its resourceVersion): no server-side apply, so it works on every API server, and the console adds no labels or
 * annotations of its own. Running a deploy again on a deployed stack plans every object "unchanged" and writes
 * nothing.
 */
public final class StackDeployer {
    private static final Logger LOG = LoggerFactory.getLogger(StackDeployer.class);
    /** Dependencies first: what pods need exists before the workloads, the Ingress last. */
    static final List<String> APPLY_ORDER = List.of("Namespace", "ServiceAccount", "ClusterRole", "Role",
            "ClusterRoleBinding", "RoleBinding", "ConfigMap", "Secret", "Service", "PodDisruptionBudget",
            "NetworkPolicy", "StatefulSet", "Deployment", "Ingress");
    private static final Duration POLL = Duration.ofMillis(500);

    private final ClusterSession session;

    public StackDeployer(ClusterSession session) {
        this.session = session;
    }

    /** Rank of a kind in {@link #APPLY_ORDER}; unknown kinds go last. */
    static int rank(String kind) {
        int i = APPLY_ORDER.indexOf(kind);
        return i < 0 ? APPLY_ORDER.size() : i;
    }

    /** The stack's objects in apply order (the rendering order is kept among objects of one kind). */
    static List<StackObject> ordered(RenderedStack stack) {
        List<StackObject> objects = new ArrayList<>(stack.objects());
        objects.sort(Comparator.comparingInt(o -> rank(o.kind())));
        return objects;
    }

    /**
     * Compares every object of the stack with the cluster: create, update (with a diff of the manifest's fields) or
     * unchanged. Reads only.
     */
    public DeployPlan plan(RenderedStack stack, Cancellation cancellation) {
        List<DeployPlan.Item> items = new ArrayList<>();
        for (StackObject object : ordered(stack)) {
            cancellation.check();
            items.add(compare(object));
        }
        return new DeployPlan(stack.environment(), session.context(), items);
    }

    private DeployPlan.Item compare(StackObject object) {
        HasMetadata desired = object.resource();
        Map<String, Object> fields = ObjectFields.desired(desired);
        String ns = desired.getMetadata().getNamespace();
        HasMetadata live;
        try {
            live = session.client().resource(desired).get();
        } catch (RuntimeException e) {
            throw ApiFailures.map(session, e, "get", ApiFailures.plural(object.kind()) + "/" + object.name(), ns,
                    List.of(), List.of());
        }
        Action action;
        String diff = "";
        if (live == null) {
            action = Action.CREATE;
        } else {
            Map<String, Object> liveFields = ObjectFields.toMap(live);
            if (ObjectFields.matches(fields, liveFields)) {
                action = Action.UNCHANGED;
            } else {
                action = Action.UPDATE;
                @SuppressWarnings("unchecked")
                Map<String, Object> projected = (Map<String, Object>) ObjectFields.project(fields, liveFields);
                Map<String, Object> shownDesired = fields;
                Map<String, Object> shownLive = projected;
                if ("Secret".equals(object.kind())) {
                    Map<String, Object>[] masked = ObjectFields.maskSecrets(fields, projected);
                    shownDesired = masked[0];
                    shownLive = masked[1];
                }
                diff = TextDiff.of(ObjectFields.yaml(shownLive), ObjectFields.yaml(shownDesired))
                        .unified("live " + object.ref(), "manifest " + object.ref(), 2);
            }
        }
        ObjectChange change = new ObjectChange(object.kind(), ns == null ? "" : ns, object.name(), action, diff,
                object.location());
        return new DeployPlan.Item(change, desired, fields);
    }

    /** How the cluster differs from the stack: every object of the stack, and objects the stack does not have. */
    public record Comparison(List<ObjectChange> objects, List<ObjectChange> extra) {
        public Comparison {
            objects = List.copyOf(objects);
            extra = List.copyOf(extra);
        }
    }

    /**
     * The comparison half of the seed's {@code validate}: how the cluster differs from the stack (missing, different
     * and extra objects). Writes nothing.
     */
    public Comparison compare(RenderedStack stack, Cancellation cancellation) {
        DeployPlan plan = plan(stack, cancellation);
        List<ObjectChange> extra = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (ObjectChange c : plan.changes()) {
            known.add(c.kind() + "/" + c.namespace() + "/" + c.name());
        }
        String ns = RenderedStack.NAMESPACE;
        if (plan.changes().stream().noneMatch(c -> c.kind().equals("Namespace") && c.action() == Action.CREATE)) {
            for (HasMetadata o : NamespaceObjects.list(session, ns, cancellation)) {
                String objectNs = o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace();
                String key = o.getKind() + "/" + objectNs + "/" + o.getMetadata().getName();
                if (!known.contains(key) && !"PersistentVolumeClaim".equals(o.getKind())) {
                    extra.add(new ObjectChange(o.getKind(), objectNs, o.getMetadata().getName(), Action.EXTRA, "",
                            ""));
                }
            }
        }
        return new Comparison(plan.changes(), extra);
    }

    /** What writing one object did. */
    enum Outcome { CREATED, UPDATED, UNCHANGED }

    /**
     * Writes one planned object (see {@link #write(DeployPlan.Item)}). Throws a {@link DeployException} naming what
     * was applied before ({@code done}) and what not ({@code notDone}, this object first) when the cluster refuses
     * or the connection breaks.
     */
    Outcome apply(DeployPlan.Item item, List<String> done, List<String> notDone) {
        ObjectChange change = item.change();
        Outcome outcome;
        try {
            outcome = write(item);
        } catch (RuntimeException e) {
            throw ApiFailures.map(session, e, change.action() == Action.CREATE ? "create" : "update",
                    ApiFailures.plural(change.kind()) + "/" + change.name(),
                    change.namespace().isEmpty() ? null : change.namespace(), done, notDone);
        }
        if (outcome != Outcome.UNCHANGED) {
            LOG.info("{} {} on context {}", outcome == Outcome.CREATED ? "Created" : "Updated", change.ref(),
                    session.context());
        }
        return outcome;
    }

    /** Writes one object from what is live now (the plan may be minutes old). */
    private Outcome write(DeployPlan.Item item) {
        HasMetadata desired = item.desired();
        HasMetadata live = session.client().resource(desired).get();
        if (live == null) {
            session.client().resource(ObjectFields.toObject(item.desiredFields(), desired)).create();
            return Outcome.CREATED;
        }
        Map<String, Object> liveFields = ObjectFields.toMap(live);
        if (ObjectFields.matches(item.desiredFields(), liveFields)) {
            return Outcome.UNCHANGED;
        }
        Map<String, Object> merged = ObjectFields.merge(liveFields, item.desiredFields());
        if ("Secret".equals(desired.getKind())) {
            merged.remove("stringData");
        }
        // update() sends the live resourceVersion: a concurrent change answers 409 instead of being overwritten.
        session.client().resource(ObjectFields.toObject(merged, desired)).update();
        return Outcome.UPDATED;
    }

    /**
     * The secret values the deployed stack has now, by value name ({@code grafanaAdminPassword},
     * {@code grafanaSecretKey}, {@code ingressBasicAuthHtpasswd}, {@code slackWebhookUrl},
     * {@code pagerdutyRoutingKey}), for a deploy that keeps them; empty when the stack is not deployed. Changing
     * Grafana's secret key would make the secrets Grafana stored in its database unreadable, so a redeploy keeps
     * it. The values stay in memory and are never logged.
     */
    public Map<String, String> currentSecrets() {
        String ns = RenderedStack.NAMESPACE;
        Secret grafana;
        Secret auth;
        Secret alertmanager;
        try {
            grafana = session.client().secrets().inNamespace(ns).withName("grafana-admin").get();
            auth = session.client().secrets().inNamespace(ns).withName("ingress-basic-auth").get();
            alertmanager = session.client().secrets().inNamespace(ns).withName(RenderedStack.ALERTMANAGER_CONFIG)
                    .get();
        } catch (RuntimeException e) {
            throw ApiFailures.map(session, e, "get", "secrets", ns, List.of(), List.of());
        }
        return secretValues(grafana, auth, alertmanager);
    }

    /**
     * The stack's secret values as its Secrets hold them ({@code grafana-admin}, {@code ingress-basic-auth} and the
     * Alertmanager config's receivers), by value name; any of the Secrets may be null (then its values are missing).
     * A deployed stack's, or an archive's when a stack is deployed anew from it.
     */
    public static Map<String, String> secretValues(Secret grafana, Secret auth, Secret alertmanager) {
        Map<String, String> out = new LinkedHashMap<>();
        putDecoded(out, "grafanaAdminPassword", grafana, "admin-password");
        putDecoded(out, "grafanaSecretKey", grafana, "secret-key");
        putDecoded(out, "ingressBasicAuthHtpasswd", auth, "auth");
        Map<String, String> decoded = new LinkedHashMap<>();
        putDecoded(decoded, "config", alertmanager, "alertmanager.yml");
        if (decoded.containsKey("config")) {
            try {
                Object doc = BoundedYaml.load(decoded.get("config"));
                if (doc instanceof Map<?, ?> config && config.get("receivers") instanceof List<?> receivers) {
                    for (Object r : receivers) {
                        if (r instanceof Map<?, ?> receiver) {
                            first(receiver.get("slack_configs"), "api_url")
                                    .ifPresent(v -> out.putIfAbsent("slackWebhookUrl", v));
                            first(receiver.get("pagerduty_configs"), "routing_key")
                                    .ifPresent(v -> out.putIfAbsent("pagerdutyRoutingKey", v));
                        }
                    }
                }
            } catch (RuntimeException e) {
                // An alertmanager.yml someone broke by hand: its receivers cannot be kept; the wizard asks for them.
                LOG.debug("The deployed alertmanager.yml does not parse; its receivers are not kept");
            }
        }
        return out;
    }

    private static Optional<String> first(Object configs, String key) {
        if (configs instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> m
                && m.get(key) != null) {
            return Optional.of(String.valueOf(m.get(key)));
        }
        return Optional.empty();
    }

    private static void putDecoded(Map<String, String> out, String name, Secret secret,
            String key) {
        if (secret == null) {
            return;
        }
        String value = null;
        if (secret.getData() != null && secret.getData().get(key) != null) {
            value = new String(Base64.getDecoder().decode(secret.getData().get(key)),
                    StandardCharsets.UTF_8);
        } else if (secret.getStringData() != null) {
            value = secret.getStringData().get(key);
        }
        if (value != null && !value.isEmpty()) {
            out.put(name, value);
        }
    }

    /** Ready replicas of one workload. */
    public record WorkloadRollout(String kind, String name, int desired, int ready, int updated) {
        /** Whether every replica runs the current template and is ready. */
        public boolean done() {
            return ready >= desired && updated >= desired;
        }

        /** "prometheus 1/2". */
        public String line() {
            return name + " " + ready + "/" + desired;
        }
    }

    /** The workloads after waiting, and whether all were ready by the deadline. */
    public record RolloutResult(List<WorkloadRollout> workloads, boolean complete) {
    }

    /**
     * Waits until every StatefulSet and Deployment of the stack has all its replicas ready and updated, or the
     * deadline passes (then {@code complete} is false and the workloads say which lag). Hands every poll's picture
     * to {@code onPoll} and checks for cancellation between polls.
     */
    public RolloutResult waitForRollouts(RenderedStack stack, Duration timeout,
            Consumer<List<WorkloadRollout>> onPoll, Cancellation cancellation) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            cancellation.check();
            List<WorkloadRollout> now = rollouts(stack);
            onPoll.accept(now);
            if (now.stream().allMatch(WorkloadRollout::done)) {
                return new RolloutResult(now, true);
            }
            if (System.nanoTime() > deadline) {
                return new RolloutResult(now, false);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancellation.check();
            }
        }
    }

    /** The stack's workloads as the API server reports them now. */
    public List<WorkloadRollout> rollouts(RenderedStack stack) {
        List<WorkloadRollout> out = new ArrayList<>();
        for (StackObject object : ordered(stack)) {
            HasMetadata r = object.resource();
            String ns = r.getMetadata().getNamespace();
            try {
                if (r instanceof StatefulSet s) {
                    StatefulSet live = session.client().apps().statefulSets().inNamespace(ns).withName(s.getMetadata()
                            .getName()).get();
                    int desired = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
                    out.add(live == null || live.getStatus() == null || !observed(live.getMetadata().getGeneration(),
                            live.getStatus().getObservedGeneration())
                            ? new WorkloadRollout("StatefulSet", s.getMetadata().getName(), desired, 0, 0)
                            : new WorkloadRollout("StatefulSet", s.getMetadata().getName(), desired,
                            n(live.getStatus().getReadyReplicas()), n(live.getStatus().getUpdatedReplicas())));
                } else if (r instanceof Deployment d) {
                    Deployment live = session.client().apps().deployments().inNamespace(ns).withName(d.getMetadata()
                            .getName()).get();
                    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                    out.add(live == null || live.getStatus() == null || !observed(live.getMetadata().getGeneration(),
                            live.getStatus().getObservedGeneration())
                            ? new WorkloadRollout("Deployment", d.getMetadata().getName(), desired, 0, 0)
                            : new WorkloadRollout("Deployment", d.getMetadata().getName(), desired,
                            n(live.getStatus().getReadyReplicas()), n(live.getStatus().getUpdatedReplicas())));
                }
            } catch (RuntimeException e) {
                throw ApiFailures.map(session, e, "get", ApiFailures.plural(object.kind()) + "/" + object.name(), ns,
                        List.of(), List.of());
            }
        }
        return out;
    }

    private static boolean observed(Long generation, Long observed) {
        return generation == null || observed == null || observed >= generation;
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }

    /**
     * The health summary after a deploy, as findings: one per workload (OK when every replica is ready and current,
     * else ERROR with the counts), and the high-availability findings of the session's live picture when the session
     * watches the stack's namespace (otherwise an UNKNOWN finding says why they are missing).
     */
    public List<Finding> health(RenderedStack stack) {
        List<Finding> out = new ArrayList<>();
        for (WorkloadRollout w : rollouts(stack)) {
            out.add(Finding.of(w.done() ? Severity.OK : Severity.ERROR, "workload-ready", w.kind() + "/" + w.name(),
                    "ready " + w.ready() + "/" + w.desired() + (w.updated() < w.desired() && w.ready() >= w.desired()
                    ? ", updated " + w.updated() + "/" + w.desired() : "")));
        }
        StackSnapshot snapshot = session.state().snapshot();
        if (!RenderedStack.NAMESPACE.equals(session.namespace())) {
            out.add(Finding.of(Severity.UNKNOWN, "ha-findings", RenderedStack.NAMESPACE, "The connection watches"
                    + " namespace " + session.namespace() + ": connect to namespace " + RenderedStack.NAMESPACE
                    + " to see the topology and its findings."));
        } else if (snapshot.syncState() != SyncState.SYNCED) {
            out.add(Finding.of(Severity.UNKNOWN, "ha-findings", RenderedStack.NAMESPACE, "The live view is still"
                    + " synchronizing; the topology shows the findings once it has."));
        } else {
            out.addAll(HaFindings.evaluate(snapshot, Optional.empty()));
        }
        return out;
    }
}
