package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.health.ScaleGate;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A change of a component's pod template rolled out one replica at a time under the health gate, as the upgrade and
 * the rollback do it. A StatefulSet is held with its {@code updateStrategy.rollingUpdate.partition} at the replica
 * count while its template changes, then released one ordinal at a time from the highest; each replica must run
 * the new template, be ready and pass {@link ScaleGate} before the next one goes. A pod that is not ready on another
 * revision is deleted: a StatefulSet never replaces a pod that is not ready, so a replica stuck on a broken version
 * stays stuck otherwise. A replica that crash-loops or cannot pull its image fails the rollout at once. Grafana's
 * Deployment rolls by its own rolling update (one pod at a time) and is gated once at the end.
 */
final class ReplicaRollout {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRollout.class);
    /** The label a StatefulSet's controller puts on each pod: the name of the revision it runs. */
    static final String REVISION_LABEL = "controller-revision-hash";
    private static final String DEPLOYMENT_REVISION = "deployment.kubernetes.io/revision";
    private static final Set<String> BROKEN = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
            "InvalidImageName", "CreateContainerConfigError", "CreateContainerError");
    private static final Duration CALL = Duration.ofSeconds(5);

    private final ClusterSession session;
    private final KubernetesClient client;
    private final String namespace;
    private final StackComponent component;
    private final ComponentWorkload workload;
    private final Duration timeout;
    private final Duration poll;

    ReplicaRollout(ClusterSession session, StackComponent component, Duration timeout, Duration poll) {
        this.session = session;
        this.client = session.client();
        this.namespace = session.namespace();
        this.component = component;
        this.workload = new ComponentWorkload(session, component);
        this.timeout = timeout;
        this.poll = poll;
    }

    ComponentWorkload workload() {
        return workload;
    }

    // ---- what runs where -------------------------------------------------------------------------------------

    /** The image of the component's container in {@code template}. */
    String image(PodTemplateSpec template) {
        return template.getSpec().getContainers().stream().filter(c -> component.container().equals(c.getName()))
                .findFirst().or(() -> template.getSpec().getContainers().stream().findFirst())
                .map(Container::getImage).orElse("");
    }

    /** The image of the component's container in {@code pod}. */
    String image(Pod pod) {
        return pod.getSpec() == null ? "" : image(new PodTemplateSpec(null, pod.getSpec()));
    }

    /** The tag of {@code image} ({@code v2.53.0}), or the image itself when it has none. */
    static String tag(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : image;
    }

    /** {@code image} with its tag replaced by {@code tag}. */
    static String withTag(String image, String tag) {
        int colon = image.lastIndexOf(':');
        String repository = colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
        int at = repository.indexOf('@');
        return (at >= 0 ? repository.substring(0, at) : repository) + ":" + tag;
    }

    /** One line per replica: its pod, the version it runs and whether it is ready ({@code prometheus-1 v3.0.1}). */
    List<String> replicas() {
        List<String> out = new ArrayList<>();
        for (Pod p : workload.pods()) {
            out.add(p.getMetadata().getName() + " " + tag(image(p)) + (StatefulSetPods.ready(p) ? ""
                    : " (not ready" + broken(p).map(r -> ": " + r).orElse("") + ")"));
        }
        return out;
    }

    /** Why {@code pod}'s container cannot run (CrashLoopBackOff, ImagePullBackOff, ...), if it cannot. */
    static Optional<String> broken(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
            if (s.getState() != null && s.getState().getWaiting() != null
                    && BROKEN.contains(s.getState().getWaiting().getReason())) {
                String message = s.getState().getWaiting().getMessage();
                return Optional.of(s.getState().getWaiting().getReason() + (s.getRestartCount() == null ? ""
                        : ", restarted " + s.getRestartCount() + " times") + (message == null || message.isBlank()
                        ? "" : ": " + message));
            }
        }
        return Optional.empty();
    }

    // ---- StatefulSet revisions --------------------------------------------------------------------------------

    StatefulSet statefulSet() {
        return (StatefulSet) workload.read();
    }

    /** The StatefulSet's ControllerRevisions, oldest first. */
    List<ControllerRevision> revisions(StatefulSet sts) {
        try {
            return client.apps().controllerRevisions().inNamespace(namespace).list().getItems().stream()
                    .filter(r -> r.getMetadata().getOwnerReferences() != null && r.getMetadata().getOwnerReferences()
                            .stream().anyMatch(o -> sts.getMetadata().getUid().equals(o.getUid())
                                    && Boolean.TRUE.equals(o.getController())))
                    .sorted(Comparator.comparing(r -> r.getRevision() == null ? 0L : r.getRevision())).toList();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "read the revisions of " + workload.ref(), "Forbidden: your account"
                    + " may not list controllerrevisions in " + namespace + ", which an upgrade and a rollback need"
                    + " to find the previous version.", namespace + " is gone.");
        }
    }

    /** The pod template a ControllerRevision restores. */
    static PodTemplateSpec template(ControllerRevision revision) {
        // fabric8 keeps the raw data as whatever the JSON reader made of it: read it back as a plain map.
        Object data = revision.getData() == null ? Map.of() : Serialization.unmarshal(
                Serialization.asJson(revision.getData()), Map.class);
        Map<?, ?> spec = data instanceof Map<?, ?> m && m.get("spec") instanceof Map<?, ?> s ? s : Map.of();
        Map<Object, Object> template = spec.get("template") instanceof Map<?, ?> t ? new LinkedHashMap<>(t)
                : new LinkedHashMap<>();
        template.remove("$patch");
        PodTemplateSpec t = Serialization.unmarshal(Serialization.asJson(template), PodTemplateSpec.class);
        if (t == null || t.getSpec() == null) {
            throw new ConsoleException("ControllerRevision " + revision.getMetadata().getName() + " holds no pod"
                    + " template (" + Serialization.asJson(revision.getData()) + "); it cannot be rolled back to.");
        }
        return t;
    }

    /** Sets the partition: replicas at or above {@code partition} run the update revision. */
    void partition(int partition) {
        patch(PatchType.JSON_MERGE, "{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":"
                + "{\"partition\":" + partition + "}}}}", "set the partition of " + workload.ref());
    }

    /** Writes the image of the component's container (a strategic merge: the container's other fields stay). */
    void setImage(String image) {
        patch(PatchType.STRATEGIC_MERGE, "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\""
                + component.container() + "\",\"image\":\"" + image + "\"}]}}}}", "set the image of "
                + workload.ref());
    }

    /** Writes a ControllerRevision's template back, as {@code kubectl rollout undo} does. */
    void restore(ControllerRevision revision) {
        patch(PatchType.STRATEGIC_MERGE, Serialization.asJson(revision.getData()), "restore revision "
                + revision.getRevision() + " of " + workload.ref());
    }

    /** Writes {@code template} as the Deployment's whole pod template. */
    void restore(PodTemplateSpec template) {
        Map<String, Object> t = new LinkedHashMap<>(Serialization.unmarshal(Serialization.asJson(template),
                Map.class));
        t.put("$patch", "replace");
        patch(PatchType.STRATEGIC_MERGE, Serialization.asJson(Map.of("spec", Map.of("template", t))),
                "restore the previous template of " + workload.ref());
    }

    private void patch(PatchType type, String body, String what) {
        try {
            var resource = component.stateful()
                    ? client.apps().statefulSets().inNamespace(namespace).withName(workload.name())
                    : client.apps().deployments().inNamespace(namespace).withName(workload.name());
            resource.patch(PatchContext.of(type), body);
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, what, "Forbidden: your account may not patch " + workload.ref()
                    + " in " + namespace + ". Ask for a Role that allows 'patch' on "
                    + (component.stateful() ? "statefulsets" : "deployments") + ".", workload.ref()
                    + " was deleted meanwhile.");
        }
    }

    /** The Deployment's template of its previous ReplicaSet (by revision), without the ReplicaSet's own label. */
    Optional<PodTemplateSpec> previousDeploymentTemplate(HasMetadata deployment) {
        List<ReplicaSet> sets;
        try {
            sets = client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
                    .filter(rs -> rs.getMetadata().getOwnerReferences() != null && rs.getMetadata()
                            .getOwnerReferences().stream().anyMatch(o -> deployment.getMetadata().getUid()
                                    .equals(o.getUid())))
                    .sorted(Comparator.comparingLong(ReplicaRollout::deploymentRevision)).toList();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "read the ReplicaSets of " + workload.ref(), "Forbidden: your account"
                    + " may not list replicasets in " + namespace + ".", namespace + " is gone.");
        }
        if (sets.size() < 2) {
            return Optional.empty();
        }
        PodTemplateSpec t = sets.get(sets.size() - 2).getSpec().getTemplate();
        PodTemplateSpec copy = Serialization.unmarshal(Serialization.asJson(t), PodTemplateSpec.class);
        if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
            copy.getMetadata().getLabels().remove("pod-template-hash");
        }
        return Optional.of(copy);
    }

    private static long deploymentRevision(HasMetadata o) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        try {
            return a == null || a.get(DEPLOYMENT_REVISION) == null ? 0 : Long.parseLong(a.get(DEPLOYMENT_REVISION));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---- the rollout ------------------------------------------------------------------------------------------

    /**
     * Releases ordinal {@code ordinal} of the StatefulSet (partition = ordinal) and waits until its pod runs what
     * {@code target} accepts, is ready and the health gate passes with {@code replicas} replicas. A pod on another
     * revision that is not ready is deleted so the controller re-creates it. Returns the gate's summary.
     */
    String replica(Execution ex, int ordinal, int replicas, Predicate<Pod> target, String version) {
        String name = workload.name() + "-" + ordinal;
        partition(ordinal);
        Set<String> deleted = new HashSet<>();
        String[] state = {"waiting for " + name};
        workload.await(ex, timeout, poll, name + " on " + version, () -> {
            Pod pod = pod(name);
            if (pod == null) {
                state[0] = name + " is being created";
                return false;
            }
            if (target.test(pod)) {
                Optional<String> broken = broken(pod);
                if (broken.isPresent()) {
                    throw new ConsoleException(name + " does not run on " + version + ": " + broken.get() + ".");
                }
                state[0] = name + " runs " + tag(image(pod)) + (StatefulSetPods.ready(pod) ? ", ready"
                        : ", not ready yet");
                return StatefulSetPods.ready(pod);
            }
            if (!StatefulSetPods.ready(pod) && deleted.add(pod.getMetadata().getUid())) {
                // The controller replaces only ready pods: one stuck on another revision goes by hand.
                deletePod(name);
                ex.note(name + " was not ready on " + tag(image(pod)) + ": deleted so that it comes back on "
                        + version);
                state[0] = name + " deleted (stuck on " + tag(image(pod)) + ")";
                return false;
            }
            state[0] = name + " still runs " + tag(image(pod)) + ", waiting for the controller to replace it";
            return false;
        }, () -> state[0], "The rollout stops here; " + name + " and the replicas below it keep what they run.");
        return gate(ex, replicas, component == StackComponent.PROMETHEUS ? Set.of(name) : Set.of());
    }

    /**
     * Waits until the Deployment's pods all run what {@code target} accepts and are ready (its own rolling update,
     * one pod at a time), then for the health gate.
     */
    String deployment(Execution ex, int replicas, Predicate<Pod> target, String version) {
        String[] state = {"waiting for the rollout"};
        workload.await(ex, timeout, poll, "the rollout to " + version, () -> {
            List<Pod> pods = workload.pods();
            for (Pod p : pods) {
                Optional<String> broken = broken(p);
                if (target.test(p) && broken.isPresent()) {
                    throw new ConsoleException(p.getMetadata().getName() + " does not run on " + version + ": "
                            + broken.get() + ".");
                }
            }
            long updated = pods.stream().filter(target).filter(StatefulSetPods::ready).count();
            state[0] = updated + " of " + replicas + " replicas on " + version + " and ready" + (pods.size()
                    > replicas ? ", " + (pods.size() - replicas) + " old ones still there" : "");
            return updated == replicas && pods.size() == replicas;
        }, () -> state[0], "The Deployment keeps rolling on its own; roll back or fix the version.");
        return gate(ex, replicas, Set.of());
    }

    /** Waits until {@link ScaleGate} passes at {@code replicas}; returns its summary. */
    String gate(Execution ex, int replicas, Set<String> newPods) {
        ScaleGate.Verdict[] last = new ScaleGate.Verdict[1];
        workload.await(ex, timeout, poll, "the health gate", () -> {
            last[0] = ScaleGate.check(session, component, replicas, newPods, CALL);
            return last[0].passed();
        }, () -> last[0] == null ? "not asked yet" : last[0].summary(), "The rollout stops here.");
        return last[0].summary();
    }

    private Pod pod(String name) {
        try {
            Pod p = client.pods().inNamespace(namespace).withName(name).get();
            return p == null || p.getMetadata().getDeletionTimestamp() != null ? null : p;
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "read pod " + name, "Forbidden: your account may not read pods in "
                    + namespace + ".", namespace + " is gone.");
        }
    }

    private void deletePod(String name) {
        try {
            client.pods().inNamespace(namespace).withName(name).delete();
            LOG.info("Deleted pod {}/{}, stuck on another revision", namespace, name);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw ApiErrors.failure(session, e, "delete pod " + name, "Forbidden: your account may not delete"
                        + " pods in " + namespace + "; delete " + name + " by hand (kubectl delete pod " + name
                        + " -n " + namespace + ") so that it comes back on the restored version.", name
                        + " is gone.");
            }
        }
    }
}
