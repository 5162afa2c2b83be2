package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.cluster.PodInfo;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the user has picked in the topology and the side panel's detail of it: the highlighted lane, the selected
 * node (with its lane) or pod (with its containers, conditions, claims and events), and the highlighted workload.
 * Each new picture brings the detail up to date; a pod that disappears stays shown as gone.
 */
public final class TopologySelection {
    /** Which panel the side of the view shows. */
    public enum Focus {
        /** Nothing selected. */
        NONE,
        /** A node: its facts, what-if and (where the cluster offers it) fail/recover. */
        NODE,
        /** A pod: containers, conditions, claims, events, delete. */
        POD
    }

    private final Supplier<TopologyPicture> picture;
    private final MessageLine messages;
    private final Runnable nodeChanged;

    private final ReadOnlyStringWrapper selectedLane = new ReadOnlyStringWrapper(this, "selectedLane");
    private final ReadOnlyStringWrapper selectedNode = new ReadOnlyStringWrapper(this, "selectedNode");
    private final ReadOnlyStringWrapper selectedPod = new ReadOnlyStringWrapper(this, "selectedPod");
    private final ReadOnlyStringWrapper highlightedWorkload = new ReadOnlyStringWrapper(this, "highlightedWorkload");
    private final ReadOnlyObjectWrapper<Focus> focus = new ReadOnlyObjectWrapper<>(this, "focus", Focus.NONE);
    private final ReadOnlyObjectWrapper<PodDetail> podDetail = new ReadOnlyObjectWrapper<>(this, "podDetail");
    private final ReadOnlyObjectWrapper<LaneRow> nodeDetail = new ReadOnlyObjectWrapper<>(this, "nodeDetail");

    /**
     * @param picture     the picture shown now (null before any)
     * @param messages    where a pick that cannot be shown is reported
     * @param nodeChanged told before another node is selected (its what-if belongs to the old one)
     */
    TopologySelection(Supplier<TopologyPicture> picture, MessageLine messages, Runnable nodeChanged) {
        this.picture = picture;
        this.messages = messages;
        this.nodeChanged = nodeChanged;
    }

    /** Selects a node: its lane, and the node panel with the what-if. */
    public void selectNode(String node) {
        if (node == null || node.isEmpty()) {
            return;
        }
        if (!node.equals(selectedNode.get())) {
            nodeChanged.run();
        }
        selectedNode.set(node);
        selectedLane.set(node);
        focus.set(Focus.NODE);
        refresh();
    }

    /** Selects a pod by {@code namespace/name} key (or bare name): its lane, and the pod panel. */
    public void selectPod(String key) {
        PodInfo pod = findPod(key);
        if (pod == null) {
            messages.show("Pod " + key + " is not in the current picture.", true);
            return;
        }
        selectedPod.set(pod.key());
        selectedLane.set(laneKeyOf(pod));
        focus.set(Focus.POD);
        refresh();
    }

    /** Highlights a workload's pods and card (again: stops highlighting); key {@code namespace/name}. */
    public void highlightWorkload(String key) {
        highlightedWorkload.set(Objects.equals(key, highlightedWorkload.get()) ? null : key);
    }

    /** The pod with {@code key} in the picture shown, or null. */
    PodInfo findPod(String key) {
        TopologyPicture shown = picture.get();
        return shown == null ? null : shown.findPod(key);
    }

    /** The selected pod, when the pod panel shows one that still exists; else null. */
    String selectedLivePod() {
        return focus.get() == Focus.POD && selectedPod.get() != null && podDetail.get() != null
                && !podDetail.get().gone() ? selectedPod.get() : null;
    }

    /** Keeps the side panel in step with the latest picture. */
    void refresh() {
        TopologyPicture shown = picture.get();
        if (shown == null || !shown.laidOut()) {
            return;
        }
        String podKey = selectedPod.get();
        if (podKey != null) {
            PodInfo pod = shown.pods().get(podKey);
            if (pod != null) {
                // Only a different detail re-renders the panel (and keeps its scroll position otherwise).
                setIfChanged(podDetail, TopologyRows.detail(pod, shown.snapshot(), shown.pvcs(), shown.now()));
                if (focus.get() == Focus.POD) {
                    selectedLane.set(laneKeyOf(pod));
                }
            } else if (podDetail.get() != null && !podDetail.get().gone()) {
                podDetail.set(podDetail.get().asGone());
            }
        }
        String node = selectedNode.get();
        if (node != null) {
            setIfChanged(nodeDetail, shown.topology().lanes().stream().filter(l -> l.node().name().equals(node))
                    .findFirst().map(l -> TopologyRows.lane(l, p -> true, shown.pvcs(), shown.now())).orElse(null));
        }
    }

    /** Forgets every pick (no session). */
    void clear() {
        selectedLane.set(null);
        selectedNode.set(null);
        selectedPod.set(null);
        highlightedWorkload.set(null);
        focus.set(Focus.NONE);
        podDetail.set(null);
        nodeDetail.set(null);
    }

    private static <T> void setIfChanged(ReadOnlyObjectWrapper<T> property, T value) {
        if (!Objects.equals(property.get(), value)) {
            property.set(value);
        }
    }

    private static String laneKeyOf(PodInfo pod) {
        return pod.node().isEmpty() ? LaneRow.UNSCHEDULED_KEY : pod.node();
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
}
