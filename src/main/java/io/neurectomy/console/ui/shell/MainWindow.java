package io.neurectomy.console.ui.shell;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import io.neurectomy.console.ui.connect.ConnectView;
import io.neurectomy.console.ui.connect.ConnectionStatus;
import io.neurectomy.console.ui.overview.OverviewView;
import io.neurectomy.console.ui.config.ConfigView;
import io.neurectomy.console.ui.backup.BackupsView;
import io.neurectomy.console.ui.forwards.PortForwardsView;
import io.neurectomy.console.ui.logs.LogsView;
import io.neurectomy.console.ui.deploy.StackView;
import io.neurectomy.console.ui.fx.Views;
import io.neurectomy.console.ui.health.AlertsView;
import io.neurectomy.console.ui.health.HealthView;
import io.neurectomy.console.ui.health.charts.ChartsTab;
import io.neurectomy.console.ui.health.TargetsView;
import io.neurectomy.console.ui.topology.TopologyView;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The main window's content: navigation on the left, the current section, a status bar; and the shortcuts. */
public final class MainWindow {
    /** The title of the application window. */
    public static final String TITLE = "Monitoring Console";

    private static final KeyCombination SEARCH_KEY = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination RECONNECT_KEY = new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination RECONNECT_KEY_ALT = new KeyCodeCombination(KeyCode.F5);
    private static final KeyCombination THEME_KEY = new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    private static final KeyCombination HELP_KEY = new KeyCodeCombination(KeyCode.F1);
    private static final KeyCombination ACTIVITY_KEY = new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);

    /** Shortcut and what it does, for the help dialog. */
    static final List<String[]> SHORTCUTS = List.of(
            new String[] {"Ctrl+1", "Show Connect"},
            new String[] {"Ctrl+2", "Show Overview (when connected)"},
            new String[] {"Ctrl+3", "Show Health: the stack's checks, findings and fixes (when connected)"},
            new String[] {"F5", "Health: check now"},
            new String[] {"Ctrl+4", "Show Topology (when connected)"},
            new String[] {"Ctrl+5", "Show Port-forwards (when connected)"},
            new String[] {"Ctrl+6", "Show Stack: deploy, validate, destroy (when connected)"},
            new String[] {"Enter / Esc", "Stack wizard: next page / back or cancel"},
            new String[] {"Ctrl+7",
                    "Show Config: Prometheus config, alert rules, Alertmanager config (when connected)"},
            new String[] {"Ctrl+S", "Config: review the diff, then apply and reload"},
            new String[] {"Ctrl+F / Ctrl+H", "Config editor: find / find and replace"},
            new String[] {"Ctrl+8", "Show Backups (when connected)"},
            new String[] {"Ctrl+9", "Show Logs: read and follow a pod's log (when connected)"},
            new String[] {"Ctrl+F", "Topology: search pods by name, label key=value, status or node"},
            new String[] {"Ctrl+F", "Logs: search the lines"},
            new String[] {"End", "Logs: jump to the latest line and follow again"},
            new String[] {"Esc", "Topology: clear the search"},
            new String[] {"Delete", "Topology: delete the selected pod (asks first)"},
            new String[] {"Ctrl+Shift+A", "Show / hide the Activity panel: running and recent operations, Cancel"},
            new String[] {"Ctrl+R / F5", "Reconnect to the current context (F5 outside Health)"},
            new String[] {"Ctrl+Shift+T", "Switch light / dark theme"},
            new String[] {"Enter", "Connect to the selected context"},
            new String[] {"Esc", "Cancel a connection attempt"},
            new String[] {"F1", "Show keyboard shortcuts"});

    private final ShellViewModel model;
    private final BorderPane root = new BorderPane();
    /** How each section's page is made: on its first showing, so that the window comes up without them. */
    private final Map<Section, Supplier<Node>> pageFactories = new EnumMap<>(Section.class);
    private final Map<Section, Node> pages = new EnumMap<>(Section.class);
    private final Map<Section, ToggleButton> navButtons = new EnumMap<>(Section.class);
    private final StackPane content = new StackPane();
    private TopologyView topologyView;
    private LogsView logsView;
    private final ActivityPanel activityPanel;
    private final FxDialogService dialogs = new FxDialogService(
            () -> root.getScene() == null ? null : root.getScene().getWindow());

    /**
     * The window with the connect page; every other section's view is made by its factory when the section is
     * first shown.
     */
    public MainWindow(ShellViewModel model, ConnectView connectView, Supplier<OverviewView> overviewView,
                      Supplier<TopologyView> topologyView, Supplier<PortForwardsView> forwardsView,
                      Supplier<BackupsView> backupsView) {
        this.model = model;
        root.setId("mainWindow");
        pages.put(Section.CONNECT, connectView.node());
        pageFactories.put(Section.OVERVIEW, () -> overviewView.get().node());
        pageFactories.put(Section.HEALTH, () -> {
            HealthView health = new HealthView(model.health());
            health.addTab("Targets", new TargetsView(model.healthTargets()).node(),
                    model.healthTargets().shownProperty());
            health.addTab("Alerts", new AlertsView(model.healthAlerts()).node(),
                    model.healthAlerts().shownProperty());
            ChartsTab charts = new ChartsTab(model.connect().sessionProperty(), model.runner());
            health.addTab("Charts", charts.node(), charts.shownProperty());
            return health.node();
        });
        pageFactories.put(Section.TOPOLOGY, () -> {
            this.topologyView = topologyView.get();
            return this.topologyView.node();
        });
        pageFactories.put(Section.FORWARDS, () -> forwardsView.get().node());
        pageFactories.put(Section.STACK, () -> new StackView(model.stack()).node());
        pageFactories.put(Section.CONFIG, () -> new ConfigView(model.config()).node());
        pageFactories.put(Section.BACKUPS, () -> backupsView.get().node());
        pageFactories.put(Section.LOGS, () -> {
            logsView = new LogsView(model.logs());
            return logsView.node();
        });
        content.setId("content");
        root.setLeft(navigation());
        root.setCenter(content);
        root.setBottom(statusBar());
        activityPanel = new ActivityPanel(model.activityPanel());
        model.activityPanel().openProperty().addListener((obs, was, open) -> showActivity(open));
        showActivity(model.activityPanel().openProperty().get());
        model.sectionProperty().addListener((obs, old, now) -> showSection(now));
        showSection(model.sectionProperty().get());
    }

    /** Creates the scene, installs the shortcuts and follows the theme setting. */
    public Scene createScene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        var accelerators = scene.getAccelerators();
        for (Section section : Section.values()) {
            accelerators.put(sectionKey(section), () -> model.show(section));
        }
        accelerators.put(SEARCH_KEY, () -> {
            if (model.sectionProperty().get() == Section.TOPOLOGY && topologyView != null) {
                topologyView.focusSearch();
            } else if (model.sectionProperty().get() == Section.LOGS && logsView != null) {
                logsView.focusSearch();
            }
        });
        accelerators.put(RECONNECT_KEY, model::reconnect);
        accelerators.put(RECONNECT_KEY_ALT, () -> {
            // F5 refreshes what is shown: the Health section's checks there, the connection elsewhere.
            if (model.sectionProperty().get() == Section.HEALTH) {
                model.health().checkNow();
            } else {
                model.reconnect();
            }
        });
        accelerators.put(THEME_KEY, model::toggleTheme);
        accelerators.put(HELP_KEY, this::showShortcuts);
        accelerators.put(ACTIVITY_KEY, model.activityPanel()::toggle);
        applyTheme(model.darkThemeProperty().get());
        model.darkThemeProperty().addListener((obs, was, dark) -> applyTheme(dark));
        return scene;
    }

    /** Sets the light or dark theme as the application's stylesheet. */
    static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    private VBox navigation() {
        Label product = new Label(TITLE);
        product.getStyleClass().addAll(Styles.TITLE_4);
        product.setPadding(new Insets(0, 0, 8, 4));
        ToggleGroup group = new ToggleGroup();
        VBox nav = new VBox(4, product);
        nav.setId("navigation");
        nav.setPadding(new Insets(16, 10, 16, 10));
        nav.setPrefWidth(225);
        nav.setMinWidth(Region.USE_PREF_SIZE);
        nav.setStyle("-fx-background-color: -color-bg-subtle; -fx-border-color: -color-border-default;"
                + " -fx-border-width: 0 1 0 0;");
        for (Section section : Section.values()) {
            ToggleButton button = new ToggleButton(section.title(), new FontIcon(switch (section) {
                case CONNECT -> Material2AL.LINK;
                case OVERVIEW -> Material2AL.DASHBOARD;
                case HEALTH -> Material2AL.FAVORITE_BORDER;
                case TOPOLOGY -> Material2AL.ACCOUNT_TREE;
                case FORWARDS -> Material2MZ.SETTINGS_ETHERNET;
                case STACK -> Material2AL.LAYERS;
                case CONFIG -> Material2AL.EDIT;
                case BACKUPS -> Material2AL.BACKUP;
                case LOGS -> Material2MZ.SUBJECT;
            }));
            button.setId("nav" + section.title());
            button.setToggleGroup(group);
            button.setMaxWidth(Double.MAX_VALUE);
            button.setAlignment(Pos.CENTER_LEFT);
            button.getStyleClass().add(Styles.FLAT);
            button.setTooltip(new Tooltip(section.title() + " (" + section.shortcut() + ")"));
            button.setOnAction(e -> {
                model.show(section);
                // A toggle button un-selects itself on a second click; navigation must stay on a section.
                button.setSelected(model.sectionProperty().get() == section);
            });
            if (section.needsSession()) {
                button.disableProperty().bind(model.overviewAvailableProperty().not());
            }
            navButtons.put(section, button);
            nav.getChildren().add(button);
        }
        VBox spacer = new VBox();
        VBox.setVgrow(spacer, Priority.ALWAYS);

        ToggleSwitch dark = new ToggleSwitch("Dark theme");
        dark.setId("themeSwitch");
        dark.selectedProperty().bindBidirectional(model.darkThemeProperty());
        Tooltip.install(dark, new Tooltip("Light / dark theme (Ctrl+Shift+T)"));
        Button help = new Button("Keyboard shortcuts", new FontIcon(Material2AL.KEYBOARD));
        help.setId("shortcutsButton");
        help.getStyleClass().add(Styles.FLAT);
        help.setTooltip(new Tooltip("Keyboard shortcuts (F1)"));
        help.setOnAction(e -> showShortcuts());
        nav.getChildren().addAll(spacer, dark, help);
        return nav;
    }

    /** The Activity panel beside the section, so that a running operation can be watched from anywhere. */
    private void showActivity(boolean open) {
        root.setRight(open ? activityPanel.node() : null);
    }

    private void showSection(Section section) {
        content.getChildren().setAll(pages.computeIfAbsent(section, s -> pageFactories.get(s).get()));
        navButtons.forEach((s, b) -> b.setSelected(s == section));
    }

    private HBox statusBar() {
        Label context = statusLabel("statusContext", new FontIcon(Material2AL.CLOUD_DONE));
        context.textProperty().bind(Bindings.concat("Context: ", model.contextTextProperty()));
        Label namespace = statusLabel("statusNamespace", null);
        namespace.textProperty().bind(Bindings.concat("Namespace: ", model.namespaceTextProperty()));
        Label connection = statusLabel("statusConnection", null);
        var connect = model.connect();
        connection.textProperty().bind(connect.statusTextProperty());
        connect.statusProperty().addListener((obs, old, now) -> styleConnection(connection, now));
        styleConnection(connection, connect.statusProperty().get());
        Label sync = statusLabel("statusSync", new FontIcon(Material2MZ.SYNC));
        sync.textProperty().bind(model.overview().sync().textProperty());
        sync.visibleProperty().bind(sync.textProperty().isNotEmpty());
        model.overview().sync().connectionLostProperty().addListener((obs, was, lost) -> {
            sync.getStyleClass().remove(Styles.WARNING);
            if (lost) {
                sync.getStyleClass().add(Styles.WARNING);
            }
        });

        Region spacer = Views.spacer();
        HBox bar = new HBox(8, context, new Separator(javafx.geometry.Orientation.VERTICAL), namespace,
                new Separator(javafx.geometry.Orientation.VERTICAL), connection,
                new Separator(javafx.geometry.Orientation.VERTICAL), sync, spacer, activityButton());
        bar.setId("statusBar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 12, 4, 12));
        bar.setStyle("-fx-background-color: -color-bg-subtle; -fx-border-color: -color-border-default;"
                + " -fx-border-width: 1 0 0 0;");
        return bar;
    }

    /** The entry to the Activity panel: "Activity", or how many operations run ("1 running"). */
    private Button activityButton() {
        ActivityViewModel activity = model.activityPanel();
        Button button = new Button(null, new FontIcon(Material2MZ.TIMELAPSE));
        button.setId("activityButton");
        button.textProperty().bind(activity.buttonTextProperty());
        button.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        button.setTooltip(new Tooltip("Running and recent operations (Ctrl+Shift+A)"));
        button.setOnAction(e -> activity.toggle());
        activity.running().addListener((Observable o) -> styleActivity(button, activity));
        styleActivity(button, activity);
        return button;
    }

    private static void styleActivity(Button button, ActivityViewModel activity) {
        button.getStyleClass().remove(Styles.ACCENT);
        if (!activity.running().isEmpty()) {
            button.getStyleClass().add(Styles.ACCENT);
        }
    }

    private static void styleConnection(Label label, ConnectionStatus status) {
        label.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        if (status == ConnectionStatus.CONNECTED) {
            label.getStyleClass().add(Styles.SUCCESS);
        } else if (status == ConnectionStatus.FAILED) {
            label.getStyleClass().add(Styles.DANGER);
        }
    }

    /** Ctrl+1 shows the first section, Ctrl+2 the second, and so on: what {@link Section#shortcut()} says. */
    private static KeyCombination sectionKey(Section section) {
        return new KeyCodeCombination(KeyCode.valueOf("DIGIT" + (section.ordinal() + 1)), KeyCombination.SHORTCUT_DOWN);
    }

    private static Label statusLabel(String id, Node graphic) {
        Label label = new Label();
        label.setId(id);
        label.setGraphic(graphic);
        label.getStyleClass().add(Styles.TEXT_SMALL);
        return label;
    }

    private void showShortcuts() {
        GridPane grid = new GridPane();
        grid.setId("shortcutsTable");
        grid.setHgap(24);
        grid.setVgap(6);
        for (int i = 0; i < SHORTCUTS.size(); i++) {
            Label key = new Label(SHORTCUTS.get(i)[0]);
            key.getStyleClass().add(Styles.TEXT_BOLD);
            grid.addRow(i, key, new Label(SHORTCUTS.get(i)[1]));
        }
        dialogs.information("shortcutsDialog", "Keyboard shortcuts", grid);
    }

    /** The root node. */
    public Parent root() {
        return root;
    }
}
