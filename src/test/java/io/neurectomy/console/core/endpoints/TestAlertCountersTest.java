package io.neurectomy.console.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.endpoints.TestAlert.Delivery;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a test alert's outcome is read from: Alertmanager 0.25's notification request counters per integration. */
class TestAlertCountersTest {
    private static final String BEFORE = """
            # HELP alertmanager_notification_requests_total The total number of attempted notification requests.
            # TYPE alertmanager_notification_requests_total counter
            alertmanager_notification_requests_failed_total{integration="slack"} 4
            alertmanager_notification_requests_failed_total{integration="webhook"} 0
            alertmanager_notification_requests_total{integration="slack"} 4
            alertmanager_notification_requests_total{integration="webhook"} 2
            alertmanager_notifications_total{integration="webhook"} 2
            """;

    @Test
    void onlyTheIntegrationsWhoseCountersMovedAreReportedWithTheirDeltas() {
        String after = BEFORE.replace("requests_total{integration=\"webhook\"} 2",
                        "requests_total{integration=\"webhook\"} 3")
                .replace("requests_failed_total{integration=\"slack\"} 4",
                        "requests_failed_total{integration=\"slack\"} 6")
                .replace("requests_total{integration=\"slack\"} 4", "requests_total{integration=\"slack\"} 6")
                + "alertmanager_notification_requests_total{integration=\"email\"} 0\n";

        assertThat(TestAlert.deltas(TestAlert.counters(BEFORE), TestAlert.counters(after)))
                .containsExactly(new Delivery("slack", 2, 2), new Delivery("webhook", 1, 0));
    }

    @Test
    void nothingMovedIsNoDelivery() {
        Map<String, long[]> counters = TestAlert.counters(BEFORE);
        assertThat(TestAlert.deltas(counters, TestAlert.counters(BEFORE))).isEmpty();
        assertThat(counters.get("slack")).containsExactly(4, 4);
    }
}
