package io.neurectomy.console.bench;

import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.ClusterState;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.topology.HaFindings;
import io.neurectomy.console.core.topology.Topology;
import java.util.Optional;

/**
 * Runs the topology pipeline (one pod change, new snapshot, topology, findings) in a loop for a profiler:
 * {@code java ... TopologyProfile [nodes] [seconds]}.
 */
public final class TopologyProfile {
    private TopologyProfile() {
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
        TopologyCluster cluster = new TopologyCluster(nodes, TopologyBench.PODS_PER_NODE);
        ClusterState state = new ClusterState();
        cluster.objects().forEach(state::put);
        state.setSync(SyncState.SYNCED, "");
        StackSnapshot s = state.snapshot();
        var podA = cluster.pods.get(cluster.pods.size() / 2);
        var podB = TopologyCluster.flipped(podA, 2);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long topo = 0;
        long find = 0;
        int n = 0;
        while (System.nanoTime() < end) {
            state.put(n % 2 == 0 ? podA : podB);
            s = state.snapshot();
            long t0 = System.nanoTime();
            Topology.of(s);
            long t1 = System.nanoTime();
            HaFindings.evaluate(s, Optional.empty());
            long t2 = System.nanoTime();
            if (n++ > 20) {
                topo += t1 - t0;
                find += t2 - t1;
            }
        }
        n -= 21;
        System.out.printf("pods %d: Topology.of %.2f ms, HaFindings %.2f ms (mean of %d)%n", s.pods().size(),
                topo / 1e6 / n, find / 1e6 / n, n);
    }
}
