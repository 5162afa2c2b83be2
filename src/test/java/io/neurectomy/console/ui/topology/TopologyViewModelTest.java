package io.neurectomy.console.ui.topology;

import static io.neurectomy.console.ui.topology.TopologyFixtures.GI;
import static io.neurectomy.console.ui.topology.TopologyFixtures.NOW;
import static io.neurectomy.console.ui.topology.TopologyFixtures.container;
import static io.neurectomy.console.ui.topology.TopologyFixtures.event;
import static io.neurectomy.console.ui.topology.TopologyFixtures.notReady;
import static io.neurectomy.console.ui.topology.TopologyFixtures.onNode;
import static io.neurectomy.console.ui.topology.TopologyFixtures.pending;
import static io.neurectomy.console.ui.topology.TopologyFixtures.replace;
import static io.neurectomy.console.ui.topology.TopologyFixtures.sevenPods;
import static io.neurectomy.console.ui.topology.TopologyFixtures.snapshot;
import static io.neurectomy.console.ui.topology.TopologyFixtures.stackPod;
import static io.neurectomy.console.ui.topology.TopologyFixtures.threeNodes;
import static io.neurectomy.console.ui.topology.TopologyFixtures.with;
import static io.neurectomy.console.ui.topology.TopologyFixtures.withStatus;
import static io.neurectomy.console.ui.topology.TopologyFixtures.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.ContainerInfo;
import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.Resources;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.topology.HaFindings;
import io.neurectomy.console.core.topology.WhatIfMode;
import io.neurectomy.console.core.topology.WhatIfResult;
import io.neurectomy.console.core.topology.WorkloadImpact;
import io.neurectomy.console.testing.AnsweringDialogs;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.FxCoalescer;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import io.neurectomy.console.ui.topology.TopologyFixtures.TestSource;
import io.neurectomy.console.ui.topology.TopologySelection.Focus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopologyViewModelTest {
    private final TestSource source = new TestSource();
    private final RecordingActions actions = new RecordingActions();
    private final ActivityLog activity = new ActivityLog();
    /** Confirms unless {@link #refuse} is set; records what the delete had done when it was asked. */
    private boolean refuse;
    private final List<String> callsWhenAsked = new ArrayList<>();
    private final AnsweringDialogs dialogs = new AnsweringDialogs((title, message, confirm) -> {
        callsWhenAsked.add(String.join(",", actions.calls));
        return !refuse;
    });
    private final TopologyViewModel model = new TopologyViewModel(FxCoalescer::immediate, Runnable::run,
            Runnable::run, new InlineTaskRunner(), () -> NOW, dialogs, activity);
    private final List<NodeInfo> nodes = threeNodes();
    private List<PodInfo> pods = sevenPods();
    private long version = 1;
    private ObservableList<LaneRow> lanes;
    private final List<String> changes = new ArrayList<>();

    @BeforeEach
    void attach() {
        model.attach(source, Set.of(), false, actions);
        lanes = model.lanes();
        lanes.addListener((ListChangeListener<LaneRow>) c -> {
            while (c.next()) {
                if (c.wasReplaced()) {
                    changes.add("replaced " + c.getFrom() + ".." + (c.getTo() - 1));
                } else if (c.wasAdded()) {
                    changes.add("added " + c.getFrom() + ".." + (c.getTo() - 1));
                } else if (c.wasRemoved()) {
                    changes.add("removed " + c.getFrom() + " x" + c.getRemovedSize());
                }
            }
        });
    }

    private void publish() {
        source.set(snapshot(++version, nodes, pods));
    }

    private LaneRow lane(String key) {
        return lanes.stream().filter(l -> l.key().equals(key)).findFirst().orElseThrow();
    }

    private static List<String> podNames(LaneRow lane) {
        return lane.pods().stream().map(PodChip::name).toList();
    }

    @Test
    void showsSynchronizingAndNoLanesUntilSynced() {
        source.set(new StackSnapshot(1, SyncState.SYNCING, "", List.of(), pods, nodes, ""));

        assertThat(model.sync().synchronizingProperty().get()).isTrue();
        assertThat(lanes).isEmpty();
        assertThat(model.lanePlaceholderProperty().get()).isEqualTo("Synchronizing…");

        publish();

        assertThat(model.sync().synchronizingProperty().get()).isFalse();
        assertThat(lanes).hasSize(4);
    }

    @Test
    void buildsOneLanePerNodeWithItsPodsAndTheUnscheduledLaneLast() {
        publish();

        assertThat(lanes).extracting(LaneRow::key)
                .containsExactly("node-a", "node-b", "node-c", LaneRow.UNSCHEDULED_KEY);
        assertThat(podNames(lane("node-a")))
                .containsExactly("prometheus-0", "grafana-7d9f-abcde", "alertmanager-0");
        assertThat(lane(LaneRow.UNSCHEDULED_KEY).pods()).isEmpty();
        LaneRow a = lane("node-a");
        assertThat(a.zone()).isEqualTo("zone-a");
        assertThat(a.cpuText()).isEqualTo("CPU 3.5/8");
        assertThat(a.memoryText()).isEqualTo("Mem 11Gi/31Gi");
        assertThat(model.countsTextProperty().get()).startsWith("3 nodes · 7 pods · ");
    }

    @Test
    void addedPodReplacesOnlyTheLaneItLandsIn() {
        publish();
        LaneRow a = lane("node-a");
        LaneRow c = lane("node-c");
        changes.clear();

        pods = with(pods, stackPod("prometheus", "prometheus-2", "node-b"));
        publish();

        assertThat(changes).containsExactly("replaced 1..1");
        assertThat(podNames(lane("node-b"))).contains("prometheus-2");
        assertThat(lane("node-a")).isSameAs(a);
        assertThat(lane("node-c")).isSameAs(c);
    }

    @Test
    void deletedPodReplacesOnlyItsLane() {
        publish();
        changes.clear();

        pods = without(pods, "alertmanager-2");
        publish();

        assertThat(changes).containsExactly("replaced 2..2");
        assertThat(podNames(lane("node-c"))).containsExactly("grafana-7d9f-fghij");
    }

    @Test
    void movedPodReplacesTheLaneItLeftAndTheLaneItJoined() {
        publish();
        LaneRow b = lane("node-b");
        changes.clear();

        pods = replace(pods, onNode(pods.get(0), "node-c"));
        publish();

        assertThat(changes).containsExactly("replaced 0..0", "replaced 2..2");
        assertThat(lane("node-b")).isSameAs(b);
        assertThat(podNames(lane("node-c"))).contains("prometheus-0");
        assertThat(podNames(lane("node-a"))).doesNotContain("prometheus-0");
    }

    @Test
    void nodeTurningNotReadyReplacesItsLaneWithTheReason() {
        publish();
        changes.clear();

        nodes.set(1, notReady(nodes.get(1), "NodeStatusUnknown: Kubelet stopped posting node status."));
        publish();

        assertThat(changes).containsExactly("replaced 1..1");
        assertThat(lane("node-b").ready()).isFalse();
        assertThat(lane("node-b").readyMessage()).contains("Kubelet stopped posting");
        assertThat(model.notReadyCountProperty().get()).isEqualTo(1);
        assertThat(model.countsTextProperty().get()).startsWith("3 nodes (1 NotReady) · 7 pods");
    }

    @Test
    void newNodeIsInsertedWithoutTouchingTheOtherLanes() {
        publish();
        changes.clear();

        List<NodeInfo> more = new ArrayList<>(nodes);
        more.add(TopologyFixtures.node("node-b2", "zone-b"));
        source.set(snapshot(++version, more, pods));

        assertThat(changes).containsExactly("added 2..2");
        assertThat(lanes).extracting(LaneRow::key)
                .containsExactly("node-a", "node-b", "node-b2", "node-c", LaneRow.UNSCHEDULED_KEY);
    }

    @Test
    void unchangedSnapshotChangesNoRow() {
        publish();
        changes.clear();

        publish();

        assertThat(changes).isEmpty();
    }

    @Test
    void searchByNameShowsOnlyMatchingPodsAndHidesLanesWithoutAMatch() {
        publish();

        model.searchTextProperty().set("prometheus-1");

        assertThat(lanes).extracting(LaneRow::key).containsExactly("node-b");
        assertThat(podNames(lane("node-b"))).containsExactly("prometheus-1");
        assertThat(lane("node-b").hiddenPods()).isEqualTo(1);
        assertThat(model.countsTextProperty().get()).contains("7 pods (1 shown)");

        model.searchTextProperty().set("");

        assertThat(lanes).hasSize(4);
    }

    @Test
    void searchByLabelKeyValueMatchesThatLabelOnly() {
        publish();

        model.searchTextProperty().set("app=alertmanager");

        assertThat(lanes).extracting(LaneRow::key).containsExactly("node-a", "node-b", "node-c");
        assertThat(lanes).flatExtracting(TopologyViewModelTest::podNames)
                .containsExactly("alertmanager-0", "alertmanager-1", "alertmanager-2");
    }

    @Test
    void searchForANodeNameShowsThatLaneWhole() {
        publish();

        model.searchTextProperty().set("NODE-C");

        assertThat(lanes).extracting(LaneRow::key).containsExactly("node-c");
        assertThat(lane("node-c").pods()).hasSize(2);
    }

    @Test
    void searchMatchesStatusReasons() {
        pods = replace(pods, withStatus(pods.get(1), "CrashLoopBackOff", 0, 7, List.of(
                new ContainerInfo("prometheus", "prom/prometheus:v2.49.0", Resources.NONE, Resources.NONE, false,
                        7, "waiting", "CrashLoopBackOff", "back-off 5m0s restarting failed container", "OOMKilled"))));
        publish();

        model.searchTextProperty().set("crashloop");

        assertThat(lanes).flatExtracting(TopologyViewModelTest::podNames).containsExactly("prometheus-1");
        PodChip chip = lane("node-b").pods().get(0);
        assertThat(chip.status()).isEqualTo("CrashLoopBackOff (OOMKilled)");
        assertThat(chip.health()).isEqualTo(Health.ERROR);
        assertThat(chip.restarts()).isEqualTo(7);
        assertThat(chip.ready()).isEqualTo("0/1");
    }

    @Test
    void pendingPodSitsInTheUnscheduledLaneWithTheSchedulersReason() {
        pods = replace(pods, pending(pods.get(1), "0/3 nodes are available: 3 Insufficient memory."));
        publish();

        LaneRow unscheduled = lane(LaneRow.UNSCHEDULED_KEY);
        assertThat(unscheduled.unscheduled()).isTrue();
        assertThat(unscheduled.pods()).singleElement().satisfies(chip -> {
            assertThat(chip.status()).isEqualTo("Pending");
            assertThat(chip.detail()).isEqualTo("0/3 nodes are available: 3 Insufficient memory.");
            assertThat(chip.health()).isEqualTo(Health.WARNING);
        });
    }

    @Test
    void chipsSayWhetherTheirClaimsAreBound() {
        publish();

        PodChip prometheus = lane("node-a").pods().get(0);
        PodChip grafana = lane("node-a").pods().get(1);
        assertThat(prometheus.storage()).isEqualTo("PVC Bound");
        assertThat(prometheus.storageHealth()).isEqualTo(Health.OK);
        assertThat(grafana.storage()).isEmpty();
        assertThat(prometheus.age()).isEqualTo("60m");
    }

    @Test
    void stripShowsCountsImagesAndThePdb() {
        pods = replace(pods, withStatus(pods.get(1), "Running", 1, 0, List.of(container("prometheus",
                "prom/prometheus:v2.50.0", new Resources(2000, 8 * GI), new Resources(4000, 16 * GI), true))));
        publish();

        StripRow prometheus = model.strips().get(0);
        assertThat(prometheus.name()).isEqualTo("prometheus");
        assertThat(prometheus.mixedVersions()).isTrue();
        assertThat(prometheus.images()).containsExactly("prom/prometheus:v2.49.0", "prom/prometheus:v2.50.0");
        assertThat(prometheus.pdb()).isEqualTo("PDB minAvailable 1 · 1 disruption allowed");
        assertThat(model.strips().get(2).pdb()).isEqualTo("PDB maxUnavailable 1 · 1 disruption allowed");
        assertThat(model.strips().get(1).pdb()).isEqualTo("no PDB");
    }

    @Test
    void burstOfNotificationsIsMergedIntoOneLayout() {
        AtomicLong clock = new AtomicLong(1_000);
        Queue<Runnable> timer = new ArrayDeque<>();
        TopologyViewModel throttled = new TopologyViewModel(
                r -> new FxCoalescer(r, Runnable::run, (task, delay) -> timer.add(task), clock::get, 100),
                Runnable::run, Runnable::run, new InlineTaskRunner(), () -> NOW, dialogs,
                activity);
        TestSource burst = new TestSource();
        throttled.attach(burst, Set.of(), false, actions);
        burst.set(snapshot(1, nodes, pods));
        clock.addAndGet(100);
        timer.poll().run();
        assertThat(throttled.shownVersionProperty().get()).isEqualTo(1);
        int readsAfterFirst = burst.reads;

        for (int i = 2; i <= 50; i++) {
            burst.set(snapshot(i, nodes, with(pods, stackPod("alertmanager", "alertmanager-" + (i + 2), "node-c"))));
        }

        assertThat(burst.reads).isEqualTo(readsAfterFirst);
        assertThat(throttled.shownVersionProperty().get()).isEqualTo(1);
        assertThat(timer).hasSize(1);
        clock.addAndGet(100);
        timer.poll().run();
        assertThat(burst.reads).isEqualTo(readsAfterFirst + 1);
        assertThat(throttled.shownVersionProperty().get()).isEqualTo(50);
        assertThat(timer).isEmpty();
    }

    @Test
    void layoutRunsOnTheWorkerAndOnlyTheResultIsAppliedOnTheFxThread() {
        Queue<Runnable> worker = new ArrayDeque<>();
        Queue<Runnable> fx = new ArrayDeque<>();
        TopologyViewModel queued = new TopologyViewModel(FxCoalescer::immediate, worker::add, fx::add,
                new InlineTaskRunner(), () -> NOW, dialogs, activity);
        TestSource s = new TestSource();
        queued.attach(s, Set.of(), false, actions);
        s.set(snapshot(1, nodes, pods));
        s.set(snapshot(2, nodes, pods));

        assertThat(worker).as("one layout queued for the attach and both notifications").hasSize(1);
        int reads = s.reads;
        worker.poll().run();
        assertThat(s.reads).as("the worker reads the snapshot").isEqualTo(reads + 1);
        assertThat(queued.lanes()).as("nothing shown before the FX thread applies it").isEmpty();
        fx.poll().run();
        assertThat(queued.lanes()).hasSize(4);
        assertThat(queued.shownVersionProperty().get()).isEqualTo(2);
    }

    @Test
    void resultOfADetachedSessionIsDropped() {
        Queue<Runnable> worker = new ArrayDeque<>();
        Queue<Runnable> fx = new ArrayDeque<>();
        TopologyViewModel queued = new TopologyViewModel(FxCoalescer::immediate, worker::add, fx::add,
                new InlineTaskRunner(), () -> NOW, dialogs, activity);
        TestSource old = new TestSource();
        queued.attach(old, Set.of(), false, actions);
        old.set(snapshot(1, nodes, pods));
        worker.forEach(Runnable::run);
        worker.clear();

        queued.detach();
        fx.forEach(Runnable::run);

        assertThat(queued.lanes()).isEmpty();
        assertThat(queued.lanePlaceholderProperty().get()).isEqualTo("Not connected");
        assertThat(old.listenerCount()).isZero();
    }

    @Test
    void hiddenTopologyComputesNothingUntilShown() {
        model.setActive(false);
        int reads = source.reads;

        publish();
        assertThat(source.reads).isEqualTo(reads);

        model.setActive(true);
        assertThat(lanes).hasSize(4);
    }

    @Test
    void selectedPodShowsContainersBesideTheGuidesDefaultsAndItsEvents() {
        PodInfo small = withStatus(pods.get(0), "Running", 1, 0, List.of(container("prometheus",
                "prom/prometheus:v2.49.0", new Resources(500, 2 * GI), new Resources(2000, 8 * GI), true)));
        pods = replace(pods, small);
        source.set(snapshot(++version, nodes, pods, List.of(
                event("prometheus-0", "Warning", "Unhealthy", "Readiness probe failed", 3, 30),
                event("prometheus-1", "Normal", "Pulled", "pulled", 1, 60),
                event("prometheus-0", "Normal", "Started", "Started container", 1, 3000))));

        model.selection().selectPod("monitoring/prometheus-0");

        assertThat(model.selection().focusProperty().get()).isEqualTo(Focus.POD);
        assertThat(model.selection().selectedLaneProperty().get()).isEqualTo("node-a");
        PodDetail detail = model.selection().podDetailProperty().get();
        assertThat(detail.containers()).singleElement().satisfies(c -> {
            assertThat(c.requests()).isEqualTo("500m CPU, 2Gi");
            assertThat(c.limits()).isEqualTo("2 CPU, 8Gi");
            assertThat(c.seed()).isEqualTo("requests 2 CPU, 8Gi · limits 4 CPU, 16Gi");
            assertThat(c.differsFromSeed()).isTrue();
        });
        assertThat(detail.events()).extracting(PodDetail.EventRow::reason).containsExactly("Unhealthy", "Started");
        assertThat(detail.events().get(0).message()).isEqualTo("Readiness probe failed (×3)");
        assertThat(detail.claims()).singleElement().satisfies(c -> assertThat(c.phase()).isEqualTo("Bound"));
    }

    @Test
    void refreshWithoutChangeToTheSelectedPodKeepsItsDetail() {
        publish();
        model.selection().selectPod("monitoring/prometheus-1");
        PodDetail shown = model.selection().podDetailProperty().get();

        pods = replace(pods, withStatus(pods.get(0), "Running", 0, 1, pods.get(0).containerDetails()));
        publish();

        assertThat(model.selection().podDetailProperty().get()).isSameAs(shown);
    }

    @Test
    void selectedPodThatDisappearsStaysShownAsGone() {
        publish();
        model.selection().selectPod("monitoring/prometheus-1");

        pods = without(pods, "prometheus-1");
        publish();

        assertThat(model.selection().podDetailProperty().get().gone()).isTrue();
        assertThat(model.selection().podDetailProperty().get().name()).isEqualTo("prometheus-1");
    }

    @Test
    void deletingAPodAsksFirstThenReportsTheResult() {
        publish();
        model.selection().selectPod("monitoring/prometheus-1");

        model.pods().askDeleteSelected();

        assertThat(dialogs.asked).containsExactly("Delete pod monitoring/prometheus-1?");
        assertThat(dialogs.messages).containsExactly("prometheus will create a replacement; until it is ready,"
                + " prometheus runs with one replica less.");
        assertThat(callsWhenAsked).as("nothing deleted before the user confirms").containsExactly("");
        assertThat(actions.calls).containsExactly("deletePod monitoring prometheus-1");
        assertThat(model.messages().messageProperty().get())
                .isEqualTo("Deleted pod monitoring/prometheus-1. prometheus creates a replacement.");
        assertThat(model.messages().errorProperty().get()).isFalse();
    }

    @Test
    void aPodDeleteRunsThroughTheOperationModelAndShowsInTheActivityLog() {
        publish();

        model.pods().askDelete("monitoring/prometheus-1");

        assertThat(activity.running()).isEmpty();
        assertThat(activity.recent()).singleElement().satisfies(op -> {
            assertThat(op.titleProperty().get()).isEqualTo("Delete pod monitoring/prometheus-1");
            assertThat(op.resultProperty().get().succeeded()).isTrue();
            assertThat(op.steps()).extracting(row -> row.step().id() + " " + row.state())
                    .containsExactly("delete DONE");
        });
    }

    @Test
    void cancelledDeleteDoesNothingAndAFailedOneSaysWhy() {
        publish();
        refuse = true;
        model.pods().askDelete("monitoring/grafana-7d9f-abcde");
        assertThat(dialogs.asked).containsExactly("Delete pod monitoring/grafana-7d9f-abcde?");
        assertThat(actions.calls).isEmpty();
        assertThat(activity.recent()).as("nothing run").isEmpty();

        refuse = false;
        actions.failWith = new IllegalStateException("Forbidden: user dev cannot delete pods in monitoring");
        model.pods().askDelete("monitoring/grafana-7d9f-abcde");

        assertThat(model.messages().messageProperty().get())
                .isEqualTo("Could not delete pod monitoring/grafana-7d9f-abcde: "
                        + "Forbidden: user dev cannot delete pods in monitoring");
        assertThat(model.messages().errorProperty().get()).isTrue();
        assertThat(activity.recent()).singleElement()
                .satisfies(op -> assertThat(op.resultProperty().get().succeeded()).isFalse());
    }

    @Test
    void findingLinksSelectTheNodeThePodOrAskToDelete() {
        publish();

        model.runFixAction(new FixAction(FixAction.SHOW_NODE, "node-b", "Show node node-b"));
        assertThat(model.selection().focusProperty().get()).isEqualTo(Focus.NODE);
        assertThat(model.selection().selectedLaneProperty().get()).isEqualTo("node-b");
        assertThat(model.selection().nodeDetailProperty().get().pods()).hasSize(2);

        model.runFixAction(new FixAction(FixAction.SHOW_POD, "monitoring/alertmanager-2", "Show"));
        assertThat(model.selection().selectedPodProperty().get()).isEqualTo("monitoring/alertmanager-2");
        assertThat(model.selection().selectedLaneProperty().get()).isEqualTo("node-c");

        model.runFixAction(new FixAction(FixAction.SHOW_WORKLOAD, "monitoring/grafana", "Show"));
        assertThat(model.selection().highlightedWorkloadProperty().get()).isEqualTo("monitoring/grafana");

        refuse = true;
        model.runFixAction(new FixAction(FixAction.DELETE_POD, "monitoring/prometheus-0", "Delete"));
        assertThat(dialogs.asked).containsExactly("Delete pod monitoring/prometheus-0?");
    }

    @Test
    void twoPrometheusReplicasOnOneNodeAreAFindingThatLinksToTheNode() {
        pods = replace(pods, onNode(pods.get(1), "node-a"));
        publish();

        assertThat(model.findingsErrorProperty().get()).isEmpty();
        Finding shared = model.findings().stream()
                .filter(f -> f.code().equals(HaFindings.REPLICAS_SHARE_NODE) && f.subject().contains("prometheus"))
                .findFirst().orElseThrow();
        assertThat(model.countsTextProperty().get()).contains(model.findings().size() + " finding");

        // The fix moves one replica away: delete it (after confirmation) so that it is scheduled elsewhere.
        FixAction fix = shared.action().orElseThrow();
        assertThat(fix.operation()).isEqualTo(FixAction.DELETE_POD);
        refuse = true;
        model.runFixAction(fix);
        assertThat(dialogs.asked).singleElement().asString().startsWith("Delete pod monitoring/prometheus-");
        assertThat(actions.calls).as("nothing deleted before the user confirms").isEmpty();
    }

    @Test
    void simulatedFailureOfANodeSaysWhatLosesReplicasAndThatNothingWasExecuted() {
        publish();
        model.selection().selectNode("node-a");

        model.whatIf().simulate(WhatIfMode.FAILURE);

        WhatIfResult result = model.whatIf().resultProperty().get();
        assertThat(result.node()).isEqualTo("node-a");
        assertThat(result.impacts()).extracting(WorkloadImpact::workload)
                .contains("prometheus", "grafana", "alertmanager");
        assertThat(result.impacts()).filteredOn(i -> i.workload().equals("prometheus")).singleElement()
                .satisfies(i -> assertThat(i.readyAfter()).isEqualTo(1));
        assertThat(model.whatIf().noteProperty().get()).endsWith("a simulation, nothing was executed.");
        assertThat(actions.calls).isEmpty();

        model.selection().selectNode("node-b");
        assertThat(model.whatIf().resultProperty().get()).as("a result belongs to its node").isNull();
    }

    @Test
    void failNodeIsOfferedOnlyWhenTheClusterOffersNodeFaults() {
        publish();
        assertThat(model.pods().nodeFaultsProperty().get()).isFalse();
        model.pods().setNodeFailed("node-a", true);
        assertThat(actions.calls).isEmpty();

        // The sandbox label alone offers nothing: only the capability does.
        model.attach(source, Set.of(), true, actions);
        publish();
        assertThat(model.sandboxProperty().get()).isTrue();
        assertThat(model.pods().nodeFaultsProperty().get()).isFalse();
        model.pods().setNodeFailed("node-a", true);
        assertThat(actions.calls).isEmpty();

        model.attach(source, Set.of(Capability.NODE_FAULTS), false, actions);
        publish();
        assertThat(model.pods().nodeFaultsProperty().get()).isTrue();
        model.pods().setNodeFailed("node-a", true);

        assertThat(actions.calls).containsExactly("nodeFault node-a true");
        assertThat(dialogs.asked).as("the fault the user asked for runs at once").isEmpty();
        assertThat(model.messages().messageProperty().get()).startsWith("Node node-a fails now");
        assertThat(activity.recent()).singleElement().satisfies(op -> assertThat(op.steps())
                .extracting(row -> row.step().id() + " " + row.state()).containsExactly("fail-node DONE"));
    }

    @Test
    void allNamespacesSwitchAsksTheSessionAndFallsBackWhenRefused() {
        publish();

        model.allNamespacesProperty().set(true);
        assertThat(actions.calls).containsExactly("setAllNamespaces true");

        actions.failWith = new IllegalStateException("Forbidden: cannot list pods cluster-wide");
        model.allNamespacesProperty().set(false);
        assertThat(model.allNamespacesProperty().get()).isTrue();
        assertThat(model.messages().messageProperty().get()).contains("Forbidden: cannot list pods cluster-wide");
    }

    @Test
    void reconnectingKeepsTheLanesUnderABanner() {
        publish();

        source.set(new StackSnapshot(++version, SyncState.RECONNECTING, "connect timed out",
                TopologyFixtures.stackWorkloads(), pods, nodes, ""));

        assertThat(model.sync().connectionLostProperty().get()).isTrue();
        assertThat(model.sync().bannerTextProperty().get()).contains("connect timed out");
        assertThat(lanes).hasSize(4);
    }

    /**
     * Records the actions asked for: operations record their call when they run (one step, failing with
     * {@link #failWith} when set), the scope switch answers at once.
     */
    static final class RecordingActions implements TopologyActions {
        final List<String> calls = new CopyOnWriteArrayList<>();
        RuntimeException failWith;

        private Operation<Void> operation(String call, String name, String stepId, String title,
                                          Confirmation confirmation, List<String> notes) {
            return new Operation<>() {
                @Override
                public Plan plan(Cancellation cancellation) {
                    return Plan.of(name, title, List.of(new Step(stepId, title))).withConfirmation(confirmation)
                            .withNotes(notes);
                }

                @Override
                public OperationResult<Void> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
                    return Execution.run(plan, listener, cancellation, ex -> {
                        ex.step(stepId, () -> {
                            calls.add(call);
                            if (failWith != null) {
                                throw failWith;
                            }
                        });
                        return null;
                    });
                }
            };
        }

        @Override
        public Operation<Void> deletePod(String namespace, String name, String controller) {
            String key = namespace + "/" + name;
            return operation("deletePod " + namespace + " " + name, "delete-pod", "delete", "Delete pod " + key,
                    Confirmation.yes("Delete pod " + key + "?"), List.of(controller.isEmpty()
                            ? "This pod has no controller: nothing will replace it."
                            : controller + " will create a replacement; until it is ready, " + controller
                            + " runs with one replica less."));
        }

        @Override
        public Operation<Void> nodeFault(String node, boolean failed) {
            return operation("nodeFault " + node + " " + failed, "node-fault", failed ? "fail-node" : "recover-node",
                    (failed ? "Fail" : "Recover") + " node " + node, Confirmation.none(), List.of());
        }

        @Override
        public Cancellable setAllNamespaces(boolean all, Runnable onDone, Consumer<Throwable> onFailure) {
            calls.add("setAllNamespaces " + all);
            if (failWith != null) {
                onFailure.accept(failWith);
            } else {
                onDone.run();
            }
            return new Cancellable() {
                @Override
                public void cancel() {
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }
            };
        }
    }
}
