package io.neurectomy.console.core.health;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * How fast a Prometheus replica's TSDB grows, from what it records about itself: the size of its blocks (and of its
 * WAL and head chunks, where the version exports them; 2.42 does not) over the last {@link #WINDOW}, asked with
 * {@code query_range}, and the least-squares slope of it. With
 * less than {@link #MIN_HISTORY} of history (a fresh Prometheus, or one whose data was lost) there is no estimate.
 *
 * @param bytesPerSecond the slope
 * @param history        the time between the first and the last point
 * @param lastBytes      the latest size
 * @param points         how many points the slope is fitted to
 */
record StorageGrowth(double bytesPerSecond, Duration history, double lastBytes, int points) {
    /** The window the slope is fitted over. */
    static final Duration WINDOW = Duration.ofHours(24);
    /** Less history than this gives no estimate: blocks are cut every 2 h, so 6 h spans three cycles. */
    static final Duration MIN_HISTORY = Duration.ofHours(6);
    /** The resolution of the query. */
    static final Duration STEP = Duration.ofMinutes(10);

    /** The on-disk size of the replica's TSDB as it scrapes itself (the series with {@code pod="POD"}). */
    static String sizeQuery(String pod) {
        return "max(sum by (job, instance) ({__name__=~\"prometheus_tsdb_storage_blocks_bytes"
                + "|prometheus_tsdb_wal_storage_size_bytes|prometheus_tsdb_head_chunks_storage_size_bytes\","
                + "pod=\"" + pod + "\"}))";
    }

    /** What the estimate is made of: the growth or why there is none, and the query for the evidence. */
    record Estimate(Optional<StorageGrowth> growth, String reason, String query) {
        String describe() {
            return growth.map(g -> "TSDB size now: " + StorageVolume.human(g.lastBytes()) + "\ngrowth: "
                    + StorageVolume.human(g.perDay()) + "/day over " + hours(g.history()) + " (" + g.points()
                    + " points)").orElse("growth: " + reason) + "\nquery: " + query;
        }
    }

    /** Bytes per day. */
    double perDay() {
        return bytesPerSecond * 86_400;
    }

    static String hours(Duration d) {
        long minutes = d.toMinutes();
        return minutes < 120 ? minutes + " min" : (minutes / 60) + " h";
    }

    /** Asks {@code pod} for its own TSDB size over the window ending at {@code now} (rounded to the step). */
    static Estimate ask(HealthContext c, String pod, int port, Instant now) throws IOException {
        String query = sizeQuery(pod);
        long end = now.getEpochSecond() / STEP.toSeconds() * STEP.toSeconds();
        long start = end - WINDOW.toSeconds();
        JsonNode data = c.api(pod, port, "/api/v1/query_range?query=" + URLEncoder.encode(query,
                StandardCharsets.UTF_8) + "&start=" + start + "&end=" + end + "&step=" + STEP.toSeconds());
        List<double[]> points = new ArrayList<>();
        for (JsonNode series : data.path("result")) {
            for (JsonNode v : series.path("values")) {
                points.add(new double[] {v.get(0).asDouble(), Double.parseDouble(v.get(1).asString("0"))});
            }
        }
        return estimate(points, query);
    }

    /** The slope of {@code points} (time in seconds, bytes), or why there is none. */
    static Estimate estimate(List<double[]> points, String query) {
        if (points.isEmpty()) {
            return new Estimate(Optional.empty(), "no history: the replica has no series of its own TSDB size (is"
                    + " it scraping itself with a pod label?)", query);
        }
        Duration history = Duration.ofSeconds((long) (points.get(points.size() - 1)[0] - points.get(0)[0]));
        if (history.compareTo(MIN_HISTORY) < 0) {
            return new Estimate(Optional.empty(), "not enough history yet: " + hours(history) + " of the "
                    + hours(MIN_HISTORY) + " needed for an estimate", query);
        }
        double n = points.size();
        double mt = points.stream().mapToDouble(p -> p[0]).sum() / n;
        double mb = points.stream().mapToDouble(p -> p[1]).sum() / n;
        double cov = 0;
        double var = 0;
        for (double[] p : points) {
            cov += (p[0] - mt) * (p[1] - mb);
            var += (p[0] - mt) * (p[0] - mt);
        }
        double slope = var == 0 ? 0 : cov / var;
        return new Estimate(Optional.of(new StorageGrowth(slope, history, points.get(points.size() - 1)[1],
                points.size())), "", query);
    }
}
