package io.neurectomy.console.ui.deploy;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.ui.deploy.ResizeWizardModel.Sizing;
import io.neurectomy.console.ui.fx.Views;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Stack section's Resources tab: the resize wizard's three pages with Back, Next / Resize, Cancel and Resize
 * again, and "Go on anyway" on the Review page when the nodes cannot hold the result. Thin: every decision is
 * {@link ResizeWizardModel}'s.
 */
final class ResizePane {
    private final VBox root;

    ResizePane(ResizeWizardModel model) {
        CheckBox override = new CheckBox("Go on anyway: the replicas without room stay Pending, and the rollout"
                + " stops at the first of them");
        override.setId("resizeOverride");
        override.getStyleClass().add(Styles.DANGER);
        override.selectedProperty().bindBidirectional(model.overrideProperty());
        override.visibleProperty().bind(model.lacksRoomProperty().or(model.overrideProperty()));
        override.managedProperty().bind(override.visibleProperty());
        root = OperationWizardPane.of(model, "resize", "Resize", choosePage(model), override, "Cancel stops between"
                + " two steps or while waiting; resources already written stay and the replicas go on being"
                + " replaced (resize again to go back).");
    }

    private static Node choosePage(ResizeWizardModel model) {
        ChoiceBox<Sizing> sizing = new ChoiceBox<>(FXCollections.observableArrayList(List.of(Sizing.values())));
        sizing.setId("resizeSizingChoice");
        sizing.valueProperty().bindBidirectional(model.sizingProperty());
        sizing.setConverter(new StringConverter<>() {
            @Override
            public String toString(Sizing s) {
                return s == null ? "" : s.title();
            }

            @Override
            public Sizing fromString(String s) {
                return null;
            }
        });
        Label preset = Views.text("resizePresetText", model.presetTextProperty());
        TextField cpu = Views.input(new TextField(), "resizeCpu", "REQUEST[:LIMIT], e.g. 2:4", model.cpuProperty());
        TextField memory = Views.input(new TextField(), "resizeMemory", "REQUEST[:LIMIT], e.g. 8Gi:16Gi",
                model.memoryProperty());
        cpu.disableProperty().bind(model.sizingProperty().isNotEqualTo(Sizing.CUSTOM));
        memory.disableProperty().bind(cpu.disableProperty());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Component"), OperationWizardPane.componentChoice("resizeComponentChoice",
                model.components(), model.componentProperty()));
        grid.addRow(1, new Label("Size"), sizing);
        grid.add(preset, 1, 2);
        grid.addRow(3, new Label("CPU (cores)"), cpu);
        grid.addRow(4, new Label("Memory"), memory);
        return new VBox(10, OperationWizardPane.hint("Sets the CPU and memory requests and limits of Prometheus,"
                + " Alertmanager or Grafana, as 'monitoring-console resize' does: the deployment guide's sizes or"
                + " custom values (a part left empty stays as it is). The next page shows the plan and whether the"
                + " nodes can hold it; nothing changes before Resize."), grid,
                OperationWizardPane.notConnected(model));
    }

    Node node() {
        return root;
    }
}
