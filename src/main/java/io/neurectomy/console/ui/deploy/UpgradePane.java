package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.fx.Views;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * The Stack section's Upgrade tab: the upgrade wizard's three pages (choose, review, run) in an
 * {@link OperationWizardPane}, with Back, Next / Upgrade, Cancel (which rolls back) and Upgrade again. Thin: every
 * decision is {@link UpgradeWizardModel}'s.
 */
final class UpgradePane {
    private final VBox root;

    UpgradePane(UpgradeWizardModel model) {
        root = OperationWizardPane.of(model, "upgrade", "Upgrade", choosePage(model), null, "Cancel stops the"
                + " rollout and returns every replica to the previous version, verified healthy; so does a replica"
                + " that fails the health gate.");
    }

    private static Node choosePage(UpgradeWizardModel model) {
        ChoiceBox<StackComponent> component = OperationWizardPane.componentChoice("upgradeComponentChoice",
                model.components(), model.componentProperty());
        ComboBox<String> version = new ComboBox<>(model.versions());
        version.setId("upgradeVersionChoice");
        version.setEditable(true);
        version.setPromptText("a listed version or another tag");
        // The editor's text is the version: a custom tag counts as soon as it is typed, not only on Enter.
        version.getEditor().textProperty().bindBidirectional(model.versionProperty());
        CheckBox backup = new CheckBox("Back up the configs and the component's data first");
        backup.setId("upgradeBackup");
        backup.selectedProperty().bindBidirectional(model.backupProperty());
        TextField dir = Views.input(new TextField(), "upgradeBackupDir", "backups directory",
                model.backupDirProperty());
        dir.disableProperty().bind(model.backupProperty().not());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Component"), component);
        grid.addRow(1, new Label("Version"), version);
        grid.add(backup, 1, 2);
        grid.addRow(3, new Label("Backups"), dir);
        VBox box = new VBox(10, OperationWizardPane.hint("Moves Prometheus, Alertmanager or Grafana to another"
                + " version one replica at a time, each passing the health gate, as 'monitoring-console upgrade'"
                + " does. A tag outside the list is taken with a warning. The next page shows the plan; nothing"
                + " changes before Upgrade."), grid, OperationWizardPane.notConnected(model));
        return box;
    }

    Node node() {
        return root;
    }
}
