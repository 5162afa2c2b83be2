package io.neurectomy.console.core.config;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Runs {@code promtool check config|rules} or {@code amtool check-config} on the text (fed through
 * {@code /dev/stdin}, so that secrets never touch the disk; a copy in a private temporary directory where there is no
 * {@code /dev/stdin}) and turns their verdict into problems.
 *
 * <p>Prometheus configurations are checked with {@code --syntax-only} (the rule files and certificate files they name
 * live in the cluster, not here). Debian's promtool lacks some service discovery kinds upstream Prometheus has
 * ({@link #MISSING_IN_DEBIAN}); their blocks are cut out of the copy before promtool sees it, or, where they cannot be
 * cut cleanly, promtool is not run — the verdict says which.
 */
final class ExternalTools {
    /** Discovery kinds of upstream Prometheus that Debian's promtool 2.42 refuses as unknown fields. */
    static final List<String> MISSING_IN_DEBIAN = List.of("kubernetes", "consul", "linode", "nomad", "kuma");
    private static final long TIMEOUT_SECONDS = 30;
    private static final Path STDIN = Path.of("/dev/stdin");
    private static final Pattern LINE = Pattern.compile("\\bline (\\d+)(?::(\\d+))?");
    private static final Pattern RULE_REF = Pattern.compile("group \"([^\"]*)\", rule (\\d+)");
    private static final Pattern RULE_LINE = Pattern.compile("^.*?: (\\d+):(\\d+): (.*)$");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token|credentials|api_key|"
            + "apikey|_key|api_url|webhook|url)$");

    /** The tool's problems and its one-line verdict. */
    record Verdict(List<Finding> problems, String summary) {
    }

    private ExternalTools() {
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Verdict run(ConfigKind kind, String text, Node root) {
        String tool = kind == ConfigKind.ALERTMANAGER ? "amtool" : "promtool";
        Optional<Path> binary = onPath(tool);
        if (binary.isEmpty()) {
            return new Verdict(List.of(), tool + " is not on PATH: built-in checks only");
        }
        String checked = text;
        String note = "";
        if (kind == ConfigKind.PROMETHEUS && root != null) {
            Set<String> found = new TreeSet<>();
            Optional<String> cut = withoutMissingKinds(text, root, found);
            if (!found.isEmpty()) {
                if (cut.isEmpty()) {
                    return new Verdict(List.of(), "promtool not run: the configuration uses " + String.join(", ",
                            found) + ", which Debian's promtool lacks (upstream Prometheus has them)");
                }
                checked = cut.get();
                note = " (checked without " + String.join(", ", found) + ", which Debian's promtool lacks)";
            }
        }
        String fileName = switch (kind) {
            case PROMETHEUS -> "prometheus.yml";
            case RULES -> "rules.yml";
            case ALERTMANAGER -> "alertmanager.yml";
        };
        // The text goes through the tool's standard input where the system offers /dev/stdin: configurations carry
        // secrets, which should not touch the disk. Elsewhere a private temporary directory holds the copy.
        boolean viaStdin = Files.isReadable(STDIN);
        Path dir = null;
        try {
            Path file;
            if (viaStdin) {
                file = STDIN;
            } else {
                dir = Files.createTempDirectory("console-validate");
                file = dir.resolve(fileName);
                Files.writeString(file, checked, StandardCharsets.UTF_8);
            }
            List<String> command = switch (kind) {
                case PROMETHEUS -> List.of(binary.get().toString(), "check", "config", "--syntax-only",
                        file.toString());
                case RULES -> List.of(binary.get().toString(), "check", "rules", file.toString());
                case ALERTMANAGER -> List.of(binary.get().toString(), "check-config", file.toString());
            };
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            Process process = builder.start();
            byte[] input = viaStdin ? checked.getBytes(StandardCharsets.UTF_8) : new byte[0];
            Thread writer = new Thread(() -> {
                try (var in = process.getOutputStream()) {
                    in.write(input);
                } catch (IOException e) {
                    // The tool stopped reading (it failed early): its output says why.
                }
            }, tool + "-input");
            writer.setDaemon(true);
            writer.start();
            CompletableFuture<byte[]> out = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    out.complete(process.getInputStream().readAllBytes());
                } catch (IOException e) {
                    out.completeExceptionally(e);
                }
            }, tool + "-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Verdict(List.of(), tool + " did not answer within " + TIMEOUT_SECONDS + " s: built-in "
                        + "checks only");
            }
            String output;
            try {
                output = new String(out.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            } catch (ExecutionException | TimeoutException e) {
                return new Verdict(List.of(), tool + "'s output could not be read: built-in checks only");
            }
            output = output.replace("'" + file + "'", fileName).replace(file.toString(), fileName);
            if (dir != null) {
                output = output.replace(dir.toString(), ".");
            }
            output = redact(output, root);
            int code = process.exitValue();
            if (output.contains("unknown long flag '--syntax-only'")) {
                // promtool before 2.41: without the flag it would load the cluster's rule and certificate files.
                return new Verdict(List.of(), "promtool is too old for check config --syntax-only: built-in checks "
                        + "only");
            }
            if (code == 0) {
                return new Verdict(List.of(), tool + ": SUCCESS" + note);
            }
            List<Finding> problems = parse(kind, tool, output, fileName, root);
            return new Verdict(problems, tool + ": FAILED (exit " + code + ", " + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + ")" + note);
        } catch (IOException e) {
            return new Verdict(List.of(), tool + " could not be run (" + e.getMessage() + "): built-in checks only");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(List.of(), tool + " was interrupted: built-in checks only");
        } finally {
            delete(dir);
        }
    }

    private static List<Finding> parse(ConfigKind kind, String tool, String output, String fileName, Node root) {
        List<Finding> problems = new ArrayList<>();
        String hint = tool.equals("amtool") ? "; fix the Alertmanager configuration as the message says"
                : "; fix the file as the message says";
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.startsWith("Checking ") && line.contains("FAILED:")) {
                line = line.substring(line.indexOf("FAILED:"));
            }
            if (line.isEmpty() || line.startsWith("Checking ") || line.startsWith("amtool: error: failed to validate")
                    || line.equals("FAILED:") || line.startsWith("SUCCESS")) {
                continue;
            }
            if (line.startsWith("FAILED:")) {
                line = line.substring("FAILED:".length()).strip();
            }
            if (line.isEmpty() || line.startsWith("Found ") || line.endsWith("unmarshal errors:")) {
                continue;
            }
            int l = 0;
            int c = 0;
            Matcher rule = RULE_LINE.matcher(line);
            if (kind == ConfigKind.RULES && line.startsWith(fileName + ": ") && rule.matches()) {
                l = Integer.parseInt(rule.group(1));
                c = Integer.parseInt(rule.group(2));
                line = rule.group(3);
            } else {
                if (line.startsWith(fileName + ": ")) {
                    line = line.substring(fileName.length() + 2);
                }
                Matcher m = LINE.matcher(line);
                Matcher r = RULE_REF.matcher(line);
                if (m.find()) {
                    l = Integer.parseInt(m.group(1));
                    c = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                } else if (kind == ConfigKind.RULES && r.find()) {
                    Node ruleAt = ruleNode(root, r.group(1), Integer.parseInt(r.group(2)));
                    if (ruleAt != null) {
                        l = ruleAt.getStartMark().getLine() + 1;
                        c = ruleAt.getStartMark().getColumn() + 1;
                    }
                }
            }
            problems.add(Findings.at(Severity.ERROR, l, c, tool + ": " + line + hint, tool));
        }
        if (problems.isEmpty()) {
            problems.add(Findings.at(Severity.ERROR, 0, 0, tool + " rejected the file without a message; "
                    + "run it by hand to see why", tool));
        }
        return problems;
    }

    /** The rule promtool names as group "G", rule N (counted from 1), to place its message. */
    private static Node ruleNode(Node root, String group, int index) {
        for (Node g : YamlTree.items(YamlTree.get(root, "groups"))) {
            if (group.equals(YamlTree.string(g, "name"))) {
                List<Node> rules = YamlTree.items(YamlTree.get(g, "rules"));
                return index >= 1 && index <= rules.size() ? rules.get(index - 1) : null;
            }
        }
        return null;
    }

    /** Replaces the values of secret-looking fields, wherever the tool repeats them, by {@code <secret>}. */
    private static String redact(String output, Node root) {
        List<String> secrets = new ArrayList<>();
        collectSecrets(root, secrets);
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        String result = output;
        for (String s : secrets) {
            if (s.length() >= 4) {
                result = result.replace(s, "<secret>");
            }
        }
        return result;
    }

    private static void collectSecrets(Node node, List<String> secrets) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = YamlTree.scalar(t.getKeyNode());
                if (key != null && SECRET_KEY.matcher(key).matches() && t.getValueNode() instanceof ScalarNode s) {
                    secrets.add(s.getValue());
                }
                collectSecrets(t.getValueNode(), secrets);
            }
        } else if (node != null && !(node instanceof ScalarNode)) {
            for (Node child : YamlTree.items(node)) {
                collectSecrets(child, secrets);
            }
        }
    }

    /**
     * The text without the blocks of discovery kinds Debian lacks; empty when one cannot be cut by whole lines (for
     * instance when it is the first key of a list item or written in flow style).
     */
    static Optional<String> withoutMissingKinds(String text, Node root, Set<String> found) {
        List<int[]> cuts = new ArrayList<>();
        boolean[] clean = {true};
        collectCuts(root, text, cuts, found, clean);
        if (!clean[0]) {
            return Optional.empty();
        }
        String[] lines = text.split("\n", -1);
        boolean[] drop = new boolean[lines.length];
        for (int[] cut : cuts) {
            for (int i = cut[0]; i < cut[1] && i < lines.length; i++) {
                drop[i] = true;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (!drop[i]) {
                sb.append(lines[i]);
                if (i < lines.length - 1) {
                    sb.append('\n');
                }
            }
        }
        return Optional.of(sb.toString());
    }

    private static void collectCuts(Node node, String text, List<int[]> cuts, Set<String> found, boolean[] clean) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = YamlTree.scalar(t.getKeyNode());
                if (key != null && key.endsWith("_sd_configs")
                        && MISSING_IN_DEBIAN.contains(key.substring(0, key.length() - "_sd_configs".length()))) {
                    found.add(key);
                    int startLine = t.getKeyNode().getStartMark().getLine();
                    int column = t.getKeyNode().getStartMark().getColumn();
                    String lineText = text.split("\n", -1)[startLine];
                    boolean ownLine = lineText.substring(0, Math.min(column, lineText.length())).isBlank();
                    boolean others = m.getValue().size() > 1;
                    if (!ownLine || !others || m.getFlowStyle() == org.yaml.snakeyaml.DumperOptions.FlowStyle.FLOW) {
                        clean[0] = false;
                        continue;
                    }
                    Node value = t.getValueNode();
                    int endLine = value.getEndMark().getLine();
                    // The end mark sits after the block: on the next key's line (column > 0 there means the block
                    // ended on that line itself, in flow style).
                    int end = value.getEndMark().getColumn() == 0 || value instanceof MappingNode
                            || value instanceof org.yaml.snakeyaml.nodes.SequenceNode ? endLine : endLine + 1;
                    if (value instanceof org.yaml.snakeyaml.nodes.SequenceNode s
                            && s.getFlowStyle() == org.yaml.snakeyaml.DumperOptions.FlowStyle.FLOW) {
                        end = endLine + 1;
                    }
                    cuts.add(new int[] {startLine, Math.max(end, startLine + 1)});
                } else {
                    collectCuts(t.getValueNode(), text, cuts, found, clean);
                }
            }
        } else if (node instanceof org.yaml.snakeyaml.nodes.SequenceNode s) {
            for (Node child : s.getValue()) {
                collectCuts(child, text, cuts, found, clean);
            }
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless; the OS cleans its temp space.
        }
    }
}
