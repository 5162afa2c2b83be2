package io.neurectomy.console.core.stack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The values of one rendering: defaults from {@code values.yaml}, overridden by the environment's file, overridden
 * by the user's values. Values may refer to other values ({@code prometheusHost: prometheus.${domain}}); each final
 * value is checked against its {@link ValueType}. Problems are collected with the file and line where the value was
 * written; secret values never appear in a message.
 */
final class StackValues {
    /** One layer of values: its name for messages and its entries with their lines. */
    record Layer(String file, Map<String, TemplateYaml.Located> entries) {
    }

    /** Where a value comes from. */
    private record Origin(String raw, String file, int line) {
    }

    private final Map<String, ValueSpec> specs;
    private final Map<String, Origin> origins = new LinkedHashMap<>();
    private final Map<String, String> resolved = new LinkedHashMap<>();
    private final Set<String> invalid = new HashSet<>();
    private final Map<String, List<String>> missingNeededBy = new LinkedHashMap<>();

    private StackValues(Map<String, ValueSpec> specs) {
        this.specs = specs;
    }

    /** Reads the catalog ({@code values.yaml}). */
    static Map<String, ValueSpec> catalog(String file, String text, List<StackProblem> problems) {
        Map<String, ValueSpec> specs = new LinkedHashMap<>();
        for (Map.Entry<String, TemplateYaml.Located> e : TemplateYaml.topLevel(file, text, problems).entrySet()) {
            String name = e.getKey();
            int line = e.getValue().line();
            if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
                problems.add(new StackProblem(file, line, "value name '" + name + "' must be letters and digits"));
                continue;
            }
            if (!(e.getValue().value() instanceof Map<?, ?> fields)) {
                problems.add(new StackProblem(file, line, "value '" + name + "' needs type and description"));
                continue;
            }
            ValueType type = ValueType.byId(String.valueOf(fields.get("type")));
            if (type == null) {
                problems.add(new StackProblem(file, line, "value '" + name + "' has unknown type '"
                        + fields.get("type") + "'"));
                continue;
            }
            Object description = fields.get("description");
            Object defaultValue = fields.get("default");
            specs.put(name, new ValueSpec(name, type, description == null ? "" : String.valueOf(description),
                    defaultValue == null ? null : String.valueOf(defaultValue),
                    Boolean.TRUE.equals(fields.get("secret")), Boolean.TRUE.equals(fields.get("allowEmpty"))));
        }
        return specs;
    }

    /**
     * Resolves every value of the catalog from the defaults and the layers (later layers win).
     *
     * @param catalogFile the catalog's file name, for messages about defaults
     */
    static StackValues resolve(Map<String, ValueSpec> specs, String catalogFile, List<Layer> layers,
            List<StackProblem> problems) {
        StackValues values = new StackValues(specs);
        for (ValueSpec spec : specs.values()) {
            if (spec.defaultValue() != null) {
                values.origins.put(spec.name(), new Origin(spec.defaultValue(), catalogFile, 0));
            }
        }
        for (Layer layer : layers) {
            for (Map.Entry<String, TemplateYaml.Located> e : layer.entries().entrySet()) {
                String name = e.getKey();
                int line = e.getValue().line();
                if (!specs.containsKey(name)) {
                    problems.add(new StackProblem(layer.file(), line, "unknown value '" + name + "'"
                            + suggestion(name, specs.keySet()) + "; the values are listed in stack/values.yaml"));
                    continue;
                }
                Object v = e.getValue().value();
                if (v == null || v instanceof Map || v instanceof List) {
                    problems.add(new StackProblem(layer.file(), line, "value '" + name
                            + "' must be a single text or number"));
                    continue;
                }
                values.origins.put(name, new Origin(String.valueOf(v), layer.file(), line));
            }
        }
        for (String name : specs.keySet()) {
            if (values.origins.containsKey(name)) {
                values.expand(name, new ArrayList<>(), problems);
            }
        }
        values.missingNeededBy.forEach((missing, dependents) -> problems.add(new StackProblem(catalogFile, 0,
                "value '" + missing + "' is not set: " + StackManifests.sentence(specs.get(missing).description())
                        + " " + String.join(", ", dependents) + " need" + (dependents.size() == 1 ? "s" : "")
                        + " it. Set it in your values file.")));
        return values;
    }

    /** The final value, or null when it is unset or invalid (a problem was recorded for invalid ones). */
    String get(String name) {
        return resolved.get(name);
    }

    /** Whether the value was set somewhere (default, environment or user). */
    boolean isSet(String name) {
        return origins.containsKey(name);
    }

    /** Whether the value was set but failed its type or reference check (already reported). */
    boolean isInvalid(String name) {
        return invalid.contains(name);
    }

    /** The file (and line) that set the value, for messages. */
    String origin(String name) {
        Origin o = origins.get(name);
        return o == null ? null : o.line() > 0 ? o.file() + ":" + o.line() : o.file();
    }

    /** The specification of a value, or null for an unknown name. */
    ValueSpec spec(String name) {
        return specs.get(name);
    }

    private String expand(String name, List<String> chain, List<StackProblem> problems) {
        if (resolved.containsKey(name)) {
            return resolved.get(name);
        }
        if (invalid.contains(name)) {
            return null;
        }
        Origin origin = origins.get(name);
        ValueSpec spec = specs.get(name);
        if (origin == null) {
            return null;
        }
        if (chain.contains(name)) {
            problems.add(new StackProblem(origin.file(), origin.line(), "values refer to each other in a circle: "
                    + String.join(" -> ", chain) + " -> " + name));
            invalid.add(name);
            return null;
        }
        chain.add(name);
        StringBuilder out = new StringBuilder();
        String raw = origin.raw();
        boolean failed = false;
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int end = raw.indexOf('}', i);
                String ref = end < 0 ? "" : raw.substring(i + 2, end);
                if (!specs.containsKey(ref)) {
                    problems.add(new StackProblem(origin.file(), origin.line(), "value '" + name
                            + "' refers to unknown value '${" + ref + "}'"));
                    failed = true;
                } else if (!origins.containsKey(ref)) {
                    missingNeededBy.computeIfAbsent(ref, k -> new ArrayList<>()).add(name);
                    failed = true;
                } else {
                    String v = expand(ref, chain, problems);
                    if (v == null) {
                        failed = true;
                    } else {
                        out.append(v);
                    }
                }
                i = end < 0 ? raw.length() : end + 1;
            } else {
                out.append(raw.charAt(i));
                i++;
            }
        }
        chain.remove(chain.size() - 1);
        if (failed) {
            invalid.add(name);
            return null;
        }
        String value = out.toString();
        boolean ok = value.isEmpty() ? spec.allowEmpty() : spec.type().valid(value);
        if (!ok) {
            String shown = spec.secret() ? "the value given" : value.isEmpty() ? "an empty value" : "'" + value + "'";
            problems.add(new StackProblem(origin.file(), origin.line(), "value '" + name + "' must be "
                    + spec.type().form() + ", not " + shown));
            invalid.add(name);
            return null;
        }
        resolved.put(name, value);
        return value;
    }

    /** ", did you mean 'x'?" for a near miss, or nothing. */
    private static String suggestion(String name, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 4) ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
