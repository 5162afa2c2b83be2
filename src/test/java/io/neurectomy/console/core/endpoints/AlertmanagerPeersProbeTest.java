package io.neurectomy.console.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.core.topology.AlertmanagerPeers;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.Poll;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe's parsing, and its empty answers against the CRUD mock (no Alertmanager behind it). The sandbox test
 * {@code SandboxTopologyTest} asks three real clustered Alertmanagers.
 */
class AlertmanagerPeersProbeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private MockCluster cluster;
    private ClusterSession session;
    private AlertmanagerPeersProbe probe;
    private final List<Optional<AlertmanagerPeers>> reports = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect() {
        cluster = new MockCluster();
        cluster.createNode("node-a", true);
        session = cluster.openSession("mock");
        Poll.until(WAIT, "synced", () -> session.state().snapshot().syncState() == SyncState.SYNCED);
    }

    @AfterEach
    void close() {
        if (probe != null) {
            probe.close();
        }
        session.close();
        cluster.close();
    }

    @Test
    void readsMembersAndStatusOfTheStatusAnswer() throws IOException {
        String body = """
                {"cluster":{"name":"01J","status":"ready","peers":[
                  {"address":"10.42.1.2:9094","name":"01JA"},{"address":"10.42.2.3:9094","name":"01JB"},
                  {"address":"10.42.3.4:9094","name":"01JC"}]},
                 "config":{"original":"global: {}"},"uptime":"2026-03-01T10:00:00Z",
                 "versionInfo":{"version":"0.25.0"}}""";
        assertThat(AlertmanagerPeersProbe.parse("alertmanager-1", body))
                .isEqualTo(new AlertmanagerPeers("alertmanager-1", 3, "ready"));
        assertThat(AlertmanagerPeersProbe.parse("alertmanager-0", "{\"cluster\":{\"status\":\"disabled\"}}"))
                .isEqualTo(new AlertmanagerPeers("alertmanager-0", 0, "disabled"));
        assertThatThrownBy(() -> AlertmanagerPeersProbe.parse("alertmanager-0", "{\"versionInfo\":{}}"))
                .isInstanceOf(IOException.class).hasMessageContaining("no cluster section");
    }

    @Test
    void reportsEmptyWhenNoAlertmanagerPodIsReady() {
        cluster.createPod("alertmanager-0", "node-a", false, 3, Instant.now());
        cluster.createPod("prometheus-0", "node-a", true, 0, Instant.now());
        Poll.until(WAIT, "pods seen", () -> session.state().snapshot().pods().size() == 2);

        probe = AlertmanagerPeersProbe.start(session, Duration.ofMillis(100), reports::add);

        Poll.until(WAIT, "several probes", () -> reports.size() >= 3);
        assertThat(reports).containsOnly(Optional.empty());
    }

    @Test
    void reportsEmptyWhenTheReadyPodCannotBeAsked() {
        // The mock has no port-forward behind its pods: the request fails, the probe says "unknown".
        cluster.createPod("alertmanager-0", "node-a", true, 0, Instant.now());
        Poll.until(WAIT, "pod seen", () -> session.state().snapshot().pods().size() == 1);

        probe = AlertmanagerPeersProbe.start(session, Duration.ofMillis(200), reports::add);

        Poll.until(WAIT, "a probe", () -> !reports.isEmpty());
        assertThat(reports.get(0)).isEmpty();
    }

    @Test
    void closeReturnsWithTheThreadEnded() {
        probe = AlertmanagerPeersProbe.start(session, Duration.ofMillis(50), reports::add);
        Poll.until(WAIT, "a probe", () -> !reports.isEmpty());

        probe.close();

        // When close() returns, the probe's thread has ended (not merely been asked to).
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("alertmanager-peers-mock")
                && t.isAlive());
        int after = reports.size();
        // Another interval passes without a report: nothing is scheduled any more.
        Poll.until(WAIT, "the executor's thread gone", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("alertmanager-peers-")));
        assertThat(reports).hasSize(after);
    }

    @Test
    void refusesANonPositiveInterval() {
        assertThatThrownBy(() -> AlertmanagerPeersProbe.start(session, Duration.ZERO, reports::add))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
