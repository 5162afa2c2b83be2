package io.neurectomy.console.sandbox;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Label selectors matched as the API server and the controllers match them (labels and expressions). */
public final class LabelSelectors {
    private LabelSelectors() {
    }

    /** Whether {@code labels} satisfy {@code selector}; a null selector selects nothing. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
                .allMatch(e -> e.getValue().equals(have.get(e.getKey())))) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (var expression : selector.getMatchExpressions()) {
                String value = have.get(expression.getKey());
                List<String> values = Optional.ofNullable(expression.getValues()).orElse(List.of());
                boolean ok = switch (expression.getOperator()) {
                    case "In" -> value != null && values.contains(value);
                    case "NotIn" -> value == null || !values.contains(value);
                    case "Exists" -> have.containsKey(expression.getKey());
                    case "DoesNotExist" -> !have.containsKey(expression.getKey());
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
