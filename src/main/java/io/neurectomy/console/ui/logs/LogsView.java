package io.neurectomy.console.ui.logs;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.logs.LogLine;
import io.neurectomy.console.core.logs.LogStreamState;
import io.neurectomy.console.ui.fx.Views;
import io.neurectomy.console.ui.logs.LogsViewModel.LevelFilter;
import java.io.File;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The Logs section: pod, container and options on top, the log in a virtualized list, a status line below. While
 * following and scrolled to the bottom the list sticks to the newest line; scrolled up, it stays where it is and
 * offers "Jump to latest".
 */
public final class LogsView {
    /** Style class of the reveal toggle while secrets are shown. */
    public static final String REVEALING = "revealing";
    private static final String MONO = "-fx-font-family: 'Monospaced'; -fx-padding: 1 8 1 8;";
    private static final KeyCombination COPY_KEY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    private final LogsViewModel model;
    private final VBox root = Views.page("logsView", 8, 16);
    private final ListView<LogLine> list = new ListView<>();
    private final TextField search = new TextField();
    private final BooleanProperty stick = new SimpleBooleanProperty(true);

    public LogsView(LogsViewModel model) {
        this.model = model;

        Label title = Views.title("Logs", Styles.TITLE_3);

        ComboBox<String> pod = new ComboBox<>(model.pods());
        pod.setId("logsPod");
        pod.setPromptText("Pod");
        pod.setPrefWidth(260);
        pod.valueProperty().bindBidirectional(model.podProperty());
        ComboBox<String> container = new ComboBox<>(model.containers());
        container.setId("logsContainer");
        container.setPromptText("Main container");
        container.setPrefWidth(170);
        container.valueProperty().bindBidirectional(model.containerProperty());
        container.disableProperty().bind(Bindings.isEmpty(model.containers()));
        ComboBox<Integer> tail = new ComboBox<>();
        tail.getItems().setAll(LogsViewModel.TAIL_CHOICES);
        tail.setId("logsTail");
        tail.setTooltip(new Tooltip("Lines to start with"));
        tail.valueProperty().bindBidirectional(model.tailLinesProperty());
        CheckBox follow = new CheckBox("Follow");
        follow.setId("logsFollow");
        follow.selectedProperty().bindBidirectional(model.followProperty());
        follow.disableProperty().bind(model.previousProperty());
        CheckBox previous = new CheckBox("Previous instance");
        previous.setId("logsPrevious");
        previous.setTooltip(new Tooltip("The log of the container's previous, terminated instance: what crashed"));
        previous.selectedProperty().bindBidirectional(model.previousProperty());
        CheckBox wrap = new CheckBox("Wrap lines");
        wrap.setId("logsWrap");
        wrap.selectedProperty().bindBidirectional(model.wrapProperty());
        ToggleButton reveal = new ToggleButton("Reveal secrets", new FontIcon(Material2MZ.VISIBILITY));
        reveal.setId("logsReveal");
        reveal.setTooltip(new Tooltip("Show tokens, passwords and webhook URLs instead of masking them; "
                + "off again when the pod changes"));
        reveal.selectedProperty().bindBidirectional(model.revealProperty());
        reveal.selectedProperty().addListener((obs, was, on) -> styleReveal(reveal, on));
        styleReveal(reveal, reveal.isSelected());
        FlowPane source = new FlowPane(10, 8, pod, container, new Label("Tail"), tail, follow, previous, wrap,
                reveal);
        source.setAlignment(Pos.CENTER_LEFT);

        ComboBox<LevelFilter> level = new ComboBox<>();
        level.getItems().setAll(LevelFilter.values());
        level.setId("logsLevel");
        level.valueProperty().bindBidirectional(model.buffer().levelFilterProperty());
        search.setId("logsSearch");
        search.setPromptText("Search (Ctrl+F)");
        search.setPrefWidth(260);
        search.textProperty().bindBidirectional(model.buffer().searchProperty());
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                search.clear();
            }
        });
        Label count = new Label();
        count.setId("logsCount");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(model.buffer().countTextProperty());
        Button save = new Button("Save…", new FontIcon(Material2MZ.SAVE));
        save.setId("logsSave");
        save.setOnAction(e -> save());
        save.disableProperty().bind(Bindings.isEmpty(model.buffer().shown()));
        Button copy = new Button("Copy", new FontIcon(Material2AL.CONTENT_COPY));
        copy.setId("logsCopy");
        copy.setTooltip(new Tooltip("Copy the selected lines (Ctrl+C)"));
        copy.setOnAction(e -> copySelection());
        copy.disableProperty().bind(Bindings.isEmpty(list.getSelectionModel().getSelectedItems()));
        Button clear = new Button("Clear", new FontIcon(Material2AL.CLEAR_ALL));
        clear.setId("logsClear");
        clear.setOnAction(e -> model.clear());
        HBox filters = new HBox(10, new Label("Show"), level, search, count);
        filters.setAlignment(Pos.CENTER_LEFT);
        HBox spacer = new HBox();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        filters.getChildren().addAll(spacer, copy, save, clear);

        list.setId("logsLines");
        list.setItems(model.buffer().shown());
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setStyle("-fx-font-family: 'Monospaced';");
        list.getStyleClass().add(Styles.DENSE);
        list.setCellFactory(v -> new LineCell());
        list.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (COPY_KEY.match(e)) {
                copySelection();
                e.consume();
            } else if (e.getCode() == KeyCode.END) {
                jumpToLatest();
                e.consume();
            } else if (e.getCode() == KeyCode.UP || e.getCode() == KeyCode.PAGE_UP || e.getCode() == KeyCode.HOME) {
                stick.set(false);
            }
        });
        list.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() > 0) {
                stick.set(false);
            } else {
                Platform.runLater(() -> stick.set(atBottom()));
            }
        });
        list.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> Platform.runLater(() -> {
            if (!stick.get() || !atBottom()) {
                stick.set(atBottom());
            }
        }));
        model.buffer().shown().addListener((ListChangeListener<LogLine>) c -> {
            if (stick.get() && !model.buffer().shown().isEmpty()) {
                list.scrollTo(model.buffer().shown().size() - 1);
            }
        });
        model.podProperty().addListener(o -> stick.set(true));
        model.wrapProperty().addListener(o -> list.refresh());

        Label empty = new Label(LogsViewModel.NO_POD, new FontIcon(Material2MZ.SUBJECT));
        empty.setId("logsEmpty");
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        empty.visibleProperty().bind(model.podProperty().isNull());
        list.visibleProperty().bind(model.podProperty().isNotNull());
        Button jump = new Button("Jump to latest (End)", new FontIcon(Material2AL.ARROW_DOWNWARD));
        jump.setId("logsJump");
        jump.getStyleClass().add(Styles.ACCENT);
        jump.setOnAction(e -> jumpToLatest());
        jump.visibleProperty().bind(stick.not().and(Bindings.isNotEmpty(model.buffer().shown()))
                .and(model.podProperty().isNotNull()));
        StackPane.setAlignment(jump, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(jump, new Insets(0, 24, 16, 0));
        StackPane body = new StackPane(list, empty, jump);
        VBox.setVgrow(body, Priority.ALWAYS);

        Label status = Views.text("logsStatus", model.statusProperty());
        model.streamStateProperty().addListener((obs, old, now) -> styleStatus(status, now));
        styleStatus(status, model.streamStateProperty().get());

        root.getChildren().addAll(title, source, filters, body, status);
    }

    /** While secrets are shown the toggle looks like a warning, in either theme. */
    private static void styleReveal(ToggleButton reveal, boolean on) {
        reveal.getStyleClass().remove(REVEALING);
        reveal.setGraphic(new FontIcon(on ? Material2MZ.WARNING : Material2MZ.VISIBILITY));
        reveal.setText(on ? "Secrets revealed" : "Reveal secrets");
        if (on) {
            reveal.getStyleClass().add(REVEALING);
            reveal.setStyle("-fx-background-color: -color-warning-emphasis; -fx-text-fill: -color-fg-emphasis;"
                    + " -fx-border-color: -color-warning-emphasis;");
        } else {
            reveal.setStyle("");
        }
    }

    private static void styleStatus(Label status, LogStreamState state) {
        status.getStyleClass().removeAll(Styles.WARNING, Styles.DANGER, Styles.SUCCESS);
        if (state == LogStreamState.RECONNECTING) {
            status.getStyleClass().add(Styles.WARNING);
        } else if (state == LogStreamState.FAILED) {
            status.getStyleClass().add(Styles.DANGER);
        }
    }

    /** Whether the newest line is in sight. */
    private boolean atBottom() {
        int size = list.getItems().size();
        if (size == 0) {
            return true;
        }
        if (!(list.lookup(".virtual-flow") instanceof VirtualFlow<?> flow)) {
            return true;
        }
        IndexedCell<?> last = flow.getLastVisibleCell();
        return last == null || last.getIndex() >= size - 1;
    }

    private void jumpToLatest() {
        stick.set(true);
        if (!list.getItems().isEmpty()) {
            list.scrollTo(list.getItems().size() - 1);
        }
    }

    private void copySelection() {
        List<LogLine> selected = List.copyOf(list.getSelectionModel().getSelectedItems());
        if (selected.isEmpty()) {
            return;
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(LogsViewModel.text(selected));
        Clipboard.getSystemClipboard().setContent(content);
    }

    private void save() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the log");
        String pod = model.podProperty().get();
        chooser.setInitialFileName((pod == null ? "pod" : pod) + ".log");
        File file = chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (file != null) {
            model.save(file.toPath());
        }
    }

    /** Puts the cursor in the search field (Ctrl+F). */
    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    /** Whether the list follows the newest line. */
    public boolean sticksToBottom() {
        return stick.get();
    }

    public Node node() {
        return root;
    }

    private final class LineCell extends ListCell<LogLine> {
        @Override
        protected void updateItem(LogLine line, boolean empty) {
            super.updateItem(line, empty);
            if (empty || line == null) {
                setText(null);
                setStyle(MONO);
                return;
            }
            setText(line.text());
            boolean wrapping = model.wrapProperty().get();
            setWrapText(wrapping);
            if (wrapping) {
                prefWidthProperty().bind(list.widthProperty().subtract(24));
            } else {
                prefWidthProperty().unbind();
                setPrefWidth(USE_COMPUTED_SIZE);
            }
            String colour;
            if (line.marker()) {
                colour = " -fx-font-style: italic; -fx-text-fill: -color-fg-muted;";
            } else {
                colour = switch (line.level()) {
                    case ERROR -> " -fx-text-fill: -color-danger-fg;";
                    case WARN -> " -fx-text-fill: -color-warning-fg;";
                    default -> "";
                };
            }
            setStyle(MONO + colour);
        }
    }
}
