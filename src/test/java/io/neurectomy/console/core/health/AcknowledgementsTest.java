package io.neurectomy.console.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged findings: kept per context, code and subject in a file that survives the store, applied to a report so
 * that the verdict and exit code leave them out, and no longer applied (shown as expired) once their time is up, by
 * the store's clock.
 */
class AcknowledgementsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    private static final HealthProbe PROBE = new HealthProbe("workload-replicas", HealthArea.WORKLOADS, "replicas",
            "kubectl get statefulsets -n NS", c -> List.of());

    @TempDir
    Path dir;

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = T0;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static HealthReport report(String context, Finding... findings) {
        return new HealthReport(T0, context, "monitoring", List.of(new ProbeResult(PROBE, List.of(findings),
                Duration.ZERO)), Duration.ZERO, "");
    }

    private static Finding warning(String subject) {
        return Finding.of(Severity.WARNING, "workload-replicas", subject, "Alertmanager runs 1 replica");
    }

    @Test
    void theOnlyWarningAcknowledgedExitsZeroAndCountsAgainWhenItExpires() {
        MovingClock clock = new MovingClock();
        Acknowledgements store = new Acknowledgements(dir.resolve("acks.json"), clock);
        HealthReport report = report("prod", warning("StatefulSet/alertmanager"));
        assertThat(store.apply(report).status().exitCode()).isEqualTo(1);

        Acknowledgement ack = store.add("prod", "workload-replicas", "StatefulSet/alertmanager", "single zone",
                "alice", Duration.ofDays(30));

        HealthReport acknowledged = store.apply(report);
        assertThat(acknowledged.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(acknowledged.status().exitCode()).isZero();
        assertThat(acknowledged.acknowledgement(report.findings().get(0))).contains(ack);
        assertThat(acknowledged.summary()).startsWith("Healthy: 1 acknowledged");
        assertThat(ack.expires()).isEqualTo(T0.plus(Duration.ofDays(30)));

        clock.advance(Duration.ofDays(30));

        HealthReport expired = store.apply(report);
        assertThat(expired.status().exitCode()).isEqualTo(1);
        assertThat(expired.acknowledgement(report.findings().get(0))).isEmpty();
        assertThat(expired.expiredAcknowledgement(report.findings().get(0))).contains(ack);
        assertThat(store.list()).as("an expired acknowledgement is kept, to be shown").containsExactly(ack);
    }

    @Test
    void aCriticalFindingAcknowledgedExitsZeroButAnotherStillCounts() {
        Acknowledgements store = new Acknowledgements(dir.resolve("acks.json"), Clock.fixed(T0, ZoneOffset.UTC));
        Finding critical = Finding.of(Severity.CRITICAL, "workload-replicas", "StatefulSet/prometheus", "none ready");
        HealthReport report = report("prod", critical, warning("StatefulSet/alertmanager"));
        assertThat(store.apply(report).status().exitCode()).isEqualTo(3);

        store.add("prod", "workload-replicas", "StatefulSet/prometheus", "being rebuilt", "", Duration.ofHours(2));

        assertThat(store.apply(report).status().exitCode()).as("the warning still counts").isEqualTo(1);
        store.add("prod", "workload-replicas", "StatefulSet/alertmanager", "single zone", "", Duration.ofHours(2));
        assertThat(store.apply(report).status().exitCode()).isZero();
        assertThat(store.apply(report).counts()).isEmpty();
        assertThat(store.apply(report).acknowledgedCount()).isEqualTo(2);
    }

    @Test
    void anAcknowledgementAppliesOnlyToItsContextCodeAndSubject() {
        Acknowledgements store = new Acknowledgements(dir.resolve("acks.json"), Clock.fixed(T0, ZoneOffset.UTC));
        store.add("prod", "workload-replicas", "StatefulSet/alertmanager", "single zone", "", Duration.ofDays(1));

        assertThat(store.apply(report("staging", warning("StatefulSet/alertmanager"))).status().exitCode())
                .as("another context").isEqualTo(1);
        assertThat(store.apply(report("prod", warning("StatefulSet/prometheus"))).status().exitCode())
                .as("another subject").isEqualTo(1);
        assertThat(store.apply(report("prod", Finding.of(Severity.WARNING, "pod-restarts",
                "StatefulSet/alertmanager", "restarts"))).status().exitCode()).as("another code").isEqualTo(1);
    }

    @Test
    void acknowledgementsSurviveInTheFileAndCanBeWithdrawn() throws Exception {
        Path file = dir.resolve("state").resolve("acks.json");
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        new Acknowledgements(file, clock).add("prod", "workload-replicas", "StatefulSet/alertmanager",
                "  single zone  ", "alice", Duration.ofDays(7));
        new Acknowledgements(file, clock).add("prod", "workload-replicas", "StatefulSet/alertmanager",
                "single zone until March", "bob", Duration.ofDays(60));

        Acknowledgements again = new Acknowledgements(file, clock);
        assertThat(again.list()).singleElement().satisfies(a -> {
            assertThat(a.reason()).isEqualTo("single zone until March");
            assertThat(a.author()).isEqualTo("bob");
            assertThat(a.expires()).isEqualTo(T0.plus(Duration.ofDays(60)));
        });
        assertThat(Files.readString(file)).contains("\"code\" : \"workload-replicas\"");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.toList()).as("no temp file left").containsExactly(file);
        }

        assertThat(again.remove("prod", "workload-replicas", "StatefulSet/alertmanager")).isTrue();
        assertThat(again.remove("prod", "workload-replicas", "StatefulSet/alertmanager")).isFalse();
        assertThat(new Acknowledgements(file, clock).list()).isEmpty();
    }

    @Test
    void aReasonIsRequiredAndAnUnreadableFileSaysSo() throws Exception {
        Acknowledgements store = new Acknowledgements(dir.resolve("acks.json"), Clock.fixed(T0, ZoneOffset.UTC));
        assertThatThrownBy(() -> store.add("prod", "workload-replicas", "x", " ", "", Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");

        Files.writeString(dir.resolve("acks.json"), "{not json");
        assertThatThrownBy(store::list).isInstanceOf(ConsoleException.class)
                .hasMessageContaining("cannot be read").hasMessageContaining("acks.json");
    }
}
