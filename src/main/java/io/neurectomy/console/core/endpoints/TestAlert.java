package io.neurectomy.console.core.endpoints;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.util.MetricsText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Sends a short-lived test alert through one Alertmanager replica and follows it: which receiver its route chose
 * ({@code /api/v2/alerts?filter=…}), and whether the replica delivered it, read from the replica's own counters of
 * notification requests per integration ({@code alertmanager_notification_requests_total} and
 * {@code alertmanager_notification_requests_failed_total}) before and after. What posting an alert with {@code amtool
 * alert add} and watching {@code /metrics} does by hand.
 *
 * <p>The counters are per integration (webhook, slack, …) on that replica, not per alert: a notification of another
 * alert through the same integration in the same seconds counts too. So a success decides at once, but failures
 * decide only when no request succeeds within a grace ({@link #FAILURE_GRACE} unless the request says otherwise)
 * of the first one: another receiver of the same
 * integration that keeps failing (Alertmanager retries it every few seconds) does not make a delivered test alert look
 * lost.
 */
public final class TestAlert {
    /** The {@code alertname} of every test alert. */
    public static final String ALERT_NAME = "ConsoleTestAlert";
    /** The label that makes each test alert unique. */
    public static final String ID_LABEL = "console_test_id";
    private static final String REQUESTS = "alertmanager_notification_requests_total";
    private static final String FAILED = "alertmanager_notification_requests_failed_total";
    private static final Duration POLL = Duration.ofSeconds(1);
    /** How long failed requests wait for a success before they count as the test alert's own. */
    static final Duration FAILURE_GRACE = Duration.ofSeconds(10);

    /** How a test ended. */
    public enum Outcome {
        /** A notification request of an integration succeeded. */
        DELIVERED,
        /** Requests failed and none succeeded; Alertmanager keeps retrying until the group's next interval. */
        FAILED,
        /** A silence or an inhibition mutes it: nothing is sent. */
        SUPPRESSED,
        /** No notification was attempted before the wait ended. */
        NOT_SENT
    }

    /**
     * The requests of one integration while the test ran.
     *
     * @param integration {@code webhook}, {@code slack}, …
     * @param requests    requests made
     * @param failed      of those, how many failed
     */
    public record Delivery(String integration, long requests, long failed) {
    }

    /**
     * A test's outcome.
     *
     * @param id         the value of its {@value #ID_LABEL} label
     * @param replica    the Alertmanager replica it was sent to
     * @param labels     every label it carried
     * @param receivers  the receivers its route chose
     * @param outcome    delivered or not, and why not
     * @param deliveries per integration, what was requested while the test ran
     * @param message    one sentence for people
     * @param waited     from sending until the outcome was known
     */
    public record Result(String id, String replica, Map<String, String> labels, List<String> receivers,
                         Outcome outcome, List<Delivery> deliveries, String message, Duration waited) {
        public boolean delivered() {
            return outcome == Outcome.DELIVERED;
        }
    }

    /**
     * What to send.
     *
     * @param labels       labels beyond {@code alertname} and the id (default {@code severity=info}); they choose the
     *                     route
     * @param author       who sends it, in its summary
     * @param lifetime     how long it fires before Alertmanager resolves it
     * @param patience     how long to wait for a notification
     * @param failureGrace how long failed requests wait for a success before they decide (another receiver of the
     *                     same integration may be the one failing)
     */
    public record Request(Map<String, String> labels, String author, Duration lifetime, Duration patience,
                          Duration failureGrace) {
        public static Request of(String author) {
            return new Request(Map.of(), author, Duration.ofMinutes(5), Duration.ofMinutes(2), FAILURE_GRACE);
        }

        public Request withLabels(Map<String, String> value) {
            return new Request(value, author, lifetime, patience, failureGrace);
        }

        public Request withPatience(Duration value) {
            return new Request(labels, author, lifetime, value, failureGrace);
        }

        public Request withFailureGrace(Duration value) {
            return new Request(labels, author, lifetime, patience, value);
        }
    }

    private final AlertmanagerApi api;

    public TestAlert(AlertmanagerApi api) {
        this.api = api;
    }

    /**
     * Sends the test alert and waits (blocking) until it is delivered, fails, is muted, or the wait ends;
     * {@code progress} hears each step. Throws {@link ConsoleException} when Alertmanager cannot be asked or refuses
     * the alert.
     */
    public Result send(Request request, Consumer<String> progress) throws InterruptedException {
        String replica = api.replica();
        Map<String, long[]> before = counters(api.metrics(replica));
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", ALERT_NAME);
        labels.put("severity", "info");
        labels.putAll(request.labels());
        labels.put("alertname", ALERT_NAME);
        labels.put(ID_LABEL, id);
        Instant start = Instant.now();
        int earlier = api.alerts(replica, List.of("alertname=\"" + ALERT_NAME + "\"")).size();
        api.post(replica, labels, Map.of("summary", "Test alert sent from the Monitoring Console by "
                        + request.author() + "; it resolves by itself."),
                start, start.plus(request.lifetime()));
        progress.accept("Sent " + ALERT_NAME + " " + id + " to " + replica + "; waiting for its route…");

        Instant deadline = start.plus(request.patience());
        List<String> receivers = List.of();
        boolean routed = false;
        Instant firstFailure = null;
        while (true) {
            if (!routed) {
                List<AlertmanagerApi.Alert> found = api.alerts(replica, List.of(ID_LABEL + "=\"" + id + "\""));
                if (!found.isEmpty()) {
                    AlertmanagerApi.Alert alert = found.get(0);
                    receivers = alert.receivers();
                    routed = true;
                    if (!alert.silencedBy().isEmpty() || !alert.inhibitedBy().isEmpty()) {
                        return result(id, replica, labels, receivers, Outcome.SUPPRESSED, List.of(), start,
                                "Not delivered: " + (alert.silencedBy().isEmpty() ? "inhibited by alert(s) "
                                        + alert.inhibitedBy() : "silenced by " + alert.silencedBy())
                                        + ", so receiver " + String.join(", ", receivers) + " is not notified.");
                    }
                    progress.accept("Routed to " + String.join(", ", receivers) + "; waiting for the notification…");
                }
            }
            List<Delivery> deliveries = deltas(before, counters(api.metrics(replica)));
            List<Delivery> succeeded = deliveries.stream().filter(d -> d.requests() > d.failed()).toList();
            if (!succeeded.isEmpty()) {
                return result(id, replica, labels, receivers, Outcome.DELIVERED, deliveries, start,
                        "Delivered: receiver " + String.join(", ", receivers) + " notified through "
                                + String.join(", ", succeeded.stream().map(Delivery::integration).toList()) + ".");
            }
            List<Delivery> failed = deliveries.stream().filter(d -> d.failed() > 0).toList();
            if (!failed.isEmpty() && routed && firstFailure == null) {
                firstFailure = Instant.now();
                progress.accept("A notification request failed; waiting up to " + request.failureGrace().toSeconds()
                        + " s for one that succeeds…");
            }
            Instant now = Instant.now();
            boolean graceOver = firstFailure != null && !now.isBefore(firstFailure.plus(request.failureGrace()));
            if (firstFailure != null && (graceOver || !now.isBefore(deadline))) {
                long count = failed.stream().mapToLong(Delivery::failed).sum();
                return result(id, replica, labels, receivers, Outcome.FAILED, deliveries, start,
                        "Not delivered: " + count + " notification request" + (count == 1 ? "" : "s") + " of receiver "
                                + String.join(", ", receivers) + " failed (" + String.join(", ", failed.stream()
                                .map(Delivery::integration).toList()) + "); read " + replica
                                + "'s log for why. Alertmanager keeps retrying.");
            }
            if (!now.isBefore(deadline)) {
                String why = !routed ? "Alertmanager " + replica + " does not list it"
                        : "no notification was attempted within " + request.patience().toSeconds() + " s"
                        + (earlier > 0 ? " (an earlier test alert's group is still open: the new one waits for the"
                        + " group's next interval)" : " (the receiver may have no integration, or its route waits"
                        + " longer: group_wait)");
                return result(id, replica, labels, receivers, Outcome.NOT_SENT, deliveries, start,
                        "Not delivered: " + why + ".");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static Result result(String id, String replica, Map<String, String> labels, List<String> receivers,
                                 Outcome outcome, List<Delivery> deliveries, Instant start, String message) {
        return new Result(id, replica, Map.copyOf(labels), List.copyOf(receivers), outcome, List.copyOf(deliveries),
                message, Duration.between(start, Instant.now()));
    }

    /** Requests and failed requests per integration. */
    static Map<String, long[]> counters(String metrics) {
        Map<String, long[]> counters = new TreeMap<>();
        for (MetricsText.Sample s : MetricsText.samples(metrics, REQUESTS)) {
            counters.computeIfAbsent(s.label("integration"), i -> new long[2])[0] += (long) s.value();
        }
        for (MetricsText.Sample s : MetricsText.samples(metrics, FAILED)) {
            counters.computeIfAbsent(s.label("integration"), i -> new long[2])[1] += (long) s.value();
        }
        return counters;
    }

    /** The integrations whose counters moved, with by how much. */
    static List<Delivery> deltas(Map<String, long[]> before, Map<String, long[]> after) {
        List<Delivery> moved = new ArrayList<>();
        after.forEach((integration, now) -> {
            long[] then = before.getOrDefault(integration, new long[2]);
            long requests = now[0] - then[0];
            long failed = now[1] - then[1];
            if (requests > 0 || failed > 0) {
                moved.add(new Delivery(integration, requests, failed));
            }
        });
        return moved;
    }
}
