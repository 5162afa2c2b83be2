package io.neurectomy.console.ui.fx;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.util.function.Function;
import javafx.beans.property.Property;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Cell;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The pieces every section's view builds the same way: its root column, titles, a heading row, message strips,
 * list and table placeholders, read-only table columns, and nodes shown only while a condition holds.
 */
public final class Views {
    private Views() {
    }

    /** A section's root: a column with {@code id}, {@code spacing} between its rows and {@code padding} around. */
    public static VBox page(String id, double spacing, double padding) {
        VBox root = new VBox(spacing);
        root.setId(id);
        root.setPadding(new Insets(padding));
        return root;
    }

    /** A heading in one of AtlantaFX's title styles ({@link Styles#TITLE_2} to {@link Styles#TITLE_4}). */
    public static Label title(String text, String titleStyle) {
        Label label = new Label(text);
        label.getStyleClass().add(titleStyle);
        return label;
    }

    /** A title and what stands beside it (a context, a count), on one baseline. */
    public static HBox heading(double spacing, Node... nodes) {
        HBox heading = new HBox(spacing, nodes);
        heading.setAlignment(Pos.BASELINE_LEFT);
        return heading;
    }

    /** A node that takes the free width of the row it stands in. */
    public static Region spacer() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }

    /** Shows {@code node} only while {@code condition} holds; hidden, it takes no room. */
    public static <N extends Node> N showWhen(N node, ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
        return node;
    }

    /** {@code field} with {@code id} and {@code prompt}, its text bound both ways to {@code value}. */
    public static <F extends TextInputControl> F input(F field, String id, String prompt, Property<String> value) {
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    /** A wrapped label with {@code id} that shows {@code text}. */
    public static Label text(String id, ObservableStringValue text) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.textProperty().bind(text);
        return label;
    }

    /** A wrapped, red label with {@code id} that shows {@code text}, and takes room only when there is some. */
    public static Label error(String id, ObservableStringValue text) {
        Label label = text(id, text);
        label.getStyleClass().add(Styles.DANGER);
        return showWhen(label, label.textProperty().isNotEmpty());
    }

    /**
     * A message strip: {@code icon} (given the style class {@code iconClass}) and the wrapped {@code text} (id
     * {@code id + "Text"}) in a row with {@code id}. The caller styles the row.
     */
    public static HBox strip(String id, ObservableStringValue text, FontIcon icon, String iconClass) {
        // A class, not an inline style: FontIcon keeps its icon font in its own inline style.
        icon.getStyleClass().add(iconClass);
        HBox strip = new HBox(8, icon, text(id + "Text", text));
        strip.setId(id);
        strip.setAlignment(Pos.CENTER_LEFT);
        return strip;
    }

    /**
     * What an empty list or table says: {@code text}, muted, with a spinner while it is
     * {@link SyncStatus#SYNCHRONIZING} (so "nothing there" and "not known yet" look different).
     */
    public static VBox placeholder(ObservableStringValue text) {
        Label label = new Label();
        label.textProperty().bind(text);
        label.setWrapText(true);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(24, 24);
        showWhen(spinner, label.textProperty().isEqualTo(SyncStatus.SYNCHRONIZING));
        VBox box = new VBox(8, spinner, label);
        box.setAlignment(Pos.CENTER);
        return box;
    }

    /**
     * Colours {@code icon} with a theme colour variable ({@code -color-success-fg}). FontIcon keeps its glyph font in
     * its own inline style, so the colour is put beside it: an icon whose style were replaced would draw a box.
     */
    public static void iconColour(FontIcon icon, String colour) {
        String rest = icon.getStyle() == null ? "" : icon.getStyle().replaceAll("-fx-icon-color\\s*:[^;]*;?", "")
                .strip();
        icon.setStyle(rest + (rest.isEmpty() || rest.endsWith(";") ? "" : ";") + "-fx-icon-color: " + colour + ";");
    }

    /** Empties {@code cell}: no text, graphic, tooltip or inline style. */
    public static void clear(Cell<?> cell) {
        cell.setText(null);
        cell.setGraphic(null);
        cell.setTooltip(null);
        cell.setStyle(null);
    }

    /** {@code table} with {@code id}, dense rows edge to edge, its last column taking the free width. */
    public static <S> TableView<S> denseTable(TableView<S> table, String id) {
        table.setId(id);
        table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return table;
    }

    /** A column that shows {@code value} of each row (for a row's own cell, {@code r -> r}). */
    public static <S, T> TableColumn<S, T> column(String title, Function<S, T> value) {
        TableColumn<S, T> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        return column;
    }

    /** A column that shows {@code value} of each row, {@code width} wide at first. */
    public static <S, T> TableColumn<S, T> column(String title, Function<S, T> value, double width) {
        TableColumn<S, T> column = column(title, value);
        column.setPrefWidth(width);
        return column;
    }
}
