package io.neurectomy.console.core.config;

import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.util.BoundedYaml;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Parses a configuration text into SnakeYAML's node tree (which keeps every line and column) and reads it. */
final class YamlTree {
    private YamlTree() {
    }

    /**
     * The text's first document as a node tree; YAML errors and duplicate keys become problems. Empty when the text
     * does not parse, or holds no document ({@code null} content).
     */
    static Optional<Node> parse(String text, Findings findings) {
        LoaderOptions options = BoundedYaml.options();
        options.setAllowDuplicateKeys(true);
        Node root;
        try {
            // The composer alone: a Yaml instance would also build a constructor and representer on every call.
            root = BoundedYaml.composeFirst(text, options);
        } catch (BoundedYaml.LimitException e) {
            findings.refuse(Findings.at(Severity.ERROR, e.line(), e.column(), e.problem(), "yaml"));
            return Optional.empty();
        } catch (MarkedYAMLException e) {
            // Only the problem and the marks: the snippet SnakeYAML quotes could hold a secret.
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            findings.add(Findings.at(Severity.ERROR, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "YAML syntax: " + problem + context + "; "
                    + hint(problem), "yaml"));
            return Optional.empty();
        } catch (YAMLException e) {
            findings.add(Findings.at(Severity.ERROR, 0, 0, "YAML syntax: " + e.getMessage()
                    + "; fix the YAML", "yaml"));
            return Optional.empty();
        }
        if (root != null) {
            duplicates(root, findings);
        }
        return Optional.ofNullable(root);
    }

    private static String hint(String problem) {
        if (problem.contains("\\t") || problem.contains("tab")) {
            return "indent with spaces, not tabs";
        }
        if (problem.contains("mapping values are not allowed")) {
            return "a value containing ': ' must be quoted, or the indentation is wrong";
        }
        if (problem.contains("expected <block end>")) {
            return "check the indentation of this line against the lines above";
        }
        if (problem.contains("could not find expected ':'")) {
            return "a key needs a colon, or a multi-line value needs quoting";
        }
        if (problem.contains("found undefined alias") || problem.contains("found undefined anchor")) {
            return "define the &anchor before using the *alias";
        }
        return "fix the YAML at this place";
    }

    private static void duplicates(Node node, Findings findings) {
        BoundedYaml.stopIfInterrupted();
        if (node instanceof MappingNode m) {
            Map<String, Node> seen = new HashMap<>();
            for (NodeTuple t : m.getValue()) {
                String key = scalar(t.getKeyNode());
                if (key != null && !key.equals("<<")) {
                    Node first = seen.putIfAbsent(key, t.getKeyNode());
                    if (first != null) {
                        findings.add(Severity.ERROR, t.getKeyNode(), "key '" + key + "' is repeated (first at "
                                + "line " + (first.getStartMark().getLine() + 1) + "); keep one", "yaml");
                    }
                }
                duplicates(t.getValueNode(), findings);
            }
        } else if (node instanceof SequenceNode s) {
            for (Node child : s.getValue()) {
                duplicates(child, findings);
            }
        }
    }

    /** The scalar's text, or null for a mapping, a list or a null value. */
    static String scalar(Node node) {
        if (node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())) {
            return s.getValue();
        }
        return null;
    }

    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode s && Tag.NULL.equals(s.getTag()));
    }

    /** The value node of {@code key} in a mapping, or null. */
    static Node get(Node mapping, String key) {
        NodeTuple entry = entry(mapping, key);
        return entry == null ? null : entry.getValueNode();
    }

    /** The key node of {@code key} in a mapping, or null. */
    static Node keyNode(Node mapping, String key) {
        NodeTuple entry = entry(mapping, key);
        return entry == null ? null : entry.getKeyNode();
    }

    /** The first entry of a mapping whose key is {@code key}, or null (also for anything but a mapping). */
    private static NodeTuple entry(Node mapping, String key) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (key.equals(scalar(t.getKeyNode()))) {
                    return t;
                }
            }
        }
        return null;
    }

    static String string(Node mapping, String key) {
        return scalar(get(mapping, key));
    }

    /** The items of a list node (empty for anything else). */
    static List<Node> items(Node node) {
        BoundedYaml.stopIfInterrupted();
        return node instanceof SequenceNode s ? s.getValue() : List.of();
    }

    /** The entries of a mapping node (empty for anything else). */
    static List<NodeTuple> entries(Node node) {
        BoundedYaml.stopIfInterrupted();
        return node instanceof MappingNode m ? m.getValue() : new ArrayList<>();
    }

    /** What kind of YAML value a node is, for messages. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "empty";
        }
        return "a scalar";
    }
}
