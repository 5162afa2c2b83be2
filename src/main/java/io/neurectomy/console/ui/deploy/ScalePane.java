package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.ops.ScaleOperation;
import io.neurectomy.console.core.stack.StackComponent;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * The Stack section's Scale tab: the scale wizard's three pages (choose, review, run) with Back, Next / Scale,
 * Cancel and Scale again. Thin: every decision is {@link ScaleWizardModel}'s.
 */
final class ScalePane {
    private final VBox root;

    ScalePane(ScaleWizardModel model) {
        root = OperationWizardPane.of(model, "scale", "Scale", choosePage(model), null, "Cancel stops between two"
                + " steps or while waiting; a count already set stays (scale again to go back).");
    }

    private static Node choosePage(ScaleWizardModel model) {
        ChoiceBox<StackComponent> component = OperationWizardPane.componentChoice("scaleComponentChoice",
                model.components(), model.componentProperty());
        Spinner<Integer> replicas = new Spinner<>();
        replicas.setId("scaleReplicasSpinner");
        replicas.setEditable(true);
        SpinnerValueFactory.IntegerSpinnerValueFactory values = new SpinnerValueFactory.IntegerSpinnerValueFactory(
                1, ScaleOperation.MAX_REPLICAS, model.replicasProperty().get());
        values.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.replicasProperty().set(b);
            }
        });
        model.replicasProperty().addListener((o, a, b) -> values.setValue(b.intValue()));
        replicas.setValueFactory(values);
        CheckBox delete = new CheckBox("On a scale-down, delete the removed replicas' volumes and their data");
        delete.setId("scaleDeleteVolumes");
        delete.selectedProperty().bindBidirectional(model.deleteVolumesProperty());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Component"), component);
        grid.addRow(1, new Label("Replicas"), replicas);
        grid.add(delete, 1, 2);
        return new VBox(10, OperationWizardPane.hint("Changes the replica count of Prometheus, Alertmanager or"
                + " Grafana, as 'monitoring-console scale' does. The next page shows the plan; nothing changes"
                + " before Scale."), grid, OperationWizardPane.notConnected(model));
    }

    Node node() {
        return root;
    }
}
