package io.neurectomy.console.ui.health.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.ServerProcesses;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The charts' view model against the sandbox's real Prometheus processes, through the session as in the window:
 * each chart gets a line per replica from Prometheus's own metrics, the disk chart a forecast per replica; with
 * every Prometheus process stopped the charts are empty and the message says Prometheus cannot be asked.
 */
class ChartsViewModelSandboxTest {
    private static final String NS = "monitoring";
    /** Only catches hangs. */
    private static final Duration WAIT = Duration.ofSeconds(180);

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient admin;

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
        admin = sandbox.adminClient();
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static Map<ChartsViewModel.Chart, List<ChartsViewModel.Line>> refreshed(ChartsViewModel model) {
        model.refresh();
        return model.dataProperty().get();
    }

    /** Every chart has a line with at least two points for both replicas (a rate needs two scrapes). */
    private static boolean bothReplicasDrawn(Map<ChartsViewModel.Chart, List<ChartsViewModel.Line>> data) {
        return data.values().stream().allMatch(lines -> List.of("prometheus-0", "prometheus-1").stream()
                .allMatch(pod -> lines.stream().anyMatch(l -> l.name().equals(pod) && l.points().size() >= 2)));
    }

    @Test
    void eachChartHasALinePerReplicaFromPrometheusItself() {
        ChartsViewModel model = ChartsViewModel.of(session, new InlineTaskRunner());
        Map<ChartsViewModel.Chart, List<ChartsViewModel.Line>> data = Poll.until(WAIT, () -> refreshed(model),
                ChartsViewModelSandboxTest::bothReplicasDrawn, "two scrapes of each replica");

        assertThat(model.messageProperty().get()).isEmpty();
        assertThat(model.statusProperty().get()).startsWith("From prometheus-0 at ").endsWith(", every 30 s over 1 h");
        for (ChartsViewModel.Line line : data.get(ChartsViewModel.Chart.SERIES)) {
            // A Prometheus scraping the stack holds hundreds of series in its head (none before its first scrape).
            assertThat(line.points().get(line.points().size() - 1).value()).isGreaterThan(100);
        }
        for (ChartsViewModel.Line line : data.get(ChartsViewModel.Chart.SAMPLES)) {
            assertThat(line.points().get(line.points().size() - 1).value()).isPositive();
        }
        assertThat(data.get(ChartsViewModel.Chart.DISK)).extracting(ChartsViewModel.Line::name)
                .contains("prometheus-0 forecast", "prometheus-1 forecast");
        // A fresh Prometheus has cut no block yet: its blocks take 0 bytes, as it says itself.
        assertThat(data.get(ChartsViewModel.Chart.DISK)).filteredOn(l -> !l.forecast())
                .extracting(ChartsViewModel.Line::name).containsExactly("prometheus-0", "prometheus-1");
        assertThat(data.get(ChartsViewModel.Chart.DISK)).filteredOn(l -> !l.forecast())
                .allSatisfy(l -> assertThat(l.points()).allSatisfy(p -> assertThat(p.value()).isEqualTo(0)));
    }

    @Test
    void withEveryPrometheusStoppedTheChartsAreEmptyAndTheMessageSaysWhy() throws Exception {
        ChartsViewModel model = ChartsViewModel.of(session, new InlineTaskRunner());
        Poll.until(WAIT, () -> refreshed(model), ChartsViewModelSandboxTest::bothReplicasDrawn,
                "charts drawn before the fault");
        ServerProcesses.signalPod(sandbox, NS, "prometheus-0", "STOP");
        ServerProcesses.signalPod(sandbox, NS, "prometheus-1", "STOP");
        try {
            model.refresh();
            assertThat(model.messageProperty().get()).startsWith("Prometheus cannot be asked: ");
            assertThat(model.dataProperty().get().values()).allSatisfy(lines -> assertThat(lines).isEmpty());
            assertThat(model.statusProperty().get()).isEmpty();
        } finally {
            ServerProcesses.signalPod(sandbox, NS, "prometheus-0", "CONT");
            ServerProcesses.signalPod(sandbox, NS, "prometheus-1", "CONT");
        }
        Poll.until(WAIT, "both Prometheus replicas ready again", () -> admin.pods().inNamespace(NS).list().getItems()
                .stream().filter(p -> p.getMetadata().getName().matches("prometheus-\\d"))
                .filter(Readiness::isPodReady).count() == 2);
        Poll.until(WAIT, () -> refreshed(model), ChartsViewModelSandboxTest::bothReplicasDrawn, "charts again");
        assertThat(model.messageProperty().get()).isEmpty();
    }
}
