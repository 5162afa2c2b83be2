package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Label selector matching as Kubernetes does it. */
public final class Selectors {
    private Selectors() {
    }

    /** Whether {@code selector} selects an object with {@code labels}; a null selector selects nothing. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(l.get(e.getKey()))) {
                    return false;
                }
            }
        }
        for (LabelSelectorRequirement r : selector.getMatchExpressions() == null
                ? List.<LabelSelectorRequirement>of() : selector.getMatchExpressions()) {
            String value = l.get(r.getKey());
            List<String> values = r.getValues() == null ? List.of() : r.getValues();
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether a Service-style selector (all pairs equal) selects {@code labels}; empty selects nothing. */
    static boolean matchesMap(Map<String, String> selector, Map<String, String> labels) {
        if (selector == null || selector.isEmpty()) {
            return false;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(l.get(e.getKey())));
    }

    /** A readable form of a selector for messages. */
    public static String describe(LabelSelector selector) {
        if (selector == null) {
            return "(none)";
        }
        StringBuilder s = new StringBuilder();
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()) {
            s.append(selector.getMatchLabels());
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                s.append(s.length() == 0 ? "" : " ").append(r.getKey()).append(' ').append(r.getOperator())
                        .append(r.getValues() == null || r.getValues().isEmpty() ? "" : " " + r.getValues());
            }
        }
        return s.length() == 0 ? "{} (everything)" : s.toString();
    }
}
