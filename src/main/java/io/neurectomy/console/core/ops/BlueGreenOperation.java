package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.config.ConfigTarget;
import io.neurectomy.console.core.health.HealthContext;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.stack.ServingWorkload;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment guide's blue-green upgrade of Prometheus, done safely: a second StatefulSet runs the new version
 * next to the old one, and the Services switch to it only once every one of its replicas scrapes the same jobs and
 * loads the same rule groups.
 *
 * <p>Steps: {@code create} (StatefulSet {@code prometheus-<version>}: the old one's template with the new image,
 * the pod label {@value BlueGreen#VERSION_LABEL}{@code =<version>} added to its labels, selector and anti-affinity,
 * its own volume claims from the same templates, the same config volumes), {@code ready} (every new replica
 * ready), {@code compare} (the old and the new side's targets by job and rule groups, side by side, until they
 * match), {@code switch} (the old pods labelled with their version, then every Service that selected the old pods
 * selects the new ones; each keeps the previous selector and both sides in an annotation) and {@code remove-new},
 * which runs only when the run fails or is cancelled before the switch: it deletes the new StatefulSet with its
 * pods and claims, so the old side is as it was and the Services never changed. The old StatefulSet keeps running
 * for a rollback window: {@link BlueGreenSwitchOperation} switches back, {@link BlueGreenRemoveOperation} removes
 * it.
 *
 * <p>Without seeding, the new side starts with an empty TSDB. With seeding, a {@code seed} step runs between
 * {@code ready} and {@code compare} ({@link BlueGreenSeed}): a TSDB snapshot on a ready old replica (the admin API,
 * as a backup takes it) is streamed into every new replica's data directory with the backup's transfer
 * ({@link io.neurectomy.console.core.backup.operations.TsdbCopy}), each new replica is restarted so that Prometheus
 * opens the copied blocks (as a TSDB restore does), and each must answer for samples from before the new side was
 * created. The snapshot is removed from the old replica whatever happens; a failure or a cancel there runs
 * {@code remove-new} like any other before the switch.
 */
public final class BlueGreenOperation extends PlannedOperation<BlueGreenOperation.Result> {
    private static final Logger LOG = LoggerFactory.getLogger(BlueGreenOperation.class);
    private static final Duration CALL = Duration.ofSeconds(5);

    /**
     * How a blue-green upgrade ended.
     *
     * @param old        the old StatefulSet, still running ({@code StatefulSet/prometheus})
     * @param created    the new one the Services now select
     * @param from       the old version
     * @param to         the new version
     * @param services   the Services switched
     * @param comparison the side-by-side comparison the switch was made on, as lines
     * @param seeded     what each new replica got from the old side's TSDB; empty without seeding
     */
    public record Result(String old, String created, String from, String to, List<String> services,
                         List<String> comparison, List<Seeded> seeded) {
        public Result {
            services = List.copyOf(services);
            comparison = List.copyOf(comparison);
            seeded = List.copyOf(seeded);
        }

        /** A result without seeding. */
        public Result(String old, String created, String from, String to, List<String> services,
                      List<String> comparison) {
            this(old, created, from, to, services, comparison, List.of());
        }
    }

    /**
     * What one new replica got from the old side's TSDB.
     *
     * @param replica the new pod
     * @param blocks  the block directories copied into it
     * @param bytes   their size
     */
    public record Seeded(String replica, List<String> blocks, long bytes) {
        public Seeded {
            blocks = List.copyOf(blocks);
        }
    }

    private final ClusterSession session;
    private final String version;
    private final Duration timeout;
    private final Duration poll;
    private final BlueGreen sides;
    private final boolean seed;
    private final UpgradeCatalog catalog = UpgradeCatalog.bundled();

    private StatefulSet old;
    private StatefulSet created;
    private String from;
    private String oldLabel;
    private List<Service> services = List.of();
    private List<Finding> findings = List.of();

    /**
     * The blue-green upgrade of Prometheus in the session's namespace to image tag {@code version}.
     *
     * @param timeout how long the new replicas may take to be ready, and then to match the old side
     * @param poll    how often to look meanwhile
     */
    public BlueGreenOperation(ClusterSession session, String version, Duration timeout, Duration poll) {
        this(session, version, timeout, poll, false);
    }

    /**
     * The blue-green upgrade of Prometheus in the session's namespace to image tag {@code version}.
     *
     * @param timeout  how long the new replicas may take to be ready, and then to match the old side; with
     *                 seeding also the limit for the snapshot, each replica's restart and its first answer
     * @param poll     how often to look meanwhile
     * @param seedTsdb whether to seed the new replicas' TSDB from a snapshot of the old side's (step {@code seed})
     */
    public BlueGreenOperation(ClusterSession session, String version, Duration timeout, Duration poll,
                              boolean seedTsdb) {
        this.session = Objects.requireNonNull(session, "session");
        this.version = checkedVersion(version);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.sides = new BlueGreen(session);
        this.seed = seedTsdb;
    }

    /**
     * {@code version} stripped, when it can be a blue-green upgrade's version (an image tag that is also a label
     * value and makes a StatefulSet name short enough); else throws {@link IllegalArgumentException} saying why.
     */
    public static String checkedVersion(String version) {
        String tag = BlueGreen.labelValue(UpgradeOperation.checkedTag(StackComponent.PROMETHEUS, version));
        BlueGreen.nameFor(tag);
        return tag;
    }

    /** What the last plan found in today's flags and config that the target version removed or renamed. */
    public List<Finding> findings() {
        return findings;
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        List<Service> switched = sides.switchedServices();
        if (!switched.isEmpty()) {
            BlueGreen.Sides s = BlueGreen.Sides.of(switched.get(0)).orElseThrow();
            throw new ConsoleException("A blue-green upgrade of Prometheus is still open in " + session.namespace()
                    + " (StatefulSet/" + s.old() + " " + s.oldVersion() + " and StatefulSet/" + s.created() + " "
                    + s.newVersion() + "): remove the side not in use first (monitoring-console blue-green"
                    + " remove-old).");
        }
        old = serving();
        PodTemplateSpec template = old.getSpec().getTemplate();
        String image = new ReplicaRollout(session, StackComponent.PROMETHEUS, timeout, poll).image(template);
        from = ReplicaRollout.tag(image);
        oldLabel = BlueGreen.templateLabels(old).getOrDefault(BlueGreen.VERSION_LABEL, from);
        if (version.equals(from) || version.equals(oldLabel)) {
            throw new ConsoleException("StatefulSet/" + old.getMetadata().getName() + " already runs " + version
                    + ": a blue-green upgrade needs another version.");
        }
        String name = BlueGreen.nameFor(version);
        if (sides.statefulSet(name) != null) {
            throw new ConsoleException("StatefulSet/" + name + " already exists in " + session.namespace() + ": a"
                    + " blue-green upgrade to " + version + " was started and not cleaned up. Delete it first"
                    + " (kubectl delete statefulset " + name + " -n " + session.namespace() + ").");
        }
        cancellation.check();
        created = newSide(old, name, ReplicaRollout.withTag(image, version));
        services = sides.servicesSelecting(BlueGreen.templateLabels(old));
        if (services.isEmpty()) {
            throw new ConsoleException("No Service in " + session.namespace() + " selects the pods of StatefulSet/"
                    + old.getMetadata().getName() + ": there is nothing to switch.");
        }
        int replicas = old.getSpec().getReplicas() == null ? 1 : old.getSpec().getReplicas();
        List<String> notes = new ArrayList<>();
        if (!catalog.known(StackComponent.PROMETHEUS, version)) {
            notes.add("WARNING: " + version + " is not one of the versions known to work with the stack ("
                    + String.join(", ", catalog.versions(StackComponent.PROMETHEUS)) + "); it is used as you"
                    + " asked.");
        }
        findings = catalog.check(StackComponent.PROMETHEUS, from, version, UpgradeOperation.args(template,
                StackComponent.PROMETHEUS), UpgradeOperation.prometheusConfig(session, version, notes),
                ConfigTarget.PROMETHEUS.objectName());
        for (Finding f : findings) {
            notes.add(f.severity().name() + ": " + f.message() + ". " + f.fix());
        }
        String estimate = seed ? seeder().estimate(old.getMetadata().getName()) : null;
        if (seed) {
            notes.add("The new side's TSDB is seeded from a snapshot of " + old.getMetadata().getName() + " ("
                    + estimate + "); each new replica restarts once to load it. Both sides then scrape in"
                    + " parallel, which doubles the scrape load and the storage until the old side is removed.");
        } else {
            notes.add("The new side starts with an empty TSDB (it is not seeded from the old one) and scrapes in"
                    + " parallel with the old side, which doubles the scrape load and the storage until the old"
                    + " side is removed.");
        }
        notes.add("The old side keeps running after the switch: switch back with monitoring-console blue-green"
                + " switch-back, remove it with monitoring-console blue-green remove-old.");
        notes.add("On a failure or a cancel before the switch, the new StatefulSet and its volumes are deleted; the"
                + " old side and the Services stay as they are.");
        List<Change> changes = new ArrayList<>();
        changes.add(new Change(Change.Action.CREATE, "StatefulSet/" + name, replicas + " replicas of "
                + ReplicaRollout.withTag(image, version) + ", pods labelled " + BlueGreen.VERSION_LABEL + "="
                + version + ", own volumes"));
        changes.add(new Change(Change.Action.UPDATE, "pods of StatefulSet/" + old.getMetadata().getName(),
                "label " + BlueGreen.VERSION_LABEL + "=" + oldLabel));
        for (Service s : services) {
            Map<String, String> to = new LinkedHashMap<>(s.getSpec().getSelector());
            to.put(BlueGreen.VERSION_LABEL, version);
            changes.add(new Change(Change.Action.UPDATE, "Service/" + s.getMetadata().getName(), "selector "
                    + s.getSpec().getSelector() + " → " + to));
        }
        List<Step> steps = new ArrayList<>(List.of(
                new Step("create", "Create StatefulSet/" + name + " (" + replicas + " replicas of " + version + ")"),
                new Step("ready", "Wait until every replica of " + name + " is ready")));
        if (seed) {
            steps.add(new Step("seed", "Seed the TSDB of every replica of " + name + " from a snapshot of "
                    + old.getMetadata().getName() + " (" + estimate + "), restart each on it and check it answers"
                    + " for the time before " + name));
        }
        steps.addAll(List.of(
                new Step("compare", "Compare " + name + " with " + old.getMetadata().getName() + " side by side:"
                        + " targets by job, rule groups"),
                new Step("switch", "Switch " + String.join(", ", services.stream().map(s -> "Service/"
                        + s.getMetadata().getName()).toList()) + " to " + name),
                new Step("remove-new", "Only on a failure or a cancel: delete " + name + " and its volumes")));
        String title = "Blue-green upgrade of Prometheus in " + session.namespace() + " from " + from + " ("
                + old.getMetadata().getName() + ") to " + version + " (" + name + ", " + replicas + " replicas)";
        boolean errors = findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
        Confirmation confirmation = errors ? Confirmation.typed(StackComponent.PROMETHEUS.id(), "The plan found"
                + " flags or fields " + version + " no longer accepts: the new side would likely not start. Go"
                + " ahead anyway?") : Confirmation.yes(title + "?");
        return new Plan("upgrade", title, steps, changes, confirmation, false, notes);
    }

    /** The StatefulSet whose pods the Prometheus Service selects. */
    private StatefulSet serving() {
        String name = ServingWorkload.name(session.client(), session.namespace(), StackComponent.PROMETHEUS);
        StatefulSet sts = sides.statefulSet(name);
        if (sts == null) {
            throw new ConsoleException("StatefulSet/" + name + " does not exist in " + session.namespace()
                    + ": deploy the stack first.");
        }
        return sts;
    }


    /** The new side: a copy of {@code old} with its own name, image, version label and claims. */
    static StatefulSet newSide(StatefulSet old, String name, String image) {
        StatefulSet s = Serialization.clone(old);
        String version = ReplicaRollout.tag(image);
        Map<String, String> meta = new LinkedHashMap<>(old.getMetadata().getLabels() == null ? Map.of()
                : old.getMetadata().getLabels());
        meta.put(BlueGreen.VERSION_LABEL, version);
        s.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
                .withNamespace(old.getMetadata().getNamespace()).withLabels(meta)
                .withAnnotations(Map.of(BlueGreen.SOURCE_ANNOTATION, old.getMetadata().getName())).build());
        s.setStatus(null);
        Map<String, String> selector = new LinkedHashMap<>(old.getSpec().getSelector().getMatchLabels());
        selector.put(BlueGreen.VERSION_LABEL, version);
        s.getSpec().setSelector(new LabelSelector(null, selector));
        PodTemplateSpec t = s.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>(t.getMetadata().getLabels());
        labels.put(BlueGreen.VERSION_LABEL, version);
        t.getMetadata().setLabels(labels);
        t.getSpec().getContainers().stream().filter(c -> StackComponent.PROMETHEUS.container().equals(c.getName()))
                .forEach(c -> c.setImage(image));
        if (s.getSpec().getUpdateStrategy() != null && s.getSpec().getUpdateStrategy().getRollingUpdate() != null) {
            s.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(null);
        }
        // spread the new pair among itself: the old pair's pods must not keep the new ones off their nodes
        var affinity = t.getSpec().getAffinity();
        if (affinity != null && affinity.getPodAntiAffinity() != null) {
            var anti = affinity.getPodAntiAffinity();
            Optional.ofNullable(anti.getRequiredDuringSchedulingIgnoredDuringExecution()).orElse(List.of())
                    .forEach(term -> withVersion(term, version));
            Optional.ofNullable(anti.getPreferredDuringSchedulingIgnoredDuringExecution()).orElse(List.of())
                    .stream().map(WeightedPodAffinityTerm::getPodAffinityTerm).forEach(term -> withVersion(term,
                            version));
        }
        for (TopologySpreadConstraint c : Optional.ofNullable(t.getSpec().getTopologySpreadConstraints())
                .orElse(List.of())) {
            if (c.getLabelSelector() != null && c.getLabelSelector().getMatchLabels() != null) {
                Map<String, String> m = new LinkedHashMap<>(c.getLabelSelector().getMatchLabels());
                m.put(BlueGreen.VERSION_LABEL, version);
                c.getLabelSelector().setMatchLabels(m);
            }
        }
        for (PersistentVolumeClaim claim : Optional.ofNullable(s.getSpec().getVolumeClaimTemplates())
                .orElse(List.of())) {
            if (claim.getMetadata() != null) {
                Map<String, String> m = new LinkedHashMap<>(claim.getMetadata().getLabels() == null ? Map.of()
                        : claim.getMetadata().getLabels());
                m.put(BlueGreen.VERSION_LABEL, version);
                claim.getMetadata().setLabels(m);
            }
            claim.setStatus(null);
        }
        return s;
    }

    private static void withVersion(PodAffinityTerm term, String version) {
        if (term != null && term.getLabelSelector() != null && term.getLabelSelector().getMatchLabels() != null) {
            Map<String, String> m = new LinkedHashMap<>(term.getLabelSelector().getMatchLabels());
            m.put(BlueGreen.VERSION_LABEL, version);
            term.getLabelSelector().setMatchLabels(m);
        }
    }

    // ---- the run ------------------------------------------------------------------------------------------------

    @Override
    protected Result execute(Execution ex) {
        String name = created.getMetadata().getName();
        String oldName = old.getMetadata().getName();
        SideBySide comparison;
        List<Seeded> seeded = new ArrayList<>();
        try {
            ex.step("create", () -> {
                try {
                    session.client().apps().statefulSets().inNamespace(session.namespace()).resource(created)
                            .create();
                } catch (KubernetesClientException e) {
                    throw ApiErrors.failure(session, e, "create StatefulSet/" + name, "Forbidden: your account may"
                            + " not create statefulsets in " + session.namespace() + ".", session.namespace()
                            + " is gone.");
                }
                LOG.info("Blue-green: created StatefulSet {}/{} on {}", session.namespace(), name, version);
                ex.detail("StatefulSet/" + name + " created");
            });
            int replicas = created.getSpec().getReplicas() == null ? 1 : created.getSpec().getReplicas();
            ex.step("ready", () -> {
                String[] state = {"waiting for the pods of " + name};
                workload().await(ex, timeout, poll, "StatefulSet/" + name + " to be ready", () -> {
                    List<Pod> pods = sides.pods(name);
                    for (Pod p : pods) {
                        Optional<String> broken = ReplicaRollout.broken(p);
                        if (broken.isPresent()) {
                            throw new ConsoleException(p.getMetadata().getName() + " does not run on " + version
                                    + ": " + broken.get() + ".");
                        }
                    }
                    long ready = pods.stream().filter(BlueGreen::ready).count();
                    state[0] = ready + " of " + replicas + " replicas of " + name + " ready";
                    return pods.size() == replicas && ready == replicas;
                }, () -> state[0], "The Services were not switched.");
                ex.detail(state[0]);
            });
            if (seed) {
                seeded.addAll(ex.step("seed", () -> seeder().run(ex, oldName, name)));
            }
            comparison = ex.step("compare", () -> {
                SideBySide[] last = new SideBySide[1];
                String[] state = {"not compared yet"};
                workload().await(ex, timeout, poll, StackComponent.PROMETHEUS.title() + " " + name + " to scrape"
                        + " and evaluate what " + oldName + " does", () -> {
                    List<Pod> oldPods = sides.pods(oldName).stream().filter(BlueGreen::ready).toList();
                    List<Pod> newPods = sides.pods(name).stream().filter(BlueGreen::ready).toList();
                    if (oldPods.isEmpty() || newPods.size() < replicas) {
                        state[0] = oldPods.isEmpty() ? "no ready replica on " + oldName
                                : newPods.size() + " of " + replicas + " replicas of " + name + " ready";
                        return false;
                    }
                    // every replica of the new side must match: the Services send traffic to all of them
                    HealthContext context = HealthContext.of(session, CALL);
                    SideBySide first = null;
                    for (Pod p : newPods) {
                        SideBySide look;
                        try {
                            look = SideBySide.of(context, oldPods.get(0).getMetadata().getName(),
                                    p.getMetadata().getName());
                        } catch (IOException e) {
                            state[0] = e.getMessage();
                            return false;
                        }
                        first = first == null ? look : first;
                        List<String> diff = look.differences();
                        if (!diff.isEmpty()) {
                            last[0] = look;
                            state[0] = diff.get(0) + (diff.size() > 1 ? " (and " + (diff.size() - 1) + " more)"
                                    : "");
                            return false;
                        }
                    }
                    last[0] = first;
                    state[0] = "the same";
                    return true;
                }, () -> state[0], "The Services were not switched.");
                ex.detail(String.join("\n", last[0].lines()));
                return last[0];
            });
        } catch (OperationCancelledException e) {
            removeNew(ex, "cancelled");
            throw e;
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            String back = removeNew(ex, reason);
            throw new ConsoleException("The blue-green upgrade to " + version + " stopped before the switch: "
                    + reason + " " + back, e);
        }
        List<String> switched = new ArrayList<>();
        ex.step("switch", () -> {
            int labelled = sides.labelPods(oldName, oldLabel);
            BlueGreen.Sides recorded = null;
            for (Service s : services) {
                Map<String, String> before = new LinkedHashMap<>(s.getSpec().getSelector());
                before.remove(BlueGreen.VERSION_LABEL);
                recorded = new BlueGreen.Sides(oldName, oldLabel, name, version, before);
                sides.select(s.getMetadata().getName(), recorded.selectorFor(version), recorded);
                switched.add("Service/" + s.getMetadata().getName());
            }
            LOG.info("Blue-green: switched {} in {} from {} to {}", switched, session.namespace(), oldName, name);
            ex.detail(String.join(", ", switched) + " select " + name + " (" + labelled + " pods of " + oldName
                    + " labelled " + BlueGreen.VERSION_LABEL + "=" + oldLabel + ")");
        });
        ex.skip("remove-new", "not needed: the Services select " + name);
        ex.resultNote(StackComponent.PROMETHEUS.title() + " " + name + " (" + version + ") now serves; "
                + oldName + " (" + from + ") keeps running: monitoring-console blue-green switch-back returns to"
                + " it, monitoring-console blue-green remove-old removes it.");
        return new Result("StatefulSet/" + oldName, "StatefulSet/" + name, from, version, switched,
                comparison.lines(), seeded);
    }

    private ComponentWorkload workload() {
        return new ComponentWorkload(session, StackComponent.PROMETHEUS);
    }

    private BlueGreenSeed seeder() {
        return new BlueGreenSeed(session, sides, workload(), timeout, poll);
    }

    /** The undo after a failure or a cancel before the switch; says what it did, never throws over the first. */
    private String removeNew(Execution ex, String why) {
        String name = created.getMetadata().getName();
        try {
            List<String> deleted = ex.undo("remove-new", () -> {
                StatefulSet now = sides.statefulSet(name);
                List<String> d = now == null ? List.of() : sides.delete(ex, now, true, timeout, poll);
                ex.detail(d.isEmpty() ? "nothing was created" : "deleted " + String.join(", ", d));
                return d;
            });
            ex.resultNote("Stopped (" + why + "); " + (deleted.isEmpty() ? "nothing was created"
                    : "deleted " + String.join(", ", deleted)) + ". StatefulSet/" + old.getMetadata().getName()
                    + " and the Services are as they were.");
            return "StatefulSet/" + name + " was removed; the Services still select " + old.getMetadata().getName()
                    + ".";
        } catch (RuntimeException e) {
            LOG.warn("Removing StatefulSet {} after a failed blue-green upgrade failed: {}", name, e.getMessage());
            ex.resultNote("Stopped (" + why + "); removing StatefulSet/" + name + " failed: " + e.getMessage());
            return "Removing StatefulSet/" + name + " failed too: " + e.getMessage() + " The Services still select "
                    + old.getMetadata().getName() + "; delete " + name + " and its claims by hand (kubectl delete"
                    + " statefulset " + name + " -n " + session.namespace() + ").";
        }
    }
}
