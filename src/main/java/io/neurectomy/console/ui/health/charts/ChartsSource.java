package io.neurectomy.console.ui.health.charts;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Where the charts' data comes from: Prometheus's {@code query_range}, asked of one ready replica. */
@FunctionalInterface
public interface ChartsSource {

    /** One answer: the replica asked, and one line per series (named by its {@code pod} label). */
    record Answer(String replica, List<ChartsViewModel.Line> lines) {
        public Answer {
            lines = List.copyOf(lines);
        }
    }

    /**
     * {@code query} from {@code start} to {@code end} every {@code step}; blocks (off the FX thread).
     *
     * @throws IOException why Prometheus could not be asked, in a sentence for people
     */
    Answer query(String query, Instant start, Instant end, Duration step) throws IOException, InterruptedException;

    /**
     * Asks the first ready Prometheus replica of {@code session}'s namespace (by name), through a short-lived
     * port-forward to that exact pod, as the health checks do.
     */
    static ChartsSource of(ClusterSession session) {
        ObjectMapper json = new ObjectMapper();
        PodCalls calls = new PodCalls(session.client(), session.namespace(), Duration.ofSeconds(10));
        StackComponent prometheus = StackComponent.PROMETHEUS;
        return (query, start, end, step) -> {
            String pod = session.state().snapshot().pods().stream()
                    .filter(p -> prometheus.runs(p.workload()) && p.ready()
                            && (p.namespace().isEmpty() || p.namespace().equals(session.namespace())))
                    .map(PodInfo::name).min(Comparator.naturalOrder())
                    .orElseThrow(() -> new IOException("no Prometheus replica in " + session.namespace()
                            + " is ready to be asked"));
            String path = "/api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                    + "&start=" + start.getEpochSecond() + "&end=" + end.getEpochSecond()
                    + "&step=" + step.toSeconds();
            PodCalls.Response response;
            try {
                response = calls.get(pod, prometheus.port(), path);
            } catch (RuntimeException e) {
                throw new IOException("cannot ask " + pod + ": " + e.getMessage(), e);
            }
            JsonNode root;
            try {
                root = json.readTree(response.body());
            } catch (JacksonException e) {
                throw new IOException(pod + " answered HTTP " + response.status() + " without JSON", e);
            }
            if (!response.ok() || !"success".equals(root.path("status").asString(""))) {
                throw new IOException(pod + " answered HTTP " + response.status() + ": "
                        + root.path("error").asString(""));
            }
            List<ChartsViewModel.Line> lines = new ArrayList<>();
            for (JsonNode series : root.path("data").path("result")) {
                List<ChartsViewModel.Point> points = new ArrayList<>();
                for (JsonNode v : series.path("values")) {
                    double value = Double.parseDouble(v.get(1).asString("NaN"));
                    if (Double.isFinite(value)) {
                        points.add(new ChartsViewModel.Point(v.get(0).asDouble(), value));
                    }
                }
                String name = series.path("metric").path("pod").asString("");
                lines.add(new ChartsViewModel.Line(name.isEmpty() ? "all" : name, points, false));
            }
            lines.sort(Comparator.comparing(ChartsViewModel.Line::name));
            return new Answer(pod, lines);
        };
    }
}
