package io.neurectomy.console.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.health.HealthContext;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FaultProxy;
import io.neurectomy.console.testing.FaultProxy.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readers of Prometheus's and Alertmanager's HTTP APIs ({@link PodCalls}, {@link HealthContext#api}, what the
 * targets and alerts views read through {@link PrometheusTargets} and {@link AlertmanagerApi}) facing a server that
 * misbehaves: the sandbox's pods {@code prometheus-0} and {@code alertmanager-0} are a {@link FaultProxy}, reached
 * through the real port-forward path. Each fault must end in a message that names the pod and what went wrong,
 * within the request's timeout, without reading an unbounded answer.
 */
class ServerFaultsSandboxTest {
    private static final String NS = "monitoring";
    private static final String PROMETHEUS = "prometheus-0";
    private static final String ALERTMANAGER = "alertmanager-0";
    /** The requests' timeout: short, since the faults below wait it out. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** The timeout of the reads of an enormous answer: long enough for the limit to be reached first when loaded. */
    private static final Duration ROOMY = Duration.ofSeconds(60);
    /** Only catches hangs: a reader that waits for ever on a stalled answer. */
    private static final Duration HANG = Duration.ofSeconds(90);

    private static FaultProxy server;
    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    private static ClusterSession session;
    private static PodCalls calls;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        server = FaultProxy.standalone();
        Path root = Files.createDirectories(dir.resolve("pod-root"));
        Map<Integer, Integer> ports = Map.of(9090, server.port(), 9093, server.port());
        sandbox = SandboxCluster.start(true, (ns, pod) -> Optional.of(new PodRuntime(ns, pod, root, ports,
                dir.resolve(pod + ".log"), null)));
        admin = sandbox.adminClient();
        admin.pods().inNamespace(NS).resource(pod(PROMETHEUS, "prometheus")).create();
        admin.pods().inNamespace(NS).resource(pod(ALERTMANAGER, "alertmanager")).create();
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        calls = new PodCalls(session.client(), NS, TIMEOUT);
    }

    @AfterAll
    static void stop() throws IOException {
        if (session != null) {
            session.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Pod pod(String name, String container) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().addNewContainer().withName(container).withImage(container).endContainer().endSpec()
                .build();
    }

    private static <T> T withinHangDeadline(ThrowingSupplier<T> call) {
        return assertTimeoutPreemptively(HANG, call, "the reader hung on the misbehaving server");
    }

    private static String failure(Fault fault, ThrowingSupplier<?> call) {
        server.fault(fault);
        Throwable thrown = withinHangDeadline(() -> catchThrowable(call::get));
        assertThat(thrown).as("what " + fault + " ends in").isNotNull();
        return thrown.getMessage();
    }

    private static HealthContext health() {
        return new HealthContext(NS, session.state().snapshot(), calls, Map.of());
    }

    @Test
    void aWellBehavedServerIsReadThroughTheSameWay() {
        server.fault(Fault.NONE);
        PodCalls.Response response = withinHangDeadline(() -> calls.get(PROMETHEUS, 9090, "/api/v1/targets"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
    }

    @Test
    void aServerThatNeverAnswersEndsInATimeoutNamingThePod() {
        String message = failure(Fault.SLOW, () -> health().api(PROMETHEUS, 9090, "/api/v1/status/config"));
        assertThat(message).contains(PROMETHEUS).contains("GET /api/v1/status/config").contains("within 2 s");
    }

    @Test
    void aServerThatStopsInTheMiddleOfItsAnswerEndsWithinTheTimeout() {
        String message = failure(Fault.STOP_MID_STREAM,
                () -> health().api(PROMETHEUS, 9090, "/api/v1/status/config"));
        assertThat(message).contains(PROMETHEUS).contains("did not finish answering").contains("within 2 s")
                .contains("stopped in the middle of its answer");
    }

    @Test
    void malformedJsonIsNamedAsNotJson() {
        String message = failure(Fault.MALFORMED_JSON,
                () -> health().api(PROMETHEUS, 9090, "/api/v1/status/config"));
        assertThat(message).contains(PROMETHEUS).contains("HTTP 200").contains("text that is not JSON");
    }

    @Test
    void anHtmlErrorPageWithStatus200IsNamedAsSuch() {
        String message = failure(Fault.HTML_200, () -> health().api(PROMETHEUS, 9090, "/api/v1/status/config"));
        assertThat(message).contains(PROMETHEUS).contains("HTTP 200").contains("an HTML page instead of JSON");
    }

    @Test
    void anEnormousAnswerIsRefusedAtTheLimitAndNotAskedAgain() {
        server.enormousBytes(BoundedAnswer.MAX_BODY + (8L << 20));
        int before = server.faultedRequests();
        String message = failure(Fault.ENORMOUS,
                () -> new PodCalls(session.client(), NS, ROOMY).get(PROMETHEUS, 9090, "/metrics"));
        assertThat(message).contains(PROMETHEUS).contains("GET /metrics")
                .contains("the console reads at most 32 MiB of an answer");
        assertThat(server.faultedRequests() - before).as("a too large answer is not asked for again").isEqualTo(1);
    }

    @Test
    void aResetConnectionIsNamedAsBrokenOff() {
        String message = failure(Fault.RESET, () -> calls.get(PROMETHEUS, 9090, "/api/v1/targets"));
        assertThat(message).contains(PROMETHEUS).contains("GET /api/v1/targets").contains("broke off its answer")
                .contains("Check whether the pod restarted");
    }

    @Test
    void theTargetsViewNamesTheReplicaThatAnsweredWithAnHtmlPage() {
        server.fault(Fault.HTML_200);
        PrometheusTargets.Report report = withinHangDeadline(
                () -> new PrometheusTargets(session, TIMEOUT).read(PROMETHEUS));
        assertThat(report.targets()).isEmpty();
        assertThat(report.errors()).containsOnlyKeys(PROMETHEUS);
        assertThat(report.errors().get(PROMETHEUS)).contains("an HTML page instead of JSON");
    }

    @Test
    void theTargetsViewNamesTheReplicaWhoseAnswerWasTooLarge() {
        server.enormousBytes(BoundedAnswer.MAX_BODY + (8L << 20)).fault(Fault.ENORMOUS);
        PrometheusTargets.Report report = withinHangDeadline(
                () -> new PrometheusTargets(session, ROOMY).read(PROMETHEUS));
        assertThat(report.errors().get(PROMETHEUS)).contains("at most 32 MiB");
    }

    @Test
    void theAlertsViewSaysAlertmanagerStoppedMidAnswer() {
        server.fault(Fault.STOP_MID_STREAM);
        AlertmanagerApi api = new AlertmanagerApi(calls, () -> session.state().snapshot());
        assertThatThrownBy(() -> withinHangDeadline(() -> api.alerts(ALERTMANAGER, List.of())))
                .isInstanceOf(ConsoleException.class).hasMessageContaining("Alertmanager " + ALERTMANAGER)
                .hasMessageContaining("did not finish answering GET /api/v2/alerts");
    }

    @Test
    void theAlertsViewSaysAlertmanagerAnsweredWithMalformedJson() {
        server.fault(Fault.MALFORMED_JSON);
        AlertmanagerApi api = new AlertmanagerApi(calls, () -> session.state().snapshot());
        assertThatThrownBy(() -> withinHangDeadline(() -> api.alerts(ALERTMANAGER, List.of())))
                .isInstanceOf(ConsoleException.class)
                .hasMessageContaining("Alertmanager " + ALERTMANAGER + " answered /api/v2/alerts with text that is"
                        + " not JSON");
    }
}
