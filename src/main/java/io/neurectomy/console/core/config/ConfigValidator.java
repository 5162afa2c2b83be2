package io.neurectomy.console.core.config;

import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Validates Prometheus, rule and Alertmanager files: YAML syntax, structure (unknown fields with suggestions,
 * durations, label names, regexes, URLs, references), PromQL of every rule, and optionally promtool / amtool.
 *
 * <p>The built-in checks follow upstream Prometheus and Alertmanager, which is what clusters run: for instance
 * {@code kubernetes_sd_configs} is accepted although Debian's promtool lacks it. Instances are immutable and
 * thread-safe; {@link #validate} never throws on bad input.
 */
public final class ConfigValidator {
    private final boolean tools;

    private ConfigValidator(boolean tools) {
        this.tools = tools;
    }

    /** In-process checks only; fast enough to run on every debounced keystroke. */
    public static ConfigValidator builtIn() {
        return new ConfigValidator(false);
    }

    /** In-process checks, plus promtool / amtool when they are on PATH, with their verdict merged. */
    public static ConfigValidator withTools() {
        return new ConfigValidator(true);
    }

    /** Validates {@code text} as a file of {@code kind}. */
    public ValidationReport validate(ConfigKind kind, String text) {
        String input = text == null ? "" : text;
        Findings findings = new Findings(switch (kind) {
            case PROMETHEUS -> "prometheus";
            case RULES -> "rules";
            case ALERTMANAGER -> "alertmanager";
        });
        Node root = null;
        try {
            root = YamlTree.parse(input, findings).orElse(null);
            boolean parsed = !findings.hasErrors() || root != null;
            if (parsed) {
                if (root != null && !(root instanceof MappingNode)) {
                    findings.error(root, "the file must be a mapping of fields (key: value), not "
                            + YamlTree.describe(root));
                } else {
                    switch (kind) {
                        case PROMETHEUS -> PrometheusConfigCheck.check(root, findings);
                        case RULES -> RuleFileCheck.check(root, input, findings);
                        case ALERTMANAGER -> AlertmanagerConfigCheck.check(root, findings);
                    }
                }
            }
        } catch (RuntimeException e) {
            // A validator bug must not hide the file's real problems nor crash the editor.
            findings.add(new Problem(Problem.Severity.WARNING, 0, 0, "the built-in validator failed internally ("
                    + e.getClass().getSimpleName() + "); its verdict is incomplete — check with promtool/amtool",
                    "yaml"));
        }
        if (!tools) {
            return new ValidationReport(kind, findings.sorted(), Optional.empty());
        }
        ExternalTools.Verdict verdict = ExternalTools.run(kind, input, root);
        verdict.problems().forEach(findings::add);
        return new ValidationReport(kind, findings.sorted(), Optional.of(verdict.summary()));
    }

    /** Guesses the kind of a file from its top-level fields; empty when it looks like none of them. */
    public static Optional<ConfigKind> guessKind(String text) {
        Findings ignored = new Findings("yaml");
        Node root;
        try {
            root = YamlTree.parse(text == null ? "" : text, ignored).orElse(null);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (root instanceof MappingNode) {
            for (String key : List.of("groups")) {
                if (YamlTree.get(root, key) != null) {
                    return Optional.of(ConfigKind.RULES);
                }
            }
            for (String key : List.of("route", "receivers", "inhibit_rules", "time_intervals", "mute_time_intervals",
                    "templates")) {
                if (YamlTree.get(root, key) != null) {
                    return Optional.of(ConfigKind.ALERTMANAGER);
                }
            }
            for (String key : List.of("scrape_configs", "rule_files", "alerting", "remote_write", "remote_read",
                    "scrape_config_files", "global")) {
                if (YamlTree.get(root, key) != null) {
                    return Optional.of(ConfigKind.PROMETHEUS);
                }
            }
        }
        return Optional.empty();
    }
}
