package io.neurectomy.console.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.neurectomy.console.core.logs.LogSource.LogSubscription;
import io.neurectomy.console.testing.Poll;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pod logs against a fabric8 mock API server that answers the pod and its log as a test arranges. */
class PodLogsMockTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NS = "monitoring";
    private static final String SECRET_URL = "https://hooks.slack.com/services/T000/B000/XXXXSECRET";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final List<String> logRequests = new CopyOnWriteArrayList<>();
    private volatile Pod pod = pod("web-0", "uid-1");
    /**
     * The answer to a log request while the log is in its n-th state: n counts the followed requests before it
     * (a request without follow sees the state the next followed one will).
     */
    private volatile IntFunction<MockResponse> log = n -> text("");
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                String podPath = "/api/v1/namespaces/" + NS + "/pods/web-0";
                if (path.startsWith(podPath + "/log")) {
                    int follows = (int) logRequests.stream().filter(r -> r.contains("follow=true")).count();
                    logRequests.add(path);
                    return log.apply(follows);
                }
                if (path.equals(podPath) || path.startsWith(podPath + "?")) {
                    Pod p = pod;
                    return p == null ? status(404, "NotFound", "pods \"web-0\" not found")
                            : new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                                    .setBody(JSON.asJson(p));
                }
                if (path.startsWith("/api/v1/namespaces/" + NS + "/pods/")) {
                    return status(404, "NotFound", "pods not found");
                }
                return status(404, "NotFound", "not here");
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private static Pod pod(String name, String uid) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid(uid).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("web").endContainer()
                .addNewContainer().withName("sidecar").withImage("side").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewContainerStatus().withName("app").withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt("2026-01-01T00:00:00Z").endRunning().endState()
                .endContainerStatus().endStatus().build();
    }

    private static MockResponse text(String body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body);
    }

    private static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                        + JSON.asJson(message) + ",\"reason\":\"" + reason + "\",\"code\":" + code + "}");
    }

    private RecordingListener tail(boolean reveal) {
        RecordingListener listener = new RecordingListener();
        new PodLogs(client, NS).open(new LogRequest("web-0", null, 10, false, false, reveal), listener);
        Poll.until(WAIT, "the tail ended or failed", () -> listener.reached(LogStreamState.ENDED)
                || listener.reached(LogStreamState.FAILED));
        return listener;
    }

    @Test
    void containersInSpecOrderAndNoneForAMissingPod() {
        assertThat(new PodLogs(client, NS).containers("web-0")).containsExactly("app", "sidecar");
        pod = null;
        assertThat(new PodLogs(client, NS).containers("web-0")).isEmpty();
    }

    @Test
    void aWebhookUrlIsMaskedUnlessRevealed() {
        log = n -> text("level=info msg=\"starting\"\nlevel=warn msg=\"notify\" url=" + SECRET_URL + "\n");

        RecordingListener masked = tail(false);
        assertThat(masked.stateNames()).containsExactly(LogStreamState.CONNECTING, LogStreamState.STREAMING,
                LogStreamState.ENDED);
        assertThat(masked.lines()).hasSize(2);
        assertThat(masked.batchSizes()).as("a burst arrives as one call").containsExactly(2);
        assertThat(masked.lines().get(0).level()).isEqualTo(LogLevel.INFO);
        assertThat(masked.lines().get(1).level()).isEqualTo(LogLevel.WARN);
        assertThat(masked.lines()).extracting(LogLine::seq).containsExactly(0L, 1L);
        assertThat(masked.texts().get(1)).doesNotContain("XXXXSECRET").contains("level=warn");
        assertThat(logRequests.get(0)).contains("container=app").contains("tailLines=10")
                .doesNotContain("follow=true");

        RecordingListener revealed = tail(true);
        assertThat(revealed.texts().get(1)).contains(SECRET_URL);
    }

    @Test
    void forbiddenNamesTheVerbResourceAndNamespace() {
        log = n -> status(403, "Forbidden", "pods \"web-0\" is forbidden: User \"alice\" cannot get resource "
                + "\"pods/log\" in API group \"\" in the namespace \"monitoring\"");
        RecordingListener listener = tail(false);
        assertThat(listener.last().state()).isEqualTo(LogStreamState.FAILED);
        assertThat(listener.last().message()).contains("get").contains("pods/log").contains(NS);
        assertThat(listener.lines()).isEmpty();
    }

    @Test
    void aMissingPodFails() {
        pod = null;
        RecordingListener listener = tail(false);
        assertThat(listener.last().state()).isEqualTo(LogStreamState.FAILED);
        assertThat(listener.last().message()).contains("web-0").contains("does not exist").contains(NS);
        assertThat(logRequests).isEmpty();
    }

    @Test
    void previousOfAContainerThatNeverRestartedFails() {
        RecordingListener listener = new RecordingListener();
        new PodLogs(client, NS).open(new LogRequest("web-0", null, 10, false, true, false), listener);
        Poll.until(WAIT, "failed", () -> listener.reached(LogStreamState.FAILED));
        assertThat(listener.last().message()).contains("never restarted");
    }

    @Test
    void aDroppedStreamOfTheSameInstanceContinuesWithoutRepeatingLines() {
        log = n -> n == 0 ? text("ts=1 a\nts=2 b\nts=3 c\n") : n == 1 ? text("ts=2 b\nts=3 c\nts=4 d\n")
                : text("ts=3 c\nts=4 d\n");
        RecordingListener listener = new RecordingListener();
        try (LogSubscription sub = new PodLogs(client, NS).open(LogRequest.of("web-0"), listener)) {
            Poll.until(WAIT, "line d", () -> listener.texts().contains("ts=4 d"));
            Poll.until(WAIT, "a third followed request", () -> logRequests.stream()
                    .filter(r -> r.contains("follow=true")).count() >= 3);
            assertThat(listener.texts()).containsExactly("ts=1 a", "ts=2 b", "ts=3 c", "ts=4 d");
            assertThat(listener.stateNames()).contains(LogStreamState.RECONNECTING);
            assertThat(logRequests.stream().filter(r -> r.contains("follow=true")).findFirst().orElseThrow())
                    .contains("tailLines=500");
        }
    }

    @Test
    void aDeletedPodWithoutStatefulSetFailsSayingItsReplacementHasAnotherName() {
        log = n -> {
            pod = null;
            return text("line one\n");
        };
        RecordingListener listener = new RecordingListener();
        try (LogSubscription sub = new PodLogs(client, NS).open(LogRequest.of("web-0"), listener)) {
            Poll.until(WAIT, "failed", () -> listener.reached(LogStreamState.FAILED));
        }
        assertThat(listener.texts()).containsExactly("line one");
        assertThat(listener.last().message()).contains("another name");
    }

    @Test
    void aFollowedContainerThatCannotBeReadYetIsWaitedFor() {
        AtomicInteger calls = new AtomicInteger();
        log = n -> calls.getAndIncrement() < 2 ? status(400, "BadRequest",
                "container \"app\" in pod \"web-0\" is waiting to start: "
                + "CrashLoopBackOff") : text("level=error msg=\"started at last\"\n");
        RecordingListener listener = new RecordingListener();
        try (LogSubscription sub = new PodLogs(client, NS).open(LogRequest.of("web-0"), listener)) {
            Poll.until(WAIT, "the line", () -> listener.texts().contains("level=error msg=\"started at last\""));
        }
        assertThat(listener.states()).as("requests %s", logRequests).anyMatch(s -> s.state()
                == LogStreamState.RECONNECTING && s.message().contains("CrashLoopBackOff"));
        assertThat(listener.stateNames()).doesNotContain(LogStreamState.FAILED);
        assertThat(listener.lines().get(0).level()).isEqualTo(LogLevel.ERROR);
    }

    @Test
    void noListenerCallsAfterClose() {
        log = n -> text("x\n");
        RecordingListener listener = new RecordingListener();
        LogSubscription sub = new PodLogs(client, NS).open(LogRequest.of("web-0"), listener);
        Poll.until(WAIT, "a line", () -> !listener.lines().isEmpty());
        sub.close();
        sub.close();
        int calls = listener.calls();
        int requests = logRequests.size();
        // The stream would reconnect about once a second if it still ran; give it the time to show itself.
        Poll.within(Duration.ofMillis(2500), () -> listener.calls() != calls || logRequests.size() > requests + 2);
        assertThat(listener.calls()).isEqualTo(calls);
        assertThat(logRequests.size()).isLessThanOrEqualTo(requests + 2);
    }
}
