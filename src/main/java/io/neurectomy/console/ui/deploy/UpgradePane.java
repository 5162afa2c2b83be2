package io.neurectomy.console.ui.deploy;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.deploy.UpgradeWizardModel.Strategy;
import io.neurectomy.console.ui.fx.Views;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Stack section's Upgrade tab: the upgrade wizard's three pages (choose, review, run) in an
 * {@link OperationWizardPane}, with Back, Next / Upgrade, Cancel (which undoes) and Upgrade again; Roll back… for
 * the chosen component; and, beside it, the open blue-green upgrade ({@link UpgradeActionsPane}). Thin: every
 * decision is {@link UpgradeWizardModel}'s and {@link UpgradeActionsModel}'s.
 */
final class UpgradePane {
    private final HBox root;

    UpgradePane(UpgradeWizardModel model, UpgradeActionsModel actions) {
        Label comparison = Views.text("upgradeComparison", model.comparisonProperty());
        comparison.setStyle("-fx-font-family: monospace;");
        comparison.setMinHeight(Region.USE_PREF_SIZE);
        Views.showWhen(comparison, model.comparisonProperty().isNotEmpty());
        VBox wizard = OperationWizardPane.of(model, "upgrade", "Upgrade", choosePage(model, actions), null,
                comparison, "Cancel undoes: a rolling upgrade returns every replica to the previous version"
                + " (as a replica failing the health gate does); a blue-green one deletes the new StatefulSet.");
        HBox.setHgrow(wizard, Priority.ALWAYS);
        root = new HBox(wizard, new UpgradeActionsPane(actions, model.operation().busyProperty()).node());
    }

    private static Node choosePage(UpgradeWizardModel model, UpgradeActionsModel actions) {
        ChoiceBox<StackComponent> component = OperationWizardPane.componentChoice("upgradeComponentChoice",
                model.components(), model.componentProperty());
        Button rollback = new Button();
        rollback.setId("upgradeRollbackButton");
        rollback.textProperty().bind(Bindings.createStringBinding(() -> "Roll back " + (model.componentProperty()
                .get() == null ? "" : model.componentProperty().get().title()) + "…", model.componentProperty()));
        rollback.setOnAction(e -> actions.rollback(model.componentProperty().get()));
        rollback.disableProperty().bind(model.connectedProperty().not().or(actions.operation().busyProperty())
                .or(model.operation().busyProperty()));
        ChoiceBox<Strategy> strategy = new ChoiceBox<>(FXCollections.observableArrayList(Strategy.values()));
        strategy.setId("upgradeStrategyChoice");
        strategy.valueProperty().bindBidirectional(model.strategyProperty());
        strategy.setConverter(new StringConverter<>() {
            @Override
            public String toString(Strategy s) {
                return s == null ? "" : s.title();
            }

            @Override
            public Strategy fromString(String s) {
                return null;
            }
        });
        strategy.disableProperty().bind(model.blueGreenAvailable().not());
        Label strategyNote = Views.text("upgradeStrategyNote", model.strategyNote());
        strategyNote.setWrapText(true);
        strategyNote.getStyleClass().add(Styles.TEXT_MUTED);
        ComboBox<String> version = new ComboBox<>(model.versions());
        version.setId("upgradeVersionChoice");
        version.setEditable(true);
        version.setPromptText("a listed version or another tag");
        // The editor's text is the version: a custom tag counts as soon as it is typed, not only on Enter.
        version.getEditor().textProperty().bindBidirectional(model.versionProperty());
        Label versionError = Views.error("upgradeVersionError", model.versionError());
        versionError.setWrapText(true);
        CheckBox backup = new CheckBox("Back up the configs and the component's data first");
        backup.setId("upgradeBackup");
        backup.selectedProperty().bindBidirectional(model.backupProperty());
        backup.disableProperty().bind(model.blueGreen());
        CheckBox seed = new CheckBox("Seed the new side's TSDB from a snapshot of the old one");
        seed.setId("upgradeSeed");
        seed.selectedProperty().bindBidirectional(model.seedProperty());
        seed.visibleProperty().bind(model.blueGreen());
        seed.managedProperty().bind(seed.visibleProperty());
        TextField dir = Views.input(new TextField(), "upgradeBackupDir", "backups directory",
                model.backupDirProperty());
        dir.disableProperty().bind(model.backupProperty().not().or(backup.disableProperty()));
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Component"), new HBox(10, component, rollback));
        grid.addRow(1, new Label("Strategy"), strategy);
        grid.add(strategyNote, 1, 2);
        grid.addRow(3, new Label("Version"), version);
        grid.add(versionError, 1, 4);
        grid.add(new VBox(6, seed, backup), 1, 5);
        grid.addRow(6, new Label("Backups"), dir);
        strategyNote.setMaxWidth(560);
        versionError.setMaxWidth(560);
        VBox box = new VBox(10, OperationWizardPane.hint("Moves Prometheus, Alertmanager or Grafana to another"
                + " version one replica at a time, each passing the health gate, as 'monitoring-console upgrade'"
                + " does; or Prometheus blue-green, a second StatefulSet next to the old one. A tag outside the list"
                + " is taken with a warning. The next page shows the plan; nothing changes before Upgrade. Roll back"
                + " returns the component to its previous revision, after a confirmation."), grid,
                OperationWizardPane.notConnected(model));
        return box;
    }

    Node node() {
        return root;
    }
}
