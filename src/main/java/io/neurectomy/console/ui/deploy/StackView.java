package io.neurectomy.console.ui.deploy;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.ops.deploy.ObjectChange;
import io.neurectomy.console.ui.deploy.StackViewModel.Page;
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
 * tab (findings and differences) and a Destroy tab (plan, typed confirmation, export options). Thin: every decision is
 * the view model's.
 */
public final class StackView {
    private final StackViewModel model;
    private final TabPane root = new TabPane();
    private final Map<Page, Node> pages = new EnumMap<>(Page.class);
    private final StackPane pageHolder = new StackPane();
    private final HBox crumbs = new HBox(6);

    public StackView(StackViewModel model) {
        this.model = model;
        root.setId("stackView");
        root.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab deploy = new Tab("Deploy", wizard());
        deploy.setId("deployTab");
        Tab validate = new Tab("Validate", validatePane());
        validate.setId("validateTab");
        Tab destroy = new Tab("Destroy", destroyPane());
        destroy.setId("destroyTab");
        root.getTabs().addAll(deploy, validate, destroy);
    }

    /** The section's node. */
    public Node node() {
        return root;
    }

    // ------------------------------------------------------------------------------------------------ wizard

    private Node wizard() {
        pages.put(Page.ENVIRONMENT, environmentPage());
        pages.put(Page.VALUES, valuesPage());
        pages.put(Page.SECRETS, secretsPage());
        pages.put(Page.REVIEW, reviewPage());
        pages.put(Page.APPLY, progressPage("applyPage", "Applying the plan in dependency order", model.steps()));
        VBox rollout = (VBox) progressPage("rolloutPage", "Waiting for every replica to be ready",
                model.workloads());
        Button watch = new Button("Watch in the topology");
        watch.setId("watchTopology");
        watch.setOnAction(e -> model.openTopology());
        rollout.getChildren().add(2, watch);
        pages.put(Page.ROLLOUT, rollout);
        pages.put(Page.HEALTH, healthPage());
        for (Page p : Page.values()) {
            Label crumb = new Label(p.title());
            crumb.setId("crumb" + p.name());
            crumbs.getChildren().add(crumb);
        }
        model.pageProperty().addListener((obs, old, now) -> showPage(now));
        showPage(model.pageProperty().get());

        Label error = new Label();
        error.setId("wizardError");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.textProperty().isNotEmpty());

        Button back = new Button("Back");
        back.setId("backButton");
        back.setOnAction(e -> model.back());
        back.disableProperty().bind(Bindings.createBooleanBinding(() -> model.busyProperty().get()
                || model.pageProperty().get() == Page.ENVIRONMENT || model.pageProperty().get() == Page.HEALTH,
                model.busyProperty(), model.pageProperty()));
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
        next.disableProperty().bind(Bindings.createBooleanBinding(() -> model.busyProperty().get()
                || model.pageProperty().get() == Page.APPLY || model.pageProperty().get() == Page.ROLLOUT
                || (model.pageProperty().get() == Page.SECRETS && !model.connectedProperty().get()),
                model.busyProperty(), model.pageProperty(), model.connectedProperty()));
        next.setOnAction(e -> model.next());
        Label status = new Label();
        status.setId("wizardStatus");
        status.textProperty().bind(model.progressTextProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, status, spacer, back, cancel, next);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox bottom = new VBox(8, error, buttons);
        bottom.setPadding(new Insets(8, 0, 0, 0));

        BorderPane pane = new BorderPane(pageHolder, crumbs, null, bottom, null);
        pane.setId("deployWizard");
        pane.setPadding(new Insets(12));
        BorderPane.setMargin(crumbs, new Insets(0, 0, 12, 0));
        pane.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && !(e.getTarget() instanceof TextArea)) {
                model.next();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                model.back();
                e.consume();
            }
        });
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
        TextField file = new TextField();
        file.setId("valuesFileField");
        file.setPromptText("optional: a values file (name: value lines)");
        file.textProperty().bindBidirectional(model.valuesFileProperty());
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

    /** A field masked by default that shows its text while "Show secrets" is on. */
    private Node secretField(String id, StringProperty value, String prompt) {
        PasswordField masked = new PasswordField();
        masked.setId(id);
        masked.setPromptText(prompt);
        masked.textProperty().bindBidirectional(value);
        TextField plain = new TextField();
        plain.setId(id + "Revealed");
        plain.setPromptText(prompt);
        plain.textProperty().bindBidirectional(value);
        masked.visibleProperty().bind(model.revealSecretsProperty().not());
        plain.visibleProperty().bind(model.revealSecretsProperty());
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
        reveal.selectedProperty().bindBidirectional(model.revealSecretsProperty());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Grafana admin password"), secretField("grafanaPasswordField",
                model.grafanaPasswordProperty(), "at least 12 characters, or Generate"), generate);
        grid.addRow(1, new Label("Slack webhook URL"), secretField("slackWebhookField",
                model.slackWebhookUrlProperty(), "https://hooks.slack.com/services/…"));
        grid.addRow(2, new Label("PagerDuty routing key"), secretField("pagerdutyKeyField",
                model.pagerdutyRoutingKeyProperty(), "Events API v2 integration key"));

        TextField user = new TextField();
        user.setId("basicAuthUserField");
        user.setPromptText("user");
        user.textProperty().bindBidirectional(model.newUserProperty());
        PasswordField password = new PasswordField();
        password.setId("basicAuthPasswordField");
        password.setPromptText("password (at least 8 characters)");
        password.textProperty().bindBidirectional(model.newUserPasswordProperty());
        Button add = new Button("Add user");
        add.setId("addUserButton");
        add.setOnAction(e -> model.addUser());
        ListView<String> users = new ListView<>(model.basicAuthUsers());
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
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ObjectChange item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setStyle("");
                    return;
                }
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
        VBox box = new VBox(10, title("Review the plan"), summary, split, hint("Apply writes the objects in this"
                + " order (create, or the manifest's fields over the live object). Secret values never show: a"
                + " changed one reads \"(value changed)\"."));
        box.setId("reviewPage");
        return box;
    }

    private Node progressPage(String id, String heading, javafx.collections.ObservableList<String> lines) {
        ProgressBar bar = new ProgressBar();
        bar.setId(id + "Progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.progressProperty());
        ListView<String> list = new ListView<>(lines);
        list.setId(id + "List");
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox box = new VBox(10, title(heading), bar, list, hint("Cancel (Esc) stops between two steps; deploying"
                + " again continues from what is in the cluster."));
        box.setId(id);
        return box;
    }

    private Node healthPage() {
        ListView<String> list = new ListView<>(model.health());
        list.setId("healthList");
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox box = new VBox(10, title("Health"), list, hint("The Topology section (Ctrl+3) shows every replica"
                + " live when connected to namespace monitoring."));
        box.setId("healthPage");
        return box;
    }

    // ------------------------------------------------------------------------------------------------ validate

    private Node validatePane() {
        Button run = new Button("Validate");
        run.setId("validateButton");
        run.getStyleClass().add(Styles.ACCENT);
        run.setOnAction(e -> model.validate());
        run.disableProperty().bind(model.busyProperty().or(model.connectedProperty().not()));
        Label summary = new Label();
        summary.setId("validateSummary");
        summary.textProperty().bind(model.validateSummaryProperty());
        ListView<String> list = new ListView<>(model.findings());
        list.setId("findingsList");
        list.setPlaceholder(new Label("No findings yet: run Validate."));
        VBox.setVgrow(list, Priority.ALWAYS);
        Label error = new Label();
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.errorProperty());
        VBox box = new VBox(10, title("Validate"), hint("Runs the consistency checks on the stack rendered with the"
                + " Deploy tab's environment, values and secrets, and compares it with the cluster (missing,"
                + " different, extra objects). Writes nothing."), new HBox(10, run, summary), error, list);
        box.setPadding(new Insets(12));
        return box;
    }

    // ------------------------------------------------------------------------------------------------ destroy

    private Node destroyPane() {
        Button plan = new Button("Show plan");
        plan.setId("destroyPlanButton");
        plan.setOnAction(e -> model.planDestroy());
        plan.disableProperty().bind(model.busyProperty().or(model.connectedProperty().not()));
        ListView<String> list = new ListView<>(model.destroyPlan());
        list.setId("destroyPlanList");
        VBox.setVgrow(list, Priority.ALWAYS);
        TextField confirm = new TextField();
        confirm.setId("destroyConfirmation");
        confirm.promptTextProperty().bind(Bindings.concat("type ", model.destroyNamespaceProperty(), " to confirm"));
        confirm.textProperty().bindBidirectional(model.destroyConfirmationProperty());
        TextField file = new TextField();
        file.setId("exportFileField");
        file.setPrefColumnCount(40);
        file.textProperty().bindBidirectional(model.exportFileProperty());
        PasswordField passphrase = new PasswordField();
        passphrase.setId("exportPassphrase");
        passphrase.setPromptText("passphrase encrypting the Secret values");
        passphrase.textProperty().bindBidirectional(model.exportPassphraseProperty());
        PasswordField repeat = new PasswordField();
        repeat.setId("exportPassphraseRepeat");
        repeat.setPromptText("the same passphrase again");
        repeat.textProperty().bindBidirectional(model.exportPassphraseRepeatProperty());
        CheckBox leaveOut = new CheckBox("Leave the Secret values out of the export (they cannot be restored then)");
        leaveOut.setId("leaveOutSecretValues");
        leaveOut.selectedProperty().bindBidirectional(model.leaveOutSecretValuesProperty());
        passphrase.disableProperty().bind(leaveOut.selectedProperty());
        repeat.disableProperty().bind(leaveOut.selectedProperty());
        Button destroy = new Button("Destroy");
        destroy.setId("destroyButton");
        destroy.getStyleClass().add(Styles.DANGER);
        destroy.setOnAction(e -> model.destroy());
        destroy.disableProperty().bind(Bindings.createBooleanBinding(() -> model.busyProperty().get()
                || !model.destroyConfirmed(), model.busyProperty(), model.destroyConfirmationProperty(),
                model.destroyNamespaceProperty()));
        ProgressBar bar = new ProgressBar();
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.progressProperty());
        bar.visibleProperty().bind(model.busyProperty());
        Label result = new Label();
        result.setId("destroyResult");
        result.setWrapText(true);
        result.textProperty().bind(model.destroyResultProperty());
        Label error = new Label();
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.errorProperty());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        grid.addRow(0, new Label("Export file"), file);
        grid.addRow(1, new Label("Passphrase"), passphrase);
        grid.addRow(2, new Label("Again"), repeat);
        grid.add(leaveOut, 1, 3);
        grid.addRow(4, new Label("Confirmation"), confirm);
        VBox box = new VBox(10, title("Destroy"), hint("Exports every stack object of the namespace to a local file,"
                + " then deletes them in reverse order and waits until they are gone. The volumes (Prometheus data,"
                + " silences) are deleted too; the namespace itself stays."), plan, list, grid, new HBox(10, destroy),
                bar, error, result);
        box.setPadding(new Insets(12));
        return box;
    }
}
