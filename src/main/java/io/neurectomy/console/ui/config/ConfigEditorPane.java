package io.neurectomy.console.ui.config;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.config.ConfigHistory;
import io.neurectomy.console.core.config.ReplicaResult;
import io.neurectomy.console.core.config.ThreeWayMerge;
import io.neurectomy.console.core.util.TextDiff;
import io.neurectomy.console.ui.fx.FindingsView;
import io.neurectomy.console.ui.fx.Views;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The page of one configuration object: a tool bar (Apply with Ctrl+S, Revert, Reload, History, Reveal), the
 * editor (one tab per rule file for the rules), the problems, and the review, conflict and history panes that take
 * the editor's place when they are open.
 */
final class ConfigEditorPane {
    private static final KeyCombination SAVE = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final ConfigEditorModel model;
    private final BorderPane root = new BorderPane();
    private final StackPane center = new StackPane();
    private final TabPane files = new TabPane();
    private final Map<ConfigDocument, YamlEditor> editors = new HashMap<>();
    private final FindingsView problems = new FindingsView(FXCollections.observableArrayList());
    private final Node editorView;
    private Node overlay;

    ConfigEditorPane(ConfigEditorModel model) {
        this.model = model;
        root.getStyleClass().add("config-editor");

        Button apply = new Button("Apply…");
        apply.setId("config-apply-" + model.target().cliName());
        apply.setTooltip(new Tooltip("Review the diff, then apply and reload each replica in turn (Ctrl+S)"));
        apply.setOnAction(e -> openReview());
        apply.disableProperty().bind(model.operation().busyProperty().or(model.serviceProperty().isNull()));
        Button revert = new Button("Revert");
        revert.setTooltip(new Tooltip("Drop the edit and show what the cluster has"));
        revert.setOnAction(e -> model.revert());
        revert.disableProperty().bind(model.operation().busyProperty().or(model.dirtyProperty().not()));
        MenuButton reload = new MenuButton("Reload");
        reload.setId("config-reload-" + model.target().cliName());
        reload.disableProperty().bind(model.operation().busyProperty().or(model.serviceProperty().isNull()));
        reload.setOnShowing(e -> fillReloadMenu(reload));
        ToggleButton history = new ToggleButton("History");
        history.setOnAction(e -> {
            if (history.isSelected()) {
                model.loadHistory();
                showOverlay(historyPane(history));
            } else {
                closeOverlay();
            }
        });
        ToolBar bar = new ToolBar(apply, revert, reload, history);
        if (model.target().secret()) {
            ToggleButton reveal = new ToggleButton("Reveal secrets");
            reveal.setId("config-reveal");
            reveal.setTooltip(new Tooltip("Secret values (webhook URLs, keys, passwords) are hidden until revealed"));
            reveal.selectedProperty().addListener((o, was, now) -> model.documents()
                    .forEach(d -> d.setRevealed(now)));
            bar.getItems().add(reveal);
        }
        if (model.target().key() == null) {
            Button add = new Button("New file…");
            add.setOnAction(e -> {
                TextInputDialog ask = new TextInputDialog("new-rules.yml");
                ask.setHeaderText("Name of the new rule file (a key of " + model.target().ref() + ")");
                ask.showAndWait().ifPresent(model::addFile);
            });
            Button remove = new Button("Remove file");
            remove.disableProperty().bind(model.selectedProperty().isNull());
            remove.setOnAction(e -> Optional.ofNullable(model.selectedProperty().get()).ifPresent(model::removeFile));
            bar.getItems().addAll(add, remove);
        }
        Label version = new Label();
        version.getStyleClass().add("config-version");
        version.textProperty().bind(Bindings.createStringBinding(() -> model.base()
                .map(b -> b.target().ref() + " · version " + b.resourceVersion()).orElse(""),
                model.statusProperty(), model.documents()));
        Region spacer = Views.spacer();
        bar.getItems().addAll(spacer, version);

        files.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        model.documents().addListener((ListChangeListener<ConfigDocument>) c -> rebuildTabs());
        files.getSelectionModel().selectedIndexProperty().addListener((o, was, now) -> {
            int i = now.intValue();
            if (i >= 0 && i < model.documents().size()) {
                model.selectedProperty().set(model.documents().get(i));
            }
        });
        rebuildTabs();

        problems.setPrefHeight(110);
        problems.setPlaceholder(new Label("No problems."));
        problems.getStyleClass().add("config-problems");
        problems.setOnMouseClicked(e -> {
            Finding p = problems.getSelectionModel().getSelectedItem();
            ConfigDocument doc = model.selectedProperty().get();
            if (p != null && doc != null && editors.containsKey(doc)) {
                editors.get(doc).reveal(p);
            }
        });
        model.selectedProperty().addListener((o, was, now) -> {
            problems.setItems(now == null ? FXCollections.observableArrayList() : now.findings());
            int index = model.documents().indexOf(now);
            if (index >= 0 && files.getSelectionModel().getSelectedIndex() != index) {
                files.getSelectionModel().select(index);
            }
        });

        editorView = new SplitPane(files, problems);
        ((SplitPane) editorView).setOrientation(javafx.geometry.Orientation.VERTICAL);
        ((SplitPane) editorView).setDividerPositions(0.8);
        center.getChildren().add(editorView);

        Label status = new Label();
        status.getStyleClass().add("config-status");
        status.textProperty().bind(model.statusProperty());
        Label error = new Label();
        error.setId("config-error-" + model.target().cliName());
        error.getStyleClass().add("config-error");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        Views.showWhen(error, model.errorProperty().isNotEmpty());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(model.operation().progressProperty());
        progress.setPrefWidth(180);
        Label progressText = new Label();
        progressText.textProperty().bind(model.operation().messageProperty());
        Button cancel = new Button("Cancel");
        cancel.setOnAction(e -> model.cancel());
        HBox running = new HBox(8, progress, progressText, cancel);
        running.setAlignment(Pos.CENTER_LEFT);
        Views.showWhen(running, model.operation().busyProperty());
        VBox bottom = new VBox(4, running, error, reportView(), status);
        bottom.setPadding(new Insets(6, 8, 6, 8));

        root.setTop(bar);
        root.setCenter(center);
        root.setBottom(bottom);
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (SAVE.match(e)) {
                openReview();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && overlay != null) {
                model.closeReview();
                closeOverlay();
                history.setSelected(false);
                e.consume();
            }
        });
        model.reviewProperty().addListener((o, was, now) -> {
            if (now != null) {
                showOverlay(reviewPane(now));
            } else if (overlay != null && "review".equals(overlay.getUserData())) {
                closeOverlay();
            }
        });
        model.conflictProperty().addListener((o, was, now) -> {
            if (now != null) {
                showOverlay(conflictPane(now));
            } else if (overlay != null && "conflict".equals(overlay.getUserData())) {
                closeOverlay();
            }
        });
    }

    Node node() {
        return root;
    }

    private void openReview() {
        if (!model.operation().busyProperty().get()) {
            model.review();
        }
    }

    private void rebuildTabs() {
        ConfigDocument keep = model.selectedProperty().get();
        files.getTabs().clear();
        editors.keySet().retainAll(model.documents());
        for (ConfigDocument doc : model.documents()) {
            YamlEditor editor = editors.computeIfAbsent(doc, d -> {
                YamlEditor created = new YamlEditor(d);
                PauseTransition pause = new PauseTransition(Duration.millis(300));
                pause.setOnFinished(e -> model.validateWhileTyping(d));
                d.textProperty().addListener((o, was, now) -> {
                    model.edited(d);
                    pause.playFromStart();
                });
                return created;
            });
            Tab tab = new Tab();
            tab.textProperty().bind(Bindings.when(doc.dirtyProperty()).then("● " + doc.key()).otherwise(doc.key()));
            tab.setContent(editor.node());
            files.getTabs().add(tab);
        }
        int index = model.documents().indexOf(keep);
        if (index >= 0) {
            files.getSelectionModel().select(index);
        }
    }

    private void fillReloadMenu(MenuButton menu) {
        menu.getItems().clear();
        MenuItem all = new MenuItem("All replicas, one at a time");
        all.setOnAction(e -> model.reloadServer(Optional.empty()));
        menu.getItems().add(all);
        for (String pod : model.replicas()) {
            MenuItem one = new MenuItem("Only " + pod);
            one.setOnAction(e -> model.reloadServer(Optional.of(pod)));
            menu.getItems().add(one);
        }
        menu.getItems().add(new SeparatorMenuItem());
        MenuItem restart = new MenuItem("Rollout restart " + model.target().server().workload() + "…");
        restart.setOnAction(e -> model.restartServer());
        menu.getItems().add(restart);
    }

    private Node reportView() {
        ListView<ReplicaResult> list = new ListView<>();
        list.setPrefHeight(80);
        list.getStyleClass().add("config-report");
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ReplicaResult r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : r.pod() + "   " + r.outcome() + "   " + r.detail());
            }
        });
        Label serverError = new Label();
        serverError.getStyleClass().add("config-server-error");
        serverError.setWrapText(true);
        VBox box = new VBox(4, list, serverError);
        model.reportProperty().addListener((o, was, now) -> {
            list.getItems().setAll(now == null ? List.of() : now.replicas());
            serverError.setText(now == null || now.serverError() == null ? ""
                    : "The server said: " + now.serverError());
        });
        Views.showWhen(box, model.reportProperty().isNotNull());
        return box;
    }

    private void showOverlay(Node pane) {
        closeOverlay();
        overlay = pane;
        center.getChildren().add(pane);
        editorView.setVisible(false);
    }

    private void closeOverlay() {
        if (overlay != null) {
            center.getChildren().remove(overlay);
            overlay = null;
        }
        editorView.setVisible(true);
    }

    private Node reviewPane(List<ConfigEditorModel.FileDiff> diffs) {
        VBox box = new VBox(8);
        box.setUserData("review");
        box.setId("config-review");
        box.getStyleClass().add("config-overlay");
        box.setPadding(new Insets(10));
        Label title = new Label("Review: the changes against " + model.base().map(b -> b.target().ref()
                + " version " + b.resourceVersion()).orElse("the live object"));
        title.getStyleClass().add("config-overlay-title");
        Label explain = new Label("Apply writes the object, waits for the kubelet to update each pod's mounted file"
                + " (it syncs about once a minute), reloads one replica at a time and verifies it. On any failure"
                + " the previous config is written back and reloaded.");
        explain.setWrapText(true);
        box.getChildren().addAll(title, explain);
        for (ConfigEditorModel.FileDiff diff : diffs) {
            Label name = new Label(diff.key() + "  (+" + diff.diff().added() + " −" + diff.diff().removed() + ")"
                    + (diff.redacted() ? "  secret values hidden" : ""));
            name.getStyleClass().add("config-diff-file");
            ListView<TextDiff.Line> lines = diffList(diff.diff());
            VBox.setVgrow(lines, Priority.ALWAYS);
            box.getChildren().addAll(name, lines);
        }
        Button go = new Button("Apply and reload");
        go.setId("config-review-apply");
        go.setDefaultButton(true);
        go.setOnAction(e -> model.apply());
        Button back = new Button("Back to editing");
        back.setCancelButton(true);
        back.setOnAction(e -> model.closeReview());
        box.getChildren().add(new HBox(8, go, back));
        return box;
    }

    private Node conflictPane(EditConflict conflict) {
        VBox box = new VBox(8);
        box.setUserData("conflict");
        box.setId("config-conflict");
        box.getStyleClass().add("config-overlay");
        box.setPadding(new Insets(10));
        Label title = new Label("Someone else changed " + model.target().ref() + " (now version "
                + conflict.theirs().resourceVersion() + "). Nothing was written.");
        title.getStyleClass().add("config-overlay-title");
        Label explain = new Label(conflict.clean()
                ? "Your changes and theirs touch different lines: the merge below combines both."
                : "Some lines were changed by both: the merge marks them <<<<<<< theirs … ======= … >>>>>>> mine"
                + " for you to resolve.");
        explain.setWrapText(true);
        box.getChildren().addAll(title, explain);
        String baseVersion = model.base().map(b -> b.resourceVersion()).orElse("?");
        for (Map.Entry<String, ThreeWayMerge.Result> e : conflict.merges().entrySet()) {
            String key = e.getKey();
            String base = conflict.base().getOrDefault(key, "");
            String theirs = conflict.theirs().text(key);
            String mine = conflict.mine().getOrDefault(key, "");
            if (theirs.equals(base) && mine.equals(base)) {
                continue;
            }
            Label name = new Label(key + (e.getValue().clean() ? "" : "  (" + e.getValue().conflicts().size()
                    + " conflict(s))"));
            name.getStyleClass().add("config-diff-file");
            TabPane views = new TabPane(
                    diffTab("Their change (" + baseVersion + " → " + conflict.theirs().resourceVersion() + ")",
                            base, theirs),
                    diffTab("Your change", base, mine),
                    diffTab("The merge (against theirs)", theirs, e.getValue().merged()));
            views.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
            views.getSelectionModel().select(2);
            VBox.setVgrow(views, Priority.ALWAYS);
            box.getChildren().addAll(name, views);
        }
        Button merge = new Button(conflict.clean() ? "Use the merge" : "Edit the merge");
        merge.setId("config-use-merge");
        merge.setDefaultButton(true);
        merge.setOnAction(e -> model.useMerge());
        Button theirs = new Button("Take theirs (drop my edit)");
        theirs.setOnAction(e -> model.takeTheirs());
        box.getChildren().add(new HBox(8, merge, theirs));
        return box;
    }

    private Tab diffTab(String title, String from, String to) {
        boolean secret = model.target().secret();
        return new Tab(title, diffList(secret ? TextDiff.of(io.neurectomy.console.core.config.SecretMask.redact(from),
                io.neurectomy.console.core.config.SecretMask.redact(to)) : TextDiff.of(from, to)));
    }

    private Node historyPane(ToggleButton toggle) {
        VBox box = new VBox(8);
        box.setUserData("history");
        box.getStyleClass().add("config-overlay");
        box.setPadding(new Insets(10));
        Label title = new Label("Applied versions of " + model.target().ref() + " on this context (newest first)");
        title.getStyleClass().add("config-overlay-title");
        ListView<ConfigHistory.Version> versions = new ListView<>(model.history());
        versions.setPrefHeight(140);
        versions.setPlaceholder(new Label("Nothing applied from this console yet."));
        versions.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ConfigHistory.Version v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : TIME.format(v.time()) + "   version " + v.resourceVersion());
            }
        });
        VBox diffBox = new VBox(4);
        VBox.setVgrow(diffBox, Priority.ALWAYS);
        versions.getSelectionModel().selectedItemProperty().addListener((o, was, v) -> {
            diffBox.getChildren().clear();
            if (v == null) {
                return;
            }
            List<ConfigEditorModel.FileDiff> diffs = model.diffTo(v);
            if (diffs.isEmpty()) {
                diffBox.getChildren().add(new Label("Same as what the cluster has now."));
            }
            for (ConfigEditorModel.FileDiff d : diffs) {
                Label name = new Label(d.key() + ": now → this version");
                name.getStyleClass().add("config-diff-file");
                ListView<TextDiff.Line> lines = diffList(d.diff());
                VBox.setVgrow(lines, Priority.ALWAYS);
                diffBox.getChildren().addAll(name, lines);
            }
        });
        Button restore = new Button("Load this version as an edit");
        restore.disableProperty().bind(versions.getSelectionModel().selectedItemProperty().isNull());
        restore.setOnAction(e -> {
            model.restore(versions.getSelectionModel().getSelectedItem());
            toggle.setSelected(false);
            closeOverlay();
        });
        Button close = new Button("Close");
        close.setOnAction(e -> {
            toggle.setSelected(false);
            closeOverlay();
        });
        box.getChildren().addAll(title, versions, diffBox, new HBox(8, restore, close));
        return box;
    }

    static ListView<TextDiff.Line> diffList(TextDiff diff) {
        ListView<TextDiff.Line> list = new ListView<>();
        list.getStyleClass().add("config-diff");
        list.setFixedCellSize(22);
        list.getItems().setAll(diff.lines());
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(TextDiff.Line line, boolean empty) {
                super.updateItem(line, empty);
                getStyleClass().removeAll("diff-added", "diff-removed");
                if (empty || line == null) {
                    setText(null);
                    return;
                }
                String mark = switch (line.kind()) {
                    case ADDED -> "+ ";
                    case REMOVED -> "− ";
                    case SAME -> "  ";
                };
                String number = line.kind() == TextDiff.Kind.ADDED ? String.valueOf(line.newLine())
                        : String.valueOf(line.oldLine());
                setText(String.format("%4s %s%s", number, mark, line.text()));
                if (line.kind() == TextDiff.Kind.ADDED) {
                    getStyleClass().add("diff-added");
                } else if (line.kind() == TextDiff.Kind.REMOVED) {
                    getStyleClass().add("diff-removed");
                }
            }
        });
        // Start at the first change.
        for (int i = 0; i < diff.lines().size(); i++) {
            if (diff.lines().get(i).kind() != TextDiff.Kind.SAME) {
                list.scrollTo(Math.max(0, i - 3));
                break;
            }
        }
        return list;
    }
}
