package io.neurectomy.console.core.ops;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.health.HealthContext;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The raw samples of {@code up} that one Prometheus replica holds in the {@value #RANGE} up to an instant: what a
 * storage-failure drill reads before it archives and wipes the replica, and reads again after the recovery. The same
 * series with the same samples means the data from before the archive is back.
 *
 * @param pod       the replica asked
 * @param at        the end of the range
 * @param perSeries the series (its labels as JSON) → its samples ({@code [timestamp, value]} pairs, as JSON)
 */
public record ReplicaSamples(String pod, Instant at, Map<String, String> perSeries) {
    /** The range read, ending at {@link #at}. */
    public static final String RANGE = "5m";

    public ReplicaSamples {
        perSeries = Map.copyOf(perSeries);
    }

    /** Reads what {@code pod} holds now for the range ending at {@code at}. */
    public static ReplicaSamples read(HealthContext context, String pod, Instant at) {
        String path = "/api/v1/query?query=" + URLEncoder.encode("up[" + RANGE + "]", StandardCharsets.UTF_8)
                + "&time=" + String.format(Locale.ROOT, "%.3f", at.toEpochMilli() / 1000.0);
        JsonNode data;
        try {
            data = context.api(pod, StackComponent.PROMETHEUS.port(), path);
        } catch (IOException e) {
            throw new ConsoleException("Could not read the samples of " + pod + ": " + e.getMessage(), e);
        }
        Map<String, String> series = new TreeMap<>();
        for (JsonNode s : data.path("result")) {
            series.put(s.path("metric").toString(), s.path("values").toString());
        }
        return new ReplicaSamples(pod, at, series);
    }

    /** How many samples, over all series. */
    public int samples() {
        int n = 0;
        for (String values : perSeries.values()) {
            // [[t,"v"],[t,"v"],…]: one pair per sample
            n += values.isEmpty() || values.equals("[]") ? 0 : values.split("\\],\\[", -1).length;
        }
        return n;
    }

    /** A one-line account: how many series and samples, up to when. */
    public String describe() {
        return perSeries.size() + " series of up with " + samples() + " samples in the " + RANGE + " up to " + at
                + " on " + pod;
    }

    /**
     * What {@code after} lacks against this record: a line per series that is gone or holds other samples. A line
     * saying what was compared goes to {@code compared}.
     */
    public List<String> lostSince(ReplicaSamples after, List<String> compared) {
        List<String> lost = new java.util.ArrayList<>();
        int same = 0;
        for (Map.Entry<String, String> e : perSeries.entrySet()) {
            String now = after.perSeries.get(e.getKey());
            if (now == null) {
                lost.add("series up" + e.getKey() + " before " + at + " is gone from " + after.pod);
            } else if (!now.equals(e.getValue())) {
                lost.add("series up" + e.getKey() + " before " + at + " holds other samples on " + after.pod);
            } else {
                same++;
            }
        }
        compared.add("samples: " + same + " of " + perSeries.size() + " series of up from before the archive ("
                + samples() + " samples up to " + at + ") identical on " + after.pod);
        return lost;
    }
}
