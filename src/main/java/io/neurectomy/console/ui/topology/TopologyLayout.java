package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.PvcInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.topology.AlertmanagerPeers;
import io.neurectomy.console.core.topology.HaFindings;
import io.neurectomy.console.core.topology.Topology;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of the topology: lays a snapshot out ({@link Topology#of}), evaluates its findings and builds the
 * rows. The layout and findings are recomputed only when the snapshot or the peers change; a search or an age tick
 * only rebuilds the rows, and unchanged lanes are handed over as the very same objects. Used by one worker thread.
 */
final class TopologyLayout {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyLayout.class);

    private Layout layout;
    private Map<String, LaneRow> lastRows = new HashMap<>();
    private String lastFindingsError = "";

    /** The cache of the last layout. */
    private record Layout(long generation, long version, long peersVersion, Topology topology, List<Finding> findings,
                          String findingsError, Map<String, PodInfo> pods, Map<String, PvcInfo> pvcs) {
    }

    /** A picture with nothing laid out: the snapshot cannot be trusted yet. */
    static TopologyPicture empty(long generation, StackSnapshot snapshot, Instant now) {
        return new TopologyPicture(generation, snapshot, null, List.of(), List.of(), List.of(), "", Map.of(),
                Map.of(), now);
    }

    /**
     * Lays out {@code snapshot} for attachment {@code generation}, with the Alertmanagers' view of their peers
     * (version {@code peersVersion}) and the lanes filtered by {@code search}.
     */
    TopologyPicture layOut(long generation, StackSnapshot snapshot, long peersVersion,
                           Optional<AlertmanagerPeers> peers, String search, Instant now) {
        Layout l = layout;
        if (l == null || l.generation != generation) {
            lastRows = new HashMap<>();
        }
        if (l == null || l.generation != generation || l.version != snapshot.version()
                || l.peersVersion != peersVersion) {
            Topology topology = Topology.of(snapshot);
            List<Finding> found = List.of();
            String error = "";
            try {
                found = HaFindings.evaluate(snapshot, peers);
            } catch (RuntimeException e) {
                // The lanes are still worth showing; say plainly that the findings are missing, log it once.
                error = "Findings are not available: " + MessageLine.describe(e);
                if (!error.equals(lastFindingsError)) {
                    LOG.warn("HA findings failed", e);
                }
            }
            lastFindingsError = error;
            Map<String, PodInfo> pods = new HashMap<>(snapshot.pods().size() * 2);
            for (PodInfo pod : snapshot.pods()) {
                pods.put(pod.key(), pod);
            }
            l = new Layout(generation, snapshot.version(), peersVersion, topology, found, error, pods,
                    TopologyRows.pvcIndex(snapshot.pvcs()));
            layout = l;
        }
        List<LaneRow> rows = TopologyRows.lanes(l.topology, search, l.pvcs, now);
        // Hand unchanged lanes over as the very same objects: the FX thread's comparison is then a reference check.
        Map<String, LaneRow> reused = new HashMap<>(rows.size() * 2);
        for (int i = 0; i < rows.size(); i++) {
            LaneRow row = rows.get(i);
            LaneRow before = lastRows.get(row.key());
            if (row.equals(before)) {
                rows.set(i, before);
                row = before;
            }
            reused.put(row.key(), row);
        }
        lastRows = reused;
        return new TopologyPicture(generation, snapshot, l.topology, rows, TopologyRows.strips(l.topology),
                l.findings, l.findingsError, l.pods, l.pvcs, now);
    }
}
