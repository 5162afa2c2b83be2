package io.neurectomy.console.ui.health;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.core.runbook.Drill;
import io.neurectomy.console.core.runbook.IncidentClock;
import io.neurectomy.console.core.runbook.Scenario;
import io.neurectomy.console.ui.fx.FindingsView;
import io.neurectomy.console.ui.fx.Views;
import io.neurectomy.console.ui.runbook.DrillView;
import io.neurectomy.console.ui.runbook.DrillViewModel;
import io.neurectomy.console.ui.runbook.RunbookView;
import io.neurectomy.console.ui.runbook.RunbookViewModel;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The Health section: the verdict with its counts and when it was checked, "Check now", and tabs: first the findings
 * grouped by area (a click on a finding opens its evidence and the command that shows the same by hand, and its link
 * runs its fix action), then those the window adds ({@link #addTab}: Targets, Alerts).
 */
public final class HealthView {
    private final HealthViewModel model;
    private final VBox root = Views.page("healthView", 10, 20);
    private final FontIcon statusIcon = new FontIcon(Material2AL.HELP_OUTLINE);
    private final Label summary = new Label();
    private final TabPane tabs = new TabPane();
    private final FlowPane runbooks = new FlowPane(8, 6);
    private RunbookView runbookView;
    private DrillView drillView;

    public HealthView(HealthViewModel model) {
        this.model = model;
        Label title = Views.title("Health", Styles.TITLE_2);

        summary.setId("healthSummary");
        summary.setGraphic(statusIcon);
        summary.setWrapText(true);
        summary.getStyleClass().add(Styles.TEXT_BOLD);
        summary.textProperty().bind(Bindings.when(model.summaryProperty().isEmpty())
                .then(model.placeholderProperty()).otherwise(model.summaryProperty()));
        model.statusProperty().addListener((obs, old, now) -> styleStatus(now));
        styleStatus(model.statusProperty().get());
        summary.setMaxWidth(Double.MAX_VALUE);

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        Label checking = new Label("Checking…", spinner);
        checking.setId("healthChecking");
        checking.getStyleClass().add(Styles.TEXT_MUTED);
        Views.showWhen(checking, model.checkingProperty());

        CheckBox attention = new CheckBox("Only what needs attention");
        attention.setId("healthAttentionOnly");
        attention.selectedProperty().bindBidirectional(model.attentionOnlyProperty());
        attention.setTooltip(new Tooltip("Hide what is OK or only informative; what could not be checked stays"));

        Button checkNow = new Button("Check now", new FontIcon(Material2MZ.REFRESH));
        checkNow.setId("healthCheckNow");
        checkNow.setTooltip(new Tooltip("Run every check again now (F5); they also run every "
                + HealthViewModel.INTERVAL.toSeconds() + " s"));
        checkNow.disableProperty().bind(model.connectedProperty().not());
        checkNow.setOnAction(e -> model.checkNow());

        MenuButton allRunbooks = new MenuButton("Runbooks", new FontIcon(Material2MZ.MENU_BOOK));
        allRunbooks.setId("healthRunbooksMenu");
        allRunbooks.setTooltip(new Tooltip("Open any recovery runbook, also one the checks do not point to"));
        allRunbooks.disableProperty().bind(model.connectedProperty().not());
        for (Scenario s : model.runbooks().all()) {
            MenuItem item = new MenuItem(s.title() + (s.automatic() ? " (automatic)" : ""));
            item.setId("healthRunbookItem-" + s.id());
            item.setOnAction(e -> model.runbooks().open(s));
            allRunbooks.getItems().add(item);
            if (Drill.TARGETS.containsKey(s.id())) {
                allRunbooks.getItems().add(drillItem(allRunbooks, s));
            }
        }
        model.runbooks().setShower(this::showRunbook);
        model.runbooks().setDrillShower(this::showDrill);

        HBox heading = new HBox(16, title, Views.spacer(), checking, attention, allRunbooks, checkNow);
        heading.setAlignment(Pos.CENTER_LEFT);

        FindingsView list = new FindingsView(model.findings());
        list.setId("healthFindings");
        list.setExpandable(true);
        list.setSeverityShown(true);
        list.setGroups(model::heading);
        list.setNotes(model::guide);
        list.setOnAction(model::runFixAction);
        list.setSecondaryActions(model::acknowledgeAction);
        model.setAcknowledgeAsker(f -> AcknowledgeDialog.ask(f, root));
        list.setPlaceholder(Views.placeholder(model.placeholderProperty()));
        VBox.setVgrow(list, Priority.ALWAYS);

        Label hint = new Label("Click a finding for the evidence its check read and the command that shows the same"
                + " by hand. UNKNOWN means the check could not run; the reason says why.");
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        runbooks.setId("healthRunbooks");
        runbooks.setAlignment(Pos.CENTER_LEFT);
        runbooks.setPrefWrapLength(600);
        runbooks.setPadding(new Insets(6, 10, 6, 10));
        runbooks.setStyle("-fx-background-color: -color-warning-subtle; -fx-background-radius: 4;");
        model.runbooks().offered().addListener((ListChangeListener<Scenario>) c -> offer());
        model.runbooks().drills().addListener((ListChangeListener<String>) c -> offer());
        offer();

        VBox findingsPane = new VBox(10, messageLine(), runbooks, list, hint);
        findingsPane.setPadding(new Insets(8, 0, 0, 0));
        tabs.setId("healthTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        addTab("Findings", findingsPane, null);
        root.getChildren().addAll(heading, summary, Views.error("healthError", model.errorProperty()), tabs);
    }

    /**
     * Adds a tab after the others (Findings first). {@code shown}, when given, follows whether the tab is the one
     * the window shows: selected, in the Health section while it is on screen.
     */
    public Tab addTab(String title, Node content, BooleanProperty shown) {
        Tab tab = new Tab(title, content);
        tab.setId("healthTab" + title.replace(" ", ""));
        VBox.setVgrow(content, Priority.ALWAYS);
        tabs.getTabs().add(tab);
        if (shown != null) {
            shown.bind(tab.selectedProperty().and(root.parentProperty().isNotNull()));
        }
        return tab;
    }

    /** The strip of runbooks the findings point to: one button each, shown only when there is one. */
    private void offer() {
        Label label = new Label("Runbooks for these findings:", new FontIcon(Material2MZ.MENU_BOOK));
        label.getStyleClass().add(Styles.TEXT_BOLD);
        label.setMinWidth(Region.USE_PREF_SIZE);
        runbooks.getChildren().setAll(label);
        for (Scenario s : model.runbooks().offered()) {
            Button open = new Button(s.title() + "…");
            open.setId("healthRunbook-" + s.id());
            open.getStyleClass().add(Styles.SMALL);
            open.setMinWidth(Region.USE_PREF_SIZE);
            open.setTooltip(new Tooltip("Open the runbook: " + s.summary()));
            open.setOnAction(e -> model.runbooks().open(s));
            runbooks.getChildren().add(open);
            if (model.runbooks().drills().contains(s.id())) {
                Button drill = new Button("Drill…", new FontIcon(Material2MZ.PLAY_CIRCLE_OUTLINE));
                drill.setId("healthDrill-" + s.id());
                drill.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
                drill.setMinWidth(Region.USE_PREF_SIZE);
                drill.setTooltip(new Tooltip(drillTip(s)));
                drill.setOnAction(e -> model.runbooks().drill(s));
                runbooks.getChildren().add(drill);
            }
        }
        boolean any = !model.runbooks().offered().isEmpty();
        runbooks.setVisible(any);
        runbooks.setManaged(any);
    }

    /**
     * "Drill …" below the runbook in the Runbooks menu, shown only where the session's cluster offers its fault; its
     * tooltip goes on the row the menu shows for it, once shown (a menu item has none of its own).
     */
    private MenuItem drillItem(MenuButton menu, Scenario s) {
        MenuItem item = new MenuItem("Drill " + s.title().toLowerCase(Locale.ROOT) + "…",
                new FontIcon(Material2MZ.PLAY_CIRCLE_OUTLINE));
        item.setId("healthDrillItem-" + s.id());
        item.visibleProperty().bind(Bindings.createBooleanBinding(() -> model.runbooks().drills().contains(s.id()),
                model.runbooks().drills()));
        item.setOnAction(e -> model.runbooks().drill(s));
        Tooltip tip = new Tooltip(drillTip(s));
        menu.showingProperty().addListener((obs, was, now) -> {
            if (now && item.getStyleableNode() != null) {
                Tooltip.install(item.getStyleableNode(), tip);
            }
        });
        return item;
    }

    private static String drillTip(Scenario s) {
        return "Rehearse the recovery: injects a real fault into this cluster (" + s.title().toLowerCase(Locale.ROOT)
                + "), then recovers with the runbook and times it against the guide's "
                + IncidentClock.format(Drill.TARGETS.get(s.id())) + ". You confirm the plan first.";
    }

    /** Shows a drill in its own window over the main one (the same one again while it runs). */
    private void showDrill(DrillViewModel drill) {
        if (drillView == null || drillView.model() != drill) {
            drillView = new DrillView(drill, root.getScene() == null ? null : root.getScene().getWindow());
        }
        drillView.show();
    }

    /** Shows a runbook in its own window over the main one (the same one again while it runs). */
    private void showRunbook(RunbookViewModel runbook) {
        if (runbookView == null || runbookView.model() != runbook) {
            runbookView = new RunbookView(runbook, root.getScene() == null ? null : root.getScene().getWindow());
        }
        runbookView.show();
    }

    /** The outcome of the last fix action, with a button to dismiss it. */
    private HBox messageLine() {
        Label text = Views.text("healthMessageText", model.messageProperty());
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        Button close = new Button(null, new FontIcon(Material2AL.CLOSE));
        close.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        close.setOnAction(e -> model.dismissMessage());
        HBox line = new HBox(8, new FontIcon(Material2AL.INFO), text, close);
        line.setId("healthMessage");
        line.setAlignment(Pos.CENTER_LEFT);
        line.setPadding(new Insets(6, 10, 6, 10));
        line.setStyle("-fx-background-color: -color-accent-subtle; -fx-background-radius: 4;");
        return Views.showWhen(line, model.messageProperty().isNotEmpty());
    }

    private void styleStatus(HealthStatus status) {
        String colour = status == null ? "-color-fg-muted" : switch (status) {
            case HEALTHY -> "-color-success-fg";
            case WARNING -> "-color-warning-fg";
            case CRITICAL -> "-color-danger-fg";
            case NOT_CHECKED -> "-color-fg-muted";
        };
        statusIcon.setIconCode(status == null ? Material2AL.HELP_OUTLINE : switch (status) {
            case HEALTHY -> Material2AL.CHECK_CIRCLE;
            case WARNING -> Material2MZ.WARNING;
            case CRITICAL -> Material2AL.ERROR;
            case NOT_CHECKED -> Material2AL.HELP_OUTLINE;
        });
        statusIcon.setIconSize(18);
        Views.iconColour(statusIcon, colour);
        summary.setStyle("-fx-text-fill: " + colour + ";");
    }

    /** The node to put in the window. */
    public VBox node() {
        return root;
    }
}
