package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.Service;
import io.neurectomy.console.core.cluster.ClusterSession;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An open blue-green upgrade of Prometheus as the cluster shows it now: both sides (StatefulSet, version, whether it
 * still exists, its ready replicas) and which one the switched Services select. Read from the Services' annotation
 * {@code monitoring-console.neurectomy.io/blue-green}, as {@link BlueGreenSwitchOperation} and
 * {@link BlueGreenRemoveOperation} read it; reads only.
 *
 * @param old             the StatefulSet that ran before ({@code prometheus})
 * @param oldVersion      its version
 * @param oldReady        its ready replicas, and how many pods it has ({@code 2 of 2}); {@code gone} when deleted
 * @param created         the StatefulSet the upgrade created ({@code prometheus-v3-0-1})
 * @param newVersion      its version
 * @param createdReady    as {@code oldReady}, for the new side
 * @param selectedVersion the version every switched Service selects, or null when they disagree or select neither
 * @param services        the switched Services ({@code Service/prometheus}), by name
 */
public record BlueGreenState(String old, String oldVersion, String oldReady, String created, String newVersion,
                             String createdReady, String selectedVersion, List<String> services) {
    public BlueGreenState {
        Objects.requireNonNull(old, "old");
        Objects.requireNonNull(created, "created");
        services = List.copyOf(services);
    }

    /**
     * The open blue-green upgrade in the session's namespace, or empty when no Service records one. Throws when the
     * Services' records cannot be read or disagree, with what to fix.
     */
    public static Optional<BlueGreenState> read(ClusterSession session) {
        BlueGreen sides = new BlueGreen(session);
        List<Service> switched = sides.switchedServices();
        if (switched.isEmpty()) {
            return Optional.empty();
        }
        BlueGreen.Sides recorded = sides.recorded();
        List<String> selected = switched.stream().map(BlueGreen::selectedVersion).distinct().toList();
        String version = selected.size() == 1 && (recorded.oldVersion().equals(selected.get(0))
                || recorded.newVersion().equals(selected.get(0))) ? selected.get(0) : null;
        return Optional.of(new BlueGreenState(recorded.old(), recorded.oldVersion(), ready(sides, recorded.old()),
                recorded.created(), recorded.newVersion(), ready(sides, recorded.created()), version,
                switched.stream().map(s -> "Service/" + s.getMetadata().getName()).toList()));
    }

    private static String ready(BlueGreen sides, String name) {
        if (sides.statefulSet(name) == null) {
            return "gone";
        }
        var pods = sides.pods(name);
        return pods.stream().filter(BlueGreen::ready).count() + " of " + pods.size() + " ready";
    }

    /** The Services select the new side: a switch back applies. */
    public boolean selectsNew() {
        return newVersion.equals(selectedVersion);
    }

    /** The Services select the old side (after a switch back): a switch forward applies. */
    public boolean selectsOld() {
        return oldVersion.equals(selectedVersion) && !selectsNew();
    }

    /** The StatefulSet the Services select, or null when they do not all select one side. */
    public String selected() {
        return selectsNew() ? created : selectsOld() ? old : null;
    }

    /** The StatefulSet a removal deletes (the one not selected), or null when they do not all select one side. */
    public String unselected() {
        return selectsNew() ? old : selectsOld() ? created : null;
    }
}
