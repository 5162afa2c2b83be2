package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.topology.WhatIfMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * One lane: the node's header (name, Ready, cordoned, zone, what the stack requests of its capacity) and a chip per
 * pod. Chip nodes are reused from one item to the next; only the lanes the list shows exist.
 */
final class LaneCell extends ListCell<LaneRow> {
    static final double CHIP_WIDTH = 176;

    private final TopologyViewModel model;
    private final VBox lane = new VBox();
    private final FontIcon icon = new FontIcon(Material2MZ.STORAGE);
    private final Label name = new Label();
    private final Label readyBadge = Chips.badge("Ready", Health.OK);
    private final Label cordonBadge = Chips.badge("cordoned", Health.WARNING);
    private final Label zone = new Label();
    private final Label cpu = new Label();
    private final ProgressBar cpuBar = new ProgressBar();
    private final Label memory = new Label();
    private final ProgressBar memoryBar = new ProgressBar();
    private final HBox capacity;
    private final Label readyMessage = new Label();
    private final FlowPane chips = new FlowPane(6, 6);
    private final Label hidden = new Label();
    private final List<ChipNode> chipNodes = new ArrayList<>();
    private final InvalidationListener selectionListener = o -> updateChipMarks();
    private final ContextMenu menu = new ContextMenu();

    LaneCell(TopologyViewModel model) {
        this.model = model;
        getStyleClass().add("lane-cell");
        setPrefWidth(0);
        name.getStyleClass().add("lane-name");
        name.setMinWidth(Region.USE_PREF_SIZE);
        zone.getStyleClass().addAll("lane-capacity");
        cpu.getStyleClass().add("lane-capacity");
        memory.getStyleClass().add("lane-capacity");
        cpuBar.getStyleClass().add("capacity-bar");
        memoryBar.getStyleClass().add("capacity-bar");
        cordonBadge.setVisible(false);
        cordonBadge.managedProperty().bind(cordonBadge.visibleProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        capacity = new HBox(6, cpu, cpuBar, memory, memoryBar);
        capacity.setAlignment(Pos.CENTER_LEFT);
        capacity.managedProperty().bind(capacity.visibleProperty());
        Tooltip.install(capacity, new Tooltip("What the monitoring stack's pods request of the node's allocatable "
                + "CPU and memory"));
        HBox header = new HBox(8, icon, name, readyBadge, cordonBadge, zone, spacer, capacity);
        header.setAlignment(Pos.CENTER_LEFT);
        readyMessage.getStyleClass().add("status-error");
        readyMessage.setWrapText(true);
        readyMessage.managedProperty().bind(readyMessage.visibleProperty());
        hidden.getStyleClass().add("status-neutral");
        hidden.managedProperty().bind(hidden.visibleProperty());
        chips.setPrefWrapLength(CHIP_WIDTH);
        chips.managedProperty().bind(chips.visibleProperty());
        lane.getStyleClass().add("lane");
        lane.getChildren().addAll(header, readyMessage, chips, hidden);
        setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        model.selectedPodProperty().addListener(new WeakInvalidationListener(selectionListener));
        model.highlightedWorkloadProperty().addListener(new WeakInvalidationListener(selectionListener));
        buildMenu();
        setOnContextMenuRequested(e -> {
            LaneRow row = getItem();
            if (row != null && !row.unscheduled()) {
                model.selectNode(row.node());
            }
        });
    }

    private void buildMenu() {
        MenuItem failure = new MenuItem("Simulate failure", new FontIcon(Material2AL.FLASH_ON));
        failure.setOnAction(e -> model.simulate(WhatIfMode.FAILURE));
        MenuItem drain = new MenuItem("Simulate drain", new FontIcon(Material2MZ.OPEN_IN_NEW));
        drain.setOnAction(e -> model.simulate(WhatIfMode.DRAIN));
        MenuItem fail = new MenuItem("Fail node (sandbox)");
        fail.setOnAction(e -> model.setNodeFailed(getItem().node(), true));
        MenuItem recover = new MenuItem("Recover node (sandbox)");
        recover.setOnAction(e -> model.setNodeFailed(getItem().node(), false));
        SeparatorMenuItem separator = new SeparatorMenuItem();
        for (var item : List.of(separator, fail, recover)) {
            item.visibleProperty().bind(model.sandboxProperty());
        }
        menu.getItems().addAll(failure, drain, separator, fail, recover);
        menu.setOnShowing(e -> {
            LaneRow row = getItem();
            fail.setDisable(row == null || !row.ready());
            recover.setDisable(row == null || row.ready());
        });
    }

    /** The lane's height for the list's width: the chips wrap at that width. */
    @Override
    protected double computePrefHeight(double width) {
        if (isEmpty() || getItem() == null) {
            return super.computePrefHeight(width);
        }
        double w = width > 0 ? width : getWidth();
        return lane.prefHeight(Math.max(CHIP_WIDTH + 24, w - snappedLeftInset() - snappedRightInset()))
                + snappedTopInset() + snappedBottomInset();
    }

    @Override
    protected void updateItem(LaneRow row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
            setGraphic(null);
            setContextMenu(null);
            setId(null);
            return;
        }
        setId("lane-" + row.key().replace(' ', '-'));
        Chips.setClass(lane, "not-ready", !row.ready());
        if (row.unscheduled()) {
            icon.setIconCode(Material2AL.HOURGLASS_EMPTY);
            name.setText("Unscheduled");
            readyBadge.setVisible(false);
            readyBadge.setManaged(false);
            zone.setText(row.pods().isEmpty() && row.hiddenPods() == 0 ? "no pod waiting for a node"
                    : "pods without a node");
            capacity.setVisible(false);
            setContextMenu(null);
        } else {
            icon.setIconCode(Material2MZ.STORAGE);
            name.setText(row.node());
            readyBadge.setVisible(true);
            readyBadge.setManaged(true);
            Chips.setBadge(readyBadge, row.ready() ? "Ready" : "NotReady", row.ready() ? Health.OK : Health.ERROR);
            zone.setText(row.zone().isEmpty() ? "" : row.zone());
            capacity.setVisible(true);
            cpu.setText(row.cpuText());
            memory.setText(row.memoryText());
            bar(cpuBar, row.stackCpuShare());
            bar(memoryBar, row.stackMemoryShare());
            setContextMenu(menu);
        }
        cordonBadge.setVisible(row.cordoned());
        readyMessage.setText(row.readyMessage());
        readyMessage.setVisible(!row.ready() && !row.readyMessage().isEmpty());
        hidden.setText(row.hiddenPods() == 1 ? "1 more pod hidden by the search"
                : row.hiddenPods() + " more pods hidden by the search");
        hidden.setVisible(row.hiddenPods() > 0);
        showChips(row.pods());
        setGraphic(lane);
    }

    private static void bar(ProgressBar bar, double share) {
        bar.setVisible(share >= 0);
        bar.setProgress(Math.min(1, Math.max(0, share)));
        Chips.setClass(bar, "over", share > 1);
    }

    private void showChips(List<PodChip> pods) {
        while (chipNodes.size() < pods.size()) {
            chipNodes.add(new ChipNode());
        }
        var children = chips.getChildren();
        if (children.size() > pods.size()) {
            children.remove(pods.size(), children.size());
        }
        for (int i = 0; i < pods.size(); i++) {
            ChipNode chip = chipNodes.get(i);
            chip.show(pods.get(i));
            if (i >= children.size()) {
                children.add(chip.root);
            }
        }
        chips.setVisible(!pods.isEmpty());
        updateChipMarks();
    }

    private void updateChipMarks() {
        String selected = model.selectedPodProperty().get();
        String workload = model.highlightedWorkloadProperty().get();
        int shown = chips.getChildren().size();
        for (int i = 0; i < shown; i++) {
            ChipNode chip = chipNodes.get(i);
            if (chip.pod == null) {
                continue;
            }
            Chips.setClass(chip.root, "selected", Objects.equals(selected, chip.pod.key()));
            Chips.setClass(chip.root, "highlighted", workload != null && belongsTo(chip.pod, workload));
        }
    }

    /** Whether a chip's pod belongs to the workload with key {@code namespace/name} (or a bare name). */
    static boolean belongsTo(PodChip pod, String workloadKey) {
        int slash = workloadKey.indexOf('/');
        String name = workloadKey.substring(slash + 1);
        if (!name.equals(pod.workload())) {
            return false;
        }
        int podSlash = pod.key().indexOf('/');
        return slash < 0 || podSlash < 0 || pod.key().substring(0, podSlash).equals(workloadKey.substring(0, slash));
    }

    /** One pod's chip: group colour bar, name, status, ready/restarts/age, storage. */
    private final class ChipNode {
        final HBox root;
        final Region bar = new Region();
        final Label podName = new Label();
        final Label status = new Label();
        final Label counts = new Label();
        final Label storage = new Label();
        final Label why = new Label();
        final Tooltip tip = new Tooltip();
        PodChip pod;

        ChipNode() {
            bar.getStyleClass().add("chip-bar");
            podName.getStyleClass().add("chip-name");
            status.getStyleClass().add("chip-line");
            counts.getStyleClass().addAll("chip-line", "status-neutral");
            storage.getStyleClass().add("chip-line");
            storage.managedProperty().bind(storage.visibleProperty());
            why.getStyleClass().addAll("chip-line", "status-neutral");
            why.setWrapText(true);
            why.setMaxHeight(32);
            why.managedProperty().bind(why.visibleProperty());
            VBox text = new VBox(1, podName, status, why, counts, storage);
            text.setPadding(new Insets(3, 6, 3, 6));
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            root = new HBox(bar, text);
            root.getStyleClass().add("pod-chip");
            root.setPrefWidth(CHIP_WIDTH);
            root.setMinWidth(CHIP_WIDTH);
            root.setMaxWidth(CHIP_WIDTH);
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            Tooltip.install(root, tip);
            // Pressing a chip selects the pod, not the lane under it.
            root.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
                if (pod != null && e.getButton() == MouseButton.PRIMARY) {
                    model.selectPod(pod.key());
                    // Keys (Delete, arrows) go to the lanes from now on, not to the search box.
                    if (getListView() != null) {
                        getListView().requestFocus();
                    }
                    e.consume();
                }
            });
        }

        void show(PodChip chip) {
            if (chip.equals(pod)) {
                return;
            }
            pod = chip;
            root.setId("pod-" + chip.name());
            Chips.setOneOf(bar, Chips.GROUP_CLASSES, Chips.groupClass(chip.group()));
            podName.setText(chip.name());
            status.setText(chip.status());
            Chips.colour(status, chip.health());
            StringBuilder line = new StringBuilder(chip.ready()).append(" ready");
            if (chip.restarts() > 0) {
                line.append(" · ").append(chip.restarts()).append(chip.restarts() == 1 ? " restart" : " restarts");
            }
            if (!chip.age().isEmpty()) {
                line.append(" · ").append(chip.age());
            }
            counts.setText(line.toString());
            why.setText(chip.detail());
            why.setVisible(chip.health() != Health.OK && !chip.detail().isEmpty());
            storage.setText(chip.storage());
            storage.setVisible(!chip.storage().isEmpty());
            Chips.colour(storage, chip.storageHealth());
            StringBuilder text = new StringBuilder(chip.key()).append('\n').append(chip.status());
            if (!chip.detail().isEmpty()) {
                text.append(" — ").append(chip.detail());
            }
            text.append('\n').append(line);
            if (!chip.workload().isEmpty()) {
                text.append("\nworkload ").append(chip.workload());
            }
            if (!chip.storage().isEmpty()) {
                text.append('\n').append(chip.storage());
            }
            tip.setText(text.toString());
        }
    }
}
