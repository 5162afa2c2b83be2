package io.neurectomy.console.ui.overview;

import io.neurectomy.console.core.cluster.NodeInfo;
import io.neurectomy.console.core.cluster.StackSnapshot;
import io.neurectomy.console.core.cluster.ClusterState;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.ui.fx.Follower;
import io.neurectomy.console.ui.fx.FxCoalescer;
import io.neurectomy.console.ui.fx.ListPatch;
import io.neurectomy.console.ui.fx.SyncStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Live picture of the stack's namespace: workloads, pods, nodes and how far the picture can be trusted.
 *
 * <p>Follows one {@link ClusterState} at a time; informer notifications are merged by an {@link FxCoalescer}, and
 * each refresh reads one snapshot. Until the first sync the tables stay empty with a "Synchronizing…" placeholder,
 * so an empty table always means "really nothing there".
 */
public final class OverviewViewModel {
    private final Supplier<Instant> clock;

    private final ObservableList<WorkloadRow> workloads = FXCollections.observableArrayList();
    private final ObservableList<PodRow> pods = FXCollections.observableArrayList();
    private final SyncStatus sync = new SyncStatus("");
    private final ReadOnlyStringWrapper sandboxNotice = new ReadOnlyStringWrapper(this, "sandboxNotice", "");
    private final ReadOnlyStringWrapper nodeSummary = new ReadOnlyStringWrapper(this, "nodeSummary", "");
    private final ReadOnlyStringWrapper podPlaceholder = new ReadOnlyStringWrapper(this, "podPlaceholder", "");
    private final ReadOnlyStringWrapper workloadPlaceholder =
            new ReadOnlyStringWrapper(this, "workloadPlaceholder", "");

    private final StringProperty healthSummary = new SimpleStringProperty(this, "healthSummary", "");
    private final ObjectProperty<HealthStatus> healthStatus = new SimpleObjectProperty<>(this, "healthStatus");

    private ClusterState state;
    private Consumer<String> logOpener = pod -> { };
    private Runnable healthOpener = () -> { };
    private final Follower follower;
    private StackSnapshot shown;

    /** For the application: refreshes on the FX thread, at most 10 per second. */
    public OverviewViewModel() {
        this(FxCoalescer::onFxThread, Instant::now);
    }

    /**
     * @param coalescers makes the coalescer for a refresh action ({@link FxCoalescer#immediate} in tests)
     * @param clock      "now", for the age column
     */
    public OverviewViewModel(Function<Runnable, FxCoalescer> coalescers, Supplier<Instant> clock) {
        this.follower = new Follower(coalescers);
        this.clock = clock;
        clear();
    }

    /** What opens a pod's log (the window: the Logs section on that pod). */
    public void setLogOpener(Consumer<String> opener) {
        this.logOpener = opener;
    }

    /** What opens the Health section (the window's navigation). */
    public void setHealthOpener(Runnable opener) {
        this.healthOpener = opener == null ? () -> { } : opener;
    }

    /** Opens the Health section (a click on the health line). */
    public void openHealth() {
        healthOpener.run();
    }

    /** The health check's summary line, as the Health section shows it; empty before a check (bound by the window). */
    public StringProperty healthSummaryProperty() {
        return healthSummary;
    }

    /** The health check's verdict, or null before a check (bound by the window). */
    public ObjectProperty<HealthStatus> healthStatusProperty() {
        return healthStatus;
    }

    /** Opens the log of the pod of {@code row}. */
    public void openLogs(PodRow row) {
        if (row != null) {
            logOpener.accept(row.name());
        }
    }

    /** Starts following {@code newState} (of a new session), leaving the previous one. */
    public void attach(ClusterState newState) {
        detach();
        state = newState;
        ClusterState followed = newState;
        follower.follow(newState::addListener, newState::removeListener, () -> refresh(followed));
    }

    /** Stops following the current state and clears the picture (no session). */
    public void detach() {
        follower.stop();
        state = null;
        clear();
    }

    /** Recomputes the age column from the last snapshot (ages grow without any event). */
    public void refreshAges() {
        if (shown != null && shown.syncState().showsContent()) {
            render(shown);
        }
    }

    private void refresh(ClusterState followed) {
        // A refresh scheduled before a context switch may still arrive; it must not paint the old cluster.
        if (followed != state) {
            return;
        }
        StackSnapshot snapshot = followed.snapshot();
        if (shown != null && shown.version() == snapshot.version()) {
            return;
        }
        shown = snapshot;
        render(snapshot);
    }

    private void render(StackSnapshot s) {
        SyncState syncState = s.syncState();
        sync.show(syncState, s.syncDetail());
        if (!syncState.showsContent()) {
            workloads.clear();
            pods.clear();
            nodeSummary.set("");
            podPlaceholder.set(syncState == SyncState.SYNCING ? SyncStatus.SYNCHRONIZING : "Not connected");
            workloadPlaceholder.set(podPlaceholder.get());
            return;
        }
        Instant now = clock.get();
        // Position by position: rows carry no namespace, so in an all-namespaces session names are not unique keys.
        ListPatch.byPosition(workloads, s.workloads().stream().map(WorkloadRow::of).toList());
        ListPatch.byPosition(pods, s.pods().stream().map(p -> PodRow.of(p, now)).toList());
        nodeSummary.set(s.nodesHidden().isEmpty() ? summarize(s.nodes())
                : "Nodes not visible (no permission to list them)");
        podPlaceholder.set("No pods in this namespace");
        workloadPlaceholder.set("No workloads in this namespace");
    }




    private static String summarize(List<NodeInfo> nodes) {
        long ready = nodes.stream().filter(NodeInfo::ready).count();
        long cordoned = nodes.stream().filter(NodeInfo::unschedulable).count();
        String text = nodes.size() + (nodes.size() == 1 ? " node" : " nodes") + ", " + ready + " ready";
        return cordoned == 0 ? text : text + ", " + cordoned + " cordoned";
    }


    private void clear() {
        shown = null;
        workloads.clear();
        pods.clear();
        sync.clear();
        nodeSummary.set("");
        podPlaceholder.set("Not connected");
        workloadPlaceholder.set("Not connected");
    }

    /** Workloads, the stack's own first (prometheus, grafana, alertmanager), then the others by name. */
    public ObservableList<WorkloadRow> workloads() {
        return FXCollections.unmodifiableObservableList(workloads);
    }

    /** Pods of the namespace, by name. */
    public ObservableList<PodRow> pods() {
        return FXCollections.unmodifiableObservableList(pods);
    }

    /** How far the tables can be trusted (the followed session's sync), for the banner and the status bar. */
    public SyncStatus sync() {
        return sync;
    }

    /** What the sandbox says about itself (e.g. that it runs API only), shown above the overview; empty otherwise. */
    public ReadOnlyStringProperty sandboxNoticeProperty() {
        return sandboxNotice.getReadOnlyProperty();
    }

    /** Sets the sandbox notice; empty for a real cluster. */
    public void setSandboxNotice(String notice) {
        sandboxNotice.set(notice == null ? "" : notice);
    }

    /** "3 nodes, 3 ready" (and how many are cordoned). */
    public ReadOnlyStringProperty nodeSummaryProperty() {
        return nodeSummary.getReadOnlyProperty();
    }

    /** What the pod table says when it has no rows. */
    public ReadOnlyStringProperty podPlaceholderProperty() {
        return podPlaceholder.getReadOnlyProperty();
    }

    /** What the workload table says when it has no rows. */
    public ReadOnlyStringProperty workloadPlaceholderProperty() {
        return workloadPlaceholder.getReadOnlyProperty();
    }
}
