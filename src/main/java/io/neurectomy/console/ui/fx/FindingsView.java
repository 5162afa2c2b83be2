package io.neurectomy.console.ui.fx;

import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import java.util.function.Consumer;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The one list of findings every section shows (topology, deploy validation, config problems, health): severity
 * icon, message and subject, what it means and how to fix it, where it is written, and the fix action as a link.
 * Inline styles keep it self-contained: the theme's colour variables give severity its colour.
 */
public final class FindingsView extends ListView<Finding> {
    private Consumer<FixAction> onAction = a -> {
    };

    public FindingsView(ObservableList<Finding> findings) {
        super(findings);
        getStyleClass().add("findings-view");
        setCellFactory(list -> new Cell());
        setPlaceholder(new Label("No findings."));
    }

    /** What a click on a finding's action link does. */
    public void setOnAction(Consumer<FixAction> handler) {
        onAction = handler == null ? a -> {
        } : handler;
    }

    /** The icon and colour of a severity, for any view that shows one. */
    public static FontIcon icon(Severity severity) {
        FontIcon icon = new FontIcon(switch (severity) {
            case CRITICAL, ERROR -> Material2AL.ERROR;
            case WARNING -> Material2MZ.WARNING;
            case UNKNOWN -> Material2AL.HELP_OUTLINE;
            case INFO -> Material2AL.INFO;
            case OK -> Material2AL.CHECK_CIRCLE;
        });
        icon.setStyle("-fx-icon-color: " + switch (severity) {
            case CRITICAL, ERROR -> "-color-danger-fg";
            case WARNING -> "-color-warning-fg";
            case UNKNOWN -> "-color-fg-muted";
            case INFO -> "-color-accent-fg";
            case OK -> "-color-success-fg";
        } + ";");
        icon.getStyleClass().add("finding-icon");
        return icon;
    }

    private final class Cell extends ListCell<Finding> {
        private final Label message = new Label();
        private final Label detail = new Label();
        private final Label fix = new Label();
        private final Label where = new Label();
        private final Hyperlink action = new Hyperlink();
        private final VBox text = new VBox(2, message, detail, fix, where, action);
        private final HBox root = new HBox(8);

        Cell() {
            message.setWrapText(true);
            message.setStyle("-fx-font-weight: bold;");
            for (Label l : new Label[] {detail, fix, where}) {
                l.setWrapText(true);
                l.managedProperty().bind(l.visibleProperty());
            }
            where.setStyle("-fx-text-fill: -color-fg-muted;");
            action.managedProperty().bind(action.visibleProperty());
            action.setPadding(Insets.EMPTY);
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            root.setAlignment(Pos.TOP_LEFT);
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(Finding f, boolean empty) {
            super.updateItem(f, empty);
            if (empty || f == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            message.setText((f.subject().isEmpty() ? "" : f.subject() + ": ") + f.message());
            detail.setText(f.detail());
            detail.setVisible(!f.detail().isEmpty());
            fix.setText("Fix: " + f.fix());
            fix.setVisible(!f.fix().isEmpty());
            where.setText(f.location());
            where.setVisible(!f.location().isEmpty());
            action.setVisible(f.action().isPresent());
            f.action().ifPresent(a -> {
                action.setText(a.label());
                action.setOnAction(e -> onAction.accept(a));
            });
            root.getChildren().setAll(icon(f.severity()), text);
            Tooltip tip = new Tooltip(f.severity() + " [" + f.code() + "]" + (f.evidence().isEmpty() ? ""
                    : "\n\n" + f.evidence()));
            tip.setWrapText(true);
            tip.setMaxWidth(480);
            setTooltip(tip);
            setGraphic(root);
        }
    }
}
