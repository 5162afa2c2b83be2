package io.neurectomy.console.ui.fx;

import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The one list of findings every section shows (topology, deploy validation, config problems, health): severity
 * icon, message and subject, what it means and how to fix it, where it is written, and the fix action as a link.
 * Inline styles keep it self-contained: the theme's colour variables give severity its colour. A section with many
 * findings (the topology) makes it {@linkplain #setExpandable expandable}: each shows its message, and a click on it
 * opens what it means, how to fix it and the evidence the check read. A section that gathers findings of several
 * parts (health) {@linkplain #setGroups groups} them under headings, names each one's severity in words and adds
 * {@linkplain #setNotes notes} of its own (the command that shows the same by hand).
 *
 * <p>Style hooks for a section's own sheet: {@code .finding-icon} and {@code .finding-title}, each with the
 * severity as pseudo-class ({@code :critical}, {@code :warning}, …); {@code .finding-severity},
 * {@code .finding-evidence}, {@code .finding-action} and {@code .finding-group}.
 */
public final class FindingsView extends ListView<Finding> {
    private static final Pattern LINE_COLUMN = Pattern.compile("(\\d+):(\\d+)");

    private final Set<String> expanded = new HashSet<>();
    private boolean expandable;
    private boolean severityShown;
    private Function<Finding, String> groups;
    private Function<Finding, String> notes = f -> "";
    private Function<Finding, Optional<FixAction>> secondary = f -> Optional.empty();
    private Consumer<FixAction> onAction = a -> {
    };

    public FindingsView(ObservableList<Finding> findings) {
        super(findings);
        getStyleClass().add("findings-view");
        setCellFactory(list -> new Cell());
        setPlaceholder(new Label("No findings."));
        // A group's heading stands above its first finding: a change anywhere may move it. A list replaced whole
        // updates every cell anyway; recreating them then would only pull links away from under the pointer.
        findings.addListener((ListChangeListener<Finding>) change -> {
            if (groups != null && !replacedWhole(change)) {
                refresh();
            }
        });
    }

    private static boolean replacedWhole(ListChangeListener.Change<? extends Finding> change) {
        boolean whole = change.next() && change.getFrom() == 0 && change.getTo() == change.getList().size()
                && (change.wasReplaced() || change.wasAdded()) && !change.next();
        change.reset();
        return whole;
    }

    /**
     * A second link beside a finding's fix action (the Health section's "Acknowledge…"), when {@code links} gives one
     * for the finding; a click runs the {@linkplain #setOnAction action handler} with it.
     */
    public void setSecondaryActions(Function<Finding, Optional<FixAction>> links) {
        secondary = links == null ? f -> Optional.empty() : links;
        refresh();
    }

    /** What a click on a finding's action link does. */
    public void setOnAction(Consumer<FixAction> handler) {
        onAction = handler == null ? a -> {
        } : handler;
    }

    /**
     * Shows each finding as its message only, opened by a click to what it means, how to fix it and where it is;
     * which findings are open survives updates of the list.
     */
    public void setExpandable(boolean value) {
        expandable = value;
        refresh();
    }

    /**
     * Shows a heading above the first finding of each group: {@code heading} names a finding's group (findings of
     * one group must stand together in the list). Grouped findings name their subject in the title, since one group
     * mixes several. Null: no groups.
     */
    public void setGroups(Function<Finding, String> heading) {
        groups = heading;
        refresh();
    }

    /** Names each finding's severity in words beside its icon ("Critical", "Unknown", "OK"). */
    public void setSeverityShown(boolean value) {
        severityShown = value;
        refresh();
    }

    /** Extra lines shown with an opened finding (e.g. the command that shows the same by hand); empty for none. */
    public void setNotes(Function<Finding, String> text) {
        notes = text == null ? f -> "" : text;
        refresh();
    }

    /** A severity in words: "Critical", "Unknown", "OK". */
    public static String word(Severity severity) {
        return severity == Severity.OK ? "OK" : severity.name().charAt(0)
                + severity.name().substring(1).toLowerCase(Locale.ROOT);
    }

    /** The icon and colour of a severity, for any view that shows one. */
    public static FontIcon icon(Severity severity) {
        FontIcon icon = new FontIcon(Material2AL.ERROR);
        style(icon, severity);
        icon.getStyleClass().add("finding-icon");
        return icon;
    }

    private static void style(FontIcon icon, Severity severity) {
        icon.setIconCode(switch (severity) {
            case CRITICAL, ERROR -> Material2AL.ERROR;
            case WARNING -> Material2MZ.WARNING;
            case UNKNOWN -> Material2AL.HELP_OUTLINE;
            case INFO -> Material2AL.LIGHTBULB;
            case OK -> Material2AL.CHECK_CIRCLE;
        });
        Views.iconColour(icon, colour(severity));
        flag(icon, severity);
    }

    /** The theme colour variable of a severity. */
    public static String colour(Severity severity) {
        return switch (severity) {
            case CRITICAL, ERROR -> "-color-danger-fg";
            case WARNING -> "-color-warning-fg";
            case UNKNOWN -> "-color-fg-muted";
            case INFO -> "-color-accent-fg";
            case OK -> "-color-success-fg";
        };
    }

    /** Sets exactly one severity pseudo-class. */
    private static void flag(javafx.scene.Node node, Severity severity) {
        for (Severity s : Severity.values()) {
            node.pseudoClassStateChanged(PseudoClass.getPseudoClass(s.name().toLowerCase(Locale.ROOT)), s == severity);
        }
    }

    private static String key(Finding f) {
        return f.code() + "|" + f.subject();
    }

    private final class Cell extends ItemCell<Finding> {
        private final FontIcon icon = icon(Severity.INFO);
        private final Label severity = new Label();
        private final Label title = new Label();
        private final FontIcon chevron = new FontIcon(Material2AL.EXPAND_MORE);
        private final Label detail = new Label();
        private final Label fix = new Label();
        private final Label where = new Label();
        private final Label evidence = new Label();
        private final Label note = new Label();
        private final Hyperlink action = new Hyperlink();
        private final Hyperlink second = new Hyperlink();
        private final HBox links = new HBox(12, action, second);
        private final VBox text = new VBox(3, title, detail, fix, where, evidence, note, links);
        private final HBox row = new HBox(8, icon, severity, text);
        private final Label group = new Label();
        private final VBox root = new VBox(6, group, row);
        private final Tooltip tip = new Tooltip();

        Cell() {
            title.getStyleClass().add("finding-title");
            title.setWrapText(true);
            title.setStyle("-fx-font-weight: bold;");
            title.setContentDisplay(ContentDisplay.RIGHT);
            title.setOnMouseClicked(e -> toggle());
            for (Label l : new Label[] {detail, fix, where, evidence, note, severity, group}) {
                l.setWrapText(true);
                l.managedProperty().bind(l.visibleProperty());
            }
            detail.getStyleClass().add("text-muted");
            where.setStyle("-fx-text-fill: -color-fg-muted;");
            evidence.getStyleClass().add("finding-evidence");
            evidence.setStyle("-fx-font-family: monospace; -fx-font-size: 0.9em; -fx-text-fill: -color-fg-muted;"
                    + " -fx-background-color: -color-bg-subtle; -fx-padding: 4 6 4 6;");
            note.setStyle("-fx-text-fill: -color-fg-muted;");
            severity.getStyleClass().add("finding-severity");
            severity.setWrapText(false);
            severity.setMinWidth(Region.USE_PREF_SIZE);
            severity.setPrefWidth(84);
            group.getStyleClass().addAll("finding-group", "title-4");
            group.setPadding(new Insets(6, 0, 2, 0));
            action.getStyleClass().add("finding-action");
            action.managedProperty().bind(action.visibleProperty());
            action.setPadding(Insets.EMPTY);
            second.getStyleClass().add("finding-secondary-action");
            second.managedProperty().bind(second.visibleProperty());
            second.setPadding(Insets.EMPTY);
            links.managedProperty().bind(links.visibleProperty());
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            row.setAlignment(Pos.TOP_LEFT);
            tip.setWrapText(true);
            tip.setMaxWidth(480);
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            setPrefWidth(0);
        }

        private void toggle() {
            Finding f = getItem();
            if (!expandable || f == null) {
                return;
            }
            if (!expanded.remove(key(f))) {
                expanded.add(key(f));
            }
            show(f);
            requestLayout();
            getListView().requestLayout();
        }

        /** Wrapped text makes a finding as tall as its width needs. */
        @Override
        protected double computePrefHeight(double width) {
            if (isEmpty() || getItem() == null) {
                return super.computePrefHeight(width);
            }
            double w = width > 0 ? width : getWidth();
            return root.prefHeight(Math.max(120, w - snappedLeftInset() - snappedRightInset())) + snappedTopInset()
                    + snappedBottomInset();
        }

        /** The heading of {@code f}'s group when it is the first of it; else empty. */
        private String heading(Finding f) {
            if (groups == null) {
                return "";
            }
            String mine = groups.apply(f);
            int index = getIndex();
            List<Finding> items = getListView() == null ? List.of() : getListView().getItems();
            boolean first = index <= 0 || index > items.size() || !mine.equals(groups.apply(items.get(index - 1)));
            return first ? mine : "";
        }

        @Override
        protected void show(Finding f) {
            style(icon, f.severity());
            flag(title, f.severity());
            group.setText(heading(f));
            group.setVisible(!group.getText().isEmpty());
            severity.setText(word(f.severity()));
            severity.setStyle("-fx-font-weight: bold; -fx-text-fill: " + colour(f.severity()) + ";");
            flag(severity, f.severity());
            severity.setVisible(severityShown);
            boolean open = !expandable || expanded.contains(key(f));
            boolean subject = !f.subject().isEmpty() && (!expandable || groups != null);
            title.setText(subject ? f.subject() + ": " + f.message() : f.message());
            chevron.setIconCode(open ? Material2AL.EXPAND_LESS : Material2AL.EXPAND_MORE);
            title.setGraphic(expandable ? chevron : null);
            detail.setText(f.detail());
            detail.setVisible(open && !f.detail().isEmpty());
            fix.setText("Fix: " + f.fix());
            fix.setVisible(open && !f.fix().isEmpty());
            where.setText(place(f.location()));
            where.setVisible(open && !f.location().isEmpty());
            evidence.setText(f.evidence());
            evidence.setVisible(open && expandable && !f.evidence().isEmpty());
            note.setText(notes.apply(f));
            note.setVisible(open && !note.getText().isEmpty());
            action.setVisible(f.action().isPresent());
            f.action().ifPresent(a -> {
                action.setText(a.label());
                action.setOnAction(e -> onAction.accept(a));
            });
            Optional<FixAction> other = secondary.apply(f);
            second.setVisible(other.isPresent());
            other.ifPresent(a -> {
                second.setText(a.label());
                second.setOnAction(e -> onAction.accept(a));
            });
            links.setVisible(action.isVisible() || second.isVisible());
            tip.setText(f.severity() + " [" + f.code() + "]: " + f.message()
                    + (f.detail().isEmpty() ? "" : "\n\n" + f.detail())
                    + (f.fix().isEmpty() ? "" : "\n\nFix: " + f.fix())
                    + (f.evidence().isEmpty() ? "" : "\n\n" + f.evidence()));
            setTooltip(tip);
            setGraphic(root);
        }
    }

    /** A location for people: "line 2, column 3" for the {@code line:column} of a config text, else as written. */
    static String place(String location) {
        Matcher m = LINE_COLUMN.matcher(location);
        if (!m.matches()) {
            return location;
        }
        return "line " + m.group(1) + (m.group(2).equals("0") ? "" : ", column " + m.group(2));
    }
}
