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
import java.util.Optional;
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
 * @param acknowledged            the acknowledgements of the context that apply now: the findings they cover do
 *                                not count toward the verdict
 * @param expiredAcknowledgements the context's acknowledgements that have expired (shown, no longer applied)
 */
public record HealthReport(Instant checkedAt, String context, String namespace, List<ProbeResult> results,
                           Duration took, String notChecked, List<Acknowledgement> acknowledged,
                           List<Acknowledgement> expiredAcknowledgements) {
    public HealthReport {
        results = List.copyOf(results);
        notChecked = notChecked == null ? "" : notChecked;
        acknowledged = acknowledged == null ? List.of() : List.copyOf(acknowledged);
        expiredAcknowledgements = expiredAcknowledgements == null ? List.of()
                : List.copyOf(expiredAcknowledgements);
    }

    /** A report with no acknowledgements applied. */
    public HealthReport(Instant checkedAt, String context, String namespace, List<ProbeResult> results,
                        Duration took, String notChecked) {
        this(checkedAt, context, namespace, results, took, notChecked, List.of(), List.of());
    }

    /** The same report with {@code active} acknowledgements applied and {@code expired} ones shown. */
    public HealthReport withAcknowledgements(List<Acknowledgement> active, List<Acknowledgement> expired) {
        return new HealthReport(checkedAt, context, namespace, results, took, notChecked, active, expired);
    }

    /** Every finding, most urgent first. */
    public List<Finding> findings() {
        return results.stream().flatMap(r -> r.findings().stream()).sorted(Finding.URGENCY).toList();
    }

    /** The acknowledgement that applies to {@code finding} now, if any (only findings that ask for action). */
    public Optional<Acknowledgement> acknowledgement(Finding finding) {
        if (!finding.actionable()) {
            return Optional.empty();
        }
        return acknowledged.stream().filter(a -> a.covers(finding)).findFirst();
    }

    /** The expired acknowledgement of {@code finding}, if it has one and no newer one applies. */
    public Optional<Acknowledgement> expiredAcknowledgement(Finding finding) {
        if (acknowledgement(finding).isPresent()) {
            return Optional.empty();
        }
        return expiredAcknowledgements.stream().filter(a -> a.covers(finding)).findFirst();
    }

    /** The findings no acknowledgement covers: those the verdict is made of. */
    public List<Finding> counted() {
        return findings().stream().filter(f -> acknowledgement(f).isEmpty()).toList();
    }

    /** The verdict: the most urgent unacknowledged finding's, or NOT_CHECKED when the stack could not be read. */
    public HealthStatus status() {
        if (!notChecked.isEmpty()) {
            return HealthStatus.NOT_CHECKED;
        }
        return counted().stream().map(f -> HealthStatus.of(f.severity())).max(Comparator.naturalOrder())
                .orElse(HealthStatus.HEALTHY);
    }

    /**
     * How many unacknowledged findings of each severity there are, most urgent first; severities with none are left
     * out (acknowledged ones: {@link #acknowledgedCount()}).
     */
    public Map<Severity, Long> counts() {
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        counts.putAll(counted().stream().collect(Collectors.groupingBy(Finding::severity, Collectors.counting())));
        return counts;
    }

    /** How many findings an acknowledgement covers. */
    public long acknowledgedCount() {
        return findings().size() - counted().size();
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
        long acked = acknowledgedCount();
        if (acked > 0) {
            counts = counts + (counts.isEmpty() ? "" : ", ") + acked + " acknowledged";
        }
        return head + ": " + counts + " (" + results.size() + " checks in " + took.toMillis() + " ms)";
    }
}
