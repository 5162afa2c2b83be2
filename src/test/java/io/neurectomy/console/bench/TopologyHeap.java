package io.neurectomy.console.bench;

import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.ClusterState;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.topology.HaFindings;
import io.neurectomy.console.core.topology.Topology;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Heap after garbage collection for the topology's data at a cluster size: the fabric8 objects the informers hold,
 * the {@link ClusterState} and its snapshot, a full snapshot, and the topology and findings built from it.
 * Usage: {@code TopologyHeap [nodes (500)]} (20 pods per node). Run in its own JVM (bench/topology.sh does).
 */
public final class TopologyHeap {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private TopologyHeap() {
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        long base = usedAfterGc();
        TopologyCluster cluster = new TopologyCluster(nodes, TopologyBench.PODS_PER_NODE);
        long objects = usedAfterGc();
        ClusterState state = new ClusterState();
        cluster.objects().forEach(state::put);
        state.setSync(SyncState.SYNCED, "");
        StackSnapshot snapshot = state.snapshot();
        long withState = usedAfterGc();
        StackSnapshot full = cluster.convertAll(1);
        long withFull = usedAfterGc();
        Topology topology = Topology.of(full);
        List<Finding> findings = HaFindings.evaluate(full, Optional.empty());
        long withTopology = usedAfterGc();

        System.out.printf(Locale.ROOT, "heap after GC, %d nodes, %d pods, %d workloads, %d PDBs%n", nodes,
                cluster.pods.size(), full.workloads().size(), full.pdbs().size());
        row("JVM and benchmark classes (before)", base);
        row("fabric8 objects (as informers hold them)", objects - base);
        row("ClusterState + its snapshot", withState - objects);
        row("full snapshot (records of every field)", withFull - withState);
        row("Topology + " + findings.size() + " findings", withTopology - withFull);
        row("total used", withTopology);
        // Keep everything reachable until measured.
        if (snapshot.version() < 0 || topology.lanes().isEmpty()) {
            System.out.println("unexpected: empty topology");
        }
    }

    private static void row(String what, long bytes) {
        System.out.printf(Locale.ROOT, "  %-45s %9.1f MiB%n", what, bytes / 1048576.0);
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
