package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import java.util.List;
import java.util.Set;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * One finding: severity icon and title; what it means and what fixes it when expanded (a click on the title) and
 * in the tooltip; the console's action as a link.
 */
final class FindingCell extends SlotCell<Finding> {
    private static final java.util.Map<Severity, PseudoClass> SEVERITY = java.util.Map.of(
            Severity.CRITICAL, PseudoClass.getPseudoClass("critical"),
            Severity.WARNING, PseudoClass.getPseudoClass("warning"),
            Severity.INFO, PseudoClass.getPseudoClass("info"));
    private final TopologyViewModel model;
    private final Set<String> expanded;
    private final FontIcon icon = new FontIcon(Material2AL.ERROR);
    private final Label title = new Label();
    private final FontIcon chevron = new FontIcon(Material2AL.EXPAND_MORE);
    private final Label meaning = new Label();
    private final Label fix = new Label();
    private final Hyperlink action = new Hyperlink();
    private final VBox text;
    private final HBox root;
    private final Tooltip tip = new Tooltip();

    FindingCell(TopologyViewModel model, Set<String> expanded) {
        this.model = model;
        this.expanded = expanded;
        setPrefWidth(0);
        icon.getStyleClass().add("finding-icon");
        title.getStyleClass().add("finding-title");
        title.setWrapText(true);
        title.setGraphic(chevron);
        title.setContentDisplay(ContentDisplay.RIGHT);
        title.setOnMouseClicked(e -> toggle());
        for (Label l : List.of(meaning, fix)) {
            l.setWrapText(true);
            l.managedProperty().bind(l.visibleProperty());
        }
        meaning.getStyleClass().add("text-muted");
        action.managedProperty().bind(action.visibleProperty());
        action.setPadding(javafx.geometry.Insets.EMPTY);
        text = new VBox(3, title, meaning, fix, action);
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        root = new HBox(8, icon, text);
        root.setAlignment(Pos.TOP_LEFT);
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    static String key(Finding f) {
        return f.code() + "|" + f.subject();
    }

    private void toggle() {
        Finding f = row();
        if (f == null) {
            return;
        }
        if (!expanded.remove(key(f))) {
            expanded.add(key(f));
        }
        show(f);
        requestLayout();
        getListView().requestLayout();
    }

    @Override
    protected double computePrefHeight(double width) {
        if (isEmpty() || row() == null) {
            return super.computePrefHeight(width);
        }
        double w = width > 0 ? width : getWidth();
        return root.prefHeight(Math.max(120, w - snappedLeftInset() - snappedRightInset())) + snappedTopInset()
                + snappedBottomInset();
    }

    @Override
    void clear() {
        setGraphic(null);
        setTooltip(null);
    }

    @Override
    void render(Finding f) {
        show(f);
        setGraphic(root);
    }

    private void show(Finding f) {
        icon.setIconCode(switch (f.severity()) {
            case CRITICAL, ERROR -> Material2AL.ERROR;
            case WARNING -> Material2MZ.WARNING;
            case UNKNOWN, INFO, OK -> Material2AL.LIGHTBULB;
        });
        for (Severity s : SEVERITY.keySet()) {
            Chips.flag(icon, SEVERITY.get(s), s == f.severity());
        }
        Chips.flag(title, SEVERITY.get(Severity.CRITICAL), f.severity() == Severity.CRITICAL);
        title.setText(f.message());
        boolean open = expanded.contains(key(f));
        chevron.setIconCode(open ? Material2AL.EXPAND_LESS : Material2AL.EXPAND_MORE);
        meaning.setText(f.detail());
        fix.setText("Fix: " + f.fix());
        meaning.setVisible(open);
        fix.setVisible(open);
        action.setVisible(f.action().isPresent());
        f.action().ifPresent(a -> {
            action.setText(a.label());
            action.setOnAction(e -> model.runFixAction(a));
        });
        tip.setText(f.severity() + ": " + f.message() + "\n\n" + f.detail() + "\n\nFix: " + f.fix());
        setTooltip(tip);
    }
}
