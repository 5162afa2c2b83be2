package io.neurectomy.console.core.topology;

import io.neurectomy.console.core.cluster.StackSnapshot;
import java.util.List;
import java.util.Optional;

/** High-availability findings: a pure function of a snapshot (and, when known, the Alertmanager cluster view). */
public final class HaFindings {
    private HaFindings() {
    }

    /** The findings, most severe first. */
    public static List<Finding> evaluate(StackSnapshot snapshot, Optional<AlertmanagerPeers> alertmanager) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
