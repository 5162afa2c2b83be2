package io.neurectomy.console.ui.overview;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.ui.fx.RowCell;
import io.neurectomy.console.ui.fx.Views;
import java.util.function.Function;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The live overview: connection-lost banner, node summary, workload table and pod table. */
public final class OverviewView {
    private static final Duration AGE_TICK = Duration.seconds(10);
    private static final double ROW_HEIGHT = 28;
    // Theme colour variables (AtlantaFX), so both light and dark themes get readable colours.
    private static final String SUCCESS_COLOUR = "-color-success-fg";
    private static final String WARNING_COLOUR = "-color-warning-fg";
    private static final String DANGER_COLOUR = "-color-danger-fg";

    private final OverviewViewModel model;
    private final VBox root = Views.page("overviewView", 10, 20);
    private final Timeline ageTicker;

    public OverviewView(OverviewViewModel model) {
        this.model = model;

        Label title = Views.title("Overview", Styles.TITLE_2);
        Label nodes = new Label();
        nodes.setId("nodeSummary");
        nodes.setGraphic(new FontIcon(Material2MZ.STORAGE));
        nodes.textProperty().bind(model.nodeSummaryProperty());
        nodes.visibleProperty().bind(nodes.textProperty().isNotEmpty());
        HBox header = Views.heading(16, title, nodes);

        TableView<WorkloadRow> workloads = workloadTable();
        TableView<PodRow> pods = podTable();
        // The workload list is short: size its table to the rows so the pod table gets the rest of the height.
        workloads.setFixedCellSize(ROW_HEIGHT);
        workloads.prefHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> ROW_HEIGHT * (Math.max(3, model.workloads().size()) + 1) + 6, model.workloads()));
        workloads.setMinHeight(Region.USE_PREF_SIZE);
        VBox.setVgrow(pods, Priority.ALWAYS);

        root.getChildren().addAll(banner(), sandboxNotice(), header, healthLine(),
                Views.title("Workloads", Styles.TITLE_4),
                workloads, Views.title("Pods", Styles.TITLE_4), pods);

        ageTicker = new Timeline(new KeyFrame(AGE_TICK, e -> model.refreshAges()));
        ageTicker.setCycleCount(Animation.INDEFINITE);
        ageTicker.play();
    }

    /** The health check's summary, as the Health section shows it; a click opens the section. */
    private Hyperlink healthLine() {
        Hyperlink line = new Hyperlink();
        line.setId("overviewHealth");
        line.textProperty().bind(javafx.beans.binding.Bindings.concat("Health: ", model.healthSummaryProperty()));
        line.setTooltip(new Tooltip("Open the Health section: every finding, its evidence and its fix"));
        line.setOnAction(e -> model.openHealth());
        FontIcon icon = new FontIcon(Material2AL.FAVORITE_BORDER);
        line.setGraphic(icon);
        model.healthStatusProperty().addListener((obs, old, status) -> styleHealth(line, icon, status));
        styleHealth(line, icon, model.healthStatusProperty().get());
        return Views.showWhen(line, model.healthSummaryProperty().isNotEmpty());
    }

    private static void styleHealth(Hyperlink line, FontIcon icon, HealthStatus status) {
        String colour = status == null ? "-color-fg-muted" : switch (status) {
            case HEALTHY -> SUCCESS_COLOUR;
            case WARNING -> WARNING_COLOUR;
            case CRITICAL -> DANGER_COLOUR;
            case NOT_CHECKED -> "-color-fg-muted";
        };
        Views.iconColour(icon, colour);
        line.setStyle("-fx-text-fill: " + colour + "; -fx-padding: 0;");
    }

    private HBox banner() {
        HBox banner = strip("syncBanner", model.sync().bannerTextProperty(), new FontIcon(Material2AL.CLOUD_OFF),
                "-color-warning-muted", "-color-warning-emphasis", Styles.WARNING);
        banner.getStyleClass().add("sync-banner");
        return Views.showWhen(banner, model.sync().connectionLostProperty());
    }

    /** Says plainly that this is the sandbox, and what it can and cannot do (e.g. API only). */
    private HBox sandboxNotice() {
        HBox notice = strip("sandboxNotice", model.sandboxNoticeProperty(), new FontIcon(Material2MZ.STORAGE),
                "-color-accent-subtle", "-color-accent-emphasis", Styles.ACCENT);
        return Views.showWhen(notice, model.sandboxNoticeProperty().isNotEmpty());
    }

    /**
     * A message strip above the overview: icon and wrapped text (id {@code id + "Text"}) on a coloured background
     * with a bar on the left.
     */
    private static HBox strip(String id, javafx.beans.value.ObservableStringValue message, FontIcon icon,
            String background, String bar, String iconClass) {
        HBox strip = Views.strip(id, message, icon, iconClass);
        strip.setPadding(new Insets(8, 12, 8, 12));
        strip.setStyle("-fx-background-color: " + background + "; -fx-border-color: " + bar
                + "; -fx-border-width: 0 0 0 4; -fx-background-radius: 4; -fx-border-radius: 4;");
        return strip;
    }

    private TableView<WorkloadRow> workloadTable() {
        TableView<WorkloadRow> table = Views.denseTable(new TableView<>(model.workloads()), "workloadTable");
        table.setPlaceholder(Views.placeholder(model.workloadPlaceholderProperty()));
        table.getColumns().add(Views.column("Kind", WorkloadRow::kind, 110));
        TableColumn<WorkloadRow, String> name = Views.column("Name", WorkloadRow::name, 180);
        name.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                WorkloadRow row = empty ? null : getTableRow().getItem();
                setText(empty ? null : item);
                getStyleClass().remove(Styles.TEXT_BOLD);
                if (row != null && row.stack()) {
                    getStyleClass().add(Styles.TEXT_BOLD);
                }
            }
        });
        table.getColumns().add(name);
        table.getColumns().add(number("Desired", WorkloadRow::desired));
        table.getColumns().add(number("Current", WorkloadRow::current));
        table.getColumns().add(number("Ready", WorkloadRow::ready));
        table.getColumns().add(number("Updated", WorkloadRow::updated));
        TableColumn<WorkloadRow, WorkloadRow> status = Views.column("Status", r -> r);
        status.setCellFactory(c -> new RowCell<>() {
            @Override
            protected void show(WorkloadRow row) {
                setText(row.statusText());
                FontIcon icon = switch (row.health()) {
                    case OK -> new FontIcon(Material2AL.CHECK_CIRCLE);
                    case DEGRADED -> new FontIcon(Material2MZ.WARNING);
                    case MISSING -> new FontIcon(Material2MZ.REMOVE_CIRCLE_OUTLINE);
                };
                String colour = switch (row.health()) {
                    case OK -> SUCCESS_COLOUR;
                    case DEGRADED -> WARNING_COLOUR;
                    case MISSING -> DANGER_COLOUR;
                };
                // FontIcon keeps its glyph font in its own inline style: add the colour to it. An inline style
                // also wins over the table's selection styles (binding the property made CSS fail to set it).
                icon.setStyle(icon.getStyle() + "-fx-icon-color: " + colour + ";");
                setGraphic(icon);
                setStyle("-fx-text-fill: " + colour + ";");
            }
        });
        table.getColumns().add(status);
        return table;
    }

    private TableView<PodRow> podTable() {
        TableView<PodRow> table = Views.denseTable(new TableView<>(model.pods()), "podTable");
        table.setPlaceholder(Views.placeholder(model.podPlaceholderProperty()));
        table.getColumns().add(Views.column("Pod", PodRow::name, 240));
        table.getColumns().add(Views.column("Node", PodRow::node, 140));
        TableColumn<PodRow, PodRow> status = Views.column("Status", r -> r, 150);
        status.setCellFactory(c -> new RowCell<>() {
            @Override
            protected void show(PodRow row) {
                setText(row.status());
                // Running but not ready, or still starting, is a warning; anything else unhealthy is an error.
                String colour = row.healthy() ? SUCCESS_COLOUR
                        : "Running".equals(row.status()) || "Pending".equals(row.status())
                                || "ContainerCreating".equals(row.status()) ? WARNING_COLOUR : DANGER_COLOUR;
                setStyle("-fx-text-fill: " + colour + ";");
            }
        });
        table.getColumns().add(status);
        table.getColumns().add(Views.column("Ready", PodRow::ready, 70));
        table.getColumns().add(number("Restarts", PodRow::restarts));
        table.getColumns().add(Views.column("Age", PodRow::age, 70));
        // A pod's log is one double-click, Enter, or the context menu away.
        table.setRowFactory(t -> {
            TableRow<PodRow> row = new TableRow<>();
            MenuItem logs = new MenuItem("Logs", new FontIcon(Material2MZ.SUBJECT));
            logs.setOnAction(e -> model.openLogs(row.getItem()));
            row.contextMenuProperty().bind(javafx.beans.binding.Bindings.when(row.emptyProperty())
                    .then((ContextMenu) null).otherwise(new ContextMenu(logs)));
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    model.openLogs(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                model.openLogs(table.getSelectionModel().getSelectedItem());
                e.consume();
            }
        });
        table.setTooltip(new Tooltip("Double-click a pod (or Enter) to open its log"));
        return table;
    }

    private static <R> TableColumn<R, Integer> number(String title, Function<R, Integer> value) {
        TableColumn<R, Integer> column = Views.column(title, value, 75);
        column.setStyle("-fx-alignment: CENTER-RIGHT;");
        return column;
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
