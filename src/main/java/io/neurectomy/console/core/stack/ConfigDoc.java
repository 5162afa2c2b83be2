package io.neurectomy.console.core.stack;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration file carried inside a ConfigMap or Secret (prometheus.yml, a rule file, alertmanager.yml), parsed
 * with the line of every mapping and list so that findings can point into it.
 */
final class ConfigDoc {
    final String name;
    final Map<String, Object> root;
    final List<StackProblem> problems = new ArrayList<>();
    private final Map<Object, Integer> lines = new IdentityHashMap<>();

    @SuppressWarnings("unchecked")
    ConfigDoc(String name, String text) {
        this.name = name;
        List<TemplateYaml.Document> docs = TemplateYaml.documents(name, text == null ? "" : text, null, problems,
                lines);
        Object content = docs.isEmpty() ? null : docs.get(0).content();
        if (problems.isEmpty() && !(content instanceof Map)) {
            problems.add(new StackProblem(name, docs.isEmpty() ? 0 : docs.get(0).line(), "the file is empty or not "
                    + "a mapping"));
        }
        this.root = content instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Whether the file parsed into a mapping. */
    boolean ok() {
        return problems.isEmpty();
    }

    /** {@code name:line} of a mapping or list of this file. */
    String at(Object node) {
        Integer line = lines.get(node);
        return line == null ? name : name + ":" + line;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
