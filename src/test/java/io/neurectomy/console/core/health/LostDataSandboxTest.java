package io.neurectomy.console.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.SandboxMarker;
import io.neurectomy.console.core.endpoints.PodCalls;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.ops.StatefulSetPods;
import io.neurectomy.console.core.ops.StorageFault;
import io.neurectomy.console.testing.HealthSandbox;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The storage fault on the full sandbox: the replica's volume is emptied under its claim, the pod restarts on it in
 * place, the data it held is gone, and the health check names the replica that lost data (and not the other).
 */
class LostDataSandboxTest {
    /** Only catches hangs. */
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String NS = HealthSandbox.NS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HealthSandbox ground;

    @BeforeAll
    static void start() throws InterruptedException {
        ground = HealthSandbox.startHealthy(WAIT, RealServers.PROMETHEUS, RealServers.ALERTMANAGER);
    }

    @AfterAll
    static void stop() {
        if (ground != null) {
            ground.close();
        }
    }

    @Test
    void aWipedReplicaRestartsInPlaceWithoutItsDataAndTheHealthCheckSaysSo() {
        // given prometheus-0 holding samples of a moment, and its claim older than the slack of the rule
        String time = Poll.until(WAIT, () -> upAt("prometheus-0", null), r -> r.path("result").size() > 0,
                "prometheus-0 holds samples of up").path("result").get(0).path("value").get(0).decimalValue()
                .toPlainString();
        Pod pod = pod();
        String claimName = claimOf(pod);
        PersistentVolumeClaim claim = ground.admin().persistentVolumeClaims().inNamespace(NS).withName(claimName).get();
        Instant created = Instant.parse(claim.getMetadata().getCreationTimestamp());
        Poll.until(WAIT.plus(PrometheusProbes.LOST_DATA_SLACK), "claim " + claimName + " older than the slack",
                () -> Duration.between(created, Instant.now()).compareTo(PrometheusProbes.LOST_DATA_SLACK) > 0);
        int restarts = restarts(pod);

        // when
        StorageFault fault = new StorageFault(ground.session(), "prometheus-0");
        OperationResult<Void> result = fault.run(fault.plan(Cancellation.none()), ProgressListener.none(),
                Cancellation.none());

        // then
        assertThat(result.succeeded()).as(result.error()).isTrue();
        Pod after = Poll.until(WAIT, LostDataSandboxTest::pod, p -> restarts(p) > restarts
                && !annotations(p).containsKey(SandboxMarker.VOLUME_WIPED_ANNOTATION) && StatefulSetPods.ready(p),
                "prometheus-0 restarted, ready, without the annotation");
        assertThat(after.getMetadata().getUid()).isEqualTo(pod.getMetadata().getUid());
        assertThat(after.getSpec().getNodeName()).isEqualTo(pod.getSpec().getNodeName());
        assertThat(restarts(after)).isEqualTo(restarts + 1);
        assertThat(ground.admin().persistentVolumeClaims().inNamespace(NS).withName(claimName).get().getMetadata()
                .getUid()).isEqualTo(claim.getMetadata().getUid());
        assertThat(answered("prometheus-0", time)).as("prometheus-0's samples at " + time).isEmpty();
        assertThat(answered("prometheus-1", time)).as("prometheus-1's samples at " + time).isNotEmpty();

        HealthReport report = Poll.until(WAIT, ground::check, r -> HealthSandbox.severity(r, "prometheus-tsdb",
                "prometheus-0", Severity.ERROR), "the health check naming prometheus-0's lost data");
        Finding lost = HealthSandbox.finding(report, "prometheus-tsdb", "prometheus-0").orElseThrow();
        assertThat(lost.message()).startsWith("holds data only since").contains("of data is gone");
        assertThat(report.findings()).filteredOn(f -> f.code().equals("prometheus-tsdb")
                && f.subject().equals("prometheus-1")).extracting(Finding::severity).containsExactly(Severity.OK);
    }

    private static Pod pod() {
        return ground.admin().pods().inNamespace(NS).withName("prometheus-0").get();
    }

    private static String claimOf(Pod pod) {
        return pod.getSpec().getVolumes().stream().map(Volume::getPersistentVolumeClaim)
                .filter(c -> c != null).findFirst().orElseThrow().getClaimName();
    }

    private static int restarts(Pod pod) {
        return Optional.ofNullable(pod.getStatus().getContainerStatuses()).filter(s -> !s.isEmpty())
                .map(s -> s.get(0).getRestartCount()).orElse(0);
    }

    private static Map<String, String> annotations(Pod pod) {
        return Optional.ofNullable(pod.getMetadata().getAnnotations()).orElse(Map.of());
    }

    /** The result of {@code up} at {@code time} on the replica, once it answers. */
    private static JsonNode answered(String pod, String time) {
        return Poll.until(WAIT, () -> upAt(pod, time), r -> r.path("result").isArray(), pod + " answering")
                .path("result");
    }

    /** The replica's answer to {@code up} at {@code time} (now when null), through a port-forward. */
    private static JsonNode upAt(String pod, String time) {
        String path = "/api/v1/query?query=up" + (time == null ? "" : "&time=" + URLEncoder.encode(time,
                StandardCharsets.UTF_8));
        try {
            PodCalls.Response r = new PodCalls(ground.admin(), NS, Duration.ofSeconds(20)).get(pod, 9090, path);
            return r.ok() ? JSON.readTree(r.body()).path("data") : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode(); // asked again by the poll
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createObjectNode();
        }
    }
}
