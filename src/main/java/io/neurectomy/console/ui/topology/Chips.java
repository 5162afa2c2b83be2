package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.topology.WorkloadGroup;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Label;

/** Small shared pieces of the topology's look: group colours, status colours, badges. */
final class Chips {
    static final List<String> HEALTH_CLASSES = List.of("status-ok", "status-warning", "status-error",
            "status-neutral");
    static final List<String> GROUP_CLASSES = List.of("group-prometheus", "group-grafana", "group-alertmanager",
            "group-other");
    static final List<String> BADGE_CLASSES = List.of("ok", "warning", "error");

    private Chips() {
    }

    /** The style class that colours a stack component. */
    static String groupClass(WorkloadGroup group) {
        return "group-" + group.name().toLowerCase(Locale.ROOT);
    }

    static String healthClass(Health health) {
        return "status-" + health.name().toLowerCase(Locale.ROOT);
    }

    /** Puts exactly one of {@code family} on the node (and leaves the other classes alone). */
    static void setOneOf(Node node, List<String> family, String wanted) {
        var classes = node.getStyleClass();
        for (String c : family) {
            if (!c.equals(wanted)) {
                classes.remove(c);
            }
        }
        if (wanted != null && !classes.contains(wanted)) {
            classes.add(wanted);
        }
    }

    static void setClass(Node node, String styleClass, boolean on) {
        if (on && !node.getStyleClass().contains(styleClass)) {
            node.getStyleClass().add(styleClass);
        } else if (!on) {
            node.getStyleClass().remove(styleClass);
        }
    }

    static void colour(Label label, Health health) {
        setOneOf(label, HEALTH_CLASSES, healthClass(health));
    }

    /** A pill: "Ready", "NotReady", "cordoned". */
    static Label badge(String text, Health health) {
        Label badge = new Label(text);
        badge.getStyleClass().add("badge");
        setBadge(badge, text, health);
        return badge;
    }

    static void setBadge(Label badge, String text, Health health) {
        badge.setText(text);
        setOneOf(badge, BADGE_CLASSES, switch (health) {
            case OK -> "ok";
            case WARNING -> "warning";
            case ERROR -> "error";
            case NEUTRAL -> null;
        });
    }

    static String groupTitle(WorkloadGroup group) {
        return switch (group) {
            case PROMETHEUS -> "Prometheus";
            case GRAFANA -> "Grafana";
            case ALERTMANAGER -> "Alertmanager";
            case OTHER -> "other";
        };
    }
}
