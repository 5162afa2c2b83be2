package io.neurectomy.console.ui.config;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.config.ValidationReport;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.event.MouseOverTextEvent;

/**
 * A YAML code editor: highlighting, line numbers, problems underlined at their line and column with the message on
 * hover, undo and redo (Ctrl+Z, Ctrl+Y), and a find-and-replace bar (Ctrl+F, Ctrl+H; Enter finds the next, Esc
 * closes). The text is the document's; the editor only shows it.
 */
final class YamlEditor {
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination REPLACE = new KeyCodeCombination(KeyCode.H, KeyCombination.SHORTCUT_DOWN);

    private final ConfigDocument document;
    private final CodeArea area = new CodeArea();
    private final VBox root;
    private final HBox findBar;
    private final TextField findField = new TextField();
    private final TextField replaceField = new TextField();
    private final CheckBox matchCase = new CheckBox("Match case");
    private final Label findStatus = new Label();
    private final Popup popup = new Popup();
    private final Label popupText = new Label();
    private boolean updating;

    YamlEditor(ConfigDocument document) {
        this.document = document;
        area.getStyleClass().add("yaml-editor");
        area.setParagraphGraphicFactory(LineNumberFactory.get(area));
        area.replaceText(document.textProperty().get());
        area.moveTo(0);
        area.getUndoManager().forgetHistory();
        area.textProperty().addListener((obs, old, now) -> {
            if (!updating) {
                document.textProperty().set(now);
            }
            restyle();
        });
        document.textProperty().addListener((obs, old, now) -> {
            if (!now.equals(area.getText())) {
                // A change from outside (revert, merge, restore): keep the caret where it was.
                int caret = area.getCaretPosition();
                updating = true;
                try {
                    area.replaceText(now);
                } finally {
                    updating = false;
                }
                area.moveTo(Math.min(caret, area.getLength()));
                area.requestFollowCaret();
            }
        });
        document.findings().addListener((javafx.collections.ListChangeListener<Finding>) c -> restyle());
        restyle();

        popupText.getStyleClass().add("problem-popup");
        popupText.setWrapText(true);
        popupText.setMaxWidth(520);
        popup.getContent().add(popupText);
        area.setMouseOverTextDelay(Duration.ofMillis(300));
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_BEGIN, e -> {
            String message = messageAt(e.getCharacterIndex());
            if (message != null) {
                popupText.setText(message);
                popup.show(area, e.getScreenPosition().getX(), e.getScreenPosition().getY() + 12);
            }
        });
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_END, e -> popup.hide());

        findField.setPromptText("Find");
        replaceField.setPromptText("Replace with");
        Button next = new Button("Next");
        next.setOnAction(e -> findNext());
        Button replace = new Button("Replace");
        replace.setOnAction(e -> replaceOne());
        Button replaceAll = new Button("Replace all");
        replaceAll.setOnAction(e -> replaceAll());
        Button close = new Button("✕");
        close.setOnAction(e -> hideFind());
        findField.setOnAction(e -> findNext());
        replaceField.setOnAction(e -> replaceOne());
        findBar = new HBox(6, findField, next, replaceField, replace, replaceAll, matchCase, findStatus, close);
        findBar.setAlignment(Pos.CENTER_LEFT);
        findBar.setPadding(new Insets(4, 6, 4, 6));
        findBar.getStyleClass().add("find-bar");
        findBar.setVisible(false);
        findBar.setManaged(false);
        findBar.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                hideFind();
                e.consume();
            }
        });
        area.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (FIND.match(e)) {
                showFind(false);
                e.consume();
            } else if (REPLACE.match(e)) {
                showFind(true);
                e.consume();
            }
        });

        VirtualizedScrollPane<CodeArea> scroll = new VirtualizedScrollPane<>(area);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root = new VBox(findBar, scroll);
    }

    Node node() {
        return root;
    }

    CodeArea area() {
        return area;
    }

    /** Puts the caret at a finding's place and shows it. */
    void reveal(Finding finding) {
        int[] range = YamlStyles.range(area.getText(), finding);
        area.selectRange(Math.min(range[0], area.getLength()), Math.min(range[1], area.getLength()));
        area.requestFollowCaret();
        area.requestFocus();
    }

    private void restyle() {
        String text = area.getText();
        area.setStyleSpans(0, YamlStyles.compute(text, List.copyOf(document.findings())));
    }

    private String messageAt(int index) {
        String text = area.getText();
        StringBuilder out = new StringBuilder();
        for (Finding p : document.findings()) {
            int[] r = YamlStyles.range(text, p);
            if (index >= r[0] && index < r[1]) {
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append(ValidationReport.isError(p) ? "Error: " : "Warning: ").append(p.message());
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    private void showFind(boolean withReplace) {
        findBar.setVisible(true);
        findBar.setManaged(true);
        replaceField.setDisable(!withReplace);
        String selected = area.getSelectedText();
        if (!selected.isEmpty() && !selected.contains("\n")) {
            findField.setText(selected);
        }
        findField.requestFocus();
        findField.selectAll();
    }

    private void hideFind() {
        findBar.setVisible(false);
        findBar.setManaged(false);
        findStatus.setText("");
        area.requestFocus();
    }

    private int indexOf(String text, String needle, int from) {
        if (matchCase.isSelected()) {
            return text.indexOf(needle, from);
        }
        return text.toLowerCase(Locale.ROOT).indexOf(needle.toLowerCase(Locale.ROOT), from);
    }

    /** Selects the next match after the caret, wrapping at the end. */
    boolean findNext() {
        String needle = findField.getText();
        if (needle.isEmpty()) {
            return false;
        }
        String text = area.getText();
        int at = indexOf(text, needle, area.getSelection().getEnd());
        if (at < 0) {
            at = indexOf(text, needle, 0);
        }
        if (at < 0) {
            findStatus.setText("Not found");
            return false;
        }
        findStatus.setText("");
        area.selectRange(at, at + needle.length());
        area.requestFollowCaret();
        return true;
    }

    private void replaceOne() {
        String needle = findField.getText();
        String selected = area.getSelectedText();
        boolean matches = matchCase.isSelected() ? selected.equals(needle) : selected.equalsIgnoreCase(needle);
        if (!needle.isEmpty() && matches) {
            area.replaceSelection(replaceField.getText());
        }
        findNext();
    }

    private void replaceAll() {
        String needle = findField.getText();
        if (needle.isEmpty()) {
            return;
        }
        String text = area.getText();
        StringBuilder out = new StringBuilder();
        int count = 0;
        int from = 0;
        int at;
        while ((at = indexOf(text, needle, from)) >= 0) {
            out.append(text, from, at).append(replaceField.getText());
            from = at + needle.length();
            count++;
        }
        out.append(text.substring(from));
        if (count > 0) {
            // One edit, so one undo step.
            area.replaceText(0, area.getLength(), out.toString());
        }
        findStatus.setText(count + " replaced");
    }
}
