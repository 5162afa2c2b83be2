package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.core.backup.operations.BackupOperation;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.config.ConfigTarget;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.util.BoundedYaml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubectl set image} done safely: upgrades (or downgrades) one component to another image tag, one replica at
 * a time, and goes back by itself when the new version fails.
 *
 * <p>The plan says whether the tag is one the console knows to work with the stack ({@link UpgradeCatalog}; another
 * is taken with a warning), and which flags and config fields the target version removed or renamed are in use
 * (errors among them ask for the component's name typed). Steps: {@code backup} (configs, and the component's data:
 * the Prometheus TSDB or the Alertmanager silences; unless declined), {@code image} (the StatefulSet held by its
 * partition, then the new image written), one {@code replica-NAME} per replica from the highest ordinal (or
 * {@code rollout}: Grafana's Deployment rolls by its own rolling update), each passing the health gate before the
 * next, and {@code rollback}. A failure or a cancel stops the rollout; {@code rollback} then restores the previous
 * revision's template, replaces the replicas on the new version (deleting those stuck on it) and verifies the old
 * version is healthy. The run then ends failed (or cancelled) and says which replica ran which version and why it
 * stopped.
 */
public final class UpgradeOperation extends PlannedOperation<UpgradeOperation.Result> {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeOperation.class);
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Duration BACKUP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * How an upgrade ended.
     *
     * @param workload {@code StatefulSet/prometheus}
     * @param from     the tag before
     * @param to       the tag now
     * @param replicas each replica and the version it runs ({@code prometheus-0 v3.0.1})
     * @param backup   the archive written first, or null
     * @param verified what the health gate saw at the end
     */
    public record Result(String workload, String from, String to, List<String> replicas, Path backup,
                         String verified) {
        public Result {
            replicas = List.copyOf(replicas);
        }
    }

    private final ClusterSession session;
    private final StackComponent component;
    private final String version;
    private final Path backupDir;
    private final ReplicaRollout rollout;
    private final UpgradeCatalog catalog;

    private int replicas;
    private String fromImage;
    private String toImage;
    private ControllerRevision previous;
    private PodTemplateSpec previousTemplate;
    private List<Finding> findings = List.of();

    /**
     * The upgrade of {@code component} in the session's namespace to image tag {@code version}.
     *
     * @param backupDir where the backup archive goes, or null to go without one
     * @param timeout   how long each replica may take to run the new version and be ready, and then to pass the gate
     * @param poll      how often to look meanwhile
     */
    public UpgradeOperation(ClusterSession session, StackComponent component, String version, Path backupDir,
                            Duration timeout, Duration poll) {
        String tag = checkedTag(component, version);
        this.session = Objects.requireNonNull(session, "session");
        this.component = Objects.requireNonNull(component, "component");
        this.version = tag;
        this.backupDir = backupDir;
        this.rollout = new ReplicaRollout(session, component, timeout, poll);
        this.catalog = UpgradeCatalog.bundled();
    }

    /**
     * {@code version} stripped, when it is an image tag; else throws {@link IllegalArgumentException} naming the
     * versions known to work with the stack.
     */
    public static String checkedTag(StackComponent component, String version) {
        String tag = version == null ? "" : version.strip();
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("'" + tag + "' is not an image tag (letters, digits, '.', '-', '_');"
                    + " versions known to work with the stack: " + String.join(", ",
                    UpgradeCatalog.bundled().versions(component)));
        }
        return tag;
    }

    /** What the last plan found in today's flags and config that the target version removed or renamed. */
    public List<Finding> findings() {
        return findings;
    }

    private String ref() {
        return rollout.workload().ref();
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        HasMetadata workload = rollout.workload().read();
        PodTemplateSpec template = ComponentWorkload.template(workload);
        replicas = ComponentWorkload.replicas(workload);
        fromImage = rollout.image(template);
        toImage = ReplicaRollout.withTag(fromImage, version);
        String from = ReplicaRollout.tag(fromImage);
        List<String> notes = new ArrayList<>();
        cancellation.check();
        if (workload instanceof StatefulSet sts) {
            previous = currentRevision(sts, notes);
        } else {
            previousTemplate = template;
        }
        boolean same = toImage.equals(fromImage);
        if (!catalog.known(component, version)) {
            notes.add("WARNING: " + version + " is not one of the versions known to work with the stack ("
                    + String.join(", ", catalog.versions(component)) + "); it is used as you asked.");
        }
        if (!same && UpgradeCatalog.compare(version, from) < 0) {
            notes.add("WARNING: " + version + " is older than " + from + " (a downgrade): data written by the newer"
                    + " version may not be readable by it.");
        }
        findings = same ? List.of() : catalog.check(component, from, version, args(template, component),
                component == StackComponent.PROMETHEUS ? prometheusConfig(session, version, notes) : null,
                ConfigTarget.PROMETHEUS.objectName());
        for (Finding f : findings) {
            notes.add(f.severity().name() + ": " + f.message() + ". " + f.fix());
        }
        List<Step> steps = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        if (same) {
            changes.add(new Change(Change.Action.UNCHANGED, ref(), "already on " + version));
            steps.add(new Step("verify", "Verify " + component.title() + " (" + replicas + " replicas on " + version
                    + ")"));
            return new Plan("upgrade", component.title() + " in " + session.namespace() + " already runs "
                    + version, steps, changes, Confirmation.none(), false, notes);
        }
        changes.add(new Change(Change.Action.UPDATE, ref(), "image " + fromImage + " → " + toImage + ", one replica"
                + " at a time" + (component.stateful() ? ", highest ordinal first" : "")));
        if (backupDir != null) {
            steps.add(new Step("backup", "Back up the configs and " + (component == StackComponent.PROMETHEUS
                    ? "the TSDB" : component == StackComponent.ALERTMANAGER ? "the silences" : "nothing else")
                    + " to " + backupDir));
        } else {
            notes.add("No backup is taken before the upgrade.");
        }
        if (component.stateful()) {
            steps.add(new Step("image", "Hold every replica (partition " + replicas + ") and set the image to "
                    + toImage));
            for (int i = replicas - 1; i >= 0; i--) {
                String pod = rollout.workload().name() + "-" + i;
                steps.add(new Step("replica-" + pod, "Move " + pod + " to " + version + " and pass the health"
                        + " gate"));
            }
        } else {
            steps.add(new Step("image", "Set the image of " + ref() + " to " + toImage));
            steps.add(new Step("rollout", "Wait for the rollout, one replica at a time, and the health gate"));
        }
        steps.add(new Step("rollback", "Only on a failure or a cancel: back to " + from + ", replicas stuck on "
                + version + " deleted, the old version verified healthy"));
        notes.add("On a failure or a cancel the console stops, returns every replica to " + from + " and verifies"
                + " it is healthy.");
        notes.add("Set " + component.id() + "Version: " + version + " in your values file too, or the next deploy"
                + " returns to the version it renders.");
        String title = "Upgrade " + component.title() + " in " + session.namespace() + " from " + from + " to "
                + version + " (" + replicas + " replicas)";
        boolean errors = findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
        Confirmation confirmation = errors ? Confirmation.typed(component.id(), "The plan found flags or fields "
                + version + " no longer accepts: the first replica would likely fail and be rolled back. Upgrade"
                + " anyway?") : Confirmation.yes(title + "?");
        return new Plan("upgrade", title, steps, changes, confirmation, backupDir != null, notes);
    }

    /** The revision the StatefulSet's template is now: what a failure goes back to. */
    private ControllerRevision currentRevision(StatefulSet sts, List<String> notes) {
        String update = sts.getStatus() == null ? null : sts.getStatus().getUpdateRevision();
        String current = sts.getStatus() == null ? null : sts.getStatus().getCurrentRevision();
        ControllerRevision found = rollout.revisions(sts).stream()
                .filter(r -> r.getMetadata().getName().equals(update)).findFirst().orElse(null);
        if (found == null || !rollout.image(ReplicaRollout.template(found)).equals(fromImage)) {
            throw new ConsoleException("The controller has not recorded the revision of " + ref() + "'s template"
                    + " yet (status.updateRevision " + update + "), so there would be nothing to roll back to."
                    + " Wait a moment and plan again; if it stays so, look at kubectl rollout history " + ref()
                    .toLowerCase(Locale.ROOT) + " -n " + session.namespace() + ".");
        }
        if (current != null && !current.equals(update)) {
            notes.add("WARNING: an earlier rollout of " + ref() + " is not complete (some replicas run revision "
                    + current + "); a failure goes back to " + update + ".");
        }
        return found;
    }

    /** The args and command of {@code component}'s container in {@code template}, as the catalog checks them. */
    static List<String> args(PodTemplateSpec template, StackComponent component) {
        List<String> args = new ArrayList<>();
        for (Container c : template.getSpec().getContainers()) {
            if (component.container().equals(c.getName())) {
                args.addAll(c.getArgs() == null ? List.of() : c.getArgs());
                args.addAll(c.getCommand() == null ? List.of() : c.getCommand());
            }
        }
        return args;
    }

    /** The Prometheus config file, parsed; null when it cannot be read (said in {@code notes}). */
    static Object prometheusConfig(ClusterSession session, String version, List<String> notes) {
        ConfigTarget target = ConfigTarget.PROMETHEUS;
        try {
            ConfigMap map = session.client().configMaps().inNamespace(session.namespace())
                    .withName(target.objectName()).get();
            String text = map == null || map.getData() == null ? null : map.getData().get(target.key());
            if (text == null) {
                notes.add("ConfigMap/" + target.objectName() + " has no " + target.key() + ": the config was not"
                        + " checked for fields " + version + " removed.");
                return null;
            }
            return BoundedYaml.load(text);
        } catch (KubernetesClientException | org.yaml.snakeyaml.error.YAMLException e) {
            notes.add("The config was not checked for fields " + version + " removed: ConfigMap/"
                    + target.objectName() + " could not be read (" + e.getMessage() + ").");
            return null;
        }
    }

    // ---- the run ------------------------------------------------------------------------------------------------

    @Override
    protected Result execute(Execution ex) {
        String from = ReplicaRollout.tag(fromImage);
        if (toImage.equals(fromImage)) {
            String verified = ex.step("verify", () -> rollout.gate(ex, replicas, Set.of()));
            return new Result(ref(), from, version, rollout.replicas(), null, verified);
        }
        Path archive = null;
        if (backupDir != null) {
            archive = ex.step("backup", () -> backup(ex));
        }
        List<String> moved = new ArrayList<>();
        String verified;
        try {
            ex.step("image", () -> {
                if (component.stateful()) {
                    rollout.partition(replicas);
                }
                rollout.setImage(toImage);
                LOG.info("Upgrading {} in {} from {} to {}", ref(), session.namespace(), fromImage, toImage);
                ex.detail("image " + toImage);
            });
            String[] gate = {""};
            if (component.stateful()) {
                for (int i = replicas - 1; i >= 0; i--) {
                    int ordinal = i;
                    String pod = rollout.workload().name() + "-" + i;
                    gate[0] = ex.step("replica-" + pod, () -> {
                        String summary = rollout.replica(ex, ordinal, replicas,
                                p -> toImage.equals(rollout.image(p)), version);
                        ex.detail(pod + " on " + version + "; " + summary);
                        return summary;
                    });
                    moved.add(pod);
                }
            } else {
                gate[0] = ex.step("rollout", () -> {
                    String summary = rollout.deployment(ex, replicas, p -> toImage.equals(rollout.image(p)), version);
                    ex.detail(summary);
                    return summary;
                });
            }
            verified = gate[0];
        } catch (OperationCancelledException e) {
            rollBack(ex, from, moved, "cancelled");
            throw e;
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            String back = rollBack(ex, from, moved, reason);
            throw new ConsoleException("The upgrade of " + ref() + " to " + version + " stopped: " + reason + " "
                    + back, e);
        }
        ex.skip("rollback", "not needed: every replica runs " + version + " and passed the health gate");
        List<String> now = rollout.replicas();
        ex.resultNote("Replicas: " + String.join(", ", now) + ".");
        return new Result(ref(), from, version, now, archive, verified);
    }

    /**
     * The rollback after a failure or cancel: restores the previous template and rolls every replica back under the
     * gate; returns what it did, for the failure's message. Its own failure is said, not thrown over the first.
     */
    private String rollBack(Execution ex, String from, List<String> moved, String why) {
        if (!moved.isEmpty()) {
            ex.resultNote("Before it stopped, " + String.join(", ", moved) + " ran " + version + ".");
        }
        try {
            String verified = ex.undo("rollback", () -> {
                String summary;
                if (component.stateful()) {
                    rollout.partition(replicas);
                    rollout.restore(previous);
                    summary = "";
                    String name = previous.getMetadata().getName();
                    for (int i = replicas - 1; i >= 0; i--) {
                        summary = rollout.replica(ex, i, replicas, p -> name.equals(p.getMetadata().getLabels()
                                .get(ReplicaRollout.REVISION_LABEL)), from);
                    }
                } else {
                    rollout.restore(previousTemplate);
                    summary = rollout.deployment(ex, replicas, p -> fromImage.equals(rollout.image(p)), from);
                }
                ex.detail("every replica back on " + from + "; " + summary);
                return summary;
            });
            List<String> now = rollout.replicas();
            ex.resultNote("Stopped (" + why + "); rolled back: " + String.join(", ", now) + ".");
            return "Rolled back to " + from + " and verified: " + verified + ". Replicas: " + String.join(", ", now)
                    + ".";
        } catch (RuntimeException e) {
            String now;
            try {
                now = String.join(", ", rollout.replicas());
            } catch (RuntimeException again) {
                now = "unknown (" + again.getMessage() + ")";
            }
            ex.resultNote("Stopped (" + why + "); the rollback failed: " + e.getMessage() + " Replicas: " + now
                    + ".");
            LOG.warn("The rollback of {} failed: {}", ref(), e.getMessage());
            return "The rollback to " + from + " failed too: " + e.getMessage() + " Replicas now: " + now + ". Roll"
                    + " back by hand: monitoring-console rollback " + component.id() + ", or kubectl rollout undo "
                    + ref().toLowerCase(Locale.ROOT) + " -n " + session.namespace() + " and delete the pods that are"
                    + " not ready.";
        }
    }

    private Path backup(Execution ex) {
        Set<BackupComponent> parts = EnumSet.of(BackupComponent.CONFIGS);
        if (component == StackComponent.PROMETHEUS) {
            parts.add(BackupComponent.TSDB);
        } else if (component == StackComponent.ALERTMANAGER) {
            parts.add(BackupComponent.SILENCES);
        }
        BackupOperation.Result result;
        try {
            result = BackupOperation.of(session, BACKUP_TIMEOUT, backupDir, parts, null)
                    .runWithin(ex.cancellation(), ex.listener());
        } catch (OperationCancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConsoleException("The backup failed, so nothing was changed: " + e.getMessage() + " Fix that"
                    + " and upgrade again, or upgrade without a backup (--no-backup).", e);
        }
        Path file = result.archive().file();
        ex.detail(file + " (" + String.join(", ", BackupComponent.ids(result.components())) + ")");
        return file;
    }
}
