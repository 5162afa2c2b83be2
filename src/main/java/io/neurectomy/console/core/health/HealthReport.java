package io.neurectomy.console.core.health;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One health run over the stack: every probe's findings, and the verdict.
 *
 * @param checkedAt  when the run started
 * @param context    the kubeconfig context
 * @param namespace  the stack's namespace
 * @param results    one per probe, in the probes' order
 * @param took       how long the whole run took
 * @param notChecked why the stack could not be checked at all (the namespace could not be read), or empty
 */
public record HealthReport(Instant checkedAt, String context, String namespace, List<ProbeResult> results,
                           Duration took, String notChecked) {
    public HealthReport {
        results = List.copyOf(results);
        notChecked = notChecked == null ? "" : notChecked;
    }

    /** Every finding, most urgent first. */
    public List<Finding> findings() {
        return results.stream().flatMap(r -> r.findings().stream()).sorted(Finding.URGENCY).toList();
    }

    /** The verdict: the most urgent finding's, or NOT_CHECKED when the stack could not be read. */
    public HealthStatus status() {
        if (!notChecked.isEmpty()) {
            return HealthStatus.NOT_CHECKED;
        }
        return findings().stream().map(f -> HealthStatus.of(f.severity())).max(Comparator.naturalOrder())
                .orElse(HealthStatus.HEALTHY);
    }

    /** How many findings of each severity there are, most urgent first; severities with none are left out. */
    public Map<Severity, Long> counts() {
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        counts.putAll(findings().stream().collect(Collectors.groupingBy(Finding::severity, Collectors.counting())));
        return counts;
    }

    /** The results of one area's probes. */
    public List<ProbeResult> results(HealthArea area) {
        return results.stream().filter(r -> r.probe().area() == area).toList();
    }

    /** One line: "Critical: 2 critical, 1 warning, 14 OK, 2 unknown (prometheus-targets, …)". */
    public String summary() {
        if (!notChecked.isEmpty()) {
            return "Could not check: " + notChecked;
        }
        HealthStatus status = status();
        String head = switch (status) {
            case HEALTHY -> "Healthy";
            case WARNING -> "Warnings";
            case CRITICAL -> "Critical";
            case NOT_CHECKED -> "Could not check";
        };
        String counts = counts().entrySet().stream()
                .map(e -> e.getValue() + " " + (e.getKey() == Severity.OK ? "OK"
                        : e.getKey().name().toLowerCase(Locale.ROOT)))
                .collect(Collectors.joining(", "));
        return head + ": " + counts + " (" + results.size() + " checks in " + took.toMillis() + " ms)";
    }
}
