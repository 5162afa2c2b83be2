package io.neurectomy.console.bench;

import atlantafx.base.theme.PrimerLight;
import io.neurectomy.console.core.cluster.ConditionInfo;
import io.neurectomy.console.core.cluster.ContainerInfo;
import io.neurectomy.console.core.cluster.EventInfo;
import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PdbInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.PvcInfo;
import io.neurectomy.console.core.cluster.Resources;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.cluster.WorkloadInfo;
import io.neurectomy.console.testing.AnsweringDialogs;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.FxCoalescer;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import io.neurectomy.console.ui.topology.SnapshotSource;
import io.neurectomy.console.ui.topology.TopologyView;
import io.neurectomy.console.ui.topology.TopologyViewModel;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * FX-thread cost of live topology refreshes on a big cluster: a synthetic picture of 500 nodes and 10,000 pods is
 * shown, then refreshed many times with a few pods changed each time, through the real view model (coalescer, worker
 * thread) and view. Run with {@code bench/topology-ui.sh [nodes] [pods] [refreshes] [changes per refresh]}.
 *
 * <p>Per refresh it measures, on the FX thread, applying the finished layout (the row patch) plus the next pulse
 * (CSS, layout, scene-graph sync: from the pulse's pre-layout listener until a task queued after the pulse runs).
 * Two series: changes spread over all nodes (mostly off screen), and changes in the lanes on screen.
 */
public final class TopologyUiBench {
    private static final long GI = 1024L * 1024 * 1024;
    private static final Instant NOW = Instant.now();

    private TopologyUiBench() {
    }

    public static void main(String[] args) throws Exception {
        int nodeCount = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int podCount = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int refreshes = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int changes = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        if (System.getProperty("glass.platform") == null) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("prism.text", "t2k");
        }
        Synthetic cluster = new Synthetic(nodeCount, podCount, new Random(42));
        BenchSource source = new BenchSource();
        Probe probe = new Probe();

        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        TopologyViewModel[] model = new TopologyViewModel[1];
        Scene[] scene = new Scene[1];
        Platform.runLater(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            // The application's wiring, with the FX executor wrapped to time each apply.
            model[0] = new TopologyViewModel(FxCoalescer::onFxThread, probe::onWorker, probe::onFx,
                    new InlineTaskRunner(), Instant::now, AnsweringDialogs.always(false), new ActivityLog());
            probe.model = model[0];
            TopologyView view = new TopologyView(model[0]);
            scene[0] = new Scene(view.node(), 1180, 760);
            scene[0].addPreLayoutPulseListener(probe::pulseStarts);
            scene[0].addPostLayoutPulseListener(probe::pulseLaidOut);
            Stage stage = new Stage();
            stage.setScene(scene[0]);
            stage.show();
            model[0].attach(source, Set.of(), false, null);
        });

        long t0 = System.nanoTime();
        StackSnapshot first = cluster.snapshot();
        probe.expect(first.version());
        source.set(first);
        probe.await();
        double firstMs = (System.nanoTime() - t0) / 1e6;
        int lanes = onFx(() -> model[0].lanes().size());
        int cells = onFx(() -> scene[0].getRoot().lookupAll(".lane-cell").size());
        int chips = onFx(() -> scene[0].getRoot().lookupAll(".pod-chip").size());
        long heapShown = heapAfterGc();
        System.out.printf(Locale.ROOT, "Topology UI benchmark: %d nodes, %d pods, %d refreshes per series, %d pods "
                + "changed per refresh%n", nodeCount, podCount, refreshes, changes);
        System.out.printf(Locale.ROOT, "first picture: %.0f ms until shown; %d lanes in the list, %d lane cells and "
                + "%d pod chips exist as nodes; heap after GC %.0f MiB%n", firstMs, lanes, cells, chips,
                heapShown / 1048576.0);

        Random random = new Random(7);
        // Warm-up (JIT): not counted.
        run(cluster, source, probe, random, 40, changes, false);
        Series spread = run(cluster, source, probe, random, refreshes, changes, false);
        Series visible = run(cluster, source, probe, random, refreshes, changes, true);
        spread.print("changes over all nodes");
        visible.print("changes in visible lanes");
        long heapEnd = heapAfterGc();
        int cellsEnd = onFx(() -> scene[0].getRoot().lookupAll(".lane-cell").size());
        System.out.printf(Locale.ROOT, "after the runs: %d lane cells exist; heap after GC %.0f MiB%n", cellsEnd,
                heapEnd / 1048576.0);
        Platform.runLater(() -> model[0].dispose());
        Platform.exit();
    }

    private static Series run(Synthetic cluster, BenchSource source, Probe probe, Random random, int refreshes,
                              int changes, boolean visibleOnly) throws Exception {
        Series series = new Series(refreshes);
        for (int i = 0; i < refreshes; i++) {
            cluster.change(random, changes, visibleOnly, i);
            StackSnapshot next = cluster.snapshot();
            probe.expect(next.version());
            source.set(next);
            probe.await();
            series.add(probe);
        }
        return series;
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(read);
        Platform.runLater(task);
        return task.get(30, TimeUnit.SECONDS);
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Times one refresh: every apply on the FX thread until the expected version is shown, then the pulse that
     * shows it; wall time and the FX thread's CPU time (the machine may be shared).
     */
    private static final class Probe {
        private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors
                .newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "topology-layout");
                    t.setDaemon(true);
                    return t;
                });
        volatile TopologyViewModel model;
        private volatile CountDownLatch done = new CountDownLatch(1);
        private volatile long expected;
        private volatile long workerStart;
        private volatile long workerEnd;
        // FX thread only.
        private boolean waitingForPulse;
        private long pulseStart;
        private long pulseCpuStart;
        private long firstApplyStart = -1;
        // Results, read after await().
        volatile long applyNanos;
        volatile long applyCpuNanos;
        volatile long pulseNanos;
        volatile long pulseCpuNanos;
        volatile long latencyNanos;
        volatile long layoutNanos;

        void expect(long version) {
            done = new CountDownLatch(1);
            expected = version;
            Platform.runLater(() -> {
                applyNanos = 0;
                applyCpuNanos = 0;
                firstApplyStart = -1;
            });
        }

        /** The view model's worker: times the layout (snapshot, topology, findings, rows). */
        void onWorker(Runnable layout) {
            worker.execute(() -> {
                workerStart = System.nanoTime();
                layout.run();
            });
        }

        /** The view model's FX executor: called on the worker with the finished layout. */
        void onFx(Runnable apply) {
            workerEnd = System.nanoTime();
            long layout = workerEnd - workerStart;
            Platform.runLater(() -> {
                long start = System.nanoTime();
                long cpu = THREADS.getCurrentThreadCpuTime();
                if (firstApplyStart < 0) {
                    firstApplyStart = start;
                }
                apply.run();
                applyNanos += System.nanoTime() - start;
                applyCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
                if (model.shownVersionProperty().get() >= expected && !waitingForPulse) {
                    layoutNanos = layout;
                    waitingForPulse = true;
                    Platform.requestNextPulse();
                }
            });
        }

        void pulseStarts() {
            if (waitingForPulse) {
                pulseStart = System.nanoTime();
                pulseCpuStart = THREADS.getCurrentThreadCpuTime();
            }
        }

        void pulseLaidOut() {
            if (!waitingForPulse) {
                return;
            }
            waitingForPulse = false;
            // Queued now, run when the pulse (including the scene-graph sync after layout) has finished.
            Platform.runLater(() -> {
                long end = System.nanoTime();
                pulseNanos = end - pulseStart;
                pulseCpuNanos = THREADS.getCurrentThreadCpuTime() - pulseCpuStart;
                latencyNanos = end - firstApplyStart;
                done.countDown();
            });
        }

        void await() throws InterruptedException {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no refresh shown within 60 s");
            }
        }
    }

    /** Milliseconds per refresh of one series. */
    private static final class Series {
        private final double[] fx;
        private final double[] fxCpu;
        private final double[] apply;
        private final double[] latency;
        private final double[] worker;
        private int n;

        Series(int size) {
            fx = new double[size];
            fxCpu = new double[size];
            apply = new double[size];
            latency = new double[size];
            worker = new double[size];
        }

        void add(Probe p) {
            apply[n] = p.applyNanos / 1e6;
            fx[n] = (p.applyNanos + p.pulseNanos) / 1e6;
            fxCpu[n] = (p.applyCpuNanos + p.pulseCpuNanos) / 1e6;
            latency[n] = p.latencyNanos / 1e6;
            worker[n] = p.layoutNanos / 1e6;
            n++;
        }

        void print(String name) {
            System.out.printf(Locale.ROOT,
                    "%s:%n  FX thread per refresh (apply + pulse), wall: median %.2f ms, p95 %.2f ms,"
                    + " max %.2f ms%n  FX thread per refresh, CPU time: median %.2f ms, p95 %.2f ms%n"
                    + "  apply alone: median %.2f ms; first apply to end of pulse: median %.2f ms%n"
                    + "  layout on the worker (off the FX thread): median %.1f ms, p95 %.1f ms%n", name,
                    pct(fx, 50), pct(fx, 95), pct(fx, 100), pct(fxCpu, 50), pct(fxCpu, 95), pct(apply, 50),
                    pct(latency, 50), pct(worker, 50), pct(worker, 95));
        }

        private double pct(double[] values, int p) {
            double[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * n) - 1;
            return sorted[Math.max(0, Math.min(n - 1, index))];
        }
    }

    /** A source whose picture the benchmark replaces. */
    private static final class BenchSource implements SnapshotSource {
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        private volatile StackSnapshot current = StackSnapshot.empty(SyncState.SYNCING);

        @Override
        public StackSnapshot snapshot() {
            return current;
        }

        @Override
        public void addListener(Runnable listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(Runnable listener) {
            listeners.remove(listener);
        }

        void set(StackSnapshot snapshot) {
            current = snapshot;
            listeners.forEach(Runnable::run);
        }
    }

    /** A big cluster: nodes over three zones, the stack plus a hundred other deployments. */
    private static final class Synthetic {
        private final List<NodeInfo> nodes = new ArrayList<>();
        private final List<PodInfo> pods = new ArrayList<>();
        private final List<WorkloadInfo> workloads = new ArrayList<>();
        private final List<PdbInfo> pdbs = new ArrayList<>();
        private final List<PvcInfo> pvcs = new ArrayList<>();
        private final List<EventInfo> events = new ArrayList<>();
        private long version;
        private int serial;

        Synthetic(int nodeCount, int podCount, Random random) {
            for (int i = 0; i < nodeCount; i++) {
                String zone = "zone-" + (char) ('a' + i % 3);
                nodes.add(new NodeInfo(String.format(Locale.ROOT, "node-%04d", i), true, false, zone,
                        new Resources(16_000, 64 * GI), "", Map.of("topology.kubernetes.io/zone", zone)));
            }
            workloads.add(workload("StatefulSet", "prometheus", 2));
            workloads.add(workload("Deployment", "grafana", 2));
            workloads.add(workload("StatefulSet", "alertmanager", 3));
            for (int w = 0; w < 100; w++) {
                workloads.add(workload("Deployment", String.format(Locale.ROOT, "app-%02d", w), 0));
            }
            pdbs.add(new PdbInfo("monitoring", "prometheus-pdb", Map.of("app", "prometheus"), "1", "", 2, 1, 1, 2));
            pdbs.add(new PdbInfo("monitoring", "alertmanager-pdb", Map.of("app", "alertmanager"), "", "1", 3, 2, 1,
                    3));
            String[] stack = {"prometheus", "prometheus", "grafana", "grafana", "alertmanager", "alertmanager",
                "alertmanager"};
            for (int i = 0; i < podCount; i++) {
                String workload = i < stack.length ? stack[i] : String.format(Locale.ROOT, "app-%02d", i % 100);
                String node = nodes.get((int) ((i * 7919L) % nodeCount)).name();
                pods.add(pod(workload, node, random.nextInt(20) == 0));
            }
            for (int i = 0; i < 1000; i++) {
                PodInfo p = pods.get(random.nextInt(pods.size()));
                events.add(new EventInfo("monitoring", "Pod", p.name(), i % 5 == 0 ? "Warning" : "Normal",
                        i % 5 == 0 ? "BackOff" : "Pulled", "event " + i, 1 + i % 4, NOW.minusSeconds(i)));
            }
        }

        private static WorkloadInfo workload(String kind, String name, int replicas) {
            return new WorkloadInfo(kind, name, replicas == 0 ? 100 : replicas, replicas == 0 ? 100 : replicas,
                    replicas == 0 ? 100 : replicas, replicas == 0 ? 100 : replicas, replicas > 0, true, "monitoring",
                    List.of(name + ":1.0"), Map.of("app", name));
        }

        private PodInfo pod(String workload, String node, boolean withClaim) {
            int n = serial++;
            String name = workload.startsWith("app-") ? workload + "-7c9d8f-" + Integer.toString(n, 36) : workload
                    + "-" + n;
            List<String> claims = withClaim || workload.equals("prometheus") ? List.of("data-" + name) : List.of();
            for (String claim : claims) {
                pvcs.add(new PvcInfo("monitoring", claim, "Bound", "50Gi", "standard"));
            }
            ContainerInfo main = new ContainerInfo(workload, workload + ":1.0", new Resources(250, GI / 2),
                    new Resources(500, GI), true, 0, "running", "", "", "");
            return new PodInfo(name, node, "Running", 1, 1, 0, NOW.minusSeconds(3600 + n), workload, "monitoring",
                    Map.of("app", workload, "pod-template-hash", "7c9d8f"), List.of(main),
                    List.of(new ConditionInfo("Ready", "True", "", "", NOW.minusSeconds(3000))), claims, "");
        }

        /** Changes a few pods: restarts and readiness flip, now and then one moves, one is replaced. */
        void change(Random random, int count, boolean visibleOnly, int round) {
            for (int c = 0; c < count; c++) {
                int index = pick(random, visibleOnly);
                PodInfo p = pods.get(index);
                boolean crash = "Running".equals(p.status()) && random.nextBoolean();
                pods.set(index, new PodInfo(p.name(), p.node(), crash ? "CrashLoopBackOff" : "Running",
                        crash ? 0 : 1, 1, p.restarts() + (crash ? 1 : 0), p.created(), p.workload(), p.namespace(),
                        p.labels(), p.containerDetails(), p.conditions(), p.claims(), ""));
            }
            if (round % 10 == 0) {
                int index = pick(random, visibleOnly);
                PodInfo p = pods.get(index);
                String to = nodes.get(random.nextInt(visibleOnly ? 4 : nodes.size())).name();
                pods.set(index, new PodInfo(p.name(), to, p.status(), p.readyContainers(), p.containers(),
                        p.restarts(), p.created(), p.workload(), p.namespace(), p.labels(), p.containerDetails(),
                        p.conditions(), p.claims(), p.schedulingMessage()));
            }
            if (round % 20 == 0) {
                int index = pick(random, visibleOnly);
                PodInfo gone = pods.remove(index);
                pods.add(pod(gone.workload(), gone.node(), false));
            }
            version++;
        }

        private int pick(Random random, boolean visibleOnly) {
            if (!visibleOnly) {
                return 7 + random.nextInt(pods.size() - 7);
            }
            // Pods on the first lanes, which are on screen at the top of the list.
            while (true) {
                int index = 7 + random.nextInt(pods.size() - 7);
                String node = pods.get(index).node();
                if (node.compareTo("node-0003") <= 0) {
                    return index;
                }
            }
        }

        StackSnapshot snapshot() {
            version++;
            return new StackSnapshot(version, SyncState.SYNCED, "", workloads, pods, nodes, "", pdbs, pvcs, events,
                    false);
        }
    }
}
