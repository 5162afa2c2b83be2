package io.neurectomy.console.ui.forwards;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.endpoints.ForwardPreset;
import io.neurectomy.console.core.endpoints.ForwardState;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.fx.RowCell;
import io.neurectomy.console.ui.fx.Views;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The port-forwards page: the three launchers, "New forward…" (an inline form), "Stop all", the "restore favorites
 * at start" switch, the error line, and a table of forwards with a coloured state, counters, uptime and per-row
 * actions (also in a context menu; Delete stops the selected forward, Enter opens it).
 */
public final class PortForwardsView {
    private final PortForwardsViewModel model;
    private final VBox root = Views.page("forwardsView", 10, 16);
    private final TableView<ForwardRow> table = new TableView<>();
    private final GridPane form = new GridPane();
    private final TextField targetField = new TextField();
    private final TextField remotePortField = new TextField();
    private final TextField localPortField = new TextField();
    private final TextField addressField = new TextField();
    private final Timeline ticker;

    public PortForwardsView(PortForwardsViewModel model) {
        this.model = model;

        Label title = Views.title("Port-forwards", Styles.TITLE_2);
        Label context = new Label();
        context.setId("forwardsContext");
        context.getStyleClass().add(Styles.TEXT_MUTED);
        context.textProperty().bind(Bindings.when(model.contextProperty().isEmpty()).then("")
                .otherwise(Bindings.concat("context ", model.contextProperty())));
        HBox heading = Views.heading(10, title, context);

        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().addAll(heading, toolbar(), form(), messages(), table());

        ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> model.tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
        // Uptimes tick only while the page is shown.
        root.sceneProperty().addListener((obs, was, now) -> {
            if (now == null) {
                ticker.stop();
            } else {
                ticker.play();
            }
        });
    }

    /** The page's root node. */
    public Node node() {
        return root;
    }

    private Node toolbar() {
        // Wraps onto a second line in a narrow window instead of widening it.
        FlowPane bar = new FlowPane(8, 6);
        bar.setAlignment(Pos.CENTER_LEFT);
        for (ForwardPreset preset : ForwardPreset.values()) {
            StackComponent c = preset.component();
            Button b = new Button(c.title() + " " + c.port(), new FontIcon(Material2MZ.PLAY_ARROW));
            b.setId("launch" + c.title());
            b.setTooltip(new Tooltip("Forward Service " + c.service() + " port " + c.port() + " to this machine"));
            b.disableProperty().bind(model.attachedProperty().not());
            b.setOnAction(e -> model.launch(preset));
            b.setMinWidth(Region.USE_PREF_SIZE);
            bar.getChildren().add(b);
        }
        Button custom = new Button("New forward…", new FontIcon(Material2AL.ADD));
        custom.setId("newForward");
        custom.disableProperty().bind(model.attachedProperty().not());
        custom.setOnAction(e -> {
            form.setVisible(!form.isVisible());
            if (form.isVisible()) {
                targetField.requestFocus();
            }
        });
        Button stopAll = new Button("Stop all", new FontIcon(Material2MZ.STOP));
        stopAll.setId("stopAllForwards");
        stopAll.getStyleClass().add(Styles.DANGER);
        stopAll.disableProperty().bind(Bindings.isEmpty(model.rows()));
        stopAll.setOnAction(e -> model.stopAll());
        custom.setMinWidth(Region.USE_PREF_SIZE);
        stopAll.setMinWidth(Region.USE_PREF_SIZE);
        ToggleSwitch restore = new ToggleSwitch("Restore favorites");
        Tooltip.install(restore, new Tooltip("Start this context's favorite forwards again when the console"
                + " connects to it"));
        restore.setId("restoreFavorites");
        restore.selectedProperty().bindBidirectional(model.restoreFavoritesAtStartProperty());
        bar.getChildren().addAll(custom, stopAll, restore);
        return bar;
    }

    private Node form() {
        form.setId("forwardForm");
        form.setHgap(8);
        form.setVgap(6);
        form.setVisible(false);
        form.managedProperty().bind(form.visibleProperty());
        targetField.setId("forwardTarget");
        targetField.setPromptText("prometheus-0, pod/NAME or svc/NAME");
        remotePortField.setId("forwardRemotePort");
        remotePortField.setPromptText("e.g. 9090");
        remotePortField.setPrefColumnCount(6);
        localPortField.setId("forwardLocalPort");
        localPortField.setPromptText("any free");
        localPortField.setPrefColumnCount(6);
        addressField.setId("forwardAddress");
        addressField.setPromptText("127.0.0.1");
        addressField.setPrefColumnCount(10);
        addressField.setTooltip(new Tooltip("Any address but 127.0.0.1 makes the port reachable from other"
                + " machines, without authentication; the console asks first."));
        Button start = new Button("Start", new FontIcon(Material2MZ.PLAY_ARROW));
        start.setId("forwardStart");
        start.setDefaultButton(true);
        start.setOnAction(e -> {
            if (model.forwardCustom(targetField.getText(), remotePortField.getText(), localPortField.getText(),
                    addressField.getText())) {
                form.setVisible(false);
                targetField.clear();
                remotePortField.clear();
                localPortField.clear();
                addressField.clear();
            }
        });
        Button cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> form.setVisible(false));
        form.addRow(0, new Label("Target"), new Label("Remote port"), new Label("Local port"),
                new Label("Bind address"));
        form.addRow(1, targetField, remotePortField, localPortField, addressField, start, cancel);
        GridPane.setHgrow(targetField, Priority.ALWAYS);
        return form;
    }

    private Node messages() {
        Label error = new Label();
        error.setId("forwardError");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.setGraphic(new FontIcon(Material2AL.ERROR));
        error.textProperty().bind(model.errorMessageProperty());
        Views.showWhen(error, model.errorMessageProperty().isNotEmpty());
        Button dismiss = new Button(null, new FontIcon(Material2AL.CANCEL));
        dismiss.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        dismiss.setTooltip(new Tooltip("Dismiss"));
        dismiss.visibleProperty().bind(error.visibleProperty());
        dismiss.managedProperty().bind(error.visibleProperty());
        dismiss.setOnAction(e -> model.dismissError());
        Label notice = new Label();
        notice.setId("forwardNotice");
        notice.getStyleClass().add(Styles.TEXT_MUTED);
        notice.textProperty().bind(model.noticeProperty());
        Views.showWhen(notice, model.noticeProperty().isNotEmpty().and(error.visibleProperty().not()));
        HBox box = new HBox(6, error, dismiss, notice);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private Node table() {
        Views.denseTable(table, "forwardTable");
        table.setItems(model.rows());
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        Label placeholder = new Label();
        placeholder.textProperty().bind(model.placeholderProperty());
        table.setPlaceholder(placeholder);

        TableColumn<ForwardRow, ForwardRow> forward = column("Forward", r -> r, 105);
        forward.setCellFactory(c -> new RowCell<>() {
            @Override
            protected void show(ForwardRow row) {
                setText(row.title() + (row.favorite() ? " ★" : ""));
                if (row.exposed()) {
                    FontIcon warn = new FontIcon(Material2MZ.WARNING);
                    warn.getStyleClass().add(Styles.WARNING);
                    setGraphic(warn);
                    setTooltip(new Tooltip("Listening on " + row.spec().bindAddress()
                            + ": reachable from other machines, without authentication"));
                } else {
                    setGraphic(null);
                    setTooltip(new Tooltip(row.target()));
                }
            }
        });
        TableColumn<ForwardRow, ForwardRow> state = column("State", r -> r, 180);
        state.setCellFactory(c -> new StateCell());
        TableColumn<ForwardRow, String> pod = column("Pod", ForwardRow::pod, 115);
        TableColumn<ForwardRow, String> url = column("Local URL", ForwardRow::url, 175);
        TableColumn<ForwardRow, String> conns = column("Conns", ForwardRow::connectionsText, 65);
        TableColumn<ForwardRow, String> traffic = column("In / out", ForwardRow::trafficText, 115);
        TableColumn<ForwardRow, String> uptime = column("Uptime", ForwardRow::uptime, 60);
        TableColumn<ForwardRow, ForwardRow> actions = column("", r -> r, 150);
        actions.setCellFactory(c -> new ActionsCell());
        table.getColumns().addAll(java.util.List.of(forward, state, pod, url, conns, traffic, uptime, actions));

        table.setRowFactory(t -> {
            TableRow<ForwardRow> row = new TableRow<>();
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null)
                    .otherwise(contextMenu(row)));
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    model.open(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            ForwardRow selected = table.getSelectionModel().getSelectedItem();
            if (selected == null) {
                return;
            }
            if (e.getCode() == KeyCode.DELETE) {
                model.stop(selected);
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER) {
                model.open(selected);
                e.consume();
            }
        });
        return table;
    }

    private ContextMenu contextMenu(TableRow<ForwardRow> row) {
        ContextMenu menu = new ContextMenu(
                item("Open in browser", Material2MZ.OPEN_IN_NEW, row, model::open),
                item("Copy URL", Material2AL.LINK, row, model::copyUrl),
                item("Copy kubectl command", Material2AL.CODE, row, model::copyKubectlCommand),
                item("Favorite / unfavorite", Material2MZ.STAR, row, model::toggleFavorite),
                new SeparatorMenuItem(),
                item("Restart", Material2MZ.REFRESH, row, model::restart),
                item("Stop", Material2MZ.STOP, row, model::stop));
        return menu;
    }

    private static MenuItem item(String text, Ikon icon, TableRow<ForwardRow> row, Consumer<ForwardRow> action) {
        MenuItem item = new MenuItem(text, new FontIcon(icon));
        item.setOnAction(e -> {
            if (row.getItem() != null) {
                action.accept(row.getItem());
            }
        });
        return item;
    }

    private static <T> TableColumn<ForwardRow, T> column(String title, Function<ForwardRow, T> value, double width) {
        TableColumn<ForwardRow, T> c = Views.column(title, value, width);
        c.setSortable(false);
        return c;
    }

    /** The state in colour (ACTIVE green, STARTING/RECONNECTING amber, FAILED red), the reason beside it. */
    private static final class StateCell extends RowCell<ForwardRow> {
        @Override
        protected void show(ForwardRow row) {
            Label label = new Label(row.stateText(), new FontIcon(icon(row.state())));
            label.getStyleClass().add("forward-state");
            label.getStyleClass().add(styleOf(row.state()));
            label.setId("forwardState-" + row.id());
            setGraphic(label);
            setText(null);
            setTooltip(row.reason().isEmpty() ? null : new Tooltip(row.reason()));
        }

        private static Ikon icon(ForwardState s) {
            return switch (s) {
                case ACTIVE -> Material2AL.CHECK_CIRCLE;
                case STARTING -> Material2AL.HOURGLASS_EMPTY;
                case RECONNECTING -> Material2MZ.SYNC;
                case FAILED -> Material2AL.ERROR;
                case STOPPED -> Material2MZ.STOP;
            };
        }

        static String styleOf(ForwardState s) {
            return switch (s) {
                case ACTIVE -> Styles.SUCCESS;
                case STARTING, RECONNECTING -> Styles.WARNING;
                case FAILED -> Styles.DANGER;
                case STOPPED -> Styles.TEXT_MUTED;
            };
        }
    }

    /** Per-row buttons: open, copy URL, copy kubectl command, favorite, stop. */
    private final class ActionsCell extends RowCell<ForwardRow> {
        private final Button open = button(Material2MZ.OPEN_IN_NEW, "Open in browser (Enter)", model::open);
        private final Button copy = button(Material2AL.LINK, "Copy URL", model::copyUrl);
        private final Button kubectl = button(Material2AL.CODE, "Copy kubectl port-forward command",
                model::copyKubectlCommand);
        private final Button favorite = button(Material2MZ.STAR_BORDER, "Favorite of this context",
                model::toggleFavorite);
        private final Button stop = button(Material2MZ.STOP, "Stop (Delete)", model::stop);
        private final HBox box = new HBox(2, open, copy, kubectl, favorite, stop);

        private Button button(Ikon icon, String tip, Consumer<ForwardRow> action) {
            Button b = new Button(null, new FontIcon(icon));
            b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
            b.setTooltip(new Tooltip(tip));
            b.setOnAction(e -> {
                if (getItem() != null) {
                    action.accept(getItem());
                }
            });
            return b;
        }

        @Override
        protected void show(ForwardRow row) {
            open.setId("forwardOpen-" + row.id());
            stop.setId("forwardStop-" + row.id());
            favorite.setId("forwardFavorite-" + row.id());
            favorite.setGraphic(new FontIcon(row.favorite() ? Material2MZ.STAR : Material2MZ.STAR_BORDER));
            favorite.getTooltip().setText(row.favorite() ? "Remove from this context's favorites"
                    : "Add to this context's favorites");
            open.setDisable(row.state().ended());
            setGraphic(box);
        }
    }
}
