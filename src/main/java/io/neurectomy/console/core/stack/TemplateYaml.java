package io.neurectomy.console.core.stack;

import io.neurectomy.console.core.util.BoundedYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
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
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the stack's YAML files into plain maps, lists and scalars, filling {@code ${name}} variables inside scalar
 * values (never keys) as it goes. Substitution happens on the parsed tree, not on the text, so a value can never
 * change the structure of a file; a plain scalar that was only a variable is typed after substitution as YAML would
 * type it ({@code replicas: ${n}} becomes a number). {@code $${} writes a literal {@code ${}.
 *
 * <p>Two tags, written only in templates (a value is a scalar and cannot carry one), let a value set how many of
 * something there are:
 * <ul>
 *   <li>{@code !repeat {count: ${n}, item: "text ${index}"}} as an item of a list stands for {@code n} items, the
 *       {@code index}-th (from 0) with {@code ${index}} filled in: the Alertmanager peer list, one flag per
 *       replica;</li>
 *   <li>{@code !minus} over a list of {@code ${n}} and {@code 1} is the whole number {@code n - 1}: a disruption
 *       budget that keeps all but one replica.</li>
 * </ul>
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
    /** The tag of a list item that stands for a counted run of items. */
    static final String REPEAT = "!repeat";
    /** The tag of a two-number list that stands for their difference. */
    static final String MINUS = "!minus";
    /** The most items one {@code !repeat} may stand for. */
    static final int MAX_REPEAT = 100;
    /** The name {@code !repeat}'s item uses for its position. */
    private static final String INDEX = "index";

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
            for (Node node : BoundedYaml.composeAll(text, options())) {
                Object content = convert(file, node, lookup, problems, lines);
                if (content != null) {
                    documents.add(new Document(content, line(node.getStartMark())));
                }
            }
        } catch (MarkedYAMLException e) {
            problems.add(new StackProblem(file, line(e.getProblemMark() != null ? e.getProblemMark()
                    : e.getContextMark()), "YAML syntax error: " + describe(e)));
        } catch (BoundedYaml.LimitException e) {
            problems.add(new StackProblem(file, e.line(), e.problem()));
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
            nodes.addAll(BoundedYaml.composeAll(text, options()));
        } catch (MarkedYAMLException e) {
            problems.add(new StackProblem(file, line(e.getProblemMark() != null ? e.getProblemMark()
                    : e.getContextMark()), "YAML syntax error: " + describe(e)));
            return entries;
        } catch (BoundedYaml.LimitException e) {
            problems.add(new StackProblem(file, e.line(), e.problem()));
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
        if (lookup != null && REPEAT.equals(node.getTag().getValue())) {
            problems.add(new StackProblem(file, line(node.getStartMark()), REPEAT + " may only be an item of a list"));
            return null;
        }
        if (lookup != null && MINUS.equals(node.getTag().getValue())) {
            return minus(file, node, lookup, problems);
        }
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
                if (lookup != null && REPEAT.equals(item.getTag().getValue())) {
                    list.addAll(repeat(file, item, lookup, problems));
                    continue;
                }
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

    /** The items a {@code !repeat} stands for; none after recording a problem. */
    private static List<Object> repeat(String file, Node node, Lookup lookup, List<StackProblem> problems) {
        int at = line(node.getStartMark());
        Map<String, Node> fields = fields(node);
        Node countNode = fields.get("count");
        Node itemNode = fields.get("item");
        if (fields.size() != 2 || countNode == null || !(itemNode instanceof ScalarNode item)) {
            problems.add(new StackProblem(file, at, REPEAT + " takes a mapping of count (a number) and item (a text"
                    + " that may use ${" + INDEX + "})"));
            return List.of();
        }
        Integer count = number(file, countNode, lookup, problems, REPEAT + "'s count");
        if (count == null) {
            return List.of();
        }
        if (count < 0 || count > MAX_REPEAT) {
            problems.add(new StackProblem(file, at, REPEAT + "'s count is " + count + "; it must be from 0 to "
                    + MAX_REPEAT));
            return List.of();
        }
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String index = String.valueOf(i);
            Lookup indexed = (name, l, standalone) -> INDEX.equals(name) ? index : lookup.value(name, l, standalone);
            Object value = convert(file, item, indexed, problems, null);
            items.add(value);
        }
        return items;
    }

    /** The difference a {@code !minus [a, b]} stands for, or null after recording a problem. */
    private static Object minus(String file, Node node, Lookup lookup, List<StackProblem> problems) {
        if (!(node instanceof SequenceNode sequence) || sequence.getValue().size() != 2) {
            problems.add(new StackProblem(file, line(node.getStartMark()), MINUS + " takes a list of two whole"
                    + " numbers: [from, subtracted]"));
            return null;
        }
        Integer a = number(file, sequence.getValue().get(0), lookup, problems, MINUS + "'s first number");
        Integer b = number(file, sequence.getValue().get(1), lookup, problems, MINUS + "'s second number");
        return a == null || b == null ? null : a - b;
    }

    /** A scalar filled and read as a whole number, or null after recording a problem. */
    private static Integer number(String file, Node node, Lookup lookup, List<StackProblem> problems, String what) {
        int before = problems.size();
        Object value = node instanceof ScalarNode ? convert(file, node, lookup, problems, null) : null;
        if (value instanceof Integer n) {
            return n;
        }
        if (problems.size() == before) {
            problems.add(new StackProblem(file, line(node.getStartMark()), what + " must be a whole number"
                    + (value == null ? "" : ", not '" + value + "'")));
        }
        return null;
    }

    /** The entries of a mapping node by key (empty for another node). */
    private static Map<String, Node> fields(Node node) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    out.put(key.getValue(), t.getValueNode());
                }
            }
        }
        return out;
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

    private static LoaderOptions options() {
        // Templates and values need few aliases: fewer than the console's general limit.
        LoaderOptions options = BoundedYaml.options();
        options.setMaxAliasesForCollections(20);
        return options;
    }
}
