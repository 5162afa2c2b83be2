package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.topology.WhatIfMode;
import io.neurectomy.console.ui.fx.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
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
 *
 * <p>The list also asks a spare, hidden cell for the height of lanes it does not show (to size its scroll bar).
 * That cell builds no chips: it answers with a height computed from the row and from line heights measured on a
 * lane on screen, so measuring 500 lanes costs nothing like rendering them.
 */
final class LaneCell extends SlotCell<LaneRow> {
    static final double CHIP_WIDTH = 182;
    /**
     * Node property holding the lane key of a lane cell, and the pod name of a chip (for tests and tools). Not CSS
     * ids: a changed id restyles the whole cell, which made re-rendering a lane ten times slower.
     */
    static final String LANE_KEY = "topology.lane";
    static final String POD_NAME = "topology.pod";
    private static final PseudoClass NOT_READY = PseudoClass.getPseudoClass("not-ready");
    private static final PseudoClass OVER = PseudoClass.getPseudoClass("over");
    private static final PseudoClass PICKED = PseudoClass.getPseudoClass("picked");
    private static final PseudoClass HIGHLIGHTED = PseudoClass.getPseudoClass("highlighted");
    private static final double GAP = 6;
    private static final double LANE_SPACING = 5;
    private static final double LINE_SPACING = 1;
    /** About how many characters of the small font fit a chip's line (for the estimate only). */
    private static final int WHY_CHARS_PER_LINE = 28;

    /** Heights measured on lanes on screen, for the estimate of lanes off screen; defaults until then. */
    private static double headerHeight = 26;
    private static double lineHeight = 16;
    private static double nameHeight = 17;
    private static double chipExtra = 10;
    private static double laneExtra = 15;

    private final TopologyViewModel model;
    private final VBox lane = new VBox(LANE_SPACING);
    private final HBox header;
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
    private final FlowPane chips = new FlowPane(GAP, GAP);
    private final Label hidden = new Label();
    private final List<ChipNode> chipNodes = new ArrayList<>();
    private final InvalidationListener selectionListener = o -> updateChipMarks();
    private final ContextMenu menu = new ContextMenu();
    /** The row shown by a cell that is only measured, not drawn. */
    private LaneRow measuredOnly;

    LaneCell(TopologyViewModel model) {
        this.model = model;
        getStyleClass().add("lane-cell");
        setPrefWidth(0);
        name.getStyleClass().add("lane-name");
        name.setMinWidth(Region.USE_PREF_SIZE);
        zone.getStyleClass().add("lane-capacity");
        zone.setMinWidth(Region.USE_PREF_SIZE);
        cpu.getStyleClass().add("lane-capacity");
        memory.getStyleClass().add("lane-capacity");
        cpuBar.getStyleClass().add("capacity-bar");
        memoryBar.getStyleClass().add("capacity-bar");
        cordonBadge.setVisible(false);
        cordonBadge.managedProperty().bind(cordonBadge.visibleProperty());
        Region spacer = Views.spacer();
        capacity = new HBox(5, cpu, cpuBar, memory, memoryBar);
        capacity.setMinWidth(0);
        capacity.setAlignment(Pos.CENTER_LEFT);
        capacity.managedProperty().bind(capacity.visibleProperty());
        Tooltip.install(capacity, new Tooltip("What the monitoring stack's pods request of the node's allocatable "
                + "CPU and memory"));
        header = new HBox(8, icon, name, readyBadge, cordonBadge, zone, spacer, capacity);
        header.setAlignment(Pos.CENTER_LEFT);
        readyMessage.getStyleClass().add("status-error");
        readyMessage.managedProperty().bind(readyMessage.visibleProperty());
        hidden.getStyleClass().add("status-neutral");
        hidden.managedProperty().bind(hidden.visibleProperty());
        chips.setPrefWrapLength(CHIP_WIDTH);
        chips.managedProperty().bind(chips.visibleProperty());
        lane.getStyleClass().add("lane");
        lane.getChildren().addAll(header, readyMessage, chips, hidden);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        model.selection().selectedPodProperty().addListener(new WeakInvalidationListener(selectionListener));
        model.selection().highlightedWorkloadProperty().addListener(new WeakInvalidationListener(selectionListener));
        model.selection().focusProperty().addListener(new WeakInvalidationListener(selectionListener));
        buildMenu();
        setOnContextMenuRequested(e -> {
            LaneRow row = row();
            if (row != null && !row.unscheduled()) {
                model.selection().selectNode(row.node());
            }
        });
    }

    private void buildMenu() {
        MenuItem failure = new MenuItem("Simulate failure", new FontIcon(Material2AL.FLASH_ON));
        failure.setOnAction(e -> model.whatIf().simulate(WhatIfMode.FAILURE));
        MenuItem drain = new MenuItem("Simulate drain", new FontIcon(Material2MZ.OPEN_IN_NEW));
        drain.setOnAction(e -> model.whatIf().simulate(WhatIfMode.DRAIN));
        MenuItem fail = new MenuItem("Fail node");
        fail.setOnAction(e -> model.pods().setNodeFailed(row().node(), true));
        MenuItem recover = new MenuItem("Recover node");
        recover.setOnAction(e -> model.pods().setNodeFailed(row().node(), false));
        SeparatorMenuItem separator = new SeparatorMenuItem();
        for (var item : List.of(separator, fail, recover)) {
            item.visibleProperty().bind(model.pods().nodeFaultsProperty());
        }
        menu.getItems().addAll(failure, drain, separator, fail, recover);
        menu.setOnShowing(e -> {
            LaneRow row = row();
            fail.setDisable(row == null || !row.ready());
            recover.setDisable(row == null || row.ready());
        });
    }

    /** A cell the list only measures sits in a hidden parent; cells on screen sit in the list's visible sheet. */
    private boolean measuredOnly() {
        return getParent() != null && !getParent().isVisible();
    }

    /** The lane's height for the list's width: the chips wrap at that width. */
    @Override
    protected double computePrefHeight(double width) {
        double w = width > 0 ? width : getWidth();
        if (measuredOnly != null) {
            return estimate(measuredOnly, w) + snappedTopInset() + snappedBottomInset();
        }
        if (isEmpty() || row() == null) {
            return super.computePrefHeight(width);
        }
        return lane.prefHeight(Math.max(CHIP_WIDTH + 24, w - snappedLeftInset() - snappedRightInset()))
                + snappedTopInset() + snappedBottomInset();
    }

    /** The height a lane will have, from the row alone. */
    static double estimate(LaneRow row, double width) {
        double h = laneExtra + headerHeight;
        if (!row.ready() && !row.readyMessage().isEmpty()) {
            h += LANE_SPACING + lineHeight;
        }
        List<PodChip> pods = row.pods();
        if (!pods.isEmpty()) {
            int perRow = Math.max(1, (int) ((width - 24 + GAP) / (CHIP_WIDTH + GAP)));
            h += LANE_SPACING;
            for (int start = 0; start < pods.size(); start += perRow) {
                double rowHeight = 0;
                for (int i = start; i < Math.min(pods.size(), start + perRow); i++) {
                    rowHeight = Math.max(rowHeight, chipHeight(pods.get(i)));
                }
                h += rowHeight + (start == 0 ? 0 : GAP);
            }
        }
        if (row.hiddenPods() > 0) {
            h += LANE_SPACING + lineHeight;
        }
        return h;
    }

    private static double chipHeight(PodChip chip) {
        int why = !ChipNode.showsWhy(chip) ? 0 : ChipNode.detail(chip).length() > WHY_CHARS_PER_LINE ? 2 : 1;
        int lines = 2 + why + (chip.restarts() > 0 ? 1 : 0) + (chip.storage().isEmpty() ? 0 : 1);
        return chipExtra + nameHeight + lines * (lineHeight + LINE_SPACING);
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        if (measuredOnly == null && getGraphic() == lane && !chipNodes.isEmpty() && !chips.getChildren().isEmpty()) {
            calibrate();
        }
    }

    /** Takes the line heights the estimate uses from this lane, as CSS and fonts made it. */
    private void calibrate() {
        ChipNode chip = chipNodes.get(0);
        double name = chip.podName.getHeight();
        double line = chip.counts.getHeight();
        double chipHeight = chip.root.getHeight();
        if (name <= 0 || line <= 0 || chipHeight <= 0 || header.getHeight() <= 0) {
            return;
        }
        int lines = 0;
        for (Label l : List.of(chip.status, chip.why, chip.counts, chip.restarts, chip.storage)) {
            lines += l.isVisible() ? 1 : 0;
        }
        nameHeight = name;
        lineHeight = line;
        headerHeight = header.getHeight();
        chipExtra = Math.max(0, chipHeight - name - lines * (line + LINE_SPACING));
        laneExtra = lane.snappedTopInset() + lane.snappedBottomInset();
    }

    @Override
    void clear() {
        measuredOnly = null;
        setGraphic(null);
        setContextMenu(null);
        getProperties().remove(LANE_KEY);
    }

    @Override
    void render(LaneRow row) {
        getProperties().put(LANE_KEY, row.key());
        if (measuredOnly()) {
            // Only asked for a height: build nothing (no chips, no CSS).
            measuredOnly = row;
            setGraphic(null);
            return;
        }
        measuredOnly = null;
        Chips.flag(lane, NOT_READY, !row.ready());
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
            zone.setText(row.zone());
            capacity.setVisible(true);
            cpu.setText(row.cpuText());
            memory.setText(row.memoryText());
            bar(cpuBar, row.stackCpuShare());
            bar(memoryBar, row.stackMemoryShare());
            setContextMenu(menu);
        }
        cordonBadge.setVisible(row.cordoned());
        readyMessage.setText(row.readyMessage());
        readyMessage.setTooltip(row.readyMessage().isEmpty() ? null : new Tooltip(row.readyMessage()));
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
        Chips.flag(bar, OVER, share > 1);
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
        // A pod looks selected while its panel is shown; choosing a node moves the selection there.
        String selected = model.selection().focusProperty().get() == TopologySelection.Focus.POD
                ? model.selection().selectedPodProperty().get() : null;
        String workload = model.selection().highlightedWorkloadProperty().get();
        int shown = chips.getChildren().size();
        for (int i = 0; i < shown; i++) {
            ChipNode chip = chipNodes.get(i);
            if (chip.pod == null) {
                continue;
            }
            Chips.flag(chip.root, PICKED, Objects.equals(selected, chip.pod.key()));
            Chips.flag(chip.root, HIGHLIGHTED, workload != null && belongsTo(chip.pod, workload));
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

    /**
     * One pod's chip: group colour bar, name, status, why (when not healthy), ready and age, restarts (when any),
     * storage (when it has claims). One line each, so that its height follows from which lines it shows.
     */
    private final class ChipNode {
        final HBox root;
        final Region bar = new Region();
        final Label podName = new Label();
        final Label status = new Label();
        final Label why = new Label();
        final Label counts = new Label();
        final Label restarts = new Label();
        final Label storage = new Label();
        final Tooltip tip = new Tooltip();
        PodChip pod;

        ChipNode() {
            bar.getStyleClass().add("chip-bar");
            podName.getStyleClass().add("chip-name");
            podName.setMinWidth(0);
            for (Label l : List.of(status, why, counts, restarts, storage)) {
                l.getStyleClass().add("chip-line");
                Chips.colour(l, Health.NEUTRAL);
                l.setMinWidth(0);
                l.managedProperty().bind(l.visibleProperty());
            }
            Chips.colour(restarts, Health.WARNING);
            // The reason a pod is not running (the scheduler's message) matters: two lines for it.
            why.setWrapText(true);
            why.setMaxHeight(2 * 16 + 2);
            VBox text = new VBox(LINE_SPACING, podName, status, why, counts, restarts, storage);
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
                    model.selection().selectPod(pod.key());
                    // Keys (Delete, arrows) go to the lanes from now on, not to the search box.
                    if (getListView() != null) {
                        getListView().requestFocus();
                    }
                    e.consume();
                }
            });
        }

        static boolean showsWhy(PodChip chip) {
            return chip.health() != Health.OK && (!detail(chip).isEmpty() || chip.status().contains(" ("));
        }

        /** The chip's detail, unless it only repeats the status ("prometheus: NodeNotReady"). */
        static String detail(PodChip chip) {
            String d = chip.detail();
            return d.equals(chip.status()) || d.endsWith(": " + chip.status()) ? "" : d;
        }

        void show(PodChip chip) {
            if (chip.equals(pod)) {
                return;
            }
            pod = chip;
            root.getProperties().put(POD_NAME, chip.name());
            Chips.group(bar, chip.component());
            podName.setText(chip.name());
            // "CrashLoopBackOff (OOMKilled)": the status on its line, the cause first on the next.
            int paren = chip.status().indexOf(" (");
            String cause = paren < 0 ? "" : chip.status().substring(paren + 2, chip.status().length() - 1);
            status.setText(paren < 0 ? chip.status() : chip.status().substring(0, paren));
            Chips.colour(status, chip.health());
            String detail = detail(chip);
            why.setText(cause.isEmpty() ? detail : detail.isEmpty() ? cause : cause + " · " + detail);
            why.setVisible(showsWhy(chip));
            counts.setText(chip.ready() + " ready" + (chip.age().isEmpty() ? "" : " · " + chip.age()));
            restarts.setText(chip.restarts() + (chip.restarts() == 1 ? " restart" : " restarts"));
            restarts.setVisible(chip.restarts() > 0);
            storage.setText(chip.storage());
            storage.setVisible(!chip.storage().isEmpty());
            Chips.colour(storage, chip.storageHealth());
            StringBuilder text = new StringBuilder(chip.key()).append('\n').append(chip.status());
            if (!chip.detail().isEmpty()) {
                text.append(" — ").append(chip.detail());
            }
            text.append('\n').append(chip.ready()).append(" ready");
            if (chip.restarts() > 0) {
                text.append(" · ").append(restarts.getText());
            }
            if (!chip.age().isEmpty()) {
                text.append(" · age ").append(chip.age());
            }
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
