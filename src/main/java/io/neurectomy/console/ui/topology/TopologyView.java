package io.neurectomy.console.ui.topology;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.fx.FindingsView;
import io.neurectomy.console.ui.fx.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/**
 * The live topology: a toolbar (search, scope, counts), the sync banner, the workload strip, one lane per node with
 * its pods (a virtualized list: only the visible lanes exist as nodes), and on the right the findings above the
 * selected node's what-if or the selected pod's detail.
 */
public final class TopologyView {
    private static final Duration AGE_TICK = Duration.seconds(30);
    private static final String STYLESHEET = TopologyView.class.getResource("topology.css").toExternalForm();

    private final TopologyViewModel model;
    private final VBox root = new VBox(8);
    private final TextField search = new TextField();
    private final ListView<Slot<LaneRow>> laneList;
    private final ListView<Slot<StripRow>> stripList;
    private final FindingsView findingList;
    private final Timeline ageTicker;
    private boolean syncingSelection;

    public TopologyView(TopologyViewModel model) {
        this.model = model;
        root.setId("topologyView");
        root.getStyleClass().add("topology-view");
        root.getStylesheets().add(STYLESHEET);
        root.setPadding(new Insets(14, 16, 10, 16));

        laneList = lanes();
        stripList = strip();
        findingList = findings();

        VBox lanesBox = new VBox(4, lanesHeader(), notice(), laneList);
        VBox.setVgrow(laneList, Priority.ALWAYS);
        SplitPane side = new SplitPane(findingsBox(), new DetailPane(model).node());
        side.setOrientation(Orientation.VERTICAL);
        side.setDividerPositions(0.42);
        SplitPane main = new SplitPane(lanesBox, side);
        main.setId("topologySplit");
        main.setDividerPositions(0.645);
        SplitPane.setResizableWithParent(side, false);
        VBox.setVgrow(main, Priority.ALWAYS);

        root.getChildren().addAll(toolbar(), banner(), message(), stripList, main);
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::keys);

        ageTicker = new Timeline(new KeyFrame(AGE_TICK, e -> model.refreshAges()));
        ageTicker.setCycleCount(Animation.INDEFINITE);
        ageTicker.play();
    }

    private HBox toolbar() {
        Label title = Views.title("Topology", Styles.TITLE_3);
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label counts = new Label();
        counts.setId("topologyCounts");
        counts.textProperty().bind(model.countsTextProperty());
        counts.getStyleClass().add(Styles.TEXT_MUTED);
        counts.setMinWidth(Region.USE_PREF_SIZE);
        Label sandbox = Chips.badge("Sandbox", Health.WARNING);
        Views.showWhen(sandbox, model.sandboxProperty());
        Tooltip.install(sandbox, new Tooltip("Connected to the console's embedded sandbox: nothing here touches a "
                + "real cluster."));
        Region spacer = Views.spacer();

        search.setId("topologySearch");
        search.setPromptText("Search (Ctrl+F)");
        search.setPrefWidth(200);
        search.setMinWidth(150);
        search.setTooltip(new Tooltip("Pod name, status, workload or node; key=value matches a label. Esc clears."));
        search.textProperty().bindBidirectional(model.searchTextProperty());
        ToggleSwitch all = new ToggleSwitch("All namespaces");
        all.setId("allNamespaces");
        all.selectedProperty().bindBidirectional(model.allNamespacesProperty());
        Tooltip.install(all, new Tooltip("Show the pods of every namespace on the nodes, not only the stack's"));
        HBox bar = new HBox(10, title, sandbox, counts, spacer, search, all);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private Node banner() {
        HBox banner = strip("topologyBanner", model.sync().bannerTextProperty(), new FontIcon(Material2AL.CLOUD_OFF),
                Styles.WARNING);
        banner.getStyleClass().add("warning");
        return Views.showWhen(banner, model.sync().connectionLostProperty());
    }

    /** Results of actions and layout problems: non-modal, dismissable. */
    private Node message() {
        FontIcon icon = new FontIcon(Material2AL.CHECK_CIRCLE);
        HBox strip = strip("topologyMessage", model.messages().messageProperty(), icon, Styles.ACCENT);
        Button close = new Button(null, new FontIcon(Material2AL.CLOSE));
        close.setId("dismissMessage");
        close.getStyleClass().addAll(Styles.FLAT, Styles.BUTTON_ICON, Styles.SMALL);
        close.setOnAction(e -> model.dismissMessage());
        Region spacer = Views.spacer();
        strip.getChildren().addAll(spacer, close);
        model.messages().errorProperty().addListener((obs, was, error) -> {
            Chips.flag(strip, javafx.css.PseudoClass.getPseudoClass("error"), error);
            icon.setIconCode(error ? Material2AL.ERROR : Material2AL.CHECK_CIRCLE);
            icon.getStyleClass().removeAll(Styles.ACCENT, Styles.DANGER);
            icon.getStyleClass().add(error ? Styles.DANGER : Styles.ACCENT);
        });
        return Views.showWhen(strip, model.messages().messageProperty().isNotEmpty());
    }

    private static HBox strip(String id, ObservableStringValue text, FontIcon icon, String iconClass) {
        HBox strip = Views.strip(id, text, icon, iconClass);
        strip.getStyleClass().add("message-strip");
        return strip;
    }

    private ListView<Slot<StripRow>> strip() {
        ListView<Slot<StripRow>> list = new ListView<>(Slot.mirror(model.strips(), StripRow::key));
        list.setId("workloadStrip");
        list.getStyleClass().add("strip-list");
        list.setOrientation(Orientation.HORIZONTAL);
        list.setFixedCellSize(StripCell.WIDTH);
        // Tall enough for a card and, when the cards overflow, the horizontal scroll bar under them.
        list.setPrefHeight(StripCell.HEIGHT + 16);
        list.setMinHeight(StripCell.HEIGHT + 16);
        list.setFocusTraversable(false);
        list.setCellFactory(l -> new StripCell(model));
        list.setPlaceholder(new Label());
        return list;
    }

    private HBox lanesHeader() {
        Label title = Views.title("Nodes", Styles.TITLE_4);
        HBox legend = new HBox(12);
        legend.setAlignment(Pos.CENTER_RIGHT);
        List<Optional<StackComponent>> groups = new ArrayList<>();
        StackComponent.all().forEach(c -> groups.add(Optional.of(c)));
        groups.add(Optional.empty());
        for (Optional<StackComponent> group : groups) {
            Region dot = new Region();
            dot.getStyleClass().add("legend-dot");
            Chips.group(dot, group);
            Label label = new Label(Chips.groupTitle(group), dot);
            label.getStyleClass().add(Styles.TEXT_SMALL);
            legend.getChildren().add(label);
        }
        Region spacer = Views.spacer();
        HBox header = new HBox(8, title, spacer, legend);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private Node notice() {
        Label notice = Views.text("topologyNotice", model.noticeProperty());
        notice.getStyleClass().add("status-warning");
        Views.showWhen(notice, model.noticeProperty().isNotEmpty());
        return notice;
    }

    private ListView<Slot<LaneRow>> lanes() {
        ListView<Slot<LaneRow>> list = new ListView<>(Slot.mirror(model.lanes(), LaneRow::key));
        list.setId("laneList");
        list.getStyleClass().addAll("lane-list", Tweaks.EDGE_TO_EDGE);
        list.setCellFactory(l -> new LaneCell(model));
        list.setPlaceholder(placeholder(model.lanePlaceholderProperty()));
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, slot) -> {
            LaneRow row = slot == null ? null : slot.get();
            if (syncingSelection || row == null || row.key().equals(model.selection().selectedLaneProperty().get())) {
                return;
            }
            if (!row.unscheduled()) {
                model.selection().selectNode(row.node());
            }
        });
        model.selection().selectedLaneProperty().addListener((obs, old, key) -> showLane(key, true));
        // Lanes coming and going may move the list's selection; the model's choice stays the truth.
        list.getItems().addListener((ListChangeListener<Slot<LaneRow>>) c -> showLane(
                model.selection().selectedLaneProperty().get(), false));
        return list;
    }

    /** Selects the lane with {@code key} in the list, scrolling to it only when asked and it is out of sight. */
    private void showLane(String key, boolean reveal) {
        Slot<LaneRow> selectedSlot = laneList.getSelectionModel().getSelectedItem();
        LaneRow selected = selectedSlot == null ? null : selectedSlot.get();
        if (key == null) {
            if (selected != null) {
                runSyncing(() -> laneList.getSelectionModel().clearSelection());
            }
            return;
        }
        int index = -1;
        var items = laneList.getItems();
        if (selected != null && selected.key().equals(key)) {
            index = laneList.getSelectionModel().getSelectedIndex();
        } else {
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).get().key().equals(key)) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                return;
            }
            int target = index;
            runSyncing(() -> laneList.getSelectionModel().clearAndSelect(target));
        }
        if (reveal && !isVisible(index)) {
            laneList.scrollTo(index);
        }
    }

    private boolean isVisible(int index) {
        if (!(laneList.lookup(".virtual-flow") instanceof VirtualFlow<?> flow)) {
            return false;
        }
        var first = flow.getFirstVisibleCell();
        var last = flow.getLastVisibleCell();
        return first != null && last != null && index > first.getIndex() && index < last.getIndex();
    }

    private void runSyncing(Runnable change) {
        syncingSelection = true;
        try {
            change.run();
        } finally {
            syncingSelection = false;
        }
    }

    private VBox findingsBox() {
        Label title = Views.title("Findings", Styles.TITLE_4);
        Label error = new Label();
        error.setId("findingsError");
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.textProperty().bind(model.findingsErrorProperty());
        error.getStyleClass().add("status-warning");
        Views.showWhen(error, model.findingsErrorProperty().isNotEmpty());
        VBox box = new VBox(4, title, error, findingList);
        box.setPadding(new Insets(0, 0, 0, 8));
        VBox.setVgrow(findingList, Priority.ALWAYS);
        return box;
    }

    private FindingsView findings() {
        FindingsView list = new FindingsView(model.findings());
        list.setId("findingList");
        list.getStyleClass().addAll("finding-list", Tweaks.EDGE_TO_EDGE);
        list.setExpandable(true);
        list.setOnAction(model::runFixAction);
        list.setPlaceholder(placeholder(model.findingsPlaceholderProperty()));
        return list;
    }

    private static VBox placeholder(ObservableStringValue text) {
        VBox box = Views.placeholder(text);
        box.setPadding(new Insets(12));
        return box;
    }

    private void keys(KeyEvent e) {
        if (e.getCode() == KeyCode.ESCAPE && e.getTarget() == search) {
            if (!search.getText().isEmpty()) {
                search.clear();
                e.consume();
            }
        } else if (e.getCode() == KeyCode.DELETE && !(e.getTarget() instanceof TextInputControl)) {
            model.pods().askDeleteSelected();
            e.consume();
        }
    }

    /** Puts the keyboard in the search box (Ctrl+F). */
    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    /** The node to put in the window. */
    public VBox node() {
        return root;
    }

    /** Stops the age ticker; the view is not used afterwards. */
    public void dispose() {
        ageTicker.stop();
    }
}
