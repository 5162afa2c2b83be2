package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.PvcInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.topology.Topology;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A finished layout, handed from the worker to the FX thread: what the lanes, the selection and the what-if read.
 *
 * @param generation the attachment it belongs to (a newer one discards it)
 * @param topology   the layout; null while nothing trustworthy is there yet (synchronizing, not connected)
 * @param pods       the snapshot's pods by {@code namespace/name}
 * @param pvcs       its claims, as {@link TopologyRows#pvcIndex} keys them
 * @param now        when it was laid out, for ages
 */
record TopologyPicture(long generation, StackSnapshot snapshot, Topology topology, List<LaneRow> lanes,
                       List<StripRow> strips, List<Finding> findings, String findingsError,
                       Map<String, PodInfo> pods, Map<String, PvcInfo> pvcs, Instant now) {

    /** Whether the picture has a layout to show. */
    boolean laidOut() {
        return topology != null;
    }

    /** "3 nodes (1 NotReady) · 7 pods (2 shown) · 1 finding (1 critical)"; "shown" only when {@code filtered}. */
    String counts(int nodes, int notReady, boolean filtered) {
        StringBuilder text = new StringBuilder();
        text.append(nodes).append(nodes == 1 ? " node" : " nodes");
        if (notReady > 0) {
            text.append(" (").append(notReady).append(" NotReady)");
        }
        int podCount = snapshot.pods().size();
        text.append(" · ").append(podCount).append(podCount == 1 ? " pod" : " pods");
        if (filtered) {
            int matching = lanes.stream().mapToInt(l -> l.pods().size()).sum();
            text.append(" (").append(matching).append(" shown)");
        }
        long critical = findings.stream().filter(f -> f.severity() == Severity.CRITICAL).count();
        text.append(" · ").append(findings.size()).append(findings.size() == 1 ? " finding" : " findings");
        if (critical > 0) {
            text.append(" (").append(critical).append(" critical)");
        }
        return text.toString();
    }

    /** The pod with {@code key} ({@code namespace/name}, or a bare name as a finding may give it), or null. */
    PodInfo findPod(String key) {
        if (key == null) {
            return null;
        }
        PodInfo pod = pods.get(key);
        if (pod == null) {
            // A finding may name a pod whose namespace the snapshot does not know, or the other way round.
            String name = key.substring(key.indexOf('/') + 1);
            pod = pods.values().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        }
        return pod;
    }
}
