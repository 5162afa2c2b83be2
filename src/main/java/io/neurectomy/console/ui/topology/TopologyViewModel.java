package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.topology.AlertmanagerPeers;
import io.neurectomy.console.core.topology.Topology;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.Follower;
import io.neurectomy.console.ui.fx.FxCoalescer;
import io.neurectomy.console.ui.fx.ListPatch;
import io.neurectomy.console.ui.fx.SyncStatus;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live topology: one lane per node with its pods, the workload strip and the high-availability findings. Its
 * rooms: {@link #selection()} (what is picked and its detail), {@link #whatIf()} (simulations of the selected
 * node) and {@link #pods()} (pod and node actions, run as operations).
 *
 * <p>Informer notifications are merged by an {@link FxCoalescer} (at most 10 refreshes a second); each refresh hands
 * the layout ({@link Topology#of}), the findings and the rows to a worker thread, and only the finished rows are
 * applied on the FX thread, changing just the rows that differ so that the lists keep scroll position and
 * selection. Until the first sync the lanes stay empty with "Synchronizing…".
 */
public final class TopologyViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyViewModel.class);

    private final Executor worker;
    private final ExecutorService ownWorker;
    private final Executor fxThread;
    private final Supplier<Instant> clock;

    private final ObservableList<LaneRow> lanes = FXCollections.observableArrayList();
    private final ObservableList<StripRow> strips = FXCollections.observableArrayList();
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ObservableList<LaneRow> lanesView = FXCollections.unmodifiableObservableList(lanes);
    private final ObservableList<StripRow> stripsView = FXCollections.unmodifiableObservableList(strips);
    private final ObservableList<Finding> findingsView = FXCollections.unmodifiableObservableList(findings);
    private final SyncStatus sync = new SyncStatus("The topology shows the last known state.");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyStringWrapper lanePlaceholder = new ReadOnlyStringWrapper(this, "lanePlaceholder", "");
    private final ReadOnlyStringWrapper countsText = new ReadOnlyStringWrapper(this, "countsText", "");
    private final ReadOnlyIntegerWrapper notReadyCount = new ReadOnlyIntegerWrapper(this, "notReadyCount");
    private final ReadOnlyStringWrapper findingsError = new ReadOnlyStringWrapper(this, "findingsError", "");
    private final ReadOnlyStringWrapper findingsPlaceholder =
            new ReadOnlyStringWrapper(this, "findingsPlaceholder", "");
    private final ReadOnlyLongWrapper shownVersion = new ReadOnlyLongWrapper(this, "shownVersion", -1);
    private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");
    private final BooleanProperty allNamespaces = new SimpleBooleanProperty(this, "allNamespaces");
    private final ReadOnlyBooleanWrapper sandbox = new ReadOnlyBooleanWrapper(this, "sandbox");
    private final MessageLine messages = new MessageLine();
    private final TopologySelection selection;
    private final TopologyWhatIf whatIf;
    private final PodActions pods;

    // FX thread.
    private SnapshotSource source;
    private final Follower follower;
    private TopologyActions actions;
    private boolean active = true;
    private boolean followingScope;
    /** The scope the user asked for, until a snapshot shows it (so the switch does not flicker back). */
    private Boolean pendingScope;
    private TopologyPicture shown;
    /** A fix action asked for from elsewhere (the Health section), run on the next picture laid out. */
    private FixAction pendingAction;

    // Handed to the worker.
    private final AtomicBoolean computeQueued = new AtomicBoolean();
    private final AtomicLong peersVersion = new AtomicLong();
    private volatile long generation;
    private volatile String filter = "";
    private volatile Optional<AlertmanagerPeers> peers = Optional.empty();

    // Worker thread only.
    private final TopologyLayout layouts = new TopologyLayout();

    /**
     * For the application: refreshes at most 10 times a second, layout on a worker, what-ifs and operations on
     * {@code runner}; asks through {@code dialogs} and lists operations in {@code activity}.
     */
    public TopologyViewModel(TaskRunner runner, DialogService dialogs, ActivityLog activity) {
        this(FxCoalescer::onFxThread, null, Platform::runLater, runner, Instant::now, dialogs, activity);
    }

    /**
     * @param coalescers makes the coalescer for a refresh request ({@link FxCoalescer#immediate} in tests)
     * @param worker     where layouts are computed ({@code Runnable::run} in tests); null for a thread of its own
     * @param fxThread   where finished layouts are applied ({@code Runnable::run} in tests)
     * @param runner     runs what-if simulations and operations
     * @param clock      "now", for ages
     * @param dialogs    asks before a pod is deleted
     * @param activity   where the operations are listed
     */
    public TopologyViewModel(Function<Runnable, FxCoalescer> coalescers, Executor worker, Executor fxThread,
                             TaskRunner runner, Supplier<Instant> clock, DialogService dialogs, ActivityLog activity) {
        this.follower = new Follower(coalescers);
        if (worker == null) {
            ownWorker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "topology-layout");
                t.setDaemon(true);
                return t;
            });
            this.worker = ownWorker;
        } else {
            ownWorker = null;
            this.worker = worker;
        }
        this.fxThread = fxThread;
        this.clock = clock;
        this.selection = new TopologySelection(() -> shown, messages, () -> whatIf().clear());
        this.whatIf = new TopologyWhatIf(runner, clock, () -> shown, selection.selectedNodeProperty()::get);
        this.pods = new PodActions(runner, fxThread, dialogs, activity, selection, messages);
        searchText.addListener((obs, old, now) -> {
            filter = now == null ? "" : now.strip();
            request();
        });
        allNamespaces.addListener((obs, was, all) -> scopeChanged(all));
        clear();
    }

    /**
     * Starts following a session's picture, leaving the previous one.
     *
     * @param newSource      the session's snapshots
     * @param capabilities   what the session's cluster offers (node faults: fail/recover node is offered)
     * @param sandboxLabel   whether to label the view "Sandbox" (a label only: behaviour follows capabilities)
     * @param sessionActions what the view may change in that session
     */
    public void attach(SnapshotSource newSource, Set<Capability> capabilities, boolean sandboxLabel,
                       TopologyActions sessionActions) {
        detach();
        source = newSource;
        actions = sessionActions;
        pods.attach(sessionActions, capabilities);
        sandbox.set(sandboxLabel);
        SnapshotSource followed = newSource;
        follower.follow(newSource::addListener, newSource::removeListener, () -> refresh(followed));
    }

    /** Stops following and clears everything (no session). */
    public void detach() {
        generation++;
        follower.stop();
        source = null;
        actions = null;
        pods.attach(null, Set.of());
        peers = Optional.empty();
        peersVersion.incrementAndGet();
        clear();
    }

    /** Stops the worker thread; the model is not used afterwards. */
    public void dispose() {
        detach();
        if (ownWorker != null) {
            ownWorker.shutdownNow();
        }
    }

    /** Computes only while shown: a hidden topology costs nothing; showing it again brings it up to date. */
    public void setActive(boolean shownNow) {
        active = shownNow;
        if (shownNow) {
            request();
        }
    }

    /** What the Alertmanagers say about their cluster; callable from any thread (the probe's). */
    public void alertmanagerPeers(Optional<AlertmanagerPeers> latest) {
        peers = latest == null ? Optional.empty() : latest;
        peersVersion.incrementAndGet();
        follower.request();
    }

    /** Recomputes the rows (ages grow without any event). */
    public void refreshAges() {
        request();
    }

    private void request() {
        follower.request();
    }

    private void refresh(SnapshotSource followed) {
        // A refresh scheduled before a context switch may still arrive; it must not paint the old cluster.
        if (followed != source || !active) {
            return;
        }
        long gen = generation;
        if (computeQueued.compareAndSet(false, true)) {
            worker.execute(() -> compute(followed, gen));
        }
    }

    /** Worker thread: lays out the latest snapshot and hands the rows to the FX thread. */
    private void compute(SnapshotSource followed, long gen) {
        computeQueued.set(false);
        if (gen != generation) {
            return;
        }
        TopologyPicture result;
        try {
            StackSnapshot snapshot = followed.snapshot();
            if (!snapshot.syncState().showsContent()) {
                result = TopologyLayout.empty(gen, snapshot, clock.get());
            } else {
                result = layouts.layOut(gen, snapshot, peersVersion.get(), peers, filter, clock.get());
            }
        } catch (RuntimeException e) {
            LOG.warn("Topology layout failed", e);
            String text = "The topology could not be laid out: " + MessageLine.describe(e);
            fxThread.execute(() -> {
                if (gen == generation) {
                    messages.show(text, true);
                }
            });
            return;
        }
        TopologyPicture finished = result;
        fxThread.execute(() -> apply(finished));
    }

    /** FX thread: shows a finished layout. */
    private void apply(TopologyPicture r) {
        if (r.generation() != generation) {
            return;
        }
        shown = r;
        StackSnapshot s = r.snapshot();
        SyncState syncState = s.syncState();
        sync.show(syncState, s.syncDetail());
        if (r.topology() == null) {
            ListPatch.apply(lanes, List.of(), LaneRow::key);
            ListPatch.apply(strips, List.of(), StripRow::key);
            findings.clear();
            String waiting = syncState == SyncState.SYNCING ? SyncStatus.SYNCHRONIZING : "Not connected";
            lanePlaceholder.set(waiting);
            findingsPlaceholder.set(waiting);
            countsText.set("");
            findingsError.set("");
                    notReadyCount.set(0);
            shownVersion.set(s.version());
            return;
        }
        ListPatch.apply(lanes, r.lanes(), LaneRow::key);
        ListPatch.apply(strips, r.strips(), StripRow::key);
        ListPatch.apply(findings, r.findings(), f -> f.code() + "|" + f.subject() + "|" + f.message());
        findingsError.set(r.findingsError());
        findingsPlaceholder.set(r.findingsError().isEmpty() ? "No findings: every replica has a partner elsewhere."
                : "");
        lanePlaceholder.set(filter.isEmpty() ? "No nodes or pods" : "No node or pod matches “" + filter + "”");
        notice.set(s.nodesHidden().isEmpty() ? "" : s.nodesHidden() + " Lanes show node names only.");
        if (pendingScope != null && pendingScope == s.allNamespaces()) {
            pendingScope = null;
        }
        if (pendingScope == null && allNamespaces.get() != s.allNamespaces()) {
            followingScope = true;
            allNamespaces.set(s.allNamespaces());
            followingScope = false;
        }
        int nodes = r.topology().lanes().size();
        int notReady = (int) r.topology().lanes().stream().filter(l -> !l.node().ready()).count();
        notReadyCount.set(notReady);
        countsText.set(r.counts(nodes, notReady, !filter.isEmpty()));
        selection.refresh();
        shownVersion.set(s.version());
        if (pendingAction != null) {
            FixAction action = pendingAction;
            pendingAction = null;
            runFixAction(action);
        }
    }

    /**
     * Does what a finding's link offers once the topology has laid out the latest picture: for a link followed from
     * another section, whose pod or workload the picture shown (perhaps none yet) may not have.
     */
    public void runFixActionOnNextPicture(FixAction action) {
        pendingAction = action;
        request();
    }

    /** Does what a finding's link offers. */
    public void runFixAction(FixAction action) {
        switch (action.operation()) {
            case FixAction.SHOW_NODE -> selection.selectNode(action.target());
            case FixAction.SHOW_POD -> selection.selectPod(action.target());
            case FixAction.SHOW_WORKLOAD -> {
                if (!action.target().equals(selection.highlightedWorkloadProperty().get())) {
                    selection.highlightWorkload(action.target());
                }
            }
            case FixAction.DELETE_POD -> pods.askDelete(action.target());
            default -> LOG.debug("No handler for the fix action {}", action.operation());
        }
    }

    private void scopeChanged(boolean all) {
        if (followingScope || actions == null) {
            return;
        }
        pendingScope = all;
        actions.setAllNamespaces(all, () -> { }, error -> {
            pendingScope = null;
            followingScope = true;
            allNamespaces.set(!all);
            followingScope = false;
            messages.show("Could not switch to " + (all ? "all namespaces" : "the session's namespace") + ": "
                    + MessageLine.describe(error), true);
        });
    }

    /** Hides the message line. */
    public void dismissMessage() {
        messages.dismiss();
    }

    private void clear() {
        shown = null;
        pendingAction = null;
        whatIf.clear();
        lanes.clear();
        strips.clear();
        findings.clear();
        sync.clear();
        notice.set("");
        lanePlaceholder.set("Not connected");
        findingsPlaceholder.set("Not connected");
        countsText.set("");
        findingsError.set("");
        notReadyCount.set(0);
        shownVersion.set(-1);
        sandbox.set(false);
        selection.clear();
        dismissMessage();
        followingScope = true;
        allNamespaces.set(false);
        followingScope = false;
        pendingScope = null;
    }

    /** What is picked and the side panel's detail of it. */
    public TopologySelection selection() {
        return selection;
    }

    /** The what-if of the selected node. */
    public TopologyWhatIf whatIf() {
        return whatIf;
    }

    /** The pod and node actions. */
    public PodActions pods() {
        return pods;
    }

    /** Lanes: one per node by name, then the unscheduled pods; filtered by the search. */
    public ObservableList<LaneRow> lanes() {
        return lanesView;
    }

    /** One card per workload, the stack's first. */
    public ObservableList<StripRow> strips() {
        return stripsView;
    }

    /** High-availability findings, most severe first. */
    public ObservableList<Finding> findings() {
        return findingsView;
    }

    /** The search box's text: pod name, label {@code key=value}, status or node name. */
    public StringProperty searchTextProperty() {
        return searchText;
    }

    /** Watch every namespace (the user's choice; switches the session's informers). */
    public BooleanProperty allNamespacesProperty() {
        return allNamespaces;
    }

    /** How far the lanes can be trusted (the followed session's sync); a lost connection shows a banner. */
    public SyncStatus sync() {
        return sync;
    }

    /** A note above the lanes (e.g. nodes hidden by RBAC); empty for none. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** What the lane list says when empty. */
    public ReadOnlyStringProperty lanePlaceholderProperty() {
        return lanePlaceholder.getReadOnlyProperty();
    }

    /** What the findings list says when empty. */
    public ReadOnlyStringProperty findingsPlaceholderProperty() {
        return findingsPlaceholder.getReadOnlyProperty();
    }

    /** "3 nodes · 7 pods · 1 finding (1 critical)". */
    public ReadOnlyStringProperty countsTextProperty() {
        return countsText.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty notReadyCountProperty() {
        return notReadyCount.getReadOnlyProperty();
    }

    /** Why the findings are missing, or empty. */
    public ReadOnlyStringProperty findingsErrorProperty() {
        return findingsError.getReadOnlyProperty();
    }

    /** The version of the snapshot shown last; -1 before any. */
    public ReadOnlyLongProperty shownVersionProperty() {
        return shownVersion.getReadOnlyProperty();
    }

    /** True on the console's sandbox: the view shows a "Sandbox" label (nothing else depends on it). */
    public ReadOnlyBooleanProperty sandboxProperty() {
        return sandbox.getReadOnlyProperty();
    }

    /** The result of the last action (or why the layout failed), for a non-modal message line. */
    MessageLine messages() {
        return messages;
    }
}
