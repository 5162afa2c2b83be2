package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.stack.StackComponent;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;

/**
 * Small shared pieces of the topology's look: group colours, status colours, badges.
 *
 * <p>Changing state goes through pseudo-classes, not style classes: a changed style class makes JavaFX match every
 * style sheet rule again for the node, a pseudo-class only switches between rules already matched, and lanes are
 * re-rendered often (also off screen, when the list measures them).
 */
final class Chips {
    private static final Map<Health, PseudoClass> HEALTH = new EnumMap<>(Health.class);
    private static final Map<StackComponent, PseudoClass> GROUP = new EnumMap<>(StackComponent.class);
    /** The colour of anything outside the stack. */
    private static final PseudoClass OTHER = PseudoClass.getPseudoClass("other");

    static {
        for (Health h : Health.values()) {
            HEALTH.put(h, PseudoClass.getPseudoClass(h.name().toLowerCase(Locale.ROOT)));
        }
        for (StackComponent c : StackComponent.values()) {
            GROUP.put(c, PseudoClass.getPseudoClass(c.id()));
        }
    }

    private Chips() {
    }

    /** Colours a label's text by health (style class {@code status}, pseudo-class {@code :ok}, …). */
    static void colour(Label label, Health health) {
        addClass(label, "status");
        health(label, health);
    }

    /** Sets exactly one health pseudo-class. */
    static void health(Node node, Health health) {
        for (var e : HEALTH.entrySet()) {
            node.pseudoClassStateChanged(e.getValue(), e.getKey() == health);
        }
    }

    /**
     * Colours a region by stack component (style class {@code group}, pseudo-class {@code :prometheus}, …, and
     * {@code :other} outside the stack).
     */
    static void group(Node node, Optional<StackComponent> component) {
        addClass(node, "group");
        for (var e : GROUP.entrySet()) {
            node.pseudoClassStateChanged(e.getValue(), component.orElse(null) == e.getKey());
        }
        node.pseudoClassStateChanged(OTHER, component.isEmpty());
    }

    static void flag(Node node, PseudoClass flag, boolean on) {
        node.pseudoClassStateChanged(flag, on);
    }

    private static void addClass(Node node, String styleClass) {
        if (!node.getStyleClass().contains(styleClass)) {
            node.getStyleClass().add(styleClass);
        }
    }

    /** A pill: "Ready", "NotReady", "cordoned". */
    static Label badge(String text, Health health) {
        Label badge = new Label(text);
        badge.getStyleClass().add("badge");
        badge.setMinWidth(Label.USE_PREF_SIZE);
        setBadge(badge, text, health);
        return badge;
    }

    static void setBadge(Label badge, String text, Health health) {
        badge.setText(text);
        health(badge, health);
    }

    static String groupTitle(Optional<StackComponent> component) {
        return component.map(StackComponent::title).orElse("other");
    }
}
