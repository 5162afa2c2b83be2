package io.neurectomy.console.ui.runbook;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.ui.fx.StepRow;
import io.neurectomy.console.ui.fx.Views;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * A recovery drill in its own window beside the main one: the scenario, the clock from the fault against the guide's
 * figure (live; in the warning colour past it), the drill's steps with their state and detail, Cancel, and once it
 * has ended the time to recovery against the guide, what was lost, what was compared and the export of the runbook's
 * timeline. Esc closes it; closing it while the drill runs asks first and cancels the drill.
 */
public final class DrillView {
    private final DrillViewModel model;
    private final VBox root = Views.page("drillView", 10, 16);
    private final Stage stage = new Stage();
    private final Timeline ticker;

    public DrillView(DrillViewModel model, Window owner) {
        this.model = model;
        Label title = Views.title("Drill: " + model.scenario().title(), Styles.TITLE_3);
        title.setId("drillTitle");
        Label summary = new Label("A real fault is injected into this cluster, then the " + model.scenario().title()
                .toLowerCase(java.util.Locale.ROOT) + " runbook recovers from it with nobody at the keyboard, and"
                + " what must survive is compared with the record taken before.");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);

        Label clock = Views.text("drillClock", model.clockProperty());
        clock.setWrapText(true);
        clock.setMinHeight(Region.USE_PREF_SIZE);
        FontIcon clockIcon = new FontIcon(Material2MZ.TIMER);
        clock.setGraphic(clockIcon);
        clock.getStyleClass().add(Styles.TEXT_BOLD);
        model.overGuideProperty().addListener((obs, was, now) -> styleClock(clock, clockIcon));
        model.startedProperty().addListener((obs, was, now) -> styleClock(clock, clockIcon));
        styleClock(clock, clockIcon);

        ListView<StepRow> steps = new ListView<>(model.steps());
        steps.setId("drillSteps");
        steps.setPrefHeight(240);
        steps.setCellFactory(v -> new RunbookView.StepCell("drill"));
        VBox.setVgrow(steps, Priority.ALWAYS);

        Label message = Views.text("drillMessage", model.messageProperty());
        message.setWrapText(true);
        message.getStyleClass().add(Styles.TEXT_MUTED);
        message.setMinHeight(Region.USE_PREF_SIZE);
        Views.showWhen(message, model.runningProperty());

        Label outcome = line("drillOutcome", model.outcomeProperty().isEmpty().not());
        outcome.textProperty().bind(model.outcomeProperty());
        outcome.getStyleClass().add(Styles.TEXT_BOLD);
        model.finishedProperty().addListener((obs, was, now) -> outcome.setStyle("-fx-text-fill: "
                + (model.succeededProperty().get() ? "-color-success-fg" : "-color-danger-fg") + ";"));
        Label recovery = line("drillRecovery", model.recoveryProperty().isEmpty().not());
        recovery.textProperty().bind(model.recoveryProperty());
        Label lost = line("drillLost", model.lostProperty().isEmpty().not());
        lost.textProperty().bind(model.lostProperty());
        Label compared = line("drillCompared", javafx.beans.binding.Bindings.isNotEmpty(model.compared()));
        compared.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "Compared: "
                + String.join("; ", model.compared()) + ".", model.compared()));
        compared.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        HBox export = Views.showWhen(RunbookView.exportRow("drill", model.exportPathProperty(),
                model.exportMessageProperty(), model::export, stage), model.finishedProperty());

        Button cancel = new Button("Cancel");
        cancel.setId("drillCancel");
        cancel.setTooltip(new Tooltip("Stop the drill after its current step; it puts its fault right first"));
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());
        Button close = new Button("Close");
        close.setId("drillClose");
        close.setTooltip(new Tooltip("Close this window (Esc); a running drill is cancelled after you confirm"));
        close.defaultButtonProperty().bind(model.finishedProperty());
        close.setOnAction(e -> requestClose());
        HBox buttons = new HBox(8, Views.spacer(), cancel, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        root.getChildren().addAll(title, summary, clock, steps, message, outcome, recovery, lost, compared, export,
                buttons);
        root.setPrefWidth(780);
        root.setPrefHeight(580);

        ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> model.tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        model.runningProperty().addListener((obs, was, now) -> {
            if (now) {
                ticker.play();
            } else {
                ticker.stop();
                model.tick();
            }
        });
        if (model.runningProperty().get()) {
            ticker.play();
        }

        Scene scene = new Scene(root);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), this::requestClose);
        stage.setScene(scene);
        stage.setTitle("Drill: " + model.scenario().title());
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.setOnCloseRequest(e -> {
            if (!model.requestClose()) {
                e.consume();
            } else {
                ticker.stop();
            }
        });
    }

    private static Label line(String id, javafx.beans.value.ObservableBooleanValue shown) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return Views.showWhen(l, shown);
    }

    private void styleClock(Label clock, FontIcon icon) {
        RunbookView.styleClock(clock, icon, model.startedProperty().get(), model.overGuideProperty().get());
    }

    /** Closes the window unless the drill runs and the person keeps it. */
    public void requestClose() {
        if (model.requestClose()) {
            ticker.stop();
            stage.close();
        }
    }

    /** Shows the window (or brings it to the front). */
    public void show() {
        stage.show();
        stage.toFront();
    }

    public DrillViewModel model() {
        return model;
    }

    public Stage stage() {
        return stage;
    }
}
