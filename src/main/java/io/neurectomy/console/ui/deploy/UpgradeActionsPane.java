package io.neurectomy.console.ui.deploy;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.ops.BlueGreenState;
import io.neurectomy.console.ui.fx.Views;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Beside the Upgrade tab's wizard: the open blue-green upgrade of Prometheus (both sides, which one the Services
 * select), Switch back or Switch forward, Remove old side… (also deleting its volumes only when ticked), Refresh;
 * and the progress, Cancel, error and result of those actions and of Roll back…. Thin: every decision is
 * {@link UpgradeActionsModel}'s.
 */
final class UpgradeActionsPane {
    private final VBox root;

    /** @param wizardBusy the wizard is planning or running: the actions wait for it */
    UpgradeActionsPane(UpgradeActionsModel model, ObservableBooleanValue wizardBusy) {
        BooleanExpression busy = model.operation().busyProperty().or(BooleanExpression.booleanExpression(
                wizardBusy));
        Label status = Views.text("blueGreenStatus", model.statusProperty());
        status.setWrapText(true);
        status.getStyleClass().add(Styles.TEXT_MUTED);
        GridPane sides = new GridPane();
        sides.setId("blueGreenSides");
        sides.setHgap(10);
        sides.setVgap(6);
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        sides.getColumnConstraints().addAll(names, new ColumnConstraints());
        sides.addRow(0, new Label("Old side"), side("blueGreenOld", model, s -> s.old() + "  " + s.oldVersion()
                + "  (" + s.oldReady() + ")"));
        sides.addRow(1, new Label("New side"), side("blueGreenNew", model, s -> s.created() + "  " + s.newVersion()
                + "  (" + s.createdReady() + ")"));
        sides.addRow(2, new Label("Services select"), side("blueGreenSelected", model, s -> s.selected() == null
                ? "neither side as a whole: switch them" : s.selected() + (s.selectsNew() ? " (new)" : " (old)")));
        Button back = button("blueGreenSwitchBack", "Switch back", model.switchBackOffered(), busy);
        back.setOnAction(e -> model.switchSides());
        Button forward = button("blueGreenSwitchForward", "Switch forward", model.switchForwardOffered(), busy);
        forward.setOnAction(e -> model.switchSides());
        Button remove = button("blueGreenRemove", "Remove old side…", model.removeOffered(), busy);
        remove.getStyleClass().add(Styles.DANGER);
        remove.textProperty().bind(Bindings.createStringBinding(() -> model.stateProperty().get() == null
                || model.stateProperty().get().unselected() == null ? "Remove old side…" : "Remove "
                + model.stateProperty().get().unselected() + "…", model.stateProperty()));
        remove.setOnAction(e -> model.removeOld());
        CheckBox volumes = new CheckBox("Also delete its volumes");
        volumes.setId("blueGreenDeleteVolumes");
        volumes.selectedProperty().bindBidirectional(model.deleteVolumesProperty());
        Views.showWhen(volumes, model.removeOffered());
        volumes.managedProperty().bind(volumes.visibleProperty());
        VBox open = new VBox(8, sides, new HBox(8, back, forward), remove, volumes);
        Views.showWhen(open, model.stateProperty().isNotNull());
        open.managedProperty().bind(open.visibleProperty());
        Button refresh = new Button("Refresh");
        refresh.setId("blueGreenRefresh");
        refresh.setOnAction(e -> model.refresh());
        refresh.disableProperty().bind(busy);
        ProgressBar bar = new ProgressBar();
        bar.setId("upgradeActionProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.operation().progressProperty());
        Views.showWhen(bar, model.operation().busyProperty());
        Label message = Views.text("upgradeActionMessage", model.operation().messageProperty());
        message.setWrapText(true);
        Button cancel = new Button("Cancel");
        cancel.setId("upgradeActionCancel");
        cancel.setOnAction(e -> model.cancel());
        cancel.disableProperty().bind(model.operation().busyProperty().not());
        Label error = Views.error("upgradeActionError", model.operation().errorProperty());
        error.setWrapText(true);
        Label result = Views.text("upgradeActionResult", model.resultProperty());
        result.setWrapText(true);
        root = new VBox(10, Views.title("Blue-green", Styles.TITLE_4), status, open, new HBox(8, refresh, cancel),
                new Separator(), bar, message, error, result, OperationWizardPane.hint("Switch back and forward"
                + " change only the Services' selectors; no pod restarts. Remove deletes the StatefulSet the"
                + " Services do not select, on its name typed; its volumes stay unless ticked."));
        root.setId("blueGreenPane");
        root.setPadding(new Insets(12));
        root.setPrefWidth(430);
        root.setMinWidth(400);
        root.setMaxWidth(460);
    }

    private static Label side(String id, UpgradeActionsModel model, Function<BlueGreenState, String> text) {
        Label label = Views.text(id, Bindings.createStringBinding(() -> model.stateProperty().get() == null ? ""
                : text.apply(model.stateProperty().get()), model.stateProperty()));
        label.setWrapText(true);
        return label;
    }

    private static Button button(String id, String text, ObservableBooleanValue offered, BooleanExpression busy) {
        Button button = new Button(text);
        button.setId(id);
        Views.showWhen(button, offered);
        button.managedProperty().bind(button.visibleProperty());
        button.disableProperty().bind(busy);
        return button;
    }

    Node node() {
        return root;
    }
}
