package io.neurectomy.console.cli;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.health.Acknowledgement;
import io.neurectomy.console.core.health.HealthArea;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.core.health.ProbeResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code health} and {@code preflight} print a report: text grouped by area, one JSON document, or a JUnit
 * report; the exit code is the report's verdict.
 */
final class HealthOutput {
    /** The output formats. */
    static final List<String> FORMATS = List.of("text", "json", "junit");

    private HealthOutput() {
    }

    /** The format {@code output} names; a usage error for any other. */
    static String format(String output) {
        String format = output.strip().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new UsageException("unknown output format '" + output + "'; use text, json or junit");
        }
        return format;
    }

    /**
     * Prints {@code report} in {@code format}; text starts with {@code heading} ("Health of monitoring").
     *
     * @return the exit code of its verdict
     */
    static int print(HealthReport report, String format, boolean verbose, String heading, PrintWriter out) {
        switch (format) {
            case "json" -> Json.print(out, json(report));
            case "junit" -> {
                out.print(HealthJunit.xml(report));
                out.flush();
            }
            default -> {
                text(report, verbose, heading, out);
                out.flush();
            }
        }
        return report.status().exitCode();
    }

    static void text(HealthReport report, boolean verbose, String heading, PrintWriter out) {
        out.println(heading + (report.context().isEmpty() ? "" : " on " + report.context()) + ": "
                + report.summary());
        for (HealthArea area : HealthArea.values()) {
            List<ProbeResult> results = report.results(area);
            if (results.isEmpty()) {
                continue;
            }
            out.println();
            out.println(area.title());
            for (ProbeResult result : results) {
                out.printf("  %-8s %s (%s)%n", label(result.severity()), result.probe().title(),
                        result.probe().code());
                if (verbose) {
                    out.println("           by hand: " + result.probe().guide(report.namespace()));
                }
                for (Finding f : result.findings()) {
                    if (!verbose && (f.severity() == Severity.OK || f.severity() == Severity.INFO)) {
                        continue;
                    }
                    out.printf("    %-8s %s%s%n", label(f.severity()), f.subject().isEmpty() ? "" : f.subject()
                            + ": ", f.message());
                    Optional<Acknowledgement> ack = report.acknowledgement(f);
                    if (ack.isPresent()) {
                        out.println("             acknowledged until " + ack.get().expires() + ": "
                                + ack.get().reason() + (ack.get().author().isEmpty() ? ""
                                : " (" + ack.get().author() + ")"));
                    } else {
                        report.expiredAcknowledgement(f).ifPresent(a -> out.println(
                                "             acknowledgement expired " + a.expires() + ": " + a.reason()));
                        // An informative finding's fix (silencing a firing alert) is shown with what it is about.
                        if (!f.fix().isEmpty() && (f.actionable() || verbose && f.severity() == Severity.INFO)) {
                            out.println("             fix: " + f.fix());
                        }
                    }
                    if (verbose && !f.evidence().isEmpty()) {
                        for (String line : f.evidence().split("\\n")) {
                            out.println("             | " + line);
                        }
                    }
                }
            }
        }
        if (report.status() == HealthStatus.HEALTHY && !verbose) {
            out.println();
            out.println("Run with --verbose to see what each check read.");
        }
    }

    private static String label(Severity severity) {
        return severity == Severity.OK ? "OK" : severity.name();
    }

    static Map<String, Object> json(HealthReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("context", report.context());
        doc.put("namespace", report.namespace());
        doc.put("checkedAt", report.checkedAt().toString());
        doc.put("status", report.status().name().toLowerCase(Locale.ROOT));
        doc.put("exitCode", report.status().exitCode());
        doc.put("summary", report.summary());
        doc.put("tookMillis", report.took().toMillis());
        doc.put("notChecked", report.notChecked().isEmpty() ? null : report.notChecked());
        Map<String, Long> counts = new LinkedHashMap<>();
        report.counts().forEach((s, n) -> counts.put(s.name().toLowerCase(Locale.ROOT), n));
        doc.put("counts", counts);
        doc.put("acknowledged", report.acknowledgedCount());
        List<Object> checks = new ArrayList<>();
        for (ProbeResult r : report.results()) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("code", r.probe().code());
            check.put("area", r.probe().area().name().toLowerCase(Locale.ROOT));
            check.put("title", r.probe().title());
            check.put("guide", r.probe().guide(report.namespace()));
            check.put("severity", r.severity().name().toLowerCase(Locale.ROOT));
            check.put("tookMillis", r.took().toMillis());
            check.put("findings", r.findings().stream().map(f -> json(report, f)).toList());
            checks.add(check);
        }
        doc.put("checks", checks);
        return doc;
    }

    static Map<String, Object> json(HealthReport report, Finding f) {
        Map<String, Object> m = json(f);
        m.put("acknowledgement", report.acknowledgement(f).map(HealthOutput::json).orElse(null));
        m.put("expiredAcknowledgement", report.expiredAcknowledgement(f).map(HealthOutput::json).orElse(null));
        return m;
    }

    static Map<String, Object> json(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
        m.put("code", f.code());
        m.put("subject", f.subject());
        m.put("message", f.message());
        m.put("detail", f.detail());
        m.put("fix", f.fix());
        m.put("evidence", f.evidence());
        m.put("action", f.action().map(a -> Map.of("operation", a.operation(), "target", a.target(),
                "label", a.label())).orElse(null));
        return m;
    }

    static Map<String, Object> json(Acknowledgement a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("context", a.context());
        m.put("code", a.code());
        m.put("subject", a.subject());
        m.put("reason", a.reason());
        m.put("author", a.author());
        m.put("acknowledged", a.acknowledged().toString());
        m.put("expires", a.expires().toString());
        return m;
    }
}
