package io.neurectomy.console.core.config;

import io.neurectomy.console.core.config.promql.EditDistance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * The fields a YAML mapping may have and how each value is checked; unknown fields are errors with the closest
 * known name suggested (Prometheus and Alertmanager load strictly and refuse them too).
 */
final class Shape implements Values.Check {
    private final Map<String, Values.Check> fields = new LinkedHashMap<>();

    Shape field(String name, Values.Check check) {
        fields.put(name, check);
        return this;
    }

    Shape fields(Values.Check check, String... names) {
        for (String n : names) {
            fields.put(n, check);
        }
        return this;
    }

    /** Adds every field of {@code other} (e.g. the HTTP client settings shared by many blocks). */
    Shape include(Shape other) {
        fields.putAll(other.fields);
        return this;
    }

    Set<String> names() {
        return fields.keySet();
    }

    @Override
    public void check(Node node, Findings findings, String path) {
        if (YamlTree.isNull(node)) {
            return;
        }
        if (!(node instanceof MappingNode m)) {
            findings.error(node, (path.isEmpty() ? "the file" : path) + " must be a mapping of fields, not "
                    + YamlTree.describe(node)
                    + "; indent its fields below it");
            return;
        }
        for (NodeTuple t : m.getValue()) {
            String key = YamlTree.scalar(t.getKeyNode());
            if (key == null || key.equals("<<")) {
                continue;
            }
            Values.Check check = fields.get(key);
            if (check == null) {
                Optional<String> close = EditDistance.closest(key, fields.keySet());
                findings.error(t.getKeyNode(), "unknown field '" + key + "' " + (path.isEmpty() ? "at the top level"
                        : "in " + path) + close.map(c -> "; did you "
                        + "mean '" + c + "'?").orElse("; remove it (known fields: " + known() + ")"));
                continue;
            }
            check.check(t.getValueNode(), findings, path.isEmpty() ? key : path + "." + key);
        }
    }

    private String known() {
        String all = String.join(", ", fields.keySet());
        return all.length() > 200 ? all.substring(0, all.lastIndexOf(", ", 200)) + ", …" : all;
    }
}
