package io.neurectomy.console.ui.shell;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.ui.fx.ItemCell;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.Views;
import io.neurectomy.console.ui.shell.ActivityViewModel.Entry;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import org.controlsfx.control.TaskProgressView;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/**
 * The Activity panel beside the current section: running operations with their progress and Cancel (ControlsFX
 * {@link TaskProgressView}, one {@link OperationTask} per operation), and the recent ones with how and when they
 * ended.
 */
final class ActivityPanel {
    private static final String STYLESHEET = ActivityPanel.class.getResource("activity.css").toExternalForm();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final TaskProgressView<OperationTask> running = new TaskProgressView<>();
    private final Map<OperationModel<?>, OperationTask> tasks = new HashMap<>();
    private final VBox root = new VBox(8);

    ActivityPanel(ActivityViewModel model) {
        Label title = Views.title("Activity", Styles.TITLE_4);
        Region spacer = Views.spacer();
        Button close = new Button(null, new FontIcon(Material2AL.CLOSE));
        close.setId("activityClose");
        close.getStyleClass().addAll(Styles.FLAT, Styles.BUTTON_ICON);
        close.setTooltip(new Tooltip("Close the Activity panel (Ctrl+Shift+A)"));
        close.setOnAction(e -> model.openProperty().set(false));
        HBox header = new HBox(8, title, spacer, close);
        header.setAlignment(Pos.CENTER_LEFT);

        running.setId("activityRunning");
        running.setPrefHeight(220);
        running.setMinHeight(120);
        model.running().forEach(this::add);
        model.running().addListener((ListChangeListener<OperationModel<?>>) change -> {
            while (change.next()) {
                change.getRemoved().forEach(this::remove);
                change.getAddedSubList().forEach(this::add);
            }
        });

        ListView<Entry> recent = new ListView<>(model.recent());
        recent.setId("activityRecent");
        recent.setPlaceholder(new Label("Nothing has finished yet"));
        recent.setCellFactory(list -> new EntryCell());
        recent.setFocusTraversable(false);
        VBox.setVgrow(recent, Priority.ALWAYS);

        root.getChildren().addAll(header, caption("Running"), running, caption("Recent"), recent);
        root.setId("activityPanel");
        root.getStyleClass().add("activity-panel");
        root.getStylesheets().add(STYLESHEET);
        root.setPadding(new Insets(16, 12, 12, 12));
        root.setPrefWidth(380);
        root.setMinWidth(Region.USE_PREF_SIZE);
        root.setStyle("-fx-background-color: -color-bg-subtle; -fx-border-color: -color-border-default;"
                + " -fx-border-width: 0 0 0 1;");
    }

    private void add(OperationModel<?> operation) {
        OperationTask task = new OperationTask(operation).start();
        tasks.put(operation, task);
        running.getTasks().add(task);
    }

    private void remove(OperationModel<?> operation) {
        OperationTask task = tasks.remove(operation);
        if (task != null) {
            task.end();
            running.getTasks().remove(task);
        }
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().addAll(Styles.TEXT_CAPTION, Styles.TEXT_MUTED);
        return label;
    }

    Node node() {
        return root;
    }

    /** Outcome icon, title and summary, and the time it ended. */
    private static final class EntryCell extends ItemCell<Entry> {
        @Override
        protected void show(Entry entry) {
            FontIcon icon = new FontIcon(switch (entry.outcome()) {
                case SUCCEEDED -> Material2AL.CHECK_CIRCLE;
                case FAILED -> Material2AL.ERROR;
                case CANCELLED -> Material2AL.CANCEL;
            });
            icon.getStyleClass().add("outcome-" + entry.outcome().name().toLowerCase(Locale.ROOT));
            Label name = new Label(entry.title());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            // A Text, not a wrapping Label: a list cell sizes its graphic without a width, so a Label would not wrap.
            Text summary = new Text(entry.summary());
            summary.getStyleClass().add("outcome-summary");
            if (getListView() != null) {
                summary.wrappingWidthProperty().bind(getListView().widthProperty().subtract(130));
            }
            VBox text = new VBox(2, name, summary);
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            Label time = new Label(TIME.format(entry.finished()));
            time.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            time.setMinWidth(Region.USE_PREF_SIZE);
            HBox row = new HBox(8, icon, text, time);
            row.setAlignment(Pos.TOP_LEFT);
            row.setPrefWidth(0);
            setText(null);
            setGraphic(row);
            setTooltip(new Tooltip(String.join("\n", List.of(entry.title(), entry.summary()))));
        }
    }
}
