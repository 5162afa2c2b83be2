package io.neurectomy.console.core.config;

import io.neurectomy.console.core.check.Severity;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /**
     * The code of the finding that says the built-in checks themselves failed (a bug, never the file's fault): the
     * one way to recognise it, since a message can quote any text of the file.
     */
    public static final String INTERNAL_FAILURE = "validator";
    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("(?m)^([a-z_]+):");
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

    /**
     * Validates {@code text} as a file of {@code kind}. Stops with {@link CancellationException} when the thread is
     * interrupted.
     */
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
        } catch (CancellationException e) {
            throw e; // the thread was interrupted: nobody waits for this verdict
        } catch (RuntimeException e) {
            // A validator bug must not hide the file's real problems nor crash the editor.
            findings.add(Findings.at(Severity.WARNING, 0, 0, "the built-in validator failed internally ("
                    + e.getClass().getSimpleName() + "); its verdict is incomplete — check with promtool/amtool",
                    INTERNAL_FAILURE));
        }
        if (!tools) {
            return new ValidationReport(kind, findings.sorted(), Optional.empty());
        }
        if (findings.refused()) {
            return new ValidationReport(kind, findings.sorted(), Optional.of((kind == ConfigKind.ALERTMANAGER
                    ? "amtool" : "promtool") + " not run: the file breaks a YAML limit"));
        }
        ExternalTools.Verdict verdict = ExternalTools.run(kind, input, root);
        verdict.problems().forEach(findings::add);
        return new ValidationReport(kind, findings.sorted(), Optional.of(verdict.summary()));
    }

    /**
     * Guesses the kind of a file from its top-level fields (from its lines when the YAML does not parse); empty when
     * it looks like none of them.
     */
    public static Optional<ConfigKind> guessKind(String text) {
        Findings ignored = new Findings("yaml");
        Node root;
        try {
            root = YamlTree.parse(text == null ? "" : text, ignored).orElse(null);
        } catch (RuntimeException e) {
            root = null;
        }
        if (root == null && text != null) {
            // A file with a YAML error still shows its kind in its top-level keys (lines starting with "key:").
            Set<String> keys = new HashSet<>();
            Matcher m = TOP_LEVEL_KEY.matcher(text);
            while (m.find()) {
                keys.add(m.group(1));
            }
            return guess(keys::contains);
        }
        if (!(root instanceof MappingNode)) {
            return Optional.empty();
        }
        Node mapping = root;
        return guess(key -> YamlTree.get(mapping, key) != null);
    }

    private static Optional<ConfigKind> guess(Predicate<String> has) {
        if (has.test("groups")) {
            return Optional.of(ConfigKind.RULES);
        }
        for (String key : List.of("route", "receivers", "inhibit_rules", "time_intervals", "mute_time_intervals",
                "templates")) {
            if (has.test(key)) {
                return Optional.of(ConfigKind.ALERTMANAGER);
            }
        }
        for (String key : List.of("scrape_configs", "rule_files", "alerting", "remote_write", "remote_read",
                "scrape_config_files", "global")) {
            if (has.test(key)) {
                return Optional.of(ConfigKind.PROMETHEUS);
            }
        }
        return Optional.empty();
    }
}
