package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a blue-green upgrade of Prometheus: removes the side the Services do not select (the old StatefulSet after a
 * switch; the new one after a switch back), on its name typed. Steps: {@code statefulset} (the StatefulSet and its
 * pods deleted, waited for), {@code volumes} (its claims deleted, only when asked; kept otherwise) and
 * {@code services} (the blue-green annotation removed; the selectors stay on the side kept).
 */
public final class BlueGreenRemoveOperation extends PlannedOperation<BlueGreenRemoveOperation.Result> {
    private static final Logger LOG = LoggerFactory.getLogger(BlueGreenRemoveOperation.class);

    /**
     * How a removal ended.
     *
     * @param removed the StatefulSet removed
     * @param kept    the StatefulSet the Services select
     * @param deleted what was deleted
     * @param claims  the claims of the removed side that were kept (empty when they were deleted)
     */
    public record Result(String removed, String kept, List<String> deleted, List<String> claims) {
        public Result {
            deleted = List.copyOf(deleted);
            claims = List.copyOf(claims);
        }
    }

    private final ClusterSession session;
    private final boolean deleteVolumes;
    private final Duration timeout;
    private final Duration poll;
    private final BlueGreen sides;

    private StatefulSet removed;
    private String kept;
    private List<String> claims = List.of();
    private List<Service> services = List.of();

    /**
     * The removal of the side not in use.
     *
     * @param deleteVolumes whether its claims (and their data) go too
     * @param timeout       how long its pods may take to go
     * @param poll          how often to look meanwhile
     */
    public BlueGreenRemoveOperation(ClusterSession session, boolean deleteVolumes, Duration timeout, Duration poll) {
        this.session = Objects.requireNonNull(session, "session");
        this.deleteVolumes = deleteVolumes;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.sides = new BlueGreen(session);
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        BlueGreen.Sides recorded = sides.recorded();
        services = sides.switchedServices();
        List<String> selected = services.stream().map(BlueGreen::selectedVersion).distinct().toList();
        if (selected.size() != 1 || !(recorded.oldVersion().equals(selected.get(0))
                || recorded.newVersion().equals(selected.get(0)))) {
            throw new ConsoleException("The switched Services do not all select one side (" + selected + "):"
                    + " switch them (monitoring-console blue-green switch-back or switch-forward) before removing"
                    + " a side.");
        }
        kept = recorded.statefulSetOf(selected.get(0));
        String name = kept.equals(recorded.old()) ? recorded.created() : recorded.old();
        removed = sides.statefulSet(name);
        if (removed == null) {
            throw new ConsoleException("StatefulSet/" + name + " is already gone from " + session.namespace()
                    + "; remove the annotation " + BlueGreen.ANNOTATION + " from the Services by hand.");
        }
        cancellation.check();
        claims = sides.claimNames(removed);
        List<Change> changes = new ArrayList<>();
        changes.add(new Change(Change.Action.DELETE, "StatefulSet/" + name, "and its pods; the Services select "
                + kept));
        for (String c : claims) {
            changes.add(new Change(deleteVolumes ? Change.Action.DELETE : Change.Action.UNCHANGED,
                    "PersistentVolumeClaim/" + c, deleteVolumes ? "its data is lost" : "kept with its data"));
        }
        for (Service s : services) {
            changes.add(new Change(Change.Action.UPDATE, "Service/" + s.getMetadata().getName(), "annotation "
                    + BlueGreen.ANNOTATION + " removed; selector stays " + s.getSpec().getSelector()));
        }
        List<String> notes = new ArrayList<>();
        if (!deleteVolumes && !claims.isEmpty()) {
            notes.add("The claims of " + name + " are kept with their data (" + String.join(", ", claims) + ");"
                    + " add --delete-volumes to delete them too.");
        }
        if (name.equals("prometheus")) {
            notes.add("The console's scale, resize, expand-storage and in-place upgrade work on"
                    + " StatefulSet/prometheus: after this removal they no longer find Prometheus, and a deploy of"
                    + " the stack creates StatefulSet/prometheus again.");
        }
        List<Step> steps = List.of(
                new Step("statefulset", "Delete StatefulSet/" + name + " and wait for its pods to go"),
                new Step("volumes", deleteVolumes ? "Delete its claims " + String.join(", ", claims)
                        : "Keep its claims"),
                new Step("services", "Remove the blue-green annotation from the Services"));
        String title = "Remove StatefulSet/" + name + " from " + session.namespace() + " (the Services select "
                + kept + ")";
        return new Plan("remove-old", title, steps, changes, Confirmation.typed(name, "This deletes StatefulSet/"
                + name + (deleteVolumes ? " and its volumes with their data" : "") + ", which the blue-green"
                + " upgrade kept for switching back. Type its name to confirm."), false, notes);
    }

    @Override
    protected Result execute(Execution ex) {
        String name = removed.getMetadata().getName();
        List<String> deleted = new ArrayList<>(ex.step("statefulset", () -> {
            List<String> d = sides.delete(ex, removed, false, timeout, poll);
            LOG.info("Blue-green: removed StatefulSet {}/{}", session.namespace(), name);
            ex.detail(d.isEmpty() ? "already gone" : "deleted " + String.join(", ", d));
            return d;
        }));
        if (deleteVolumes && !claims.isEmpty()) {
            deleted.addAll(ex.step("volumes", () -> {
                List<String> d = new ArrayList<>();
                for (var c : sides.claims(removed)) {
                    sides.deleteClaim(c.getMetadata().getName());
                    d.add("PersistentVolumeClaim/" + c.getMetadata().getName());
                }
                ex.detail("deleted " + String.join(", ", d));
                return d;
            }));
        } else {
            ex.skip("volumes", claims.isEmpty() ? "no claims" : "kept: " + String.join(", ", claims));
        }
        ex.step("services", () -> {
            for (Service s : services) {
                sides.select(s.getMetadata().getName(), s.getSpec().getSelector(), null);
            }
            ex.detail(services.size() + " Services keep selecting " + kept);
        });
        return new Result("StatefulSet/" + name, "StatefulSet/" + kept, deleted, deleteVolumes ? List.of() : claims);
    }
}
