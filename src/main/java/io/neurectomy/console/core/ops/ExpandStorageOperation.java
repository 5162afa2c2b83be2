package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ApiMessages;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.Quantities;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment guide's "increase PVC size", done so that it lasts: grows the volumes of Prometheus or
 * Alertmanager, then gives the StatefulSet the new size too, without restarting a pod.
 *
 * <p>The plan refuses, changing nothing, a size smaller than a volume has (volumes cannot shrink) and volumes whose
 * StorageClass does not allow expansion (it names the class and the setting). Steps: {@code claims} (each
 * PersistentVolumeClaim's request set to the size), {@code resize} (until each claim's capacity reaches it: the
 * resizer and then the kubelet's file system resize), {@code recreate} (the StatefulSet deleted with
 * {@code propagationPolicy: Orphan}, so its pods keep running, and created again with its
 * {@code volumeClaimTemplates} at the new size, since a StatefulSet refuses that change in place; replicas created
 * later get the new size), {@code adopt} (the same pods, same UIDs, owned by the new StatefulSet), for Prometheus
 * with a retention size {@code retention} ({@code --storage.tsdb.retention.size} kept at the same share of the
 * volume, or as given; the replicas restart one at a time to read it), and {@code verify} (the health gate).
 *
 * <p>Between the delete and the create nothing stops the run, not even a cancel: the StatefulSet is never left
 * deleted on purpose. Its manifest is written to the state directory before the delete, and a create that fails
 * says where it is.
 */
public final class ExpandStorageOperation extends ComponentOperation<ExpandStorageOperation.Result> {
    private static final Logger LOG = LoggerFactory.getLogger(ExpandStorageOperation.class);
    private static final String RETENTION_FLAG = "--storage.tsdb.retention.size=";
    private static final Pattern PROMETHEUS_BYTES = Pattern.compile("^(\\d+(?:\\.\\d+)?)(B|KB|MB|GB|TB|PB|EB)$");
    private static final List<String> UNITS = List.of("B", "KB", "MB", "GB", "TB", "PB", "EB");

    /**
     * How an expansion ended.
     *
     * @param workload  {@code StatefulSet/prometheus}
     * @param from      the volume size in the StatefulSet before
     * @param to        the size now, of every claim and of the StatefulSet's template
     * @param claims    the claims grown (those already at the size are left out)
     * @param retention {@code 160GB → 240GB}, or empty when it did not change
     * @param podsKept  the pods that ran through the re-creation with their UIDs unchanged
     * @param verified  what the health gate saw at the end
     */
    public record Result(String workload, String from, String to, List<String> claims, String retention,
                         List<String> podsKept, String verified) {
        public Result {
            claims = List.copyOf(claims);
            podsKept = List.copyOf(podsKept);
        }
    }

    private final String size;
    private final BigDecimal bytes;
    private final String retentionAsked;

    private String templateName;
    private String templateSize;
    private List<String> grow = List.of();
    private boolean templateChanges;
    private String retentionBefore = "";
    private String retentionAfter = "";
    private int replicas;

    /**
     * The expansion of {@code component}'s volumes to {@code size}.
     *
     * @param size          a Kubernetes quantity ({@code 300Gi})
     * @param retentionSize Prometheus's new {@code --storage.tsdb.retention.size} ({@code 240GB}), or null to keep
     *                      its share of the volume
     * @param timeout       how long each wait may take (the resizes, the adoption, the rollout, the health gate)
     */
    public ExpandStorageOperation(ClusterSession session, StackComponent component, String size,
                                  String retentionSize, Duration timeout, Duration poll) {
        super(session, component, timeout, poll);
        if (!component.stateful()) {
            throw new IllegalArgumentException(component.title() + " keeps no data on volumes of its own; only"
                    + " prometheus and alertmanager volumes can be expanded.");
        }
        this.size = Objects.requireNonNull(size, "size").strip();
        this.bytes = size(this.size);
        if (retentionSize != null && !retentionSize.isBlank()) {
            if (component != StackComponent.PROMETHEUS) {
                throw new IllegalArgumentException("Only Prometheus has a retention size (--retention-size).");
            }
            BigDecimal r = prometheusBytes(retentionSize.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "The retention size '" + retentionSize + "' is not a Prometheus size: a number and B, KB, MB, GB,"
                            + " TB, PB or EB (powers of 2), e.g. 240GB."));
            if (r.compareTo(bytes) > 0) {
                throw new IllegalArgumentException("The retention size " + retentionSize + " is larger than the"
                        + " volume (" + this.size + "): Prometheus would fill the volume first. Keep it at most 85%.");
            }
            this.retentionAsked = retentionSize.strip();
        } else {
            this.retentionAsked = null;
        }
    }

    /** The bytes of a volume size; throws what to type instead. */
    public static BigDecimal size(String text) {
        BigDecimal b;
        try {
            b = Quantities.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The size '" + text + "' is not a Kubernetes quantity: use a number"
                    + " with a unit, e.g. 300Gi or 1Ti.");
        }
        if (b.compareTo(BigDecimal.valueOf(1024L * 1024 * 1024)) < 0) {
            throw new IllegalArgumentException("A volume of " + text + " is less than 1Gi: give a unit (e.g. "
                    + text + "Gi).");
        }
        return b;
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        StatefulSet sts = (StatefulSet) read();
        replicas = replicas(sts);
        List<PersistentVolumeClaim> templates = sts.getSpec().getVolumeClaimTemplates() == null ? List.of()
                : sts.getSpec().getVolumeClaimTemplates();
        if (templates.isEmpty()) {
            throw new ConsoleException(ref() + " has no volumeClaimTemplates: its data is not on volumes of its own,"
                    + " so there is nothing to expand.");
        }
        PersistentVolumeClaim template = templates.stream().filter(t -> t.getMetadata().getName()
                .equals(component.id() + "-storage")).findFirst().orElse(templates.get(0));
        templateName = template.getMetadata().getName();
        templateSize = storage(template.getSpec() == null || template.getSpec().getResources() == null ? null
                : template.getSpec().getResources().getRequests());
        List<PersistentVolumeClaim> claims = claims(templateName + "-" + name() + "-");
        List<Change> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> growing = new ArrayList<>();
        Map<String, StorageClass> classes = new LinkedHashMap<>();
        for (PersistentVolumeClaim claim : claims) {
            cancellation.check();
            String name = claim.getMetadata().getName();
            String requested = storage(claim.getSpec().getResources() == null ? null
                    : claim.getSpec().getResources().getRequests());
            String capacity = claim.getStatus() == null ? "" : storage(claim.getStatus().getCapacity());
            int cmp = requested.isEmpty() ? -1 : Quantities.parse(requested).compareTo(bytes);
            if (cmp > 0) {
                throw new ConsoleException("Volumes cannot shrink: " + name + " already asks for " + requested
                        + ", more than " + size + ". Nothing was changed. Give a size of at least " + requested
                        + "; to free room instead, lower the retention (time or size).");
            }
            if (cmp == 0 && !capacity.isEmpty() && Quantities.parse(capacity).compareTo(bytes) >= 0) {
                changes.add(new Change(Change.Action.UNCHANGED, "PersistentVolumeClaim/" + name, "already " + size));
                continue;
            }
            String className = claim.getSpec().getStorageClassName() == null ? ""
                    : claim.getSpec().getStorageClassName();
            StorageClass sc = classes.computeIfAbsent(className, this::storageClass);
            if (sc == null) {
                throw new ConsoleException(name + " names StorageClass '" + className + "', which does not exist,"
                        + " so nothing can say whether it may grow. Nothing was changed. Create the class (with"
                        + " allowVolumeExpansion: true if its provisioner can resize), then run the expansion"
                        + " again.");
            }
            if (!Boolean.TRUE.equals(sc.getAllowVolumeExpansion())) {
                throw new ConsoleException("StorageClass/" + className + " does not allow volume expansion"
                        + " (allowVolumeExpansion is " + (sc.getAllowVolumeExpansion() == null ? "not set"
                        : "false") + "), so " + name + " cannot grow. Nothing was changed. If its provisioner ("
                        + sc.getProvisioner() + ") can resize volumes, as most CSI drivers can, allow it: kubectl"
                        + " patch storageclass " + className + " -p '{\"allowVolumeExpansion\":true}', then run the"
                        + " expansion again. Otherwise the data must move to a new, larger volume (back up, then"
                        + " restore).");
            }
            growing.add(name);
            changes.add(new Change(Change.Action.UPDATE, "PersistentVolumeClaim/" + name, (requested.isEmpty()
                    ? "?" : requested) + " → " + size + " (StorageClass " + className + ")"));
        }
        grow = List.copyOf(growing);
        if (claims.isEmpty()) {
            notes.add("No PersistentVolumeClaim of " + ref() + " exists yet: only the StatefulSet changes.");
        }
        int cmpTemplate = templateSize.isEmpty() ? -1 : Quantities.parse(templateSize).compareTo(bytes);
        if (cmpTemplate > 0 && claims.isEmpty()) {
            throw new ConsoleException("Volumes cannot shrink: " + ref() + " asks for " + templateSize + " per"
                    + " replica, more than " + size + ". Nothing was changed.");
        }
        templateChanges = cmpTemplate != 0;
        changes.add(new Change(templateChanges ? Change.Action.UPDATE : Change.Action.UNCHANGED, ref()
                + " volumeClaimTemplates " + templateName, templateChanges ? templateSize + " → " + size
                + ": deleted without its pods (--cascade=orphan) and created again, so replicas added later get "
                + size + "; the running pods stay" : "already " + size));
        retention(sts, changes, notes);
        boolean any = !grow.isEmpty() || templateChanges || !retentionAfter.isEmpty();
        List<Step> steps = new ArrayList<>();
        if (!grow.isEmpty()) {
            steps.add(new Step("claims", "Set the request of " + grow.size() + " volume claim" + (grow.size() == 1
                    ? "" : "s") + " to " + size));
            steps.add(new Step("resize", "Wait until each volume has grown to " + size));
        }
        if (templateChanges) {
            steps.add(new Step("recreate", "Re-create " + ref() + " with " + size + " volumes, leaving its pods"
                    + " running"));
            steps.add(new Step("adopt", "Verify that the same pods (same UIDs) run under the new StatefulSet"));
        }
        if (!retentionAfter.isEmpty()) {
            steps.add(new Step("retention", "Set the retention size to " + retentionAfter + " and restart the"
                    + " replicas one at a time"));
        }
        steps.add(new Step("verify", "Verify " + component.title() + " (" + replicas + " replicas)"));
        notes.add("Set " + component.id() + "StorageSize: " + size + (retentionAfter.isEmpty() ? ""
                : " and prometheusRetentionSize: " + retentionAfter) + " in your values file too, or the next deploy"
                + " renders the old size (which a StatefulSet refuses).");
        String title = any ? "Expand the " + component.title() + " volumes in " + namespace + " to " + size
                : "The " + component.title() + " volumes in " + namespace + " already have " + size;
        return new Plan("expand-storage", title, steps, changes, Confirmation.yes(title + "?"), false, notes);
    }

    private void retention(StatefulSet sts, List<Change> changes, List<String> notes) {
        retentionBefore = "";
        retentionAfter = "";
        if (component != StackComponent.PROMETHEUS) {
            return;
        }
        Optional<String> flag = container(sts).flatMap(c -> c.getArgs() == null ? Optional.empty()
                : c.getArgs().stream().filter(a -> a.startsWith(RETENTION_FLAG)).findFirst())
                .map(a -> a.substring(RETENTION_FLAG.length()));
        if (flag.isEmpty()) {
            if (retentionAsked != null) {
                throw new ConsoleException(ref() + " sets no --storage.tsdb.retention.size, so there is none to"
                        + " change; leave --retention-size out (Prometheus then keeps data by time only).");
            }
            notes.add("Prometheus sets no retention size: it keeps data by time only, and the bigger volume only"
                    + " gives it more headroom.");
            return;
        }
        retentionBefore = flag.get();
        String after;
        String why;
        if (retentionAsked != null) {
            after = retentionAsked;
            why = "as asked";
        } else {
            Optional<BigDecimal> before = prometheusBytes(retentionBefore);
            if (before.isEmpty() || templateSize.isEmpty()) {
                notes.add("The retention size " + retentionBefore + " could not be read as a share of the volume;"
                        + " it stays (give --retention-size to change it).");
                return;
            }
            BigDecimal share = before.get().divide(Quantities.parse(templateSize), 6, RoundingMode.HALF_UP);
            after = prometheusSize(share.multiply(bytes));
            why = "the same " + share.multiply(BigDecimal.valueOf(100)).setScale(0, RoundingMode.HALF_UP)
                    + "% of the volume";
        }
        if (prometheusBytes(after).orElseThrow().compareTo(prometheusBytes(retentionBefore).orElse(BigDecimal.ZERO))
                == 0) {
            changes.add(new Change(Change.Action.UNCHANGED, ref() + " --storage.tsdb.retention.size",
                    retentionBefore));
            return;
        }
        retentionAfter = after;
        changes.add(new Change(Change.Action.UPDATE, ref() + " --storage.tsdb.retention.size", retentionBefore
                + " → " + after + " (" + why + ")"));
        changes.add(new Change(Change.Action.RESTART, ref(), replicas + " replica" + (replicas == 1 ? "" : "s")
                + " restarted one at a time to read the new retention size, after the volumes have grown"));
    }

    private Optional<Container> container(StatefulSet sts) {
        List<Container> containers = sts.getSpec().getTemplate().getSpec().getContainers();
        return containers.stream().filter(c -> component.container().equals(c.getName())).findFirst()
                .or(() -> containers.stream().findFirst());
    }

    /** A Prometheus size ({@code 160GB}: powers of 2) in bytes, or empty when it is not one. */
    static Optional<BigDecimal> prometheusBytes(String text) {
        Matcher m = PROMETHEUS_BYTES.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(UNITS.indexOf(
                m.group(2)))));
    }

    /** {@code bytes} as a whole Prometheus size, rounded down to the largest unit that keeps three digits. */
    static String prometheusSize(BigDecimal bytes) {
        for (int i = UNITS.size() - 1; i > 0; i--) {
            BigDecimal unit = BigDecimal.valueOf(1024).pow(i);
            BigDecimal n = bytes.divide(unit, 0, RoundingMode.DOWN);
            if (n.compareTo(BigDecimal.TEN) >= 0 || (i == 1 && n.signum() > 0)) {
                return n.toPlainString() + UNITS.get(i);
            }
        }
        return bytes.setScale(0, RoundingMode.DOWN).toPlainString() + "B";
    }

    private StorageClass storageClass(String name) {
        try {
            if (name.isEmpty()) {
                return client.storage().v1().storageClasses().list().getItems().stream()
                        .filter(c -> c.getMetadata().getAnnotations() != null && "true".equals(c.getMetadata()
                                .getAnnotations().get("storageclass.kubernetes.io/is-default-class")))
                        .findFirst().orElse(null);
            }
            return client.storage().v1().storageClasses().withName(name).get();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "read StorageClass " + name, "Forbidden: your account may not read"
                    + " storageclasses (cluster-wide), which the expansion needs to see whether they allow it. Ask"
                    + " for a ClusterRole that allows 'get' on storageclasses.", "StorageClass " + name
                    + " does not exist.");
        }
    }

    /** The claims named {@code prefix} + an ordinal, in ordinal order. */
    private List<PersistentVolumeClaim> claims(String prefix) {
        try {
            return client.persistentVolumeClaims().inNamespace(namespace).list().getItems().stream()
                    .filter(c -> c.getMetadata().getName().startsWith(prefix)
                            && c.getMetadata().getName().substring(prefix.length()).matches("\\d+"))
                    .sorted(Comparator.comparingInt(c -> Integer.parseInt(c.getMetadata().getName()
                            .substring(prefix.length()))))
                    .toList();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "list the volume claims in " + namespace, "Forbidden: your account"
                    + " may not list persistentvolumeclaims in " + namespace + ".", namespace + " is gone.");
        }
    }

    private static String storage(Map<String, Quantity> map) {
        Quantity q = map == null ? null : map.get("storage");
        return q == null ? "" : (q.getAmount() == null ? "" : q.getAmount()) + (q.getFormat() == null ? ""
                : q.getFormat());
    }

    // ---- the run ------------------------------------------------------------------------------------------------

    @Override
    protected Result execute(Execution ex) {
        List<String> grown = new ArrayList<>();
        if (!grow.isEmpty()) {
            ex.step("claims", () -> {
                for (String claim : grow) {
                    ex.cancellation().check();
                    patchClaim(claim, grown);
                    grown.add(claim);
                }
                LOG.info("Volume claims {} in {} now ask for {}", grown, namespace, size);
                ex.detail(String.join(", ", grown) + " now ask for " + size);
            });
            ex.step("resize", () -> {
                await(ex, "the volumes to grow", this::allGrown, this::resizeState, "The claims ask for " + size
                        + " and the cluster goes on resizing them. Look at kubectl describe pvc (the resizer's"
                        + " events), then run the expansion again to finish the StatefulSet's part.");
                ex.detail(resizeState());
            });
        }
        Map<String, String> uids = new LinkedHashMap<>();
        pods().forEach(p -> uids.put(p.getMetadata().getName(), p.getMetadata().getUid()));
        if (templateChanges) {
            String[] newUid = new String[1];
            ex.step("recreate", () -> {
                newUid[0] = recreate(ex);
                ex.detail(ref() + " created again with " + size + " volumes; " + uids.size() + " pods left running");
            });
            ex.step("adopt", () -> {
                await(ex, "the pods to be adopted", () -> adopted(uids, newUid[0]), () -> adoption(uids, newUid[0]),
                        "The new StatefulSet exists; look at its pods in the topology view.");
                ex.detail(String.join(", ", uids.keySet()) + " adopted with their UIDs unchanged");
            });
        }
        Set<String> added = Set.of();
        if (!retentionAfter.isEmpty()) {
            ex.step("retention", () -> {
                setRetention();
                await(ex, "the replicas to restart with the new retention size", () -> restarted(uids),
                        this::retentionState, "The new retention size is written; the controller goes on"
                                + " replacing replicas. Look at the pods in the topology view.");
                ex.detail(retentionBefore + " → " + retentionAfter + "; " + retentionState());
            });
            added = pods().stream().filter(p -> !uids.containsValue(p.getMetadata().getUid()))
                    .map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        }
        Set<String> restartedPods = added;
        String verified = ex.step("verify", () -> gate(ex, replicas, restartedPods, "The volumes have grown; look"
                + " at the component in the Health section."));
        List<String> kept = pods().stream().filter(p -> p.getMetadata().getUid().equals(uids.get(p.getMetadata()
                .getName()))).map(p -> p.getMetadata().getName()).toList();
        return new Result(ref(), templateSize, size, grown, retentionAfter.isEmpty() ? "" : retentionBefore + " → "
                + retentionAfter, kept, verified);
    }

    private void patchClaim(String claim, List<String> grown) {
        try {
            client.persistentVolumeClaims().inNamespace(namespace).withName(claim).patch(PatchContext.of(
                    PatchType.JSON_MERGE), "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"" + size
                    + "\"}}}}");
        } catch (KubernetesClientException e) {
            String so = grown.isEmpty() ? "" : " (" + String.join(", ", grown) + " already ask for " + size
                    + "; run the expansion again once this is solved)";
            if (e.getCode() == 403 || e.getCode() == 422) {
                throw new ConsoleException("The API server refused to grow " + claim + so + ": "
                        + ApiMessages.status(e), e);
            }
            throw ApiErrors.failure(session, e, "grow " + claim + so, "Forbidden", claim + " was deleted meanwhile.");
        }
    }

    private PersistentVolumeClaim claim(String name) {
        return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
    }

    private boolean grown(String name) {
        PersistentVolumeClaim c = claim(name);
        String capacity = c == null || c.getStatus() == null ? "" : storage(c.getStatus().getCapacity());
        return !capacity.isEmpty() && Quantities.parse(capacity).compareTo(bytes) >= 0;
    }

    private boolean allGrown() {
        return grow.stream().allMatch(this::grown);
    }

    private String resizeState() {
        List<String> parts = new ArrayList<>();
        for (String name : grow) {
            PersistentVolumeClaim c = claim(name);
            if (c == null) {
                parts.add(name + " gone");
                continue;
            }
            String capacity = c.getStatus() == null ? "" : storage(c.getStatus().getCapacity());
            List<PersistentVolumeClaimCondition> conditions = c.getStatus() == null
                    || c.getStatus().getConditions() == null ? List.of() : c.getStatus().getConditions();
            parts.add(name + " " + (capacity.isEmpty() ? "?" : capacity) + conditions.stream()
                    .map(PersistentVolumeClaimCondition::getType).map(t -> " (" + t + ")").collect(Collectors
                            .joining()));
        }
        long done = grow.stream().filter(this::grown).count();
        return done + " of " + grow.size() + " volumes at " + size + ": " + String.join(", ", parts);
    }

    /**
     * Deletes the StatefulSet leaving its pods and creates it again with the new volume size; returns the new
     * one's UID. Once the delete is sent, neither a cancel nor a failed look stops it from creating the set again.
     */
    private String recreate(Execution ex) {
        StatefulSet now = (StatefulSet) read();
        StatefulSet fresh = new StatefulSetBuilder(now).withStatus(null).editMetadata().withResourceVersion(null)
                .withUid(null).withCreationTimestamp(null).withManagedFields(List.of()).withGeneration(null)
                .withSelfLink(null).endMetadata().build();
        for (PersistentVolumeClaim t : fresh.getSpec().getVolumeClaimTemplates()) {
            if (t.getMetadata().getName().equals(templateName)) {
                t.getSpec().getResources().getRequests().put("storage", new Quantity(size));
            }
            t.setStatus(null);
        }
        Path saved = save(now);
        ex.cancellation().check();
        try {
            client.apps().statefulSets().inNamespace(namespace).withName(name())
                    .withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "delete " + ref() + " (leaving its pods)", "Forbidden: your account"
                    + " may not delete statefulsets in " + namespace + ", which re-creating it with the new volume"
                    + " size needs. The volumes have grown already; ask for a Role that allows 'delete' and"
                    + " 'create' on statefulsets, then run the expansion again.", ref() + " was deleted meanwhile;"
                    + " its manifest is saved at " + saved + ".");
        }
        LOG.info("Deleted {} in {} with propagationPolicy Orphan to re-create it with {} volumes", ref(), namespace,
                size);
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                StatefulSet created = client.apps().statefulSets().inNamespace(namespace).resource(fresh).create();
                LOG.info("Created {} in {} again with {} volumes", ref(), namespace, size);
                return created.getMetadata().getUid();
            } catch (KubernetesClientException e) {
                last = e;
                if (e.getCode() != 409 && e.getCode() != 0 && e.getCode() < 500) {
                    break;
                }
                ex.note(component.title() + ": waiting for the old StatefulSet to be gone (" + e.getCode() + ")");
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                // Interrupted between the delete and the create: create it still, then stop.
                Thread.currentThread().interrupt();
                try {
                    return client.apps().statefulSets().inNamespace(namespace).resource(fresh).create().getMetadata()
                            .getUid();
                } catch (KubernetesClientException again) {
                    throw lost(saved, again);
                }
            }
        }
        throw lost(saved, last);
    }

    private ConsoleException lost(Path saved, RuntimeException cause) {
        return new ConsoleException(ref() + " was deleted (its pods keep running) and could not be created again: "
                + (cause == null ? "timed out" : cause.getMessage()) + ". Create it from its saved manifest, with"
                + " the volume size changed to " + size + ": kubectl apply -n " + namespace + " -f " + saved + ".",
                cause);
    }

    private Path save(StatefulSet sts) {
        try {
            Path dir = AppDirs.current().stateDir().resolve("statefulsets");
            Files.createDirectories(dir);
            Path file = dir.resolve(namespace + "-" + name() + "-" + Instant.now().toEpochMilli()
                    + ".yaml");
            Files.writeString(file, client.getKubernetesSerialization().asYaml(sts), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new ConsoleException("Could not save the manifest of " + ref() + " before re-creating it ("
                    + e.getMessage() + "); nothing was deleted. The volumes have grown already; free the disk"
                    + " and run the expansion again.", e);
        }
    }

    private boolean adopted(Map<String, String> uids, String owner) {
        List<Pod> pods = pods();
        Map<String, String> now = pods.stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                p -> p.getMetadata().getUid()));
        if (!now.keySet().containsAll(uids.keySet())) {
            return false;
        }
        for (Map.Entry<String, String> e : uids.entrySet()) {
            if (!e.getValue().equals(now.get(e.getKey()))) {
                throw new ConsoleException(e.getKey() + " was replaced while " + ref() + " was re-created (its UID"
                        + " changed): the new StatefulSet did not adopt the running pod. Its volume keeps the"
                        + " data; look at the pod in the topology view.");
            }
        }
        return pods.stream().filter(p -> uids.containsKey(p.getMetadata().getName())).allMatch(p -> owned(p, owner));
    }

    private static boolean owned(Pod p, String owner) {
        List<OwnerReference> refs = p.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(o -> owner.equals(o.getUid())
                && Boolean.TRUE.equals(o.getController()));
    }

    private String adoption(Map<String, String> uids, String owner) {
        List<Pod> pods = pods();
        long owned = pods.stream().filter(p -> uids.containsKey(p.getMetadata().getName()) && owned(p, owner))
                .count();
        return owned + " of " + uids.size() + " pods adopted by the new StatefulSet";
    }

    private void setRetention() {
        try {
            ConflictRetry.write("set the retention size of " + ref(), () -> client.apps().statefulSets()
                    .inNamespace(namespace).withName(name()).edit(s -> {
                        for (Container c : s.getSpec().getTemplate().getSpec().getContainers()) {
                            if (c.getArgs() != null
                                    && c.getArgs().stream().anyMatch(a -> a.startsWith(RETENTION_FLAG))) {
                                c.setArgs(c.getArgs().stream().map(a -> a.startsWith(RETENTION_FLAG)
                                        ? RETENTION_FLAG + retentionAfter : a).toList());
                            }
                        }
                        return s;
                    }));
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, "set the retention size of " + ref(), "Forbidden: your account may"
                    + " not patch statefulsets in " + namespace + ". The volumes have grown; the retention size"
                    + " stays " + retentionBefore + ".", ref() + " was deleted meanwhile.");
        }
        LOG.info("Set --storage.tsdb.retention.size of {} in {} to {}", ref(), namespace, retentionAfter);
    }

    private boolean hasRetention(Pod p) {
        return p.getSpec().getContainers().stream().anyMatch(c -> c.getArgs() != null
                && c.getArgs().contains(RETENTION_FLAG + retentionAfter));
    }

    private boolean restarted(Map<String, String> oldUids) {
        List<Pod> pods = pods();
        return pods.size() == replicas && pods.stream().allMatch(p -> !oldUids.containsValue(p.getMetadata()
                .getUid()) && hasRetention(p) && StatefulSetPods.ready(p));
    }

    private String retentionState() {
        long done = pods().stream().filter(p -> hasRetention(p) && StatefulSetPods.ready(p)).count();
        return done + " of " + replicas + " replicas ready with retention size " + retentionAfter;
    }
}
