package io.neurectomy.console.core.config;

import static io.neurectomy.console.core.config.Values.DURATION_VALUE;
import static io.neurectomy.console.core.config.Values.LABELS;
import static io.neurectomy.console.core.config.Values.STRING;

import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.config.promql.PromqlError;
import io.neurectomy.console.core.config.promql.PromqlParser;
import io.neurectomy.console.core.config.promql.ValueType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks one Prometheus rule file as {@code promtool check rules} does (rulefmt: strict fields, unique group names,
 * exactly one of alert and record, an expr that parses, no for/annotations on recording rules, valid label and
 * annotation names and templates) and adds warnings for naming and types that load but mislead.
 */
final class RuleFileCheck {
    /** level:metric:operations (prometheus docs, practices/rules.md). */
    private static final Pattern RECORD_CONVENTION = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*"
            + ":[a-zA-Z0-9_]+");
    /** Variables Prometheus defines for every label and annotation template. */
    private static final Set<String> TEMPLATE_VARIABLES = Set.of("labels", "externalLabels", "externalURL", "value");
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\$([a-zA-Z_][a-zA-Z0-9_]*)");
    private static final Pattern TEMPLATE_STRING = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"|`[^`]*`");
    private static final Pattern TEMPLATE_DECLARATION = Pattern.compile("\\$([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:,\\s*\\$"
            + "([a-zA-Z_][a-zA-Z0-9_]*)\\s*)?:?=");

    /** Go's template builtins and the functions Prometheus adds for rule templates (template/template.go). */
    private static final Set<String> TEMPLATE_FUNCTIONS = Set.of("and", "call", "html", "index", "slice", "js",
            "len", "not", "or", "print", "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
            "query", "first", "label", "value", "strvalue", "args", "reReplaceAll", "safeHtml", "match", "title",
            "toUpper", "toLower", "graphLink", "tableLink", "sortByLabel", "stripPort", "stripDomain", "humanize",
            "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp", "toTime", "toDuration",
            "now", "pathPrefix", "externalURL", "parseDuration", "urlQueryEscape");
    private static final Set<String> TEMPLATE_KEYWORDS = Set.of("if", "else", "end", "range", "with", "define",
            "template", "block", "nil", "true", "false", "break", "continue");
    private static final Pattern TEMPLATE_IDENTIFIER = Pattern.compile("(?<![.$\\w])([a-zA-Z_][a-zA-Z0-9_]*)");
    private static final Values.Check TEXT_VALUE = (node, findings, path) -> {
        if (YamlTree.isNull(node)) {
            return;
        }
        if (!(node instanceof ScalarNode s)) {
            findings.error(node, path + " must be a string, not " + YamlTree.describe(node) + "; quote the text");
        } else if (!Tag.STR.equals(s.getTag())) {
            findings.warning(node, path + " is " + s.getValue() + ", which YAML reads as a " + typeName(s.getTag())
                    + "; quote it (\"" + s.getValue() + "\") to make it a string as labels and annotations are");
        }
    };
    private static final Shape RULE = new Shape().field("record", STRING).field("alert", STRING)
            .field("expr", Values.ANY).field("for", DURATION_VALUE).field("keep_firing_for", DURATION_VALUE)
            .field("labels", Values.mapOf(Values.LABEL_NAME_VALUE, TEXT_VALUE))
            .field("annotations", Values.mapOf(Values.LABEL_NAME_VALUE, TEXT_VALUE));
    private static final Shape GROUP = new Shape().field("name", STRING).field("interval", DURATION_VALUE)
            .field("query_offset", DURATION_VALUE).field("limit", Values.INT).field("labels", LABELS)
            .field("rules", Values.listOf(RULE));
    private static final Shape ROOT = new Shape().field("groups", Values.listOf(GROUP));

    private RuleFileCheck() {
    }

    private static String typeName(Tag tag) {
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return "number";
        }
        if (Tag.BOOL.equals(tag)) {
            return "boolean";
        }
        return "non-string value";
    }

    static void check(Node root, String text, Findings findings) {
        ROOT.check(root, findings, "");
        if (!(root instanceof MappingNode)) {
            return;
        }
        SourcePositions positions = new SourcePositions(text);
        Map<String, Node> groups = new HashMap<>();
        Set<String> seenRules = new HashSet<>();
        List<Node> list = YamlTree.items(YamlTree.get(root, "groups"));
        for (Node group : list) {
            if (!(group instanceof MappingNode)) {
                continue;
            }
            String name = YamlTree.string(group, "name");
            if (name == null || name.isEmpty()) {
                findings.error(group, "a group has no name; give each group a unique name");
                name = "(unnamed)";
            } else {
                Node first = groups.putIfAbsent(name, group);
                if (first != null) {
                    findings.error(YamlTree.get(group, "name"), "group name '" + name + "' is repeated in the same "
                            + "file (first at line " + (first.getStartMark().getLine() + 1) + "); rename one");
                }
            }
            List<Node> rules = YamlTree.items(YamlTree.get(group, "rules"));
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i) instanceof MappingNode rule) {
                    checkRule(rule, name, i + 1, positions, seenRules, findings);
                }
            }
        }
    }

    private static void checkRule(MappingNode rule, String group, int index, SourcePositions positions,
            Set<String> seen, Findings findings) {
        String alert = YamlTree.string(rule, "alert");
        String record = YamlTree.string(rule, "record");
        boolean hasAlert = alert != null && !alert.isEmpty();
        boolean hasRecord = record != null && !record.isEmpty();
        String what = hasAlert ? "alert '" + alert + "'" : hasRecord ? "recording rule '" + record + "'"
                : "rule " + index + " of group '" + group + "'";
        if (hasAlert && hasRecord) {
            findings.error(rule, what + " has both 'alert' and 'record'; a rule is either an alert or a recording "
                    + "rule — split it in two");
        } else if (!hasAlert && !hasRecord) {
            findings.error(rule, what + " has neither 'alert' nor 'record'; name the alert (alert: Name) or the "
                    + "recorded series (record: level:metric:operations)");
        }
        Node exprNode = YamlTree.get(rule, "expr");
        String expr = YamlTree.scalar(exprNode);
        if (expr == null || expr.isBlank()) {
            findings.error(exprNode != null && exprNode instanceof ScalarNode ? exprNode : rule, what + " has no "
                    + "expr; write the PromQL query it evaluates");
        } else {
            PromqlParser.Outcome outcome = PromqlParser.parse(expr);
            if (outcome.error().isPresent()) {
                PromqlError e = outcome.error().get();
                int[] at = positions.locate(exprNode, expr, e.offset());
                findings.add(Findings.at(Severity.ERROR, at[0], at[1], what + ": PromQL: " + e.message(),
                        "promql"));
            } else if (outcome.type().orElse(ValueType.VECTOR) == ValueType.MATRIX
                    || outcome.type().orElse(ValueType.VECTOR) == ValueType.STRING) {
                findings.warning(exprNode, what + ": the expression yields a " + outcome.type().get().documented()
                        + ", which a rule cannot evaluate to; wrap it (e.g. rate(...)) to get an instant vector");
            }
        }
        if (hasRecord) {
            Node annotations = YamlTree.get(rule, "annotations");
            if (!YamlTree.entries(annotations).isEmpty()) {
                findings.error(YamlTree.keyNode(rule, "annotations"), what + " is a recording rule and cannot have "
                        + "annotations; remove them (only alerts carry annotations)");
            }
            for (String field : List.of("for", "keep_firing_for")) {
                String v = YamlTree.string(rule, field);
                if (v != null && Values.millis(v) > 0) {
                    findings.error(YamlTree.keyNode(rule, field), what + " is a recording rule and cannot have '"
                            + field + "'; remove it (only alerts wait before firing)");
                }
            }
            if (!Values.METRIC_NAME.matcher(record).matches()) {
                findings.error(YamlTree.get(rule, "record"), "invalid recording rule name '" + record + "'; it "
                        + "must be a metric name (letters, digits, _ and :), e.g. job:http_requests:rate5m");
            } else if (!RECORD_CONVENTION.matcher(record).matches()) {
                findings.warning(YamlTree.get(rule, "record"), "recording rule '" + record + "' is not named "
                        + "level:metric:operations (e.g. job:http_requests:rate5m); name it so that its "
                        + "aggregation level and operations show");
            }
        }
        Node labels = YamlTree.get(rule, "labels");
        for (NodeTuple t : YamlTree.entries(labels)) {
            String k = YamlTree.scalar(t.getKeyNode());
            if ("__name__".equals(k)) {
                findings.error(t.getKeyNode(), what + ": label __name__ cannot be set here; for a recording rule "
                        + "the name comes from 'record'");
            }
            template(t.getValueNode(), what + " label " + k, findings);
        }
        for (NodeTuple t : YamlTree.entries(YamlTree.get(rule, "annotations"))) {
            template(t.getValueNode(), what + " annotation " + YamlTree.scalar(t.getKeyNode()), findings);
        }
        String identity = (hasAlert ? "alert:" + alert : "record:" + record) + "|" + labels(labels);
        if ((hasAlert || hasRecord) && !seen.add(identity)) {
            findings.warning(rule, what + " is defined twice with the same labels (promtool's duplicate-rules lint);"
                    + " remove one or tell them apart with a label");
        }
    }

    private static String labels(Node labels) {
        StringBuilder sb = new StringBuilder();
        YamlTree.entries(labels).stream().map(t -> YamlTree.scalar(t.getKeyNode()) + "="
                + YamlTree.scalar(t.getValueNode())).sorted().forEach(s -> sb.append(s).append(','));
        return sb.toString();
    }

    /** The Go-template errors that are clear without a full template parser: unclosed actions, unknown variables. */
    private static void template(Node node, String what, Findings findings) {
        String value = YamlTree.scalar(node);
        if (value == null || !value.contains("{{")) {
            return;
        }
        Set<String> declared = new HashSet<>(TEMPLATE_VARIABLES);
        Matcher d = TEMPLATE_DECLARATION.matcher(value);
        while (d.find()) {
            declared.add(d.group(1));
            if (d.group(2) != null) {
                declared.add(d.group(2));
            }
        }
        int from = 0;
        java.util.Deque<String> blocks = new java.util.ArrayDeque<>();
        while (true) {
            int open = value.indexOf("{{", from);
            if (open < 0) {
                if (!blocks.isEmpty()) {
                    findings.error(node, what + ": template's {{ " + blocks.peek() + " }} is never closed; add "
                            + "{{ end }}");
                }
                return;
            }
            int close = value.indexOf("}}", open + 2);
            if (close < 0) {
                findings.error(node, what + ": template action opened with {{ is never closed; add }}");
                return;
            }
            String action = value.substring(open + 2, close);
            String code = TEMPLATE_STRING.matcher(action).replaceAll("\"\"");
            String trimmed = code.strip();
            if (trimmed.startsWith("-")) {
                trimmed = trimmed.substring(1).strip();
            }
            if (trimmed.endsWith("-") && !trimmed.endsWith("--")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
            }
            if (trimmed.startsWith("/*")) {
                from = close + 2;
                continue;
            }
            String keyword = trimmed.split("[\\s(]", 2)[0];
            switch (keyword) {
                case "if", "range", "with", "block", "define" -> blocks.push(keyword);
                case "end" -> {
                    if (blocks.isEmpty()) {
                        findings.error(node, what + ": template has {{ end }} without an opening if, range or with; "
                                + "remove it or open the block");
                        return;
                    }
                    blocks.pop();
                }
                case "else" -> {
                    if (blocks.isEmpty() || !Set.of("if", "range", "with").contains(blocks.peek())) {
                        findings.error(node, what + ": template has {{ else }} outside an if, range or with block");
                        return;
                    }
                }
                default -> {
                }
            }
            Matcher id = TEMPLATE_IDENTIFIER.matcher(code);
            while (id.find()) {
                String name = id.group(1);
                if (!TEMPLATE_KEYWORDS.contains(name) && !TEMPLATE_FUNCTIONS.contains(name)) {
                    findings.error(node, what + ": template calls function '" + name + "', which Prometheus does not "
                            + "define" + io.neurectomy.console.core.config.promql.EditDistance.closest(name,
                            TEMPLATE_FUNCTIONS).map(c -> " — did you mean " + c + "?").orElse(""));
                    return;
                }
            }
            Matcher v = TEMPLATE_VARIABLE.matcher(code);
            while (v.find()) {
                if (!declared.contains(v.group(1))) {
                    findings.error(node, what + ": template uses undefined variable $" + v.group(1) + "; Prometheus "
                            + "provides $labels, $value, $externalLabels and $externalURL"
                            + io.neurectomy.console.core.config.promql.EditDistance.closest(v.group(1),
                            TEMPLATE_VARIABLES).map(c -> " — did you mean $" + c + "?").orElse(""));
                    return;
                }
            }
            from = close + 2;
        }
    }
}
