package io.neurectomy.console.bench;

import io.neurectomy.console.core.config.ConfigKind;
import io.neurectomy.console.core.config.ConfigValidator;
import io.neurectomy.console.core.config.ValidationReport;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validation latency of one rule file with 60 rules (40 alerts, 20 recording rules in 6 groups): the console's
 * built-in validator in process against {@code promtool check rules} started as a process, as the editor would
 * otherwise have to. Run with {@code bench/validate.sh}; results in {@code docs/performance.md}.
 *
 * <ul>
 *   <li>{@code builtIn}: {@link ConfigValidator#builtIn()} on the text (YAML, structure, PromQL of all 60 rules).</li>
 *   <li>{@code promtool}: write the text to a file, run {@code promtool check rules FILE}, wait for its exit code.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ValidateBench {
    private static final List<String> ALERT_EXPRS = List.of(
            "up{job=\"%s\"} == 0",
            "sum by (job, namespace) (rate(http_requests_total{job=\"%s\",code=~\"5..\"}[5m]))"
                    + " / sum by (job, namespace) (rate(http_requests_total{job=\"%s\"}[5m])) > 0.05",
            "histogram_quantile(0.99, sum by (le, job) (rate(http_request_duration_seconds_bucket{job=\"%s\"}[5m])))"
                    + " > 1",
            "max_over_time(prometheus_config_last_reload_successful{job=\"%s\"}[5m]) == 0",
            "predict_linear(node_filesystem_avail_bytes{job=\"%s\",fstype!~\"tmpfs|overlay\"}[6h], 4 * 24 * 3600)"
                    + " < 0 and node_filesystem_avail_bytes{job=\"%s\"} / node_filesystem_size_bytes < 0.15",
            "increase(kube_pod_container_status_restarts_total{job=\"%s\"}[10m]) > 0 and on(namespace, pod, "
                    + "container) kube_pod_container_status_last_terminated_reason{reason=\"OOMKilled\"} == 1",
            "100 * (count by (job) (up{job=\"%s\"} == 0) / count by (job) (up{job=\"%s\"})) > 10",
            "rate(alertmanager_notifications_failed_total{job=\"%s\"}[5m]) / ignoring(reason) group_left "
                    + "rate(alertmanager_notifications_total{job=\"%s\"}[5m]) > 0.01");
    private static final List<String> RECORD_EXPRS = List.of(
            "sum without (instance) (rate(http_requests_total{job=\"%s\"}[5m]))",
            "1 - avg without (cpu) (sum without (mode) (rate(node_cpu_seconds_total{job=\"%s\",mode=~\"idle|iowait\"}"
                    + "[5m])))",
            "max_over_time(sum by (job) (rate(http_errors_total{job=\"%s\"}[5m]))[1h:1m])",
            "count without (cpu, mode) (node_cpu_seconds_total{job=\"%s\",mode=\"idle\"})");
    private static final String[] JOBS = {"prometheus", "alertmanager", "grafana", "node", "kubelet", "apiserver"};

    private String text;
    private Path dir;
    private Path file;
    private String promtool;

    /** A realistic 60-rule file (40 alerts, 20 recording rules). */
    static String sixtyRules() {
        StringBuilder sb = new StringBuilder("groups:\n");
        int alerts = 0;
        int records = 0;
        for (int g = 0; g < 6; g++) {
            sb.append("  - name: ").append(JOBS[g]).append(".rules\n    interval: 1m\n    rules:\n");
            for (int r = 0; r < 10; r++) {
                String job = JOBS[(g + r) % JOBS.length];
                if ((g * 10 + r) % 3 == 2 && records < 20) {
                    String expr = RECORD_EXPRS.get(records % RECORD_EXPRS.size()).replace("%s", job);
                    sb.append("      - record: job:").append(job).append("_metric_").append(records)
                            .append(":rate5m\n        expr: '").append(expr).append("'\n");
                    records++;
                } else {
                    String expr = ALERT_EXPRS.get(alerts % ALERT_EXPRS.size()).replace("%s", job);
                    sb.append("      - alert: ").append(Character.toUpperCase(job.charAt(0))).append(job.substring(1))
                            .append("Problem").append(alerts).append("\n        expr: |\n          ").append(expr)
                            .append("\n        for: 10m\n        labels:\n          severity: ")
                            .append(alerts % 2 == 0 ? "critical" : "warning")
                            .append("\n        annotations:\n          summary: '{{ $labels.job }} on "
                                    + "{{ $labels.instance }} has a problem ({{ $value }})'\n"
                                    + "          runbook_url: https://runbooks.example.org/").append(alerts)
                            .append('\n');
                    alerts++;
                }
            }
        }
        return sb.toString();
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        text = sixtyRules();
        long rules = text.lines().filter(l -> l.startsWith("      - alert:") || l.startsWith("      - record:"))
                .count();
        if (rules != 60) {
            throw new IllegalStateException("the benchmark file has " + rules + " rules, not 60");
        }
        ValidationReport report = ConfigValidator.builtIn().validate(ConfigKind.RULES, text);
        if (!report.findings().isEmpty()) {
            throw new IllegalStateException("the benchmark file is not clean: " + report.findings());
        }
        promtool = null;
        for (String d : System.getenv("PATH").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "promtool"))) {
                promtool = Path.of(d, "promtool").toString();
            }
        }
        dir = Files.createTempDirectory("validate-bench");
        file = dir.resolve("rules.yml");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        if (promtool != null && promtool() != 0) {
            throw new IllegalStateException("promtool refuses the benchmark file");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public ValidationReport builtIn() {
        return ConfigValidator.builtIn().validate(ConfigKind.RULES, text);
    }

    @Benchmark
    public int promtool() throws Exception {
        if (promtool == null) {
            throw new IllegalStateException("promtool is not on PATH (apt-get install prometheus)");
        }
        // As the editor would: write the current text, then run the tool on it.
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(promtool, "check", "rules", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        return p.waitFor();
    }
}
