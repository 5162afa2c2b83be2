package io.neurectomy.console.ui.backup;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.backup.BackupComponent;
import io.neurectomy.console.ui.fx.Views;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.Severity;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;

/**
 * The Backups section, built in code: the archive table with the RPO line, Back up now with progress and Cancel,
 * the restore wizard (choose → plan → typed confirmation → progress → result) and S3 sync with retention. Bound to
 * {@link BackupsViewModel}; it holds no logic of its own.
 */
public final class BackupsView {
    private final BackupsViewModel model;
    private final RestoreWizardModel restore;
    private final S3Model s3;
    private final VBox root = Views.page("backupsView", 10, 16);
    private final TableView<BackupRow> table = new TableView<>();
    /** Inline marks on inputs the model would refuse (the typed namespace, retention numbers). */
    private final ValidationSupport validation = new ValidationSupport();

    public BackupsView(BackupsViewModel model) {
        this.model = model;
        this.restore = model.restore();
        this.s3 = model.s3();
        Label title = Views.title("Backups", Styles.TITLE_3);
        Label rpo = Views.text("backupsRpo", model.rpoTextProperty());
        model.rpoOverdueProperty().addListener((o, was, overdue) -> style(rpo, overdue));
        style(rpo, model.rpoOverdueProperty().get());
        Label error = new Label();
        error.setId("backupsError");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        Label message = Views.text("backupsMessage", model.messageProperty());

        TabPane tabs = new TabPane(new Tab("Archives", archives()), new Tab("Restore", wizard()),
                new Tab("S3", s3()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("backupsTabs");
        VBox.setVgrow(tabs, Priority.ALWAYS);
        root.getChildren().addAll(title, rpo, progress(), error, message, tabs);
        model.refresh();
    }

    private static void style(Label label, boolean warn) {
        label.getStyleClass().removeAll(Styles.WARNING, Styles.SUCCESS);
        label.getStyleClass().add(warn ? Styles.WARNING : Styles.SUCCESS);
    }

    public Node node() {
        return root;
    }

    private Node progress() {
        ProgressBar bar = new ProgressBar();
        bar.setId("backupsProgress");
        bar.progressProperty().bind(model.progress().progressProperty());
        bar.setPrefWidth(260);
        Label text = new Label();
        text.setId("backupsProgressText");
        text.textProperty().bind(model.progress().textProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("backupsCancel");
        cancel.disableProperty().bind(model.progress().busyProperty().not());
        cancel.setOnAction(e -> model.cancel());
        HBox box = new HBox(8, bar, text, cancel);
        box.setAlignment(Pos.CENTER_LEFT);
        Views.showWhen(box, model.progress().busyProperty().or(model.progress().textProperty().isNotEmpty()));
        return box;
    }

    private Node archives() {
        table.setId("backupsTable");
        table.setItems(model.rows());
        // The list is read again after a backup or a verify: keep the archive the user had selected.
        String[] selectedName = new String[1];
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                selectedName[0] = now.name();
            }
        });
        model.rows().addListener((javafx.collections.ListChangeListener<BackupRow>) change -> {
            if (selectedName[0] != null && table.getSelectionModel().getSelectedItem() == null) {
                model.rows().stream().filter(r -> r.name().equals(selectedName[0])).findFirst()
                        .ifPresent(r -> table.getSelectionModel().select(r));
            }
        });
        table.getColumns().add(Views.column("Name", BackupRow::name, 200));
        table.getColumns().add(Views.column("Created", BackupRow::created, 170));
        table.getColumns().add(Views.column("Size", BackupRow::size, 90));
        table.getColumns().add(Views.column("Components", BackupRow::components, 200));
        table.getColumns().add(Views.column("Context", BackupRow::context, 160));
        table.getColumns().add(Views.column("Verified", BackupRow::verified, 100));
        table.setPlaceholder(new Label("No archives in this directory yet."));
        VBox.setVgrow(table, Priority.ALWAYS);

        TextField dir = new TextField();
        dir.setId("backupsDirectory");
        dir.setText(model.directoryProperty().get());
        dir.setPrefColumnCount(40);
        Button use = new Button("Use directory");
        use.setOnAction(e -> model.changeDirectory(dir.getText().strip()));
        dir.setOnAction(e -> model.changeDirectory(dir.getText().strip()));
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> model.refresh());
        Label dirLabel = new Label("Backups directory");
        // The label and the buttons keep their whole text; the field gives way when the window is narrow.
        for (Region keep : List.of(dirLabel, use, refresh)) {
            keep.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox.setHgrow(dir, Priority.ALWAYS);
        HBox dirRow = new HBox(8, dirLabel, dir, use, refresh);
        dirRow.setAlignment(Pos.CENTER_LEFT);

        HBox comps = new HBox(10, new Label("Components"));
        for (BackupComponent c : BackupComponent.values()) {
            CheckBox box = new CheckBox(c.id());
            box.setId("backupComponent-" + c.id());
            box.selectedProperty().bindBidirectional(model.componentProperty(c));
            comps.getChildren().add(box);
        }
        comps.setAlignment(Pos.CENTER_LEFT);
        PasswordField pass = Views.input(new PasswordField(), "backupsPassphrase", "passphrase (seals Secrets)",
                model.passphraseProperty());
        pass.setPrefColumnCount(18);
        Button backup = new Button("Back up now");
        backup.setId("backupNow");
        backup.getStyleClass().add(Styles.ACCENT);
        backup.disableProperty().bind(model.progress().busyProperty());
        backup.setOnAction(e -> model.backUpNow());
        Button verify = new Button("Verify");
        verify.setId("backupsVerify");
        verify.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(model.progress().busyProperty()));
        verify.setOnAction(e -> model.verify(table.getSelectionModel().getSelectedItem()));
        Button restoreButton = new Button("Restore…");
        restoreButton.setId("backupsRestore");
        restoreButton.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        restoreButton.setOnAction(e -> {
            restore.beginRestore(table.getSelectionModel().getSelectedItem());
            ((TabPane) root.lookup("#backupsTabs")).getSelectionModel().select(1);
        });
        HBox actions = new HBox(8, pass, backup, verify, restoreButton);
        actions.setAlignment(Pos.CENTER_LEFT);
        return new VBox(8, dirRow, comps, actions, table);
    }

    private Node wizard() {
        Label source = new Label();
        source.setId("restoreSource");
        source.textProperty().bind(Bindings.createStringBinding(() -> restore.remoteProperty().get() != null
                ? "Archive in S3: " + restore.remoteProperty().get().key() + " (downloaded into the backups"
                        + " directory and verified when the plan is shown)"
                : restore.sourceProperty().get() == null
                ? "Choose an archive in the Archives tab (or in the S3 tab's bucket), then Restore…"
                : "Archive: " + restore.sourceProperty().get().name(), restore.sourceProperty(),
                restore.remoteProperty()));

        HBox comps = new HBox(10, new Label("Restore"));
        for (BackupComponent c : BackupComponent.values()) {
            CheckBox box = new CheckBox(c.id());
            box.setId("restoreComponent-" + c.id());
            box.selectedProperty().bindBidirectional(restore.componentProperty(c));
            comps.getChildren().add(box);
        }
        javafx.scene.control.ComboBox<String> replica = new javafx.scene.control.ComboBox<>(restore.replicaChoices());
        replica.setId("restoreReplica");
        replica.setEditable(true);
        replica.valueProperty().bindBidirectional(restore.replicaProperty());
        Button plan = new Button("Show plan");
        plan.setId("restorePlan");
        plan.disableProperty().bind(restore.sourceProperty().isNull().and(restore.remoteProperty().isNull())
                .or(model.progress().busyProperty()));
        plan.setOnAction(e -> restore.planRestore());
        HBox choose = new HBox(8, new Label("TSDB into replica"), replica, plan);
        choose.setAlignment(Pos.CENTER_LEFT);

        ListView<String> planList = new ListView<>(restore.planLines());
        planList.setId("restorePlanLines");
        planList.setPrefHeight(260);
        Label ask = new Label();
        ask.textProperty().bind(Bindings.concat("Type the namespace to confirm: ", restore.confirmationWordProperty()));
        TextField typed = new TextField();
        typed.setId("restoreConfirmation");
        typed.textProperty().bindBidirectional(restore.typedProperty());
        validation.registerValidator(typed, false, Validator.createPredicateValidator((String t) ->
                t == null || t.isEmpty() || t.strip().equals(restore.confirmationWordProperty().get()),
                "Type the namespace exactly"));
        Button go = new Button("Restore");
        go.setId("restoreConfirm");
        go.getStyleClass().add(Styles.DANGER);
        go.disableProperty().bind(restore.confirmedBinding().not().or(model.progress().busyProperty()));
        go.setOnAction(e -> restore.confirmRestore());
        HBox confirm = new HBox(8, ask, typed, go);
        confirm.setAlignment(Pos.CENTER_LEFT);
        VBox planPage = new VBox(8, planList, confirm);
        planPage.visibleProperty().bind(restore.pageProperty().isEqualTo(RestoreWizardModel.Page.PLAN)
                .or(restore.pageProperty().isEqualTo(RestoreWizardModel.Page.RUNNING)));
        planPage.managedProperty().bind(planPage.visibleProperty());

        ListView<String> result = new ListView<>(restore.resultLines());
        result.setId("restoreResult");
        Views.showWhen(result, restore.pageProperty().isEqualTo(RestoreWizardModel.Page.RESULT));
        VBox box = new VBox(10, source, comps, choose, planPage, result);
        box.setPadding(new Insets(10));
        return new ScrollPane(box);
    }

    private Node s3() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        field(grid, 0, "Bucket", "s3Bucket", s3.bucketProperty());
        field(grid, 1, "Prefix", "s3Prefix", s3.prefixProperty());
        field(grid, 2, "Region", "s3Region", s3.regionProperty());
        field(grid, 3, "Endpoint (S3-compatible)", "s3Endpoint", s3.endpointProperty());
        Label creds = new Label("Credentials come from the standard AWS chain (AWS_ACCESS_KEY_ID /"
                + " AWS_SECRET_ACCESS_KEY, profiles); the console never stores them.");
        creds.setWrapText(true);
        Button sync = new Button("Sync now");
        sync.setId("s3Sync");
        sync.disableProperty().bind(model.progress().busyProperty());
        sync.setOnAction(e -> s3.syncS3());
        ListView<String> remote = new ListView<>(s3.remoteLines());
        remote.setPrefHeight(150);
        TextField keep = new TextField();
        keep.setPromptText("keep last N");
        keep.textProperty().bindBidirectional(s3.keepLastProperty());
        TextField days = new TextField();
        days.setPromptText("keep D days");
        days.textProperty().bindBidirectional(s3.keepDaysProperty());
        for (TextField number : List.of(keep, days)) {
            validation.registerValidator(number, false, Validator.createRegexValidator("A whole number",
                    "\\s*\\d*\\s*", Severity.ERROR));
        }
        Button planRetention = new Button("Plan retention");
        planRetention.setOnAction(e -> s3.planRetention());
        Button apply = new Button("Apply retention…");
        apply.getStyleClass().add(Styles.DANGER);
        apply.disableProperty().bind(Bindings.isEmpty(s3.retentionLines()).or(model.progress().busyProperty()));
        apply.setOnAction(e -> s3.applyRetention());
        ListView<String> retention = new ListView<>(s3.retentionLines());
        retention.setPrefHeight(120);
        VBox box = new VBox(8, grid, creds, sync, new TitledPane("Restore from the bucket", bucket()),
                new TitledPane("In the bucket", remote), new HBox(8, keep, days, planRetention, apply), retention);
        box.setPadding(new Insets(10));
        return new ScrollPane(box);
    }

    /** The bucket's archives, newest first with their age against the RPO, and Restore… on the chosen one. */
    private Node bucket() {
        Button browse = new Button("List archives");
        browse.setId("s3Browse");
        browse.setOnAction(e -> s3.browse());
        ListView<RemoteRow> archives = new ListView<>(s3.bucketArchives());
        archives.setId("s3Archives");
        archives.setPrefHeight(150);
        archives.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(RemoteRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : row.line());
                getStyleClass().remove(Styles.WARNING);
                if (!empty && row != null && row.overdue()) {
                    getStyleClass().add(Styles.WARNING);
                }
            }
        });
        Label summary = Views.text("s3BucketSummary", s3.bucketSummaryProperty());
        Button restoreButton = new Button("Restore…");
        restoreButton.setId("s3Restore");
        restoreButton.disableProperty().bind(archives.getSelectionModel().selectedItemProperty().isNull()
                .or(model.progress().busyProperty()));
        restoreButton.setOnAction(e -> {
            s3.restoreFromBucket(archives.getSelectionModel().getSelectedItem());
            ((TabPane) root.lookup("#backupsTabs")).getSelectionModel().select(1);
        });
        return new VBox(8, new HBox(8, browse, restoreButton), summary, archives);
    }

    private static void field(GridPane grid, int row, String label, String id,
            javafx.beans.property.StringProperty property) {
        TextField field = new TextField();
        field.setId(id);
        field.setPrefColumnCount(30);
        field.textProperty().bindBidirectional(property);
        grid.addRow(row, new Label(label), field);
    }

}
