package io.neurectomy.console.core.stack;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the stack's YAML files into plain maps, lists and scalars, filling {@code ${name}} variables inside scalar
 * values (never keys) as it goes. Substitution happens on the parsed tree, not on the text, so a value can never
 * change the structure of a file; a plain scalar that was only a variable is typed after substitution as YAML would
 * type it ({@code replicas: ${n}} becomes a number). {@code $${} writes a literal {@code ${}.
 *
 * <p>Every problem (syntax, unknown or malformed variable, duplicate key) is collected with its file and line.
 */
final class TemplateYaml {
    /** Supplies a variable's value; returns null after recording a problem of its own. */
    interface Lookup {
        String value(String name, int line, boolean standalone);
    }

    /** One YAML document's content and the line it starts on. */
    record Document(Object content, int line) {
    }

    /** A value and the line it was written on. */
    record Located(Object value, int line) {
    }

    private static final Resolver RESOLVER = new Resolver();

    private TemplateYaml() {
    }

    /** The documents of {@code text}, variables filled through {@code lookup}. */
    static List<Document> documents(String file, String text, Lookup lookup, List<StackProblem> problems) {
        return documents(file, text, lookup, problems, null);
    }

    /**
     * The documents of {@code text}; {@code lines} (if given, an identity map) receives the start line of every
     * mapping and list.
     */
    static List<Document> documents(String file, String text, Lookup lookup, List<StackProblem> problems,
            Map<Object, Integer> lines) {
        List<Document> documents = new ArrayList<>();
        try {
            for (Node node : yaml().composeAll(new StringReader(text))) {
                if (node == null) {
                    continue;
                }
                Object content = convert(file, node, lookup, problems, lines);
                if (content != null) {
                    documents.add(new Document(content, line(node.getStartMark())));
                }
            }
        } catch (MarkedYAMLException e) {
            problems.add(new StackProblem(file, line(e.getProblemMark() != null ? e.getProblemMark()
                    : e.getContextMark()), "YAML syntax error: " + describe(e)));
        } catch (YAMLException e) {
            problems.add(new StackProblem(file, 0, "YAML syntax error: " + e.getMessage()));
        }
        return documents;
    }

    /**
     * The top-level mapping of a values file, each entry with its line; nested values are plain objects. Variables
     * are left as they are written.
     */
    static Map<String, Located> topLevel(String file, String text, List<StackProblem> problems) {
        Map<String, Located> entries = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        try {
            for (Node node : yaml().composeAll(new StringReader(text))) {
                if (node != null) {
                    nodes.add(node);
                }
            }
        } catch (MarkedYAMLException e) {
            problems.add(new StackProblem(file, line(e.getProblemMark() != null ? e.getProblemMark()
                    : e.getContextMark()), "YAML syntax error: " + describe(e)));
            return entries;
        } catch (YAMLException e) {
            problems.add(new StackProblem(file, 0, "YAML syntax error: " + e.getMessage()));
            return entries;
        }
        if (nodes.isEmpty()) {
            return entries;
        }
        if (nodes.size() > 1 || !(nodes.get(0) instanceof MappingNode mapping)) {
            problems.add(new StackProblem(file, line(nodes.get(0).getStartMark()),
                    "expected one mapping of names to values (name: value)"));
            return entries;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problems.add(new StackProblem(file, line(tuple.getKeyNode().getStartMark()),
                        "a key must be a plain name"));
                continue;
            }
            if (entries.containsKey(key.getValue())) {
                problems.add(new StackProblem(file, line(key.getStartMark()),
                        "'" + key.getValue() + "' is set twice; keep one"));
            }
            entries.put(key.getValue(), new Located(convert(file, tuple.getValueNode(), null, problems, null),
                    line(key.getStartMark())));
        }
        return entries;
    }

    private static Object convert(String file, Node node, Lookup lookup, List<StackProblem> problems,
            Map<Object, Integer> lines) {
        if (node instanceof MappingNode mapping) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (!(keyNode instanceof ScalarNode key)) {
                    problems.add(new StackProblem(file, line(keyNode.getStartMark()), "a key must be a scalar"));
                    continue;
                }
                String name = key.getValue();
                if (Tag.MERGE.equals(key.getTag())) {
                    problems.add(new StackProblem(file, line(key.getStartMark()),
                            "merge keys (<<) are not supported; write the entries out"));
                    continue;
                }
                if (lookup != null && name.contains("${")) {
                    problems.add(new StackProblem(file, line(key.getStartMark()),
                            "variables are not allowed in keys ('" + name + "'); use them in values only"));
                    continue;
                }
                if (map.containsKey(name)) {
                    problems.add(new StackProblem(file, line(key.getStartMark()),
                            "duplicate key '" + name + "'; keep one"));
                }
                map.put(name, convert(file, tuple.getValueNode(), lookup, problems, lines));
            }
            if (lines != null) {
                lines.put(map, line(node.getStartMark()));
            }
            return map;
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> list = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                list.add(convert(file, item, lookup, problems, lines));
            }
            if (lines != null) {
                lines.put(list, line(node.getStartMark()));
            }
            return list;
        }
        ScalarNode scalar = (ScalarNode) node;
        String raw = scalar.getValue();
        if (lookup == null || !raw.contains("$")) {
            return construct(scalar.getTag(), raw);
        }
        String value = substitute(file, scalar, lookup, problems);
        if (value == null) {
            return "";
        }
        Tag tag = scalar.getTag();
        if (scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN && !value.equals(raw)) {
            // typed as if written in place; an empty value stays empty text (YAML would read it as null)
            tag = value.isEmpty() ? Tag.STR : RESOLVER.resolve(NodeId.scalar, value, true);
        }
        return construct(tag, value);
    }

    /** The scalar's text with variables filled, or null when a variable could not be filled. */
    private static String substitute(String file, ScalarNode scalar, Lookup lookup, List<StackProblem> problems) {
        String raw = scalar.getValue();
        int firstLine = line(scalar.getStartMark());
        DumperOptions.ScalarStyle style = scalar.getScalarStyle();
        if (style == DumperOptions.ScalarStyle.LITERAL || style == DumperOptions.ScalarStyle.FOLDED) {
            firstLine++; // the content starts on the line after the | or > indicator
        }
        StringBuilder out = new StringBuilder();
        boolean failed = false;
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '$' && raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
                continue;
            }
            if (c == '$' && raw.startsWith("${", i)) {
                int line = firstLine + countNewlines(raw, i);
                int end = raw.indexOf('}', i + 2);
                String name = end < 0 ? null : raw.substring(i + 2, end);
                if (name == null || !name.matches("[A-Za-z][A-Za-z0-9]*")) {
                    String shown = end < 0 ? raw.substring(i, Math.min(raw.length(), i + 20)) : raw.substring(i,
                            end + 1);
                    problems.add(new StackProblem(file, line, "malformed variable '" + shown
                            + "': write ${name} with a name of letters and digits, or $${ for a literal ${"));
                    failed = true;
                    i = end < 0 ? raw.length() : end + 1;
                    continue;
                }
                boolean standalone = raw.equals("${" + name + "}");
                String value = lookup.value(name, line, standalone);
                if (value == null) {
                    failed = true;
                } else {
                    out.append(value);
                }
                i = end + 1;
                continue;
            }
            out.append(c);
            i++;
        }
        return failed ? null : out.toString();
    }

    private static int countNewlines(String text, int end) {
        int n = 0;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static Object construct(Tag tag, String value) {
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            String v = value.toLowerCase(java.util.Locale.ROOT);
            return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y");
        }
        if (Tag.INT.equals(tag)) {
            String digits = value.replace("_", "");
            try {
                long number = digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16)
                        : Long.parseLong(digits);
                return number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE ? (Object) (int) number
                        : (Object) number;
            } catch (NumberFormatException e) {
                return value;
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return Double.parseDouble(value.replace("_", ""));
            } catch (NumberFormatException e) {
                return value;
            }
        }
        return value;
    }

    private static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
        return e.getContext() == null ? problem : problem + " (" + e.getContext() + ")";
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowRecursiveKeys(false);
        DumperOptions dump = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dump), dump, options);
    }
}
