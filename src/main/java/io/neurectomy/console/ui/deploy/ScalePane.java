package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.ops.ScaleOperation;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.ui.fx.Views;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Stack section's Scale tab: the scale wizard's three pages (choose, review, run) in an
 * {@link OperationWizardPane}, with Back, Next / Scale, Cancel and Scale again. Thin: every decision is
 * {@link ScaleWizardModel}'s.
 */
final class ScalePane {
    private final OperationWizardPane pane;

    ScalePane(ScaleWizardModel model) {
        pane = new OperationWizardPane(model, "scale", "Scale", "Scale", choosePage(model), "Before you scale",
                "Cancel stops between two steps or while waiting; a count already set stays (scale again to go"
                        + " back).");
    }

    /** The component choice, shared by the stack's operation tabs. */
    static ChoiceBox<StackComponent> componentChoice(String id, java.util.List<StackComponent> components,
                                                     javafx.beans.property.Property<StackComponent> value) {
        ChoiceBox<StackComponent> component = new ChoiceBox<>(FXCollections.observableArrayList(components));
        component.setId(id);
        component.valueProperty().bindBidirectional(value);
        component.setConverter(new StringConverter<>() {
            @Override
            public String toString(StackComponent c) {
                return c == null ? "" : c.title();
            }

            @Override
            public StackComponent fromString(String s) {
                return null;
            }
        });
        return component;
    }

    private static Node choosePage(ScaleWizardModel model) {
        ChoiceBox<StackComponent> component = componentChoice("scaleComponentChoice", model.components(),
                model.componentProperty());
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
        VBox box = new VBox(10, OperationWizardPane.hint("Changes the replica count of Prometheus, Alertmanager or"
                + " Grafana, as 'monitoring-console scale' does. The next page shows the plan; nothing changes"
                + " before Scale."), grid, Views.showWhen(OperationWizardPane.hint("Connect to a cluster first"
                + " (Connect, Ctrl+1)."), model.connectedProperty().not()));
        box.setId("scaleChoosePage");
        return box;
    }

    Node node() {
        return pane.node();
    }
}
