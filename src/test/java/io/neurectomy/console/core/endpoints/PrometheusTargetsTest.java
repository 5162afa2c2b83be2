package io.neurectomy.console.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.endpoints.PrometheusTargets.Job;
import io.neurectomy.console.core.endpoints.PrometheusTargets.Report;
import io.neurectomy.console.core.endpoints.PrometheusTargets.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Reading Prometheus 2.42's {@code /api/v1/targets?state=any} answers of two replicas into one report. */
class PrometheusTargetsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Object data(String activeTargets, String droppedTargets) {
        return JSON.readTree("{\"activeTargets\": [" + activeTargets + "], \"droppedTargets\": [" + droppedTargets
                + "]}");
    }

    private static String target(String job, String instance, String pod, String health, String error) {
        return """
                {"discoveredLabels": {}, "labels": {"job": "%s", "instance": "%s", "pod": "%s"},
                 "scrapePool": "%s", "scrapeUrl": "http://%s/metrics", "lastError": "%s",
                 "lastScrape": "2026-12-06T10:00:05.5Z", "lastScrapeDuration": 0.0123, "health": "%s"}
                """.formatted(job, instance, pod, job, instance, error, health);
    }

    @Test
    void downTargetsComeFirstThenUnscrapedThenUpEachByJobAndInstance() {
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("prometheus-0", data(String.join(",",
                target("prometheus", "10.0.0.2:9090", "prometheus-1", "up", ""),
                target("alertmanager", "10.0.0.9:9093", "alertmanager-2", "down",
                        "Get \\\"http://10.0.0.9:9093/metrics\\\": context deadline exceeded"),
                target("alertmanager", "10.0.0.7:9093", "alertmanager-0", "up", ""),
                target("grafana", "10.0.0.5:3000", "grafana-0", "unknown", "")), ""));
        answers.put("prometheus-1", data(target("alertmanager", "10.0.0.9:9093", "alertmanager-2", "down",
                "connection refused"), ""));

        Report report = PrometheusTargets.assemble(List.of("prometheus-0", "prometheus-1"), answers,
                Instant.parse("2026-12-06T10:00:10Z"));

        assertThat(report.targets()).extracting(t -> t.health() + " " + t.job() + " " + t.pod() + " " + t.replica())
                .containsExactly("down alertmanager alertmanager-2 prometheus-0",
                        "down alertmanager alertmanager-2 prometheus-1",
                        "unknown grafana grafana-0 prometheus-0",
                        "up alertmanager alertmanager-0 prometheus-0",
                        "up prometheus prometheus-1 prometheus-0");
        Target first = report.targets().get(0);
        assertThat(first.lastError()).endsWith("context deadline exceeded");
        assertThat(first.lastScrape()).isEqualTo(Instant.parse("2026-12-06T10:00:05.5Z"));
        assertThat(first.scrapeDuration()).isEqualTo(Duration.ofNanos(12_300_000));
        assertThat(first.scrapeUrl()).isEqualTo("http://10.0.0.9:9093/metrics");
        assertThat(report.errors()).isEmpty();
    }

    @Test
    void droppedTargetsCountPerJobAndAReplicaThatCouldNotBeAskedIsNamed() {
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("prometheus-0", data(target("alertmanager", "10.0.0.7:9093", "alertmanager-0", "up", ""),
                "{\"discoveredLabels\": {\"job\": \"alertmanager\", \"__address__\": \"10.0.0.7:9094\"}},"
                        + "{\"discoveredLabels\": {\"job\": \"alertmanager\", \"__address__\": \"10.0.0.8:9094\"}},"
                        + "{\"discoveredLabels\": {\"job\": \"kubernetes-pods\", \"__address__\": \"10.0.0.3:80\"}}"));
        answers.put("prometheus-1", "prometheus-1 did not answer GET /api/v1/targets?state=any within 10 s");

        Report report = PrometheusTargets.assemble(List.of("prometheus-0", "prometheus-1"), answers, Instant.now());

        assertThat(report.jobs()).containsExactly(new Job("prometheus-0", "alertmanager", 1, 1, 2),
                new Job("prometheus-0", "kubernetes-pods", 0, 0, 1));
        assertThat(report.errors()).containsOnlyKeys("prometheus-1");
        assertThat(report.errors().get("prometheus-1")).contains("did not answer");
    }

    @Test
    void aTargetNotScrapedYetHasNoLastScrape() {
        String never = target("grafana", "10.0.0.5:3000", "grafana-0", "unknown", "")
                .replace("2026-12-06T10:00:05.5Z", "0001-01-01T00:00:00Z");
        Report report = PrometheusTargets.assemble(List.of("prometheus-0"), Map.of("prometheus-0",
                data(never, "")), Instant.now());

        assertThat(report.targets()).singleElement().satisfies(t -> assertThat(t.lastScrape()).isNull());
    }
}
