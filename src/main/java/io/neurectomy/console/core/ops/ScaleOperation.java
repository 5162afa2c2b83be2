package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.health.Preflight;
import io.neurectomy.console.core.health.ScaleGate;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.stack.Selectors;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.topology.DisruptionBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubectl scale} done safely: changes the replica count of Prometheus, Alertmanager (StatefulSets) or Grafana
 * (a Deployment), keeps its PodDisruptionBudget meaning "all but one" where it counts pods, and verifies the result
 * through the component's health gate ({@link ScaleGate}).
 *
 * <p>The plan says what changes (the count, the budget), whether today's nodes and zones can keep the replicas apart
 * as the pod template asks ({@link Preflight#spread}), and for a scale-down of a StatefulSet which volumes stay
 * behind with their data. They are deleted only when asked for ({@code deleteVolumes}), and then the plan wants the
 * component's name typed. Steps, for a scale-up: {@code scale}, {@code ready}, {@code verify}, {@code budget}; for a
 * scale-down: {@code budget}, {@code scale}, {@code ready}, {@code verify}, {@code volumes}. (A budget is raised
 * after the new replicas are ready and lowered before the old ones go, so that it never blocks the change nor allows
 * more than it should.) Cancelling stops between steps and while waiting; a count already written stays, and the
 * result says so.
 */
public final class ScaleOperation extends ComponentOperation<ScaleOperation.Result> {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleOperation.class);
    /** The most replicas the console scales a component to. */
    public static final int MAX_REPLICAS = 20;

    /**
     * How a scale ended.
     *
     * @param workload       {@code StatefulSet/alertmanager}
     * @param from           the count before
     * @param to             the count after
     * @param keptVolumes    claims of removed replicas left with their data
     * @param deletedVolumes claims deleted on the typed confirmation
     * @param verified       what the health gate saw at the end
     */
    public record Result(String workload, int from, int to, List<String> keptVolumes, List<String> deletedVolumes,
                         String verified) {
        public Result {
            keptVolumes = List.copyOf(keptVolumes);
            deletedVolumes = List.copyOf(deletedVolumes);
        }
    }

    /** The budget change the plan found: the budget, its field and the value to write, or none. */
    private record BudgetChange(String name, String field, int value) {
    }

    private final int replicas;
    private final boolean deleteVolumes;

    private int current;
    private BudgetChange budget;
    private List<String> removedClaims = List.of();
    private List<Finding> spread = List.of();

    /**
     * The scale of {@code component} in the session's namespace to {@code replicas}.
     *
     * @param deleteVolumes on a scale-down of a StatefulSet, delete the removed replicas' volumes (typed confirmation)
     * @param timeout       how long the new replicas may take to be ready, and then to pass the health gate
     * @param poll          how often to look meanwhile
     */
    public ScaleOperation(ClusterSession session, StackComponent component, int replicas, boolean deleteVolumes,
                          Duration timeout, Duration poll) {
        super(session, component, timeout, poll);
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas must be from 1 to " + MAX_REPLICAS + ", not " + replicas
                    + " (to remove the stack, use destroy)");
        }
        this.replicas = replicas;
        this.deleteVolumes = deleteVolumes;
    }

    /** The anti-affinity verdict of the last plan (the {@code preflight-spread} findings at the new count). */
    public List<Finding> spread() {
        return spread;
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        HasMetadata workload = read();
        PodTemplateSpec template = template(workload);
        current = replicas(workload);
        List<Change> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean up = replicas > current;
        boolean down = replicas < current;
        changes.add(new Change(up || down ? Change.Action.UPDATE : Change.Action.UNCHANGED, ref(),
                "replicas " + current + (up || down ? " → " + replicas : "")));
        cancellation.check();
        budget = budget(template, changes, notes);
        cancellation.check();
        spread = up ? spreadVerdict(template, notes) : List.of();
        removedClaims = List.of();
        if (down && component.stateful()) {
            removedClaims = claims((StatefulSet) workload, replicas, current);
            for (String claim : removedClaims) {
                changes.add(new Change(deleteVolumes ? Change.Action.DELETE : Change.Action.UNCHANGED,
                        "PersistentVolumeClaim/" + claim, deleteVolumes ? "deleted with its data after its pod is"
                        + " gone" : "stays with its data; a later scale-up gives it back to the same replica"));
            }
            if (!removedClaims.isEmpty() && !deleteVolumes) {
                notes.add("The volumes of the removed replicas stay (" + String.join(", ", removedClaims) + "). To"
                        + " delete them, scale with 'delete volumes' (--delete-volumes), which asks for the name"
                        + " typed.");
            }
        }
        if (up && component.stateful()) {
            List<String> back = claims((StatefulSet) workload, current, replicas);
            if (!back.isEmpty()) {
                notes.add("Left from an earlier scale-down, " + String.join(", ", back) + " will be reused: the"
                        + " new replicas start on the data they had then.");
            }
        }
        if (component == StackComponent.ALERTMANAGER) {
            peerNote(template, notes);
        }
        if (component == StackComponent.GRAFANA && replicas > 1 && sqlite(template)) {
            notes.add("Grafana keeps its users, dashboards and sessions in SQLite on each replica: with more than"
                    + " one, each replica has its own (set grafanaDatabaseType to postgres or mysql for shared"
                    + " state).");
        }
        notes.add("Set " + component.id() + "Replicas: " + replicas + " in your values file too, or the next deploy"
                + " returns to the count it renders.");
        List<Step> steps = new ArrayList<>();
        if (!up && !down) {
            steps.add(new Step("verify", "Verify " + component.title() + " (" + replicas + " replicas)"));
        } else {
            if (down && budget != null) {
                steps.add(budgetStep());
            }
            steps.add(new Step("scale", "Set the replicas of " + ref() + " to " + replicas));
            steps.add(new Step("ready", "Wait until " + replicas + " replicas run and are ready"
                    + (down ? " and the removed ones are gone" : "")));
            steps.add(new Step("verify", verifyTitle()));
            if (up && budget != null) {
                steps.add(budgetStep());
            }
            if (down && deleteVolumes && !removedClaims.isEmpty()) {
                steps.add(new Step("volumes", "Delete the volumes of the removed replicas ("
                        + removedClaims.size() + ")"));
            }
        }
        String title = up || down ? "Scale " + component.title() + " in " + namespace + " from " + current + " to "
                + replicas + " replicas" : component.title() + " in " + namespace + " already runs " + replicas
                + " replicas";
        Confirmation confirmation = down && deleteVolumes && !removedClaims.isEmpty()
                ? Confirmation.typed(component.id(), "Scale " + component.title() + " down to " + replicas + " and"
                + " delete the volumes of the removed replicas, with their data?")
                : Confirmation.yes(title + "?");
        return new Plan("scale", title, steps, changes, confirmation, false, notes);
    }

    private Step budgetStep() {
        return new Step("budget", "Set " + budget.field() + " of PodDisruptionBudget/" + budget.name() + " to "
                + budget.value());
    }

    private String verifyTitle() {
        return switch (component) {
            case ALERTMANAGER -> "Verify that every Alertmanager sees " + replicas + " peers on one config";
            case PROMETHEUS -> "Verify that every Prometheus loaded its config and the new ones scrape";
            case GRAFANA -> "Verify that every Grafana is healthy";
        };
    }

    /**
     * The budget that selects the component's pods, what it means at the new count, and the change that keeps it
     * allowing as many disruptions as it does now (a {@code minAvailable} number); null when none is needed.
     */
    private BudgetChange budget(PodTemplateSpec template, List<Change> changes, List<String> notes) {
        Map<String, String> labels = template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels();
        List<PodDisruptionBudget> budgets;
        try {
            budgets = client.policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems().stream()
                    .filter(b -> b.getSpec() != null && b.getSpec().getSelector() != null
                            && Selectors.matches(b.getSpec().getSelector(), labels)).toList();
        } catch (KubernetesClientException e) {
            notes.add("The PodDisruptionBudgets could not be read (" + e.getMessage() + "); none is changed.");
            return null;
        }
        if (budgets.isEmpty()) {
            notes.add("No PodDisruptionBudget covers " + component.title() + ": a node drain may evict every"
                    + " replica at once.");
            return null;
        }
        BudgetChange change = null;
        for (PodDisruptionBudget b : budgets) {
            String name = b.getMetadata().getName();
            String min = text(b.getSpec().getMinAvailable());
            String max = text(b.getSpec().getMaxUnavailable());
            PdbInfo info = new PdbInfo(namespace, name, labels, min, max, 0, 0, 0, 0);
            DisruptionBudget before = DisruptionBudget.of(info, current);
            DisruptionBudget after = DisruptionBudget.of(info, replicas);
            int allowedBefore = current - before.minHealthy();
            boolean number = max.isEmpty() && !min.isEmpty() && !min.endsWith("%");
            if (number && replicas != current && change == null) {
                int value = Math.max(0, replicas - Math.max(0, allowedBefore));
                change = new BudgetChange(name, "minAvailable", value);
                changes.add(new Change(Change.Action.UPDATE, "PodDisruptionBudget/" + name, "minAvailable " + min
                        + " → " + value + ": still " + Math.max(0, allowedBefore) + " of the " + replicas
                        + " replicas may be down at a time"));
                continue;
            }
            int allowedAfter = replicas - after.minHealthy();
            changes.add(new Change(Change.Action.UNCHANGED, "PodDisruptionBudget/" + name, before.rule() + ": "
                    + Math.max(0, allowedAfter) + " of " + replicas + " replicas may be down at a time"));
            if (after.blocksEveryDrain()) {
                notes.add("PodDisruptionBudget/" + name + " (" + after.rule() + ") allows no eviction with "
                        + replicas + " replicas: node drains would hang.");
            } else if (after.minHealthy() == 0) {
                notes.add("PodDisruptionBudget/" + name + " (" + after.rule() + ") lets a drain take every one of"
                        + " the " + replicas + " replicas at once.");
            }
        }
        return change;
    }

    private static String text(IntOrString v) {
        if (v == null) {
            return "";
        }
        return v.getIntVal() != null ? String.valueOf(v.getIntVal()) : v.getStrVal() == null ? "" : v.getStrVal();
    }

    /** Whether today's nodes can keep the new count apart; notes every finding that is not OK. */
    private List<Finding> spreadVerdict(PodTemplateSpec template, List<String> notes) {
        List<Finding> findings;
        try {
            findings = Preflight.spread(client, component.workloadKind().kind(), name(), replicas,
                    template);
        } catch (KubernetesClientException e) {
            notes.add("Anti-affinity: unknown, the nodes could not be read (" + e.getMessage() + ").");
            return List.of();
        }
        for (Finding f : findings) {
            if (f.severity() == Severity.OK) {
                notes.add("Anti-affinity: met on today's nodes: " + f.message() + ".");
            } else {
                notes.add("Anti-affinity (" + f.severity().name().toLowerCase(java.util.Locale.ROOT) + "): "
                        + f.message() + (f.fix().isBlank() ? "." : ". " + f.fix()));
            }
        }
        return findings;
    }

    /** The claims of ordinals {@code from} (inclusive) to {@code to} (exclusive) that exist. */
    private List<String> claims(StatefulSet sts, int from, int to) {
        List<String> out = new ArrayList<>();
        List<PersistentVolumeClaim> templates = sts.getSpec().getVolumeClaimTemplates() == null ? List.of()
                : sts.getSpec().getVolumeClaimTemplates();
        for (int i = from; i < to; i++) {
            for (PersistentVolumeClaim t : templates) {
                String claim = t.getMetadata().getName() + "-" + sts.getMetadata().getName() + "-" + i;
                try {
                    if (client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get() != null) {
                        out.add(claim);
                    }
                } catch (KubernetesClientException e) {
                    throw ApiErrors.failure(session, e, "read PersistentVolumeClaim " + claim, "Forbidden: your"
                            + " account may not read PersistentVolumeClaims in " + namespace + ".", claim
                            + " is gone.");
                }
            }
        }
        return out;
    }

    private void peerNote(PodTemplateSpec template, List<String> notes) {
        List<String> args = template.getSpec().getContainers().stream().findFirst().map(Container::getArgs)
                .orElse(List.of());
        long peers = args == null ? 0 : args.stream().filter(a -> a.startsWith("--cluster.peer=")).count();
        if (peers > 0 && peers != replicas) {
            notes.add("The pod template names " + peers + " peers (--cluster.peer); it is left as it is, so no"
                    + " running replica restarts. New replicas join through those peers and the cluster learns"
                    + " every member by gossip; the next deploy with alertmanagerReplicas: " + replicas
                    + " writes the full list.");
        }
    }

    private static boolean sqlite(PodTemplateSpec template) {
        for (Container c : template.getSpec().getContainers()) {
            for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                if ("GF_DATABASE_TYPE".equals(e.getName())) {
                    return e.getValue() == null || "sqlite3".equals(e.getValue());
                }
            }
        }
        return true;
    }

    // ---- the run ------------------------------------------------------------------------------------------------

    @Override
    protected Result execute(Execution ex) {
        Plan plan = ex.plan();
        Set<String> before = new HashSet<>(pods().stream().map(p -> p.getMetadata().getName()).toList());
        boolean changes = replicas != current;
        if (changes && replicas < current && budget != null) {
            ex.step("budget", this::writeBudget);
        }
        if (changes) {
            ex.step("scale", () -> {
                patch(component.stateful() ? client.apps().statefulSets().inNamespace(namespace)
                        .withName(name()) : client.apps().deployments().inNamespace(namespace)
                        .withName(name()));
                LOG.info("Scaled {} in {} from {} to {}", ref(), namespace, current, replicas);
                ex.detail("replicas " + current + " → " + replicas + "; cancelling now leaves " + replicas);
            });
            ex.step("ready", () -> {
                await(ex, "replicas ready", this::ready, this::readiness, advice());
                ex.detail(readiness());
            });
        }
        Set<String> added = new HashSet<>(pods().stream().map(p -> p.getMetadata().getName())
                .filter(n -> !before.contains(n)).toList());
        String verified = ex.step("verify", () -> gate(ex, replicas, added, advice()));
        if (changes && replicas > current && budget != null) {
            ex.step("budget", this::writeBudget);
        }
        List<String> deleted = new ArrayList<>();
        if (plan.steps().stream().anyMatch(s -> s.id().equals("volumes"))) {
            ex.step("volumes", () -> {
                for (String claim : removedClaims) {
                    ex.cancellation().check();
                    try {
                        client.persistentVolumeClaims().inNamespace(namespace).withName(claim).delete();
                    } catch (KubernetesClientException e) {
                        throw ApiErrors.failure(session, e, "delete PersistentVolumeClaim " + claim, "Forbidden: your"
                                + " account may not delete PersistentVolumeClaims in " + namespace + "; "
                                + String.join(", ", deleted) + " deleted so far.", claim + " is already gone.");
                    }
                    deleted.add(claim);
                }
                ex.detail("deleted " + String.join(", ", deleted));
            });
        }
        List<String> kept = removedClaims.stream().filter(c -> !deleted.contains(c)).toList();
        return new Result(ref(), current, replicas, kept, deleted, verified);
    }

    private void patch(io.fabric8.kubernetes.client.dsl.Resource<? extends HasMetadata> resource) {
        try {
            resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "scale " + ref(), "Forbidden: your account may not patch "
                    + ref() + " in " + namespace + ", which a scale needs. Ask for a Role that allows 'patch' on "
                    + (component.stateful() ? "statefulsets" : "deployments") + ".", ref() + " was deleted meanwhile.");
        }
    }

    private void writeBudget() {
        try {
            client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(budget.name())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"" + budget.field() + "\":"
                            + budget.value() + "}}");
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "update PodDisruptionBudget/" + budget.name(), "Forbidden: your"
                    + " account may not patch poddisruptionbudgets in " + namespace + ".", "PodDisruptionBudget/"
                    + budget.name() + " was deleted meanwhile.");
        }
    }

    private boolean ready() {
        List<Pod> pods = pods();
        return pods.size() == replicas && pods.stream().allMatch(StatefulSetPods::ready);
    }

    private String readiness() {
        List<Pod> pods = pods();
        long ready = pods.stream().filter(StatefulSetPods::ready).count();
        List<String> waiting = pods.stream().filter(p -> !StatefulSetPods.ready(p))
                .map(p -> p.getMetadata().getName() + " " + (p.getStatus() == null ? "" : p.getStatus().getPhase()))
                .toList();
        return ready + " of " + replicas + " replicas ready" + (pods.size() > replicas ? ", " + (pods.size()
                - replicas) + " still to go" : "") + (waiting.isEmpty() ? "" : " (waiting: " + String.join(", ",
                waiting) + ")");
    }

    private String advice() {
        return "The count stays at " + replicas + "; look at the pods in the topology view (Pending for want of a"
                + " node? crash-looping?), then scale again or back.";
    }
}
