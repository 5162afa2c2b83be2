package io.neurectomy.console.ui.deploy;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.ops.deploy.ObjectChange;
import io.neurectomy.console.ui.deploy.DeployWizardModel.Page;
import io.neurectomy.console.ui.fx.FindingsView;
import io.neurectomy.console.ui.fx.ItemCell;
import io.neurectomy.console.ui.fx.StepRow;
import io.neurectomy.console.ui.fx.Views;
import java.util.Locale;
import org.controlsfx.validation.Severity;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The Stack section: a Deploy tab (the wizard, one page at a time; Enter = Next, Esc = Back or Cancel), a Validate
 * tab ({@link ValidatePane}), a Scale tab ({@link ScalePane}), Resources ({@link ResizePane}) and Storage
 * ({@link StoragePane}) tabs, an Upgrade tab ({@link UpgradePane}) and a Destroy tab ({@link DestroyPane}).
 * Thin: every decision is the view models'.
 */
public final class StackView {
    private final StackViewModel stack;
    private final DeployWizardModel model;
    private final ValidationSupport validation = new ValidationSupport();
    private final TabPane root = new TabPane();
    private final Map<Page, Node> pages = new EnumMap<>(Page.class);
    private final StackPane pageHolder = new StackPane();
    private final HBox crumbs = new HBox(6);

    public StackView(StackViewModel stack) {
        this.stack = stack;
        this.model = stack.deploy();
        root.setId("stackView");
        root.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab deploy = new Tab("Deploy", wizard());
        deploy.setId("deployTab");
        Tab validate = new Tab("Validate", new ValidatePane(stack.validation(), stack.connectedProperty()).node());
        validate.setId("validateTab");
        Tab destroy = new Tab("Destroy", new DestroyPane(stack.destroy(), stack.connectedProperty()).node());
        destroy.setId("destroyTab");
        Tab scale = new Tab("Scale", new ScalePane(stack.scale()).node());
        scale.setId("scaleTab");
        Tab resources = new Tab("Resources", new ResizePane(stack.resize()).node());
        resources.setId("resourcesTab");
        Tab storage = new Tab("Storage", new StoragePane(stack.storage()).node());
        storage.setId("storageTab");
        Tab upgrade = new Tab("Upgrade", new UpgradePane(stack.upgrade(), stack.upgradeActions()).node());
        upgrade.setId("upgradeTab");
        // What the Services select may have changed elsewhere (the command line, kubectl) since it was read.
        upgrade.selectedProperty().addListener((o, was, now) -> {
            if (now) {
                stack.upgradeActions().refresh();
            }
        });
        root.getTabs().addAll(deploy, validate, scale, resources, storage, upgrade, destroy);
        // On the section, not the wizard's pane: a button disabled while busy hands the focus to the tab pane.
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (!deploy.isSelected()) {
                return;
            }
            if (e.getCode() == KeyCode.ENTER && !(e.getTarget() instanceof TextArea)) {
                model.next();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                model.back();
                e.consume();
            }
        });
    }

    /** The section's node. */
    public Node node() {
        return root;
    }

    // ------------------------------------------------------------------------------------------------ wizard

    private Node wizard() {
        pages.put(Page.ENVIRONMENT, environmentPage());
        pages.put(Page.VALUES, valuesPage());
        pages.put(Page.PREFLIGHT, new PreflightPane(model.preflight()).node());
        pages.put(Page.SECRETS, secretsPage());
        pages.put(Page.REVIEW, reviewPage());
        VBox apply = applyPage();
        Button watch = new Button("Watch in the topology");
        watch.setId("watchTopology");
        watch.setOnAction(e -> stack.openTopology());
        apply.getChildren().add(2, watch);
        pages.put(Page.APPLY, apply);
        pages.put(Page.HEALTH, healthPage());
        for (Page p : Page.values()) {
            Label crumb = new Label(p.title());
            crumb.setId("crumb" + p.name());
            crumbs.getChildren().add(crumb);
        }
        model.pageProperty().addListener((obs, old, now) -> showPage(now));
        showPage(model.pageProperty().get());

        Label error = Views.error("wizardError", model.operation().errorProperty());

        Button back = new Button("Back");
        back.setId("backButton");
        back.setOnAction(e -> model.back());
        back.disableProperty().bind(model.busyProperty().or(model.pageProperty().isEqualTo(Page.HEALTH))
                .or(model.pageProperty().isEqualTo(Page.APPLY).not().and(model.flow().canGoBack().not())));
        Button cancel = new Button("Cancel");
        cancel.setId("cancelButton");
        cancel.setOnAction(e -> model.cancelRunning());
        cancel.disableProperty().bind(model.busyProperty().not());
        Button next = new Button("Next");
        next.setId("nextButton");
        next.setDefaultButton(false);
        next.getStyleClass().add(Styles.ACCENT);
        next.textProperty().bind(Bindings.createStringBinding(() -> switch (model.pageProperty().get()) {
            case SECRETS -> "Review plan";
            case REVIEW -> "Apply";
            case HEALTH -> "Deploy again";
            default -> "Next";
        }, model.pageProperty()));
        next.disableProperty().bind(model.busyProperty().or(model.pageProperty().isNotEqualTo(Page.HEALTH)
                .and(model.flow().canGoNext().not())));
        next.setOnAction(e -> model.next());
        Label status = new Label();
        status.setId("wizardStatus");
        status.textProperty().bind(model.statusProperty());
        Region spacer = Views.spacer();
        HBox buttons = new HBox(8, status, spacer, back, cancel, next);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox bottom = new VBox(8, error, buttons);
        bottom.setPadding(new Insets(8, 0, 0, 0));

        BorderPane pane = new BorderPane(pageHolder, crumbs, null, bottom, null);
        pane.setId("deployWizard");
        pane.setPadding(new Insets(12));
        BorderPane.setMargin(crumbs, new Insets(0, 0, 12, 0));
        return pane;
    }

    private void showPage(Page page) {
        pageHolder.getChildren().setAll(pages.get(page));
        for (Node crumb : crumbs.getChildren()) {
            crumb.getStyleClass().removeAll(Styles.TEXT_BOLD, Styles.ACCENT, Styles.TEXT_MUTED);
            crumb.getStyleClass().add(crumb.getId().equals("crumb" + page.name()) ? Styles.TEXT_BOLD
                    : Styles.TEXT_MUTED);
        }
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TITLE_4);
        return l;
    }

    private static Label hint(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        return l;
    }

    private Node environmentPage() {
        ChoiceBox<String> env = new ChoiceBox<>(model.environments());
        env.setId("environmentChoice");
        env.valueProperty().bindBidirectional(model.environmentProperty());
        VBox box = new VBox(10, title("Environment"), hint("staging: the production topology with smaller volumes,"
                + " retention and resources, one Grafana. production: the deployment guide's figures (2 Prometheus"
                + " on 200Gi, 3 Alertmanager, 2 Grafana)."), env, hint("The stack goes into namespace monitoring."
                + " Nothing is written to the cluster before you confirm the plan on the review page."));
        box.setId("environmentPage");
        return box;
    }

    private Node valuesPage() {
        TextField file = Views.input(new TextField(), "valuesFileField", "optional: a values file (name: value lines)",
                model.valuesFileProperty());
        GridPane grid = new GridPane();
        grid.setId("valuesGrid");
        grid.setHgap(10);
        grid.setVgap(6);
        Runnable fill = () -> {
            grid.getChildren().clear();
            int row = 0;
            for (ValueRow v : model.values()) {
                Label name = new Label(v.name());
                name.setTooltip(new Tooltip(v.spec().description()));
                TextField field = new TextField();
                field.setId("value-" + v.name());
                field.setPrefColumnCount(30);
                field.setPromptText(v.spec().defaultValue() == null ? "required unless the environment sets it"
                        : v.spec().defaultValue().isEmpty() ? "(empty)" : v.spec().defaultValue());
                field.textProperty().bindBidirectional(v.valueProperty());
                validation.registerValidator(field, false, Validator.createPredicateValidator(v::valid,
                        v.problem(), Severity.ERROR));
                Label description = hint(v.spec().description());
                description.setMaxWidth(420);
                grid.addRow(row++, name, field, description);
            }
        };
        model.values().addListener((javafx.collections.ListChangeListener<ValueRow>) c -> fill.run());
        fill.run();
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox box = new VBox(10, title("Values"), hint("Empty fields keep the environment's value or the default"
                + " (shown greyed). domain and storageClass have no default."), file, scroll);
        box.setId("valuesPage");
        return box;
    }

    private VBox applyPage() {
        ProgressBar bar = new ProgressBar();
        bar.setId("applyPageProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.operation().progressProperty());
        ListView<StepRow> list = new ListView<>(model.operation().steps());
        list.setId("applyPageList");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(StepRow item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + "  " + item.step().title() + (item.detail().isEmpty() ? "" : " (" + item.detail() + ")"));
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox box = new VBox(10, title("Applying the plan, then waiting for every replica to be ready"), bar, list,
                hint("Cancel (Esc) stops between two steps; deploying again continues from what is in the cluster."));
        box.setId("applyPage");
        return box;
    }

    /** A field masked by default that shows its text while "Show secrets" is on. */
    private Node secretField(String id, StringProperty value, String prompt) {
        PasswordField masked = Views.input(new PasswordField(), id, prompt, value);
        TextField plain = Views.input(new TextField(), id + "Revealed", prompt, value);
        masked.visibleProperty().bind(model.secrets().revealSecretsProperty().not());
        plain.visibleProperty().bind(model.secrets().revealSecretsProperty());
        StackPane both = new StackPane(masked, plain);
        both.setMaxWidth(520);
        return both;
    }

    private Node secretsPage() {
        Button generate = new Button("Generate");
        generate.setId("generatePasswordButton");
        generate.setOnAction(e -> model.generatePassword());
        CheckBox reveal = new CheckBox("Show secrets");
        reveal.setId("revealSecrets");
        reveal.selectedProperty().bindBidirectional(model.secrets().revealSecretsProperty());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Grafana admin password"), secretField("grafanaPasswordField",
                model.secrets().grafanaPasswordProperty(), "at least 12 characters, or Generate"), generate);
        grid.addRow(1, new Label("Slack webhook URL"), secretField("slackWebhookField",
                model.secrets().slackWebhookUrlProperty(), "https://hooks.slack.com/services/…"));
        grid.addRow(2, new Label("PagerDuty routing key"), secretField("pagerdutyKeyField",
                model.secrets().pagerdutyRoutingKeyProperty(), "Events API v2 integration key"));

        TextField user = Views.input(new TextField(), "basicAuthUserField", "user", model.secrets().newUserProperty());
        PasswordField password = Views.input(new PasswordField(), "basicAuthPasswordField",
                "password (at least 8 characters)", model.secrets().newUserPasswordProperty());
        Button add = new Button("Add user");
        add.setId("addUserButton");
        add.setOnAction(e -> model.addUser());
        ListView<String> users = new ListView<>(model.secrets().basicAuthUsers());
        users.setId("basicAuthUsers");
        users.setPrefHeight(90);
        users.setPlaceholder(new Label("No basic-auth user yet"));
        Button remove = new Button("Remove");
        remove.setOnAction(e -> {
            String selected = users.getSelectionModel().getSelectedItem();
            if (selected != null) {
                model.removeUser(selected);
            }
        });
        remove.disableProperty().bind(users.getSelectionModel().selectedItemProperty().isNull());
        VBox box = new VBox(10, title("Secrets"), hint("Secret values are masked; \"Show secrets\" reveals them."
                + " They are kept in memory only and reach the cluster in Secrets. Basic-auth passwords are hashed"
                + " with bcrypt at once; only the hashes are kept. On a deployed stack, a field left empty (and no"
                + " user added) keeps the value the cluster has; Grafana's secret key is always kept."), reveal, grid,
                new Label("Basic auth for the Prometheus and Alertmanager Ingresses"), new HBox(8, user, password,
                add, remove), users);
        box.setId("secretsPage");
        return box;
    }

    private Node reviewPage() {
        ListView<ObjectChange> list = new ListView<>(model.changes());
        list.setId("planList");
        list.setCellFactory(v -> new ItemCell<>() {
            @Override
            protected void show(ObjectChange item) {
                setText(item.line());
                String color = switch (item.action()) {
                    case CREATE -> "-color-success-fg";
                    case UPDATE -> "-color-warning-fg";
                    default -> "-color-fg-muted";
                };
                setStyle("-fx-font-family: monospace; -fx-text-fill: " + color + ";");
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.selectedChangeProperty().set(now);
            }
        });
        model.selectedChangeProperty().addListener((obs, old, now) -> {
            if (now != null && list.getSelectionModel().getSelectedItem() != now) {
                list.getSelectionModel().select(now);
                list.scrollTo(Math.max(0, list.getItems().indexOf(now) - 3));
            }
        });
        TextArea diff = new TextArea();
        diff.setId("planDiff");
        diff.setEditable(false);
        diff.setStyle("-fx-font-family: monospace;");
        diff.textProperty().bind(Bindings.createStringBinding(() -> {
            ObjectChange c = model.selectedChangeProperty().get();
            if (c == null) {
                return "";
            }
            return switch (c.action()) {
                case UPDATE -> c.diff();
                case CREATE -> c.ref() + " does not exist yet: it is created from " + c.source() + ".";
                case UNCHANGED -> c.ref() + " already has the manifest's values: nothing is written.";
                case EXTRA -> "";
            };
        }, model.selectedChangeProperty()));
        SplitPane split = new SplitPane(list, diff);
        split.setDividerPositions(0.42);
        VBox.setVgrow(split, Priority.ALWAYS);
        Label summary = new Label();
        summary.setId("planSummary");
        summary.textProperty().bind(model.planSummaryProperty());
        Label preflight = new Label();
        preflight.setId("planPreflight");
        preflight.setWrapText(true);
        preflight.textProperty().bind(model.preflight().verdictProperty());
        VBox box = new VBox(10, title("Review the plan"), summary, preflight, split, hint("Apply writes the objects"
                + " in this order (create, or the manifest's fields over the live object). Secret values never show:"
                + " a changed one reads \"(value changed)\"."));
        box.setId("reviewPage");
        return box;
    }

    private Node healthPage() {
        FindingsView list = new FindingsView(model.health());
        list.setId("healthList");
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox box = new VBox(10, title("Health"), list, hint("The Topology section (Ctrl+4) shows every replica"
                + " live when connected to namespace monitoring."));
        box.setId("healthPage");
        return box;
    }
}
