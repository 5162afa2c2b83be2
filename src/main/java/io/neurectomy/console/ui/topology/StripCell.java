package io.neurectomy.console.ui.topology;

import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** A workload's card: counts, images (mixed versions marked), its PDB; a click highlights its pods. */
final class StripCell extends SlotCell<StripRow> {
    static final double WIDTH = 304;
    static final double HEIGHT = 76;
    /** Node property with the workload name of a card (for tests); not an id, which would restyle the card. */
    static final String WORKLOAD = "topology.workload";
    private static final PseudoClass HIGHLIGHTED = PseudoClass.getPseudoClass("highlighted");
    private static final PseudoClass NOT_DEPLOYED = PseudoClass.getPseudoClass("not-deployed");

    private final TopologyViewModel model;
    private final Region bar = new Region();
    private final Label name = new Label();
    private final Label counts = new Label();
    private final Label images = new Label();
    private final Label pdb = new Label();
    private final HBox card;
    private final Tooltip tip = new Tooltip();
    private final InvalidationListener highlight = o -> mark();

    StripCell(TopologyViewModel model) {
        this.model = model;
        bar.getStyleClass().add("chip-bar");
        name.getStyleClass().add("chip-name");
        for (Label l : new Label[] {counts, images, pdb}) {
            l.getStyleClass().add("chip-line");
        }
        VBox text = new VBox(1, name, counts, images, pdb);
        text.setPadding(new Insets(4, 8, 4, 8));
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        card = new HBox(bar, text);
        card.getStyleClass().add("strip-card");
        card.setPrefWidth(WIDTH - 8);
        card.setMaxWidth(WIDTH - 8);
        card.setPrefHeight(HEIGHT);
        card.setMaxHeight(HEIGHT);
        tip.setWrapText(true);
        tip.setMaxWidth(460);
        Tooltip.install(card, tip);
        card.setOnMouseClicked(e -> {
            if (row() != null) {
                model.selection().highlightWorkload(row().key());
            }
        });
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        model.selection().highlightedWorkloadProperty().addListener(new WeakInvalidationListener(highlight));
    }

    @Override
    protected double computePrefHeight(double width) {
        return HEIGHT;
    }

    @Override
    void clear() {
        setGraphic(null);
        getProperties().remove(WORKLOAD);
    }

    @Override
    void render(StripRow row) {
        getProperties().put(WORKLOAD, row.name());
        Chips.group(bar, row.component());
        name.setText(row.name() + "  ·  " + row.kind());
        if (row.present()) {
            counts.setText("ready " + row.ready() + "/" + row.desired() + " · current " + row.current()
                    + " · updated " + row.updated());
        } else {
            counts.setText("not deployed");
        }
        Chips.colour(counts, row.health());
        String imageText = row.images().isEmpty() ? "no image known"
                : row.mixedVersions() ? "mixed: " + String.join(", ", shortTags(row)) : String.join(", ", row.images());
        images.setText(imageText);
        Chips.colour(images, row.mixedVersions() ? Health.WARNING : Health.NEUTRAL);
        pdb.setText(row.pdb());
        Chips.colour(pdb, row.pdbBlocks() ? Health.WARNING : Health.NEUTRAL);
        Chips.flag(card, NOT_DEPLOYED, !row.present());
        tip.setText(row.kind() + " " + row.key() + "\n" + counts.getText() + "\nimages: "
                + String.join(", ", row.images()) + (row.mixedVersions() ? " (mixed versions: an upgrade is under way"
                + " or stuck)" : "") + "\n" + row.pdb() + (row.pdbBlocks() ? " — a drain would wait here" : "")
                + "\nClick to highlight its pods.");
        mark();
        setGraphic(card);
    }

    /** "prom/prometheus:v2.49.0, prom/prometheus:v2.50.0" → "v2.49.0, v2.50.0". */
    private static java.util.List<String> shortTags(StripRow row) {
        return row.images().stream().map(i -> i.contains(":") ? i.substring(i.lastIndexOf(':') + 1) : i).toList();
    }

    private void mark() {
        StripRow row = row();
        Chips.flag(card, HIGHLIGHTED, row != null
                && row.key().equals(model.selection().highlightedWorkloadProperty().get()));
    }
}
