package io.neurectomy.console.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.ClusterState;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.topology.HaFindings;
import io.neurectomy.console.core.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What one change in a large cluster costs the live topology, from the informer's callback to the findings.
 * Run with {@code bench/topology.sh}; results and how to read them are in {@code docs/performance.md}. Sample time
 * (percentiles of single operations) rather than the average, because the machines it runs on are shared: the
 * median and the fastest operations say more about the code than a mean stretched by other processes.
 *
 * <ul>
 *   <li>{@code rebuild}: one pod changes (its readiness flips), {@link ClusterState#put} takes it, and
 *       {@link ClusterState#snapshot()} returns the new picture: what every informer event costs before the UI can
 *       redraw.</li>
 *   <li>{@code topology}, {@code findings}, {@code topologyAndFindings}: {@link Topology#of} and
 *       {@link HaFindings#evaluate} on a full snapshot (containers, labels, zones, PDBs of every namespace).</li>
 *   <li>{@code total}: the pipeline as the console runs it: put, snapshot, topology and findings of that
 *       snapshot.</li>
 *   <li>{@code baselineFullConversion}: converting every fabric8 object into a full snapshot from scratch, as a
 *       store that does not convert change by change would on every event.</li>
 *   <li>{@code baselineListCopy}: copying the pod records into a new list, the least any new snapshot costs.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx6g"})
public class TopologyBench {
    /** Pods per node: 500 nodes give 10,000 pods. */
    static final int PODS_PER_NODE = 20;

    @Param({"500", "5000"})
    public int nodes;

    private TopologyCluster cluster;
    private ClusterState state;
    private StackSnapshot full;
    private Pod podA;
    private Pod podB;
    private boolean flip;

    @Setup(Level.Trial)
    public void setUp() {
        cluster = new TopologyCluster(nodes, PODS_PER_NODE);
        state = new ClusterState();
        cluster.objects().forEach(state::put);
        state.setSync(SyncState.SYNCED, "");
        state.snapshot();
        podA = cluster.pods.get(cluster.pods.size() / 2);
        podB = TopologyCluster.flipped(podA, 2);
        full = cluster.convertAll(1);
    }

    private Pod nextChange() {
        flip = !flip;
        return flip ? podB : podA;
    }

    @Benchmark
    public StackSnapshot rebuild() {
        state.put(nextChange());
        return state.snapshot();
    }

    @Benchmark
    public Topology topology() {
        return Topology.of(full);
    }

    @Benchmark
    public Object findings() {
        return HaFindings.evaluate(full, Optional.empty());
    }

    @Benchmark
    public void topologyAndFindings(Blackhole bh) {
        bh.consume(Topology.of(full));
        bh.consume(HaFindings.evaluate(full, Optional.empty()));
    }

    @Benchmark
    public void total(Blackhole bh) {
        state.put(nextChange());
        StackSnapshot s = state.snapshot();
        bh.consume(Topology.of(s));
        bh.consume(HaFindings.evaluate(s, Optional.empty()));
    }

    @Benchmark
    public StackSnapshot baselineFullConversion() {
        return cluster.convertAll(2);
    }

    @Benchmark
    public List<PodInfo> baselineListCopy() {
        return new ArrayList<>(full.pods());
    }
}
