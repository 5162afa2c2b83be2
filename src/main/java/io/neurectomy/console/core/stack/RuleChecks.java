package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.neurectomy.console.core.check.Severity;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks of the Prometheus rule files: they parse, are loaded, and their alerts and recording rules are well-formed.
 */
final class RuleChecks {
    private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "rules", "limit", "query_offset");
    private static final Set<String> RULE_KEYS = Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels",
            "annotations");
    private static final List<String> SEVERITIES = List.of("critical", "warning", "info");
    private static final List<String> ANNOTATIONS = List.of("summary", "description", "runbook_url");
    /** level:metric:operations, each part a metric-name word. */
    private static final Pattern RECORD_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*"
            + ":[a-zA-Z0-9_]+");
    private static final Pattern DURATION = Pattern.compile("([0-9]+(ms|s|m|h|d|w|y))+");

    private RuleChecks() {
    }

    /** One rule with the file and group it is in. */
    record Rule(String file, String group, Map<String, Object> fields, String location) {
        String alert() {
            return ConfigDoc.string(fields.get("alert"));
        }

        String record() {
            return ConfigDoc.string(fields.get("record"));
        }
    }

    /** The parsed rule files, by key of the rules ConfigMap. */
    static Map<String, ConfigDoc> ruleDocs(RenderedStack stack) {
        Map<String, ConfigDoc> docs = new java.util.LinkedHashMap<>();
        stack.ruleFiles().forEach((key, text) -> docs.put(key, new ConfigDoc(key, text)));
        return docs;
    }

    /** Every rule of the files that parse. */
    static List<Rule> rules(RenderedStack stack) {
        List<Rule> rules = new ArrayList<>();
        for (ConfigDoc doc : ruleDocs(stack).values()) {
            for (Object g : ConfigDoc.list(doc.root.get("groups"))) {
                Map<String, Object> group = ConfigDoc.map(g);
                if (group == null) {
                    continue;
                }
                for (Object r : ConfigDoc.list(group.get("rules"))) {
                    Map<String, Object> rule = ConfigDoc.map(r);
                    if (rule != null) {
                        rules.add(new Rule(doc.name, ConfigDoc.string(group.get("name")), rule, doc.at(rule)));
                    }
                }
            }
        }
        return rules;
    }

    static void ruleFiles(RenderedStack stack, StackChecks.Findings findings) {
        Optional<StackObject> configMap = stack.find("ConfigMap", RenderedStack.PROMETHEUS_RULES);
        if (configMap.isEmpty()) {
            findings.add(Severity.ERROR, "ConfigMap/" + RenderedStack.PROMETHEUS_RULES, "",
                    "the stack has no rules ConfigMap, so Prometheus evaluates no alerts; restore it.");
            return;
        }
        String object = configMap.get().ref();
        Map<String, String> groupsSeen = new HashMap<>();
        for (ConfigDoc doc : ruleDocs(stack).values()) {
            if (!doc.ok()) {
                for (StackProblem p : doc.problems) {
                    findings.add(Severity.ERROR, object, p.toString(), "rule file " + doc.name + " does not parse ("
                            + p.message() + "); Prometheus would refuse to reload. Fix the YAML.");
                }
                continue;
            }
            if (!(doc.root.get("groups") instanceof List<?> groups) || groups.isEmpty()) {
                findings.add(Severity.ERROR, object, doc.name, "rule file " + doc.name + " has no "
                        + "'groups:' list; write groups of rules.");
                continue;
            }
            for (Object g : groups) {
                Map<String, Object> group = ConfigDoc.map(g);
                if (group == null || group.get("name") == null) {
                    findings.add(Severity.ERROR, object, doc.at(g), "a group needs a name and rules.");
                    continue;
                }
                String name = String.valueOf(group.get("name"));
                for (String key : group.keySet()) {
                    if (!GROUP_KEYS.contains(key)) {
                        findings.add(Severity.ERROR, object, doc.at(group), "group " + name + " has "
                                + "unknown field '" + key + "'; Prometheus refuses the file. Remove or fix it.");
                    }
                }
                String previous = groupsSeen.putIfAbsent(name, doc.name);
                if (previous != null) {
                    findings.add(Severity.ERROR, object, doc.at(group), "group name " + name + " is "
                            + "used in " + previous + " too; Prometheus refuses duplicate group names. Rename one.");
                }
                if (!(group.get("rules") instanceof List<?> rules) || rules.isEmpty()) {
                    findings.add(Severity.ERROR, object, doc.at(group), "group " + name + " has no "
                            + "rules.");
                    continue;
                }
                for (Object r : rules) {
                    checkRule(object, doc, name, r, findings);
                }
            }
        }
        checkLoaded(stack, object, findings);
    }

    private static void checkRule(String object, ConfigDoc doc, String group, Object r,
            StackChecks.Findings findings) {
        Map<String, Object> rule = ConfigDoc.map(r);
        if (rule == null) {
            findings.add(Severity.ERROR, object, doc.at(r), "a rule of group " + group + " is not a "
                    + "mapping.");
            return;
        }
        String where = doc.at(rule);
        String name = rule.get("alert") != null ? "alert " + rule.get("alert") : "record " + rule.get("record");
        if ((rule.get("alert") == null) == (rule.get("record") == null)) {
            findings.add(Severity.ERROR, object, where, "a rule of group " + group + " must have exactly "
                    + "one of 'alert' and 'record'.");
            return;
        }
        for (String key : rule.keySet()) {
            if (!RULE_KEYS.contains(key)) {
                findings.add(Severity.ERROR, object, where, name + " has unknown field '" + key
                        + "'; Prometheus refuses the file. Did you mean one of " + RULE_KEYS + "?");
            }
        }
        if (!(rule.get("expr") instanceof String expr) || expr.isBlank()) {
            findings.add(Severity.ERROR, object, where, name + " has no expr; write its PromQL.");
        }
        if (rule.get("record") != null && (rule.containsKey("for") || rule.containsKey("annotations"))) {
            findings.add(Severity.ERROR, object, where, name + " is a recording rule and cannot have "
                    + "'for' or 'annotations'; remove them.");
        }
        Object forValue = rule.get("for");
        if (forValue != null && !DURATION.matcher(String.valueOf(forValue)).matches()) {
            findings.add(Severity.ERROR, object, where, name + " has for: " + forValue + ", which is not "
                    + "a duration; write e.g. 10m.");
        }
    }

    /** Every mounted rule file must be matched by a rule_files pattern of prometheus.yml. */
    private static void checkLoaded(RenderedStack stack, String object, StackChecks.Findings findings) {
        Optional<Workload> prometheus = Workload.named(stack, "StatefulSet", "prometheus");
        Optional<String> configText = stack.prometheusConfig();
        if (prometheus.isEmpty() || configText.isEmpty()) {
            return;
        }
        ConfigDoc config = new ConfigDoc("prometheus.yml", configText.get());
        if (!config.ok()) {
            return; // the prometheus-alerting check reports it
        }
        String volume = null;
        for (Volume v : prometheus.get().podSpec().getVolumes() == null ? List.<Volume>of()
                : prometheus.get().podSpec().getVolumes()) {
            if (v.getConfigMap() != null && RenderedStack.PROMETHEUS_RULES.equals(v.getConfigMap().getName())) {
                volume = v.getName();
            }
        }
        String mountPath = null;
        for (Container c : prometheus.get().containers()) {
            for (VolumeMount m : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
                if (m.getName().equals(volume)) {
                    mountPath = m.getMountPath();
                }
            }
        }
        if (mountPath == null) {
            findings.add(Severity.ERROR, object, prometheus.get().object().location(), "the rules "
                    + "ConfigMap is not mounted into the prometheus container; mount it (as a directory, not subPath) "
                    + "where rule_files points.");
            return;
        }
        List<PathMatcher> matchers = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        for (Object f : ConfigDoc.list(config.root.get("rule_files"))) {
            String pattern = String.valueOf(f);
            patterns.add(pattern);
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
        }
        for (String key : stack.ruleFiles().keySet()) {
            Path mounted = Path.of(mountPath, key);
            if (matchers.stream().noneMatch(m -> m.matches(mounted))) {
                findings.add(Severity.ERROR, object, "", "rule file " + key + " is mounted at " + mounted
                        + " but rule_files " + patterns + " does not load it, so its rules never run; name files to "
                        + "match the pattern or widen it.");
            }
        }
    }

    static void alertAnnotations(RenderedStack stack, StackChecks.Findings findings) {
        String object = "ConfigMap/" + RenderedStack.PROMETHEUS_RULES;
        for (Rule rule : rules(stack)) {
            if (rule.alert() == null) {
                continue;
            }
            Map<String, Object> annotations = ConfigDoc.map(rule.fields().get("annotations"));
            for (String a : ANNOTATIONS) {
                Object value = annotations == null ? null : annotations.get(a);
                if (value == null || String.valueOf(value).isBlank()) {
                    findings.add(Severity.ERROR, object, rule.location(), "alert " + rule.alert()
                            + " has no " + a + " annotation; on-call engineers need summary, description and a "
                            + "runbook_url in every notification. Add it.");
                } else if (a.equals("runbook_url") && !String.valueOf(value).matches("https?://\\S+")) {
                    findings.add(Severity.ERROR, object, rule.location(), "alert " + rule.alert()
                            + " has runbook_url '" + value + "', which is not an http(s) URL; link the runbook.");
                }
            }
            Map<String, Object> labels = ConfigDoc.map(rule.fields().get("labels"));
            String severity = labels == null ? null : ConfigDoc.string(labels.get("severity"));
            if (severity == null || !SEVERITIES.contains(severity)) {
                findings.add(Severity.ERROR, object, rule.location(), "alert " + rule.alert() + " has "
                        + (severity == null ? "no severity label" : "severity '" + severity + "'") + "; Alertmanager "
                        + "routes by severity, so give it one of " + SEVERITIES + ".");
            } else if (rule.group() != null && rule.group().matches(".*\\.(critical|warning|info)")
                    && !rule.group().endsWith("." + severity)) {
                findings.add(Severity.WARNING, object, rule.location(), "alert " + rule.alert() + " is "
                        + severity + " but sits in group " + rule.group() + "; move it to the group of its severity.");
            }
        }
    }

    static void recordingRuleNames(RenderedStack stack, StackChecks.Findings findings) {
        String object = "ConfigMap/" + RenderedStack.PROMETHEUS_RULES;
        for (Rule rule : rules(stack)) {
            String record = rule.record();
            if (record != null && !RECORD_NAME.matcher(record).matches()) {
                findings.add(Severity.ERROR, object, rule.location(), "recording rule " + record + " is "
                        + "not named level:metric:operations (e.g. job:http_requests:rate5m); rename it so that "
                        + "its aggregation level and operations show in the name.");
            }
        }
    }
}
