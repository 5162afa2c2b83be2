package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.fx.Views;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * The Stack section's Storage tab: the storage expansion wizard's three pages with Back, Next / Expand, Cancel and
 * Expand again. Thin: every decision is {@link StorageWizardModel}'s.
 */
final class StoragePane {
    private final VBox root;

    StoragePane(StorageWizardModel model) {
        root = OperationWizardPane.of(model, "storage", "Expand", choosePage(model), null, "Cancel stops between two"
                + " steps or while waiting, never between deleting and re-creating the StatefulSet; volumes already"
                + " asked to grow go on growing (expand again with the same size to finish).");
    }

    private static Node choosePage(StorageWizardModel model) {
        TextField size = Views.input(new TextField(), "storageSize", "e.g. 300Gi", model.sizeProperty());
        TextField retention = Views.input(new TextField(), "storageRetentionSize", "empty: the same share of the"
                + " volume", model.retentionSizeProperty());
        retention.disableProperty().bind(model.componentProperty().isNotEqualTo(StackComponent.PROMETHEUS));
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Component"), OperationWizardPane.componentChoice("storageComponentChoice",
                model.components(), model.componentProperty()));
        grid.addRow(1, new Label("New volume size"), size);
        grid.addRow(2, new Label("Retention size"), retention);
        return new VBox(10, OperationWizardPane.hint("Grows the volumes of Prometheus or Alertmanager, as"
                + " 'monitoring-console expand-storage' does: each volume claim, then the StatefulSet (re-created"
                + " without restarting its pods) so that later replicas get the new size. Volumes cannot shrink."
                + " The next page shows the plan; nothing changes before Expand."), grid,
                OperationWizardPane.notConnected(model));
    }

    Node node() {
        return root;
    }
}
