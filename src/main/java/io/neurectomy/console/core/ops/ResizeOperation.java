package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.health.ReplicaRoom;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests and limits of one component's container: the deployment guide's presets or custom values, written
 * to the pod template of its StatefulSet or Deployment, which then replaces the replicas one at a time.
 *
 * <p>The plan shows the change per container and whether the nodes can hold every replica at the new requests
 * ({@link ReplicaRoom}: allocatable minus what the other pods request, node by node). Too little room is a
 * {@link Severity#CRITICAL} finding: the run then stops at its first step, {@code room}, with nothing changed,
 * unless the operation was made with {@code force} (the window's explicit override, {@code --force}). Steps:
 * {@code room}, {@code patch} (the pod template), {@code rollout} (every replica replaced, ready, running with the
 * new resources), {@code verify} (the component's health gate). Cancelling stops between steps and while waiting;
 * a template already written stays and the controller goes on replacing pods, which the result says.
 */
public final class ResizeOperation extends ComponentOperation<ResizeOperation.Result> {
    private static final Logger LOG = LoggerFactory.getLogger(ResizeOperation.class);

    /**
     * How a resize ended.
     *
     * @param workload  {@code StatefulSet/prometheus}
     * @param container the container changed
     * @param before    its resources before ({@link ResourceRequest#describe})
     * @param after     its resources now
     * @param replicas  the replicas replaced
     * @param forced    whether the room check was overridden
     * @param verified  what the health gate saw at the end
     */
    public record Result(String workload, String container, String before, String after, int replicas,
                         boolean forced, String verified) {
    }

    private final ResourceRequest wanted;
    private final boolean force;

    private int replicas;
    private String container;
    private ResourceRequest current;
    private ResourceRequest target;
    private List<Finding> room = List.of();

    /**
     * The resize of {@code component}'s container to {@code wanted} (parts left empty keep the container's).
     *
     * @param force   go on even when the nodes cannot hold the result (the replicas that find no room stay Pending)
     * @param timeout how long the rollout may take, and then the health gate
     * @param poll    how often to look meanwhile
     */
    public ResizeOperation(ClusterSession session, StackComponent component, ResourceRequest wanted, boolean force,
                           Duration timeout, Duration poll) {
        super(session, component, timeout, poll);
        this.wanted = Objects.requireNonNull(wanted, "wanted");
        this.force = force;
    }

    /** What the last plan found about room on the nodes ({@code resize-room} findings). */
    public List<Finding> room() {
        return room;
    }

    /** Whether the last plan found too little room on the nodes ({@link Severity#CRITICAL}). */
    public boolean lacksRoom() {
        return room.stream().anyMatch(f -> f.severity() == Severity.CRITICAL);
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        HasMetadata workload = read();
        PodTemplateSpec template = template(workload);
        replicas = replicas(workload);
        Container c = mainContainer(template);
        container = c.getName();
        current = of(c.getResources());
        target = wanted.over(current);
        try {
            target.validate();
        } catch (IllegalArgumentException e) {
            throw new ConsoleException(e.getMessage() + " (" + container + " has " + current.describe()
                    + " now; give both request and limit: REQUEST:LIMIT.)");
        }
        boolean changes = !target.sameAs(current);
        List<Change> changeList = new ArrayList<>();
        changeList.add(new Change(changes ? Change.Action.UPDATE : Change.Action.UNCHANGED, ref() + " container "
                + container, current.describe() + (changes ? " → " + target.describe() : "") + " (request/limit)"));
        for (Container other : template.getSpec().getContainers()) {
            if (!other.getName().equals(container)) {
                changeList.add(new Change(Change.Action.UNCHANGED, ref() + " container " + other.getName(),
                        of(other.getResources()).describe()));
            }
        }
        if (changes) {
            changeList.add(new Change(Change.Action.RESTART, ref(), replicas + " replica" + (replicas == 1 ? "" : "s")
                    + " replaced one at a time with the new resources"));
        }
        cancellation.check();
        List<String> notes = new ArrayList<>();
        try {
            room = ReplicaRoom.check(client, namespace, component.workloadKind().kind(), name(),
                    replicas, withResources(template, container, target));
        } catch (KubernetesClientException e) {
            room = List.of(Finding.of(Severity.UNKNOWN, ReplicaRoom.CODE, ref(), "the nodes could not be read ("
                    + e.getMessage() + ")"));
        }
        for (Finding f : room) {
            notes.add("Room on the nodes (" + f.severity().name().toLowerCase(Locale.ROOT) + "): " + f.subject()
                    + " " + f.message() + (f.fix().isBlank() || f.severity() == Severity.OK ? "." : ". " + f.fix()));
        }
        if (lacksRoom()) {
            notes.add(force ? "Going on anyway, as asked: the replicas without room stay Pending and the rollout"
                    + " stops at the first of them." : "Nothing is changed while the nodes cannot hold the"
                    + " result: override the room check (--force, or 'Go on anyway' in the window) to resize"
                    + " regardless.");
        }
        if (changes) {
            notes.add("Set " + component.id() + "CpuRequest, CpuLimit, MemoryRequest and MemoryLimit in your values"
                    + " file too, or the next deploy returns to what it renders.");
        }
        List<Step> steps = new ArrayList<>();
        String title;
        if (changes) {
            steps.add(new Step("room", "Check that the nodes can hold " + replicas + " replicas at the new requests"));
            steps.add(new Step("patch", "Set the resources of container " + container + " in " + ref()));
            steps.add(new Step("rollout", "Wait until all " + replicas + " replicas run with the new resources and"
                    + " are ready"));
            title = "Resize " + component.title() + " in " + namespace + ": " + target.describe();
        } else {
            title = component.title() + " in " + namespace + " already has " + current.describe();
        }
        steps.add(new Step("verify", "Verify " + component.title() + " (" + replicas + " replicas)"));
        return new Plan("resize", title, steps, changeList, Confirmation.yes(title + "?"), false, notes);
    }

    private Container mainContainer(PodTemplateSpec template) {
        List<Container> containers = template.getSpec().getContainers();
        return containers.stream().filter(c -> component.container().equals(c.getName())).findFirst()
                .orElseGet(() -> containers.get(0));
    }

    static ResourceRequest of(ResourceRequirements r) {
        Map<String, Quantity> req = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
        Map<String, Quantity> lim = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
        return new ResourceRequest(text(req.get("cpu")), text(lim.get("cpu")), text(req.get("memory")),
                text(lim.get("memory")));
    }

    private static String text(Quantity q) {
        return q == null ? "" : (q.getAmount() == null ? "" : q.getAmount()) + (q.getFormat() == null ? ""
                : q.getFormat());
    }

    private static ResourceRequirements requirements(ResourceRequirements base, ResourceRequest r) {
        Map<String, Quantity> req = new HashMap<>(base == null || base.getRequests() == null ? Map.of()
                : base.getRequests());
        Map<String, Quantity> lim = new HashMap<>(base == null || base.getLimits() == null ? Map.of()
                : base.getLimits());
        put(req, "cpu", r.cpuRequest());
        put(req, "memory", r.memoryRequest());
        put(lim, "cpu", r.cpuLimit());
        put(lim, "memory", r.memoryLimit());
        return new ResourceRequirementsBuilder(base == null ? new ResourceRequirements() : base)
                .withRequests(req).withLimits(lim).build();
    }

    private static void put(Map<String, Quantity> map, String key, String value) {
        if (!value.isEmpty()) {
            map.put(key, new Quantity(value));
        }
    }

    private static PodTemplateSpec withResources(PodTemplateSpec template, String container, ResourceRequest r) {
        PodTemplateSpec copy = new PodTemplateSpecBuilder(template).build();
        for (Container c : copy.getSpec().getContainers()) {
            if (c.getName().equals(container)) {
                c.setResources(requirements(c.getResources(), r));
            }
        }
        return copy;
    }

    // ---- the run ------------------------------------------------------------------------------------------------

    @Override
    protected Result execute(Execution ex) {
        boolean changes = ex.plan().steps().stream().anyMatch(s -> s.id().equals("patch"));
        Set<String> before = pods().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        if (changes) {
            ex.step("room", () -> {
                if (lacksRoom() && !force) {
                    Finding f = room.stream().filter(x -> x.severity() == Severity.CRITICAL).findFirst()
                            .orElseThrow();
                    throw new ConsoleException("The nodes cannot hold " + component.title() + " at "
                            + target.describe() + ": " + f.subject() + " " + f.message() + ". Nothing was changed. "
                            + f.fix() + " To resize regardless, override the room check (--force).");
                }
                ex.detail(room.isEmpty() ? "" : room.get(0).message() + (lacksRoom() ? " (overridden)" : ""));
            });
            ex.step("patch", () -> {
                patch();
                LOG.info("Resized container {} of {} in {} to {}", container, ref(), namespace, target.describe());
                ex.detail(current.describe() + " → " + target.describe() + "; the controller now replaces the"
                        + " replicas, and goes on if cancelled");
            });
            ex.step("rollout", () -> {
                await(ex, "the rollout", () -> rolledOut(before), this::rollout, "The new resources are written;"
                        + " the controller goes on replacing replicas. Look at the pods in the topology view (Pending"
                        + " for want of room? OOMKilled?), then resize again or back.");
                ex.detail(rollout());
            });
        }
        Set<String> added = changes ? pods().stream().filter(p -> !before.contains(p.getMetadata().getUid()))
                .map(p -> p.getMetadata().getName()).collect(Collectors.toSet()) : Set.of();
        String verified = ex.step("verify", () -> gate(ex, replicas, added, "The new resources stay; look at the"
                + " component in the Health section."));
        return new Result(ref(), container, current.describe(), target.describe(), replicas,
                force && lacksRoom(), verified);
    }

    private void patch() {
        try {
            ConflictRetry.write("resize " + ref(), () -> {
                if (component.stateful()) {
                    client.apps().statefulSets().inNamespace(namespace).withName(name())
                            .edit(s -> edited(s, s.getSpec().getTemplate()));
                } else {
                    client.apps().deployments().inNamespace(namespace).withName(name())
                            .edit(d -> edited(d, d.getSpec().getTemplate()));
                }
            });
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "resize " + ref(), "Forbidden: your account may not patch " + ref()
                    + " in " + namespace + ", which a resize needs. Ask for a Role that allows 'patch' on "
                    + (component.stateful() ? "statefulsets" : "deployments") + ".", ref() + " was deleted"
                    + " meanwhile.");
        }
    }

    private <T> T edited(T workload, PodTemplateSpec template) {
        for (Container c : template.getSpec().getContainers()) {
            if (c.getName().equals(container)) {
                c.setResources(requirements(c.getResources(), target));
            }
        }
        return workload;
    }

    /** Every replica is a new pod, ready, and its container has the new resources. */
    private boolean rolledOut(Set<String> oldUids) {
        List<Pod> pods = pods();
        return pods.size() == replicas && pods.stream().allMatch(p -> !oldUids.contains(p.getMetadata().getUid())
                && StatefulSetPods.ready(p) && hasTarget(p));
    }

    private boolean hasTarget(Pod p) {
        return p.getSpec().getContainers().stream().filter(c -> c.getName().equals(container)).findFirst()
                .map(c -> of(c.getResources()).sameAs(target)).orElse(false);
    }

    private String rollout() {
        List<Pod> pods = pods();
        long done = pods.stream().filter(p -> hasTarget(p) && StatefulSetPods.ready(p)).count();
        List<String> waiting = pods.stream().filter(p -> !(hasTarget(p) && StatefulSetPods.ready(p)))
                .map(p -> p.getMetadata().getName() + " " + (p.getStatus() == null ? "" : p.getStatus().getPhase()))
                .toList();
        return done + " of " + replicas + " replicas ready with " + target.describe() + (waiting.isEmpty() ? ""
                : " (waiting: " + String.join(", ", waiting) + ")");
    }
}
