package io.neurectomy.console.ui.runbook;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.ui.fx.StepRow;
import io.neurectomy.console.ui.fx.Views;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * A runbook in its own window beside the main one: the scenario, the incident clock (live; in the warning colour
 * past the RTO), the RPO once known, the steps with their state, the manual step the run waits at (instructions,
 * command, Copy command, "Done, continue"), Start, Cancel, the outcome and the export of the timeline. Esc closes
 * it; closing it while the run goes on asks first and cancels the run.
 */
public final class RunbookView {
    private final RunbookViewModel model;
    private final VBox root = Views.page("runbookView", 10, 16);
    private final Stage stage = new Stage();
    private final Timeline ticker;

    public RunbookView(RunbookViewModel model, Window owner) {
        this.model = model;
        Label title = Views.title("Runbook: " + model.scenario().title(), Styles.TITLE_3);
        title.setId("runbookTitle");
        Label summary = new Label(model.scenario().summary() + " Expected recovery: " + model.scenario().recovery()
                + ".");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);

        Label clock = Views.text("runbookClock", model.clockProperty());
        clock.setWrapText(true);
        clock.setMinHeight(Region.USE_PREF_SIZE);
        FontIcon clockIcon = new FontIcon(Material2MZ.TIMER);
        clock.setGraphic(clockIcon);
        clock.getStyleClass().add(Styles.TEXT_BOLD);
        model.overRtoProperty().addListener((obs, was, now) -> styleClock(clock, clockIcon));
        model.startedProperty().addListener((obs, was, now) -> styleClock(clock, clockIcon));
        styleClock(clock, clockIcon);

        Label rpo = Views.text("runbookRpo", model.rpoProperty());
        rpo.setWrapText(true);
        rpo.setMinHeight(Region.USE_PREF_SIZE);
        Views.showWhen(rpo, model.rpoProperty().isNotEmpty());

        Label confirmation = Views.text("runbookConfirmation", model.confirmationProperty());
        confirmation.setWrapText(true);
        confirmation.setMinHeight(Region.USE_PREF_SIZE);
        confirmation.getStyleClass().add(Styles.TEXT_MUTED);
        Views.showWhen(confirmation, model.startedProperty().not());

        ListView<StepRow> steps = new ListView<>(model.steps());
        steps.setId("runbookSteps");
        steps.setPrefHeight(250);
        steps.setCellFactory(v -> new StepCell("runbook"));
        VBox.setVgrow(steps, Priority.ALWAYS);

        Label message = Views.text("runbookMessage", model.messageProperty());
        message.setWrapText(true);
        message.getStyleClass().add(Styles.TEXT_MUTED);
        message.setMinHeight(Region.USE_PREF_SIZE);
        Views.showWhen(message, model.runningProperty().and(model.waitingProperty().isNull()));

        VBox manual = manualPane();
        Label outcome = Views.text("runbookOutcome", model.outcomeProperty());
        outcome.setWrapText(true);
        outcome.setMinHeight(Region.USE_PREF_SIZE);
        outcome.getStyleClass().add(Styles.TEXT_BOLD);
        Views.showWhen(outcome, model.outcomeProperty().isNotEmpty());
        model.succeededProperty().addListener((obs, was, now) -> outcome.setStyle("-fx-text-fill: "
                + (now ? "-color-success-fg" : "-color-danger-fg") + ";"));
        model.finishedProperty().addListener((obs, was, now) -> outcome.setStyle("-fx-text-fill: "
                + (model.succeededProperty().get() ? "-color-success-fg" : "-color-danger-fg") + ";"));

        HBox export = exportRow();

        Button start = new Button("Start runbook", new FontIcon(Material2MZ.PLAY_ARROW));
        start.setId("runbookStart");
        start.setDefaultButton(true);
        start.disableProperty().bind(model.startedProperty().or(model.confirmationProperty().isEmpty()));
        Views.showWhen(start, model.startedProperty().not());
        start.setOnAction(e -> model.start());
        Button cancel = new Button("Cancel");
        cancel.setId("runbookCancel");
        cancel.setTooltip(new Tooltip("Stop the run after its current step (at once while it waits for you)"));
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());
        Button close = new Button("Close");
        close.setId("runbookClose");
        close.setTooltip(new Tooltip("Close this window (Esc); a running runbook is cancelled after you confirm"));
        close.setOnAction(e -> requestClose());
        HBox buttons = new HBox(8, Views.spacer(), start, cancel, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        root.getChildren().addAll(title, summary, clock, rpo, confirmation, steps, message, manual, outcome, export,
                buttons);
        root.setPrefWidth(780);
        root.setPrefHeight(640);

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

        Scene scene = new Scene(root);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), this::requestClose);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN),
                model::confirmManual);
        stage.setScene(scene);
        stage.setTitle("Runbook: " + model.scenario().title());
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

    /** The manual step the run waits at: what to do, the command, Copy command, and "Done, continue". */
    private VBox manualPane() {
        Label heading = new Label();
        heading.setId("runbookManualTitle");
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        heading.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.waitingProperty()
                .get() == null ? "" : "Manual step: " + model.waitingProperty().get().title(),
                model.waitingProperty()));
        heading.setGraphic(new FontIcon(Material2MZ.PERSON));
        Label instructions = Views.text("runbookInstructions", model.instructionsProperty());
        instructions.setWrapText(true);
        instructions.setMinHeight(Region.USE_PREF_SIZE);
        TextField command = new TextField();
        command.setId("runbookCommand");
        command.setEditable(false);
        command.textProperty().bind(model.commandProperty());
        command.setStyle("-fx-font-family: monospace;");
        HBox.setHgrow(command, Priority.ALWAYS);
        Button copy = new Button("Copy command", new FontIcon(Material2AL.CONTENT_COPY));
        copy.setId("runbookCopy");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.commandProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
        });
        Button done = new Button("Done, continue", new FontIcon(Material2AL.CHECK));
        done.setId("runbookDone");
        done.getStyleClass().add(Styles.ACCENT);
        done.setTooltip(new Tooltip("You have carried the step out: the runbook goes on (Ctrl+Enter)"));
        done.setOnAction(e -> model.confirmManual());
        HBox commandRow = new HBox(8, new Label("By hand:"), command);
        commandRow.setAlignment(Pos.CENTER_LEFT);
        HBox actions = new HBox(8, copy, done);
        actions.setAlignment(Pos.CENTER_RIGHT);
        Label hint = new Label("The runbook waits here until you have carried the step out. Cancel stops it here.");
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox pane = new VBox(6, heading, instructions, commandRow, actions, hint);
        pane.setId("runbookManual");
        pane.setPadding(new Insets(10));
        pane.setStyle("-fx-background-color: -color-warning-subtle; -fx-background-radius: 4;");
        model.waitingProperty().addListener((obs, was, now) -> {
            if (now != null) {
                done.requestFocus();
            }
        });
        return Views.showWhen(pane, model.waitingProperty().isNotNull());
    }

    /** Where the timeline goes, Browse…, and Export timeline; shown once the run has ended. */
    private HBox exportRow() {
        return Views.showWhen(exportRow("runbook", model.exportPathProperty(), model.exportMessageProperty(),
                model::export, stage), model.finishedProperty());
    }

    /**
     * Where a timeline goes, Browse…, Export timeline and how the export went, with ids {@code PREFIX}ExportPath,
     * {@code PREFIX}ExportBrowse, {@code PREFIX}Export, {@code PREFIX}ExportMessage and {@code PREFIX}ExportRow.
     */
    static HBox exportRow(String prefix, StringProperty file, ObservableStringValue message, Runnable export,
                          Window owner) {
        TextField path = new TextField();
        path.setId(prefix + "ExportPath");
        path.setPromptText("File to write the timeline to (Markdown)");
        path.textProperty().bindBidirectional(file);
        HBox.setHgrow(path, Priority.ALWAYS);
        path.setOnAction(e -> export.run());
        Button browse = new Button("Browse…");
        browse.setId(prefix + "ExportBrowse");
        browse.setOnAction(e -> choose(file, export, owner));
        Button write = new Button("Export timeline", new FontIcon(Material2MZ.SAVE));
        write.setId(prefix + "Export");
        write.setTooltip(new Tooltip("Write the timeline as Markdown, for the postmortem"));
        write.setOnAction(e -> export.run());
        Label written = Views.text(prefix + "ExportMessage", message);
        written.setWrapText(true);
        written.getStyleClass().add(Styles.TEXT_SMALL);
        HBox row = new HBox(8, new Label("Timeline:"), path, browse, write);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(4, row, written);
        HBox outer = new HBox(box);
        HBox.setHgrow(box, Priority.ALWAYS);
        outer.setId(prefix + "ExportRow");
        return outer;
    }

    /** "Browse…": a save dialog; the chosen file is written at once. */
    private static void choose(StringProperty file, Runnable export, Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the timeline");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Markdown", "*.md"));
        String current = file.get();
        if (current != null && !current.isBlank()) {
            Path p = Path.of(current);
            if (p.getParent() != null && p.getParent().toFile().isDirectory()) {
                chooser.setInitialDirectory(p.getParent().toFile());
            }
            chooser.setInitialFileName(p.getFileName().toString());
        }
        File chosen = chooser.showSaveDialog(owner);
        if (chosen != null) {
            file.set(chosen.getPath());
            export.run();
        }
    }

    private void styleClock(Label clock, FontIcon icon) {
        styleClock(clock, icon, model.startedProperty().get(), model.overRtoProperty().get());
    }

    /** A clock line's colour: muted before the start, the danger colour past its target. */
    static void styleClock(Label clock, FontIcon icon, boolean started, boolean over) {
        String colour = !started ? "-color-fg-muted" : over ? "-color-danger-fg" : "-color-fg-default";
        clock.setStyle("-fx-text-fill: " + colour + "; -fx-font-size: 1.15em;");
        Views.iconColour(icon, colour);
    }

    /** Closes the window unless a run goes on and the person keeps it. */
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

    public RunbookViewModel model() {
        return model;
    }

    public Stage stage() {
        return stage;
    }

    public VBox node() {
        return root;
    }

    /** A step: its state as a word and an icon, its title, and what it did or why not. */
    static final class StepCell extends ListCell<StepRow> {
        private final String prefix;

        /** @param prefix the cells' ids are {@code PREFIX}Step-STEP */
        StepCell(String prefix) {
            this.prefix = prefix;
        }

        @Override
        protected void updateItem(StepRow item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                setId(null);
                return;
            }
            String state = item.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            setId(prefix + "Step-" + item.step().id());
            setText(null);
            Label line = new Label(state + "  ·  " + item.step().title());
            Label detail = new Label(item.detail());
            detail.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            for (Label l : new Label[] {line, detail}) {
                l.setWrapText(true);
                l.setMinHeight(Region.USE_PREF_SIZE);
                if (getListView() != null) {
                    l.maxWidthProperty().bind(getListView().widthProperty().subtract(70));
                }
            }
            detail.setVisible(!item.detail().isEmpty());
            detail.setManaged(!item.detail().isEmpty());
            FontIcon icon = new FontIcon(switch (item.state()) {
                case PENDING, NOT_RUN -> Material2MZ.RADIO_BUTTON_UNCHECKED;
                case RUNNING -> Material2MZ.PLAY_CIRCLE_OUTLINE;
                case DONE -> Material2AL.CHECK_CIRCLE;
                case SKIPPED -> Material2MZ.REMOVE_CIRCLE_OUTLINE;
                case FAILED -> Material2AL.ERROR;
                case CANCELLED -> Material2AL.CANCEL;
            });
            Views.iconColour(icon, switch (item.state()) {
                case DONE -> "-color-success-fg";
                case FAILED -> "-color-danger-fg";
                case RUNNING -> "-color-accent-fg";
                case CANCELLED -> "-color-warning-fg";
                default -> "-color-fg-muted";
            });
            HBox row = new HBox(8, icon, new VBox(2, line, detail));
            row.setAlignment(Pos.TOP_LEFT);
            setGraphic(row);
        }
    }
}
