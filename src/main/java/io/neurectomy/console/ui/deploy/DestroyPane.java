package io.neurectomy.console.ui.deploy;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.ui.fx.Views;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Stack section's Destroy tab: the plan, the backup options (a ticked box: a full backup archive first), and
 * Destroy, which asks for the namespace's name in a typed confirmation before anything is backed up or deleted;
 * afterwards the archive's path.
 */
final class DestroyPane {
    private final VBox root;

    DestroyPane(DestroyModel model, ObservableBooleanValue connected) {
        Button plan = new Button("Show plan");
        plan.setId("destroyPlanButton");
        plan.setOnAction(e -> model.planDestroy());
        plan.disableProperty().bind(model.operation().busyProperty().or(Bindings.not(connected)));
        ListView<String> list = new ListView<>(model.plan());
        list.setId("destroyPlanList");
        VBox.setVgrow(list, Priority.ALWAYS);
        CheckBox backup = new CheckBox("Take a full backup archive first: configs, Secrets, Prometheus data,"
                + " silences (restore brings the stack back from it after a deploy)");
        backup.setId("destroyBackup");
        backup.selectedProperty().bindBidirectional(model.backupProperty());
        TextField dir = new TextField();
        dir.setId("backupDirField");
        dir.setPrefColumnCount(40);
        dir.textProperty().bindBidirectional(model.backupDirProperty());
        dir.disableProperty().bind(backup.selectedProperty().not());
        PasswordField passphrase = Views.input(new PasswordField(), "exportPassphrase",
                "passphrase sealing the Secrets in the backup", model.exportPassphraseProperty());
        PasswordField repeat = Views.input(new PasswordField(), "exportPassphraseRepeat", "the same passphrase again",
                model.exportPassphraseRepeatProperty());
        CheckBox leaveOut = new CheckBox("Leave the Secrets out of the backup (they cannot be restored then)");
        leaveOut.setId("leaveOutSecretValues");
        leaveOut.selectedProperty().bindBidirectional(model.leaveOutSecretValuesProperty());
        leaveOut.disableProperty().bind(backup.selectedProperty().not());
        passphrase.disableProperty().bind(leaveOut.selectedProperty().or(backup.selectedProperty().not()));
        repeat.disableProperty().bind(leaveOut.selectedProperty().or(backup.selectedProperty().not()));
        Label noBackup = new Label("Without a backup, the configs, Secrets, Prometheus data and silences are gone for"
                + " good.");
        noBackup.setId("destroyNoBackupWarning");
        noBackup.setWrapText(true);
        noBackup.getStyleClass().add(Styles.DANGER);
        noBackup.visibleProperty().bind(backup.selectedProperty().not());
        noBackup.managedProperty().bind(noBackup.visibleProperty());
        // Re-plan when the box changes: the plan's steps and notes say whether a backup is taken.
        backup.selectedProperty().addListener((o, was, now) -> {
            if (!model.plan().isEmpty() && !model.operation().busyProperty().get()) {
                model.planDestroy();
            }
        });
        Button destroy = new Button("Destroy…");
        destroy.setId("destroyButton");
        destroy.getStyleClass().add(Styles.DANGER);
        destroy.setOnAction(e -> model.destroy());
        destroy.disableProperty().bind(model.operation().busyProperty().or(Bindings.isEmpty(model.plan())));
        Button cancel = new Button("Cancel");
        cancel.setId("destroyCancelButton");
        cancel.setOnAction(e -> model.cancel());
        cancel.disableProperty().bind(model.operation().busyProperty().not());
        ProgressBar bar = new ProgressBar();
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.operation().progressProperty());
        bar.visibleProperty().bind(model.operation().busyProperty());
        Label result = Views.text("destroyResult", model.resultProperty());
        Label archive = Views.text("destroyArchive", model.archiveProperty());
        Label archiveTitle = new Label("Archive to restore after a deploy:");
        archiveTitle.visibleProperty().bind(Bindings.isNotEmpty(model.archiveProperty()));
        archiveTitle.managedProperty().bind(archiveTitle.visibleProperty());
        Label error = new Label();
        error.setId("destroyError");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.operation().errorProperty());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        grid.add(backup, 0, 0, 2, 1);
        grid.addRow(1, new Label("Backups directory"), dir);
        grid.addRow(2, new Label("Passphrase"), passphrase);
        grid.addRow(3, new Label("Again"), repeat);
        grid.add(leaveOut, 1, 4);
        Label title = Views.title("Destroy", Styles.TITLE_4);
        Label hint = new Label("Writes a full backup archive first (if that fails, nothing is deleted), then deletes"
                + " every stack object of the namespace in reverse order and waits until they are gone. The volumes"
                + " (Prometheus data, silences) are deleted too; the namespace itself stays. Destroy asks you to type"
                + " the namespace's name. To bring the stack back: deploy, then restore the archive (Backups).");
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        root = new VBox(10, title, hint, plan, list, grid, noBackup, new HBox(10, destroy, cancel), bar, error,
                result, new HBox(6, archiveTitle, archive));
        root.setPadding(new Insets(12));
    }

    Node node() {
        return root;
    }
}
