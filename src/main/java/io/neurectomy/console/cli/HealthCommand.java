package io.neurectomy.console.cli;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.ConnectionException;
import io.neurectomy.console.core.health.HealthArea;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.core.health.ProbeResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code health}: the deployment guide's {@code health-check.sh [verbose]}. Runs every health probe over the stack
 * and prints the findings grouped by component, as JSON, or as a JUnit report for a CI pipeline.
 *
 * <p>Exit codes: 0 healthy, 1 warnings only, 3 critical (an ERROR or CRITICAL finding), 4 could not check (the
 * cluster or the namespace could not be read), 2 usage.
 */
@Command(name = "health", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks the monitoring stack: workloads and pods, each Prometheus replica (readiness, config"
                + " reload, targets, service discovery, rules, TSDB, Alertmanagers), the Alertmanager cluster and"
                + " its notifications, and Grafana. A check that cannot run says UNKNOWN and why.",
                "Exit codes: 0 healthy, 1 warnings only, 3 critical, 4 could not check, 2 usage."},
        footer = {"", "Examples:", "  monitoring-console health", "  monitoring-console health --verbose",
                "  monitoring-console health --output junit > health.xml"})
public final class HealthCommand implements Callable<Integer> {
    /** How long the first listing of the namespace may take before the stack counts as not checked. */
    private static final Duration SYNC_LIMIT = Duration.ofSeconds(20);

    @Option(names = {"-v", "--verbose"}, description = "Print every check's findings with their evidence and the"
            + " guide's equivalent command, not only what needs attention.")
    boolean verbose;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json (one document on stdout), or junit (a JUnit XML report: one test"
                    + " case per check).")
    String output;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String format = output.strip().toLowerCase(Locale.ROOT);
        if (!List.of("text", "json", "junit").contains(format)) {
            throw new UsageException("unknown output format '" + output + "'; use text, json or junit");
        }
        HealthReport report;
        try (ClusterSession session = cluster.connect()) {
            HealthChecker.awaitSync(session, SYNC_LIMIT);
            report = HealthChecker.standard().check(session);
        } catch (ConnectionException e) {
            report = new HealthReport(Instant.now(), "", cluster.namespace(), List.of(), Duration.ZERO,
                    e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case "json" -> Json.print(out, json(report));
            case "junit" -> {
                out.print(HealthJunit.xml(report));
                out.flush();
            }
            default -> {
                text(report, out);
                out.flush();
            }
        }
        return report.status().exitCode();
    }

    private void text(HealthReport report, PrintWriter out) {
        out.println("Health of " + report.namespace() + (report.context().isEmpty() ? "" : " on "
                + report.context()) + ": " + report.summary());
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
                    if (!f.fix().isEmpty() && f.actionable()) {
                        out.println("             fix: " + f.fix());
                    }
                    if (verbose && !f.evidence().isEmpty()) {
                        for (String line : f.evidence().split("\n")) {
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
        List<Object> checks = new ArrayList<>();
        for (ProbeResult r : report.results()) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("code", r.probe().code());
            check.put("area", r.probe().area().name().toLowerCase(Locale.ROOT));
            check.put("title", r.probe().title());
            check.put("guide", r.probe().guide(report.namespace()));
            check.put("severity", r.severity().name().toLowerCase(Locale.ROOT));
            check.put("tookMillis", r.took().toMillis());
            check.put("findings", r.findings().stream().map(HealthCommand::json).toList());
            checks.add(check);
        }
        doc.put("checks", checks);
        return doc;
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
}
