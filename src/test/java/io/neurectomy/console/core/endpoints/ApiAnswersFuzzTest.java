package io.neurectomy.console.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.testing.FuzzProperty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import tools.jackson.databind.JsonNode;

/**
 * Fuzz targets for the Prometheus and Alertmanager API answers the console reads: whatever a server (or something
 * pretending to be one) answers, the reader returns what it could read or throws its documented error (Alertmanager:
 * {@link ConsoleException}; Prometheus targets and Alertmanager status: {@link IOException}, which the callers turn
 * into a replica's error), within the budget. Seeds: answers as the real servers and the sandbox give them.
 */
@Tag("fuzz")
class ApiAnswersFuzzTest {
    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void alertmanagerAlertsAndSilences(byte[] input) {
        String body = new String(input, StandardCharsets.UTF_8);
        JsonNode answer = FuzzProperty.check("AlertmanagerApi.json", () -> AlertmanagerApi.json("am-0",
                "/api/v2/alerts", body), ConsoleException.class);
        if (answer == null) {
            return;
        }
        List<AlertmanagerApi.Alert> alerts = FuzzProperty.check("AlertmanagerApi.alertsOf",
                () -> AlertmanagerApi.alertsOf(answer));
        assertThat(alerts).doesNotContainNull();
        List<AlertmanagerApi.Silence> silences = FuzzProperty.check("AlertmanagerApi.silencesOf",
                () -> AlertmanagerApi.silencesOf(answer));
        assertThat(silences).doesNotContainNull();
    }

    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void alertmanagerStatus(byte[] input) {
        String body = new String(input, StandardCharsets.UTF_8);
        FuzzProperty.check("AlertmanagerPeersProbe.parse", () -> AlertmanagerPeersProbe.parse("am-0", body),
                IOException.class);
    }

    @FuzzTest(maxDuration = FuzzProperty.MAX_DURATION)
    void prometheusTargets(byte[] input) {
        String body = new String(input, StandardCharsets.UTF_8);
        JsonNode data = FuzzProperty.check("PrometheusTargets.data", () -> PrometheusTargets.data("prometheus-0",
                body), IOException.class);
        Object answer = data != null ? data : "no JSON";
        PrometheusTargets.Report report = FuzzProperty.check("PrometheusTargets.assemble",
                () -> PrometheusTargets.assemble(List.of("prometheus-0"), Map.of("prometheus-0", answer),
                        Instant.EPOCH));
        assertThat(report.targets()).allSatisfy(t -> assertThat(t.job()).isNotNull());
        assertThat(report.jobs()).allSatisfy(j -> assertThat(j.active()).isGreaterThanOrEqualTo(j.up()));
    }
}
