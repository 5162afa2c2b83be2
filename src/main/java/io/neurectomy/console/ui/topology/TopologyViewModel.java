package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.cluster.PvcInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.topology.AlertmanagerPeers;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.topology.HaFindings;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.topology.Topology;
import io.neurectomy.console.core.topology.WhatIf;
import io.neurectomy.console.core.topology.WhatIfMode;
import io.neurectomy.console.core.topology.WorkloadGroup;
import io.neurectomy.console.core.topology.WhatIfResult;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.FxCoalescer;
import io.neurectomy.console.ui.fx.ListPatch;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
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
 * The live topology: one lane per node with its pods, the workload strip, high-availability findings, what-if
 * simulations of a node, and the selected pod's detail.
 *
 * <p>Informer notifications are merged by an {@link FxCoalescer} (at most 10 refreshes a second); each refresh hands
 * the layout ({@link Topology#of}), the findings and the rows to a worker thread, and only the finished rows are
 * applied on the FX thread, changing just the rows that differ so that the lists keep scroll position and
 * selection. Until the first sync the lanes stay empty with "Synchronizing…".
 */
public final class TopologyViewModel {
    static final String SYNCHRONIZING = "Synchronizing…";
    private static final Logger LOG = LoggerFactory.getLogger(TopologyViewModel.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /** Which panel the side of the view shows. */
    public enum Focus {
        /** Nothing selected. */
        NONE,
        /** A node: its facts, what-if and (sandbox) fail/recover. */
        NODE,
        /** A pod: containers, conditions, claims, events, delete. */
        POD
    }

    /**
     * A pod the user asked to delete, waiting for confirmation.
     *
     * @param namespace namespace (may be empty when not known: the session's namespace then)
     * @param name      pod name
     * @param workload  its controller, or empty when nothing replaces it
     */
    public record PodRef(String namespace, String name, String workload) {
        /** {@code namespace/name}. */
        public String key() {
            return namespace.isEmpty() ? name : namespace + "/" + name;
        }
    }

    private final Function<Runnable, FxCoalescer> coalescers;
    private final Executor worker;
    private final ExecutorService ownWorker;
    private final Executor fxThread;
    private final TaskRunner runner;
    private final Supplier<Instant> clock;

    private final ObservableList<LaneRow> lanes = FXCollections.observableArrayList();
    private final ObservableList<StripRow> strips = FXCollections.observableArrayList();
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ObservableList<LaneRow> lanesView = FXCollections.unmodifiableObservableList(lanes);
    private final ObservableList<StripRow> stripsView = FXCollections.unmodifiableObservableList(strips);
    private final ObservableList<Finding> findingsView = FXCollections.unmodifiableObservableList(findings);
    private final ReadOnlyObjectWrapper<SyncState> syncState = new ReadOnlyObjectWrapper<>(this, "syncState");
    private final ReadOnlyBooleanWrapper synchronizing = new ReadOnlyBooleanWrapper(this, "synchronizing");
    private final ReadOnlyBooleanWrapper connectionLost = new ReadOnlyBooleanWrapper(this, "connectionLost");
    private final ReadOnlyStringWrapper bannerText = new ReadOnlyStringWrapper(this, "bannerText", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyStringWrapper lanePlaceholder = new ReadOnlyStringWrapper(this, "lanePlaceholder", "");
    private final ReadOnlyStringWrapper countsText = new ReadOnlyStringWrapper(this, "countsText", "");
    private final ReadOnlyIntegerWrapper nodeCount = new ReadOnlyIntegerWrapper(this, "nodeCount");
    private final ReadOnlyIntegerWrapper notReadyCount = new ReadOnlyIntegerWrapper(this, "notReadyCount");
    private final ReadOnlyIntegerWrapper podCount = new ReadOnlyIntegerWrapper(this, "podCount");
    private final ReadOnlyStringWrapper findingsError = new ReadOnlyStringWrapper(this, "findingsError", "");
    private final ReadOnlyStringWrapper findingsPlaceholder =
            new ReadOnlyStringWrapper(this, "findingsPlaceholder", "");
    private final ReadOnlyLongWrapper shownVersion = new ReadOnlyLongWrapper(this, "shownVersion", -1);
    private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");
    private final BooleanProperty allNamespaces = new SimpleBooleanProperty(this, "allNamespaces");
    private final ReadOnlyBooleanWrapper sandbox = new ReadOnlyBooleanWrapper(this, "sandbox");
    private final ReadOnlyStringWrapper selectedLane = new ReadOnlyStringWrapper(this, "selectedLane");
    private final ReadOnlyStringWrapper selectedNode = new ReadOnlyStringWrapper(this, "selectedNode");
    private final ReadOnlyStringWrapper selectedPod = new ReadOnlyStringWrapper(this, "selectedPod");
    private final ReadOnlyStringWrapper highlightedWorkload = new ReadOnlyStringWrapper(this, "highlightedWorkload");
    private final ReadOnlyObjectWrapper<Focus> focus = new ReadOnlyObjectWrapper<>(this, "focus", Focus.NONE);
    private final ReadOnlyObjectWrapper<PodDetail> podDetail = new ReadOnlyObjectWrapper<>(this, "podDetail");
    private final ReadOnlyObjectWrapper<LaneRow> nodeDetail = new ReadOnlyObjectWrapper<>(this, "nodeDetail");
    private final ReadOnlyObjectWrapper<WhatIfResult> whatIf = new ReadOnlyObjectWrapper<>(this, "whatIf");
    private final ReadOnlyStringWrapper whatIfNote = new ReadOnlyStringWrapper(this, "whatIfNote", "");
    private final ReadOnlyBooleanWrapper whatIfRunning = new ReadOnlyBooleanWrapper(this, "whatIfRunning");
    private final ReadOnlyObjectWrapper<PodRef> deleteRequest = new ReadOnlyObjectWrapper<>(this, "deleteRequest");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(this, "messageIsError");

    // FX thread.
    private SnapshotSource source;
    private Runnable listener;
    private FxCoalescer coalescer;
    private TopologyActions actions;
    private boolean active = true;
    private boolean followingScope;
    /** The scope the user asked for, until a snapshot shows it (so the switch does not flicker back). */
    private Boolean pendingScope;
    private Result shown;
    private Cancellable whatIfTask;

    // Handed to the worker.
    private final AtomicBoolean computeQueued = new AtomicBoolean();
    private final AtomicLong peersVersion = new AtomicLong();
    private volatile long generation;
    private volatile String filter = "";
    private volatile Optional<AlertmanagerPeers> peers = Optional.empty();

    // Worker thread only.
    private Layout layout;
    private Map<String, LaneRow> lastRows = new HashMap<>();
    private String lastFindingsError = "";

    /** For the application: refreshes at most 10 times a second, layout on a worker, what-ifs on {@code runner}. */
    public TopologyViewModel(TaskRunner runner) {
        this(FxCoalescer::onFxThread, null, Platform::runLater, runner, Instant::now);
    }

    /**
     * @param coalescers makes the coalescer for a refresh request ({@link FxCoalescer#immediate} in tests)
     * @param worker     where layouts are computed ({@code Runnable::run} in tests); null for a thread of its own
     * @param fxThread   where finished layouts are applied ({@code Runnable::run} in tests)
     * @param runner     runs what-if simulations
     * @param clock      "now", for ages
     */
    public TopologyViewModel(Function<Runnable, FxCoalescer> coalescers, Executor worker, Executor fxThread,
                             TaskRunner runner, Supplier<Instant> clock) {
        this.coalescers = coalescers;
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
        this.runner = runner;
        this.clock = clock;
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
     * @param newSource    the session's snapshots
     * @param onSandbox    whether the session is on the console's sandbox (offers fail/recover node)
     * @param sessionActions what the view may change in that session
     */
    public void attach(SnapshotSource newSource, boolean onSandbox, TopologyActions sessionActions) {
        detach();
        source = newSource;
        actions = sessionActions;
        sandbox.set(onSandbox);
        SnapshotSource followed = newSource;
        FxCoalescer c = coalescers.apply(() -> refresh(followed));
        coalescer = c;
        listener = c::request;
        newSource.addListener(listener);
        c.request();
    }

    /** Stops following and clears everything (no session). */
    public void detach() {
        generation++;
        if (source != null) {
            source.removeListener(listener);
            coalescer.close();
        }
        source = null;
        listener = null;
        coalescer = null;
        actions = null;
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
        FxCoalescer c = coalescer;
        if (c != null) {
            c.request();
        }
    }

    /** Recomputes the rows (ages grow without any event). */
    public void refreshAges() {
        request();
    }

    private void request() {
        FxCoalescer c = coalescer;
        if (c != null) {
            c.request();
        }
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
        Result result;
        try {
            StackSnapshot snapshot = followed.snapshot();
            if (!snapshot.syncState().showsContent()) {
                result = new Result(gen, snapshot, null, List.of(), List.of(), List.of(), "", Map.of(), Map.of(),
                        clock.get());
            } else {
                result = layOut(gen, snapshot);
            }
        } catch (RuntimeException e) {
            LOG.warn("Topology layout failed", e);
            String text = "The topology could not be laid out: " + describe(e);
            fxThread.execute(() -> {
                if (gen == generation) {
                    showMessage(text, true);
                }
            });
            return;
        }
        Result finished = result;
        fxThread.execute(() -> apply(finished));
    }

    private Result layOut(long gen, StackSnapshot snapshot) {
        long pv = peersVersion.get();
        Optional<AlertmanagerPeers> p = peers;
        String search = filter;
        Instant now = clock.get();
        Layout l = layout;
        if (l == null || l.generation != gen) {
            lastRows = new HashMap<>();
        }
        if (l == null || l.generation != gen || l.version != snapshot.version() || l.peersVersion != pv) {
            Topology topology = Topology.of(snapshot);
            List<Finding> found = List.of();
            String error = "";
            try {
                found = HaFindings.evaluate(snapshot, p);
            } catch (RuntimeException e) {
                // The lanes are still worth showing; say plainly that the findings are missing, log it once.
                error = "Findings are not available: " + describe(e);
                if (!error.equals(lastFindingsError)) {
                    LOG.warn("HA findings failed", e);
                }
            }
            lastFindingsError = error;
            Map<String, PodInfo> pods = new HashMap<>(snapshot.pods().size() * 2);
            for (PodInfo pod : snapshot.pods()) {
                pods.put(pod.key(), pod);
            }
            l = new Layout(gen, snapshot.version(), pv, topology, found, error, pods,
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
        return new Result(gen, snapshot, l.topology, rows, TopologyRows.strips(l.topology), l.findings, l.findingsError,
                l.pods, l.pvcs, now);
    }

    /** FX thread: shows a finished layout. */
    private void apply(Result r) {
        if (r.generation != generation) {
            return;
        }
        shown = r;
        StackSnapshot s = r.snapshot;
        SyncState sync = s.syncState();
        syncState.set(sync);
        synchronizing.set(sync == SyncState.SYNCING);
        connectionLost.set(sync == SyncState.RECONNECTING);
        bannerText.set(sync.banner(s.syncDetail(), "The topology shows the last known state."));
        if (r.topology == null) {
            ListPatch.apply(lanes, List.of(), LaneRow::key);
            ListPatch.apply(strips, List.of(), StripRow::key);
            findings.clear();
            String waiting = sync == SyncState.SYNCING ? SYNCHRONIZING : "Not connected";
            lanePlaceholder.set(waiting);
            findingsPlaceholder.set(waiting);
            countsText.set("");
            findingsError.set("");
            nodeCount.set(0);
            podCount.set(0);
            notReadyCount.set(0);
            shownVersion.set(s.version());
            return;
        }
        ListPatch.apply(lanes, r.lanes, LaneRow::key);
        ListPatch.apply(strips, r.strips, StripRow::key);
        ListPatch.apply(findings, r.findings, f -> f.code() + "|" + f.subject() + "|" + f.message());
        findingsError.set(r.findingsError);
        findingsPlaceholder.set(r.findingsError.isEmpty() ? "No findings: every replica has a partner elsewhere."
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
        int nodes = r.topology.lanes().size();
        int notReady = (int) r.topology.lanes().stream().filter(l -> !l.node().ready()).count();
        nodeCount.set(nodes);
        notReadyCount.set(notReady);
        podCount.set(s.pods().size());
        countsText.set(counts(r, nodes, notReady));
        refreshSelection();
        shownVersion.set(s.version());
    }

    private String counts(Result r, int nodes, int notReady) {
        StringBuilder text = new StringBuilder();
        text.append(nodes).append(nodes == 1 ? " node" : " nodes");
        if (notReady > 0) {
            text.append(" (").append(notReady).append(" NotReady)");
        }
        int pods = r.snapshot.pods().size();
        text.append(" · ").append(pods).append(pods == 1 ? " pod" : " pods");
        if (!filter.isEmpty()) {
            int matching = r.lanes.stream().mapToInt(l -> l.pods().size()).sum();
            text.append(" (").append(matching).append(" shown)");
        }
        long critical = r.findings.stream().filter(f -> f.severity() == Severity.CRITICAL).count();
        text.append(" · ").append(r.findings.size()).append(r.findings.size() == 1 ? " finding" : " findings");
        if (critical > 0) {
            text.append(" (").append(critical).append(" critical)");
        }
        return text.toString();
    }

    /** Keeps the side panel in step with the latest picture. */
    private void refreshSelection() {
        if (shown == null || shown.topology == null) {
            return;
        }
        String podKey = selectedPod.get();
        if (podKey != null) {
            PodInfo pod = shown.pods.get(podKey);
            if (pod != null) {
                // Only a different detail re-renders the panel (and keeps its scroll position otherwise).
                setIfChanged(podDetail, TopologyRows.detail(pod, shown.snapshot, shown.pvcs, shown.now));
                if (focus.get() == Focus.POD) {
                    selectedLane.set(laneKeyOf(pod));
                }
            } else if (podDetail.get() != null && !podDetail.get().gone()) {
                podDetail.set(podDetail.get().asGone());
            }
        }
        String node = selectedNode.get();
        if (node != null) {
            setIfChanged(nodeDetail, shown.topology.lanes().stream().filter(l -> l.node().name().equals(node))
                    .findFirst().map(l -> TopologyRows.lane(l, p -> true, shown.pvcs, shown.now)).orElse(null));
        }
    }

    private static <T> void setIfChanged(ReadOnlyObjectWrapper<T> property, T value) {
        if (!Objects.equals(property.get(), value)) {
            property.set(value);
        }
    }

    private static String laneKeyOf(PodInfo pod) {
        return pod.node().isEmpty() ? LaneRow.UNSCHEDULED_KEY : pod.node();
    }

    /** Selects a node: its lane, and the node panel with the what-if. */
    public void selectNode(String node) {
        if (node == null || node.isEmpty()) {
            return;
        }
        if (!node.equals(selectedNode.get())) {
            clearWhatIf();
        }
        selectedNode.set(node);
        selectedLane.set(node);
        focus.set(Focus.NODE);
        refreshSelection();
    }

    /** Selects a pod by {@code namespace/name} key (or bare name): its lane, and the pod panel. */
    public void selectPod(String key) {
        PodInfo pod = findPod(key);
        if (pod == null) {
            showMessage("Pod " + key + " is not in the current picture.", true);
            return;
        }
        selectedPod.set(pod.key());
        selectedLane.set(laneKeyOf(pod));
        focus.set(Focus.POD);
        refreshSelection();
    }

    /** Highlights a workload's pods and card (again: stops highlighting); key {@code namespace/name}. */
    public void highlightWorkload(String key) {
        highlightedWorkload.set(Objects.equals(key, highlightedWorkload.get()) ? null : key);
    }

    private PodInfo findPod(String key) {
        if (shown == null || key == null) {
            return null;
        }
        PodInfo pod = shown.pods.get(key);
        if (pod == null) {
            // A finding may name a pod whose namespace the snapshot does not know, or the other way round.
            String name = key.substring(key.indexOf('/') + 1);
            pod = shown.pods.values().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        }
        return pod;
    }

    /** Does what a finding's link offers. */
    public void runFixAction(FixAction action) {
        switch (action.operation()) {
            case FixAction.SHOW_NODE -> selectNode(action.target());
            case FixAction.SHOW_POD -> selectPod(action.target());
            case FixAction.SHOW_WORKLOAD -> {
                if (!action.target().equals(highlightedWorkload.get())) {
                    highlightWorkload(action.target());
                }
            }
            case FixAction.DELETE_POD -> askDelete(action.target());
            default -> LOG.debug("No handler for the fix action {}", action.operation());
        }
    }

    /** Simulates failing or draining the selected node on the shown picture, in the background; nothing is run. */
    public void simulate(WhatIfMode mode) {
        String node = selectedNode.get();
        if (node == null || shown == null || shown.topology == null) {
            return;
        }
        clearWhatIf();
        StackSnapshot snapshot = shown.snapshot;
        whatIfRunning.set(true);
        whatIfNote.set("Computing…");
        whatIfTask = runner.run(() -> WhatIf.simulate(snapshot, node, mode), result -> {
            whatIfRunning.set(false);
            whatIf.set(result);
            whatIfNote.set("Computed from the picture of " + TIME.format(clock.get())
                    + " — a simulation, nothing was executed.");
        }, error -> {
            whatIfRunning.set(false);
            whatIfNote.set("The simulation could not be computed: " + describe(error));
        });
    }

    private void clearWhatIf() {
        if (whatIfTask != null) {
            whatIfTask.cancel();
            whatIfTask = null;
        }
        whatIf.set(null);
        whatIfRunning.set(false);
        whatIfNote.set("");
    }

    /** Opens a port-forward to one pod; the window supplies it (the Port-forwards page). */
    public interface PortForwarder {
        void forward(String namespace, String pod, int remotePort);
    }

    private PortForwarder forwarder;

    /** Sets where the pod panel's "Port-forward" goes; without one the button is not offered. */
    public void setPortForwarder(PortForwarder forwarder) {
        this.forwarder = forwarder;
    }

    /** Whether the pod panel can offer a port-forward. */
    public boolean canForward() {
        return forwarder != null;
    }

    /** Opens the log of one pod; the window supplies it (the Logs section). */
    public interface LogOpener {
        void open(String namespace, String pod);
    }

    private LogOpener logOpener;

    /** Sets where the pod panel's "Logs" goes; without one the button is not offered. */
    public void setLogOpener(LogOpener opener) {
        this.logOpener = opener;
    }

    /** Whether the pod panel can offer the pod's log. */
    public boolean canOpenLogs() {
        return logOpener != null;
    }

    /** Shows the log of a pod in the Logs section. */
    public void openLogs(String key) {
        PodInfo pod = findPod(key);
        if (pod == null) {
            showMessage("Pod " + key + " no longer exists.", true);
            return;
        }
        if (logOpener != null) {
            logOpener.open(pod.namespace(), pod.name());
        }
    }

    /** The port a stack component serves (Prometheus 9090, Grafana 3000, Alertmanager 9093), or 0 for others. */
    public static int forwardPort(WorkloadGroup group) {
        return switch (group) {
            case PROMETHEUS -> 9090;
            case GRAFANA -> 3000;
            case ALERTMANAGER -> 9093;
            case OTHER -> 0;
        };
    }

    /** Starts a port-forward to a pod of the stack on its component's port. */
    public void forwardPod(String key) {
        PodInfo pod = findPod(key);
        if (pod == null) {
            showMessage("Pod " + key + " no longer exists.", true);
            return;
        }
        int port = forwardPort(WorkloadGroup.of(pod.workload()));
        if (forwarder != null && port > 0) {
            forwarder.forward(pod.namespace(), pod.name(), port);
        }
    }

    /** Asks to delete a pod; the view confirms ({@link #confirmDelete()}) or cancels ({@link #cancelDelete()}). */
    public void askDelete(String key) {
        PodInfo pod = findPod(key);
        if (pod == null) {
            showMessage("Pod " + key + " no longer exists.", true);
            return;
        }
        if (actions == null) {
            return;
        }
        deleteRequest.set(new PodRef(pod.namespace(), pod.name(), pod.workload()));
    }

    /** Asks to delete the selected pod (the Delete key). */
    public void askDeleteSelected() {
        if (focus.get() == Focus.POD && selectedPod.get() != null && podDetail.get() != null
                && !podDetail.get().gone()) {
            askDelete(selectedPod.get());
        }
    }

    /** Deletes the pod the user confirmed; the result shows in the message line. */
    public void confirmDelete() {
        PodRef pod = deleteRequest.get();
        deleteRequest.set(null);
        if (pod == null || actions == null) {
            return;
        }
        showMessage("Deleting pod " + pod.key() + "…", false);
        actions.deletePod(pod.namespace(), pod.name(),
                () -> showMessage("Deleted pod " + pod.key() + ". " + (pod.workload().isEmpty()
                        ? "It had no controller: nothing replaces it."
                        : pod.workload() + " creates a replacement."), false),
                error -> showMessage("Could not delete pod " + pod.key() + ": " + describe(error), true));
    }

    public void cancelDelete() {
        deleteRequest.set(null);
    }

    /** On the sandbox: makes a node fail or recover. */
    public void setNodeFailed(String node, boolean failed) {
        if (!sandbox.get() || actions == null || node == null) {
            return;
        }
        actions.setNodeFailed(node, failed,
                () -> showMessage(failed
                        ? "Sandbox: node " + node + " fails now — it turns NotReady and its pods stop."
                        : "Sandbox: node " + node + " recovers — it turns Ready and its pods start again.", false),
                error -> showMessage("Could not " + (failed ? "fail" : "recover") + " node " + node + ": "
                        + describe(error), true));
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
            showMessage("Could not switch to " + (all ? "all namespaces" : "the session's namespace") + ": "
                    + describe(error), true);
        });
    }

    /** Hides the message line. */
    public void dismissMessage() {
        message.set("");
        messageIsError.set(false);
    }

    private void showMessage(String text, boolean error) {
        message.set(text);
        messageIsError.set(error);
    }

    private static String describe(Throwable t) {
        String text = t.getMessage();
        return text == null || text.isBlank() ? t.getClass().getSimpleName() : text;
    }


    private void clear() {
        shown = null;
        clearWhatIf();
        lanes.clear();
        strips.clear();
        findings.clear();
        syncState.set(null);
        synchronizing.set(false);
        connectionLost.set(false);
        bannerText.set("");
        notice.set("");
        lanePlaceholder.set("Not connected");
        findingsPlaceholder.set("Not connected");
        countsText.set("");
        findingsError.set("");
        nodeCount.set(0);
        notReadyCount.set(0);
        podCount.set(0);
        shownVersion.set(-1);
        sandbox.set(false);
        selectedLane.set(null);
        selectedNode.set(null);
        selectedPod.set(null);
        highlightedWorkload.set(null);
        focus.set(Focus.NONE);
        podDetail.set(null);
        nodeDetail.set(null);
        deleteRequest.set(null);
        dismissMessage();
        followingScope = true;
        allNamespaces.set(false);
        followingScope = false;
        pendingScope = null;
    }

    /** The worker's cache of the last layout: recomputed only when the snapshot or the peers change. */
    private record Layout(long generation, long version, long peersVersion, Topology topology, List<Finding> findings,
                          String findingsError, Map<String, PodInfo> pods, Map<String, PvcInfo> pvcs) {
    }

    /** A finished layout, handed from the worker to the FX thread. Topology null: nothing trustworthy yet. */
    private record Result(long generation, StackSnapshot snapshot, Topology topology, List<LaneRow> lanes,
                          List<StripRow> strips, List<Finding> findings, String findingsError,
                          Map<String, PodInfo> pods, Map<String, PvcInfo> pvcs, Instant now) {
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

    public ReadOnlyObjectProperty<SyncState> syncStateProperty() {
        return syncState.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty synchronizingProperty() {
        return synchronizing.getReadOnlyProperty();
    }

    /** True while a watch is lost; the lanes then show the last known picture under a banner. */
    public ReadOnlyBooleanProperty connectionLostProperty() {
        return connectionLost.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty bannerTextProperty() {
        return bannerText.getReadOnlyProperty();
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

    public ReadOnlyIntegerProperty nodeCountProperty() {
        return nodeCount.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty notReadyCountProperty() {
        return notReadyCount.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty podCountProperty() {
        return podCount.getReadOnlyProperty();
    }

    /** Why the findings are missing, or empty. */
    public ReadOnlyStringProperty findingsErrorProperty() {
        return findingsError.getReadOnlyProperty();
    }

    /** The version of the snapshot shown last; -1 before any. */
    public ReadOnlyLongProperty shownVersionProperty() {
        return shownVersion.getReadOnlyProperty();
    }

    /** True on the console's sandbox: fail/recover node is offered. */
    public ReadOnlyBooleanProperty sandboxProperty() {
        return sandbox.getReadOnlyProperty();
    }

    /** Key of the highlighted lane (a node name, or {@link LaneRow#UNSCHEDULED_KEY}); null for none. */
    public ReadOnlyStringProperty selectedLaneProperty() {
        return selectedLane.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty selectedNodeProperty() {
        return selectedNode.getReadOnlyProperty();
    }

    /** {@code namespace/name} of the selected pod, or null. */
    public ReadOnlyStringProperty selectedPodProperty() {
        return selectedPod.getReadOnlyProperty();
    }

    /** {@code namespace/name} of the highlighted workload, or null. */
    public ReadOnlyStringProperty highlightedWorkloadProperty() {
        return highlightedWorkload.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Focus> focusProperty() {
        return focus.getReadOnlyProperty();
    }

    /** The selected pod's detail, or null. */
    public ReadOnlyObjectProperty<PodDetail> podDetailProperty() {
        return podDetail.getReadOnlyProperty();
    }

    /** The selected node's lane, with all its pods; null when none is selected or it is gone. */
    public ReadOnlyObjectProperty<LaneRow> nodeDetailProperty() {
        return nodeDetail.getReadOnlyProperty();
    }

    /** The last what-if result for the selected node, or null. */
    public ReadOnlyObjectProperty<WhatIfResult> whatIfProperty() {
        return whatIf.getReadOnlyProperty();
    }

    /** "Computing…", "Computed from the picture of 12:03:04 — a simulation, nothing was executed.", or an error. */
    public ReadOnlyStringProperty whatIfNoteProperty() {
        return whatIfNote.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty whatIfRunningProperty() {
        return whatIfRunning.getReadOnlyProperty();
    }

    /** A pod waiting for the user's confirmation to be deleted, or null. */
    public ReadOnlyObjectProperty<PodRef> deleteRequestProperty() {
        return deleteRequest.getReadOnlyProperty();
    }

    /** The result of the last action (or why the layout failed), for a non-modal message line; empty for none. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }
}
