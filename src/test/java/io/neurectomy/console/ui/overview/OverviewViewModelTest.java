package io.neurectomy.console.ui.overview;

import static io.neurectomy.console.testing.StackObjects.putNode;
import static io.neurectomy.console.testing.StackObjects.putPod;
import static io.neurectomy.console.testing.StackObjects.putStatefulSet;
import static io.neurectomy.console.testing.StackObjects.removePod;
import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterState;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.ui.fx.FxCoalescer;
import io.neurectomy.console.ui.overview.WorkloadRow.Health;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OverviewViewModelTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final ClusterState state = new ClusterState();
    private final OverviewViewModel model = new OverviewViewModel(FxCoalescer::immediate, () -> NOW);

    @BeforeEach
    void attach() {
        model.attach(state);
    }

    @Test
    void showsSynchronizingAndNoRowsUntilSynced() {
        putPod(state, "prometheus-0", "node-a", true, 0, NOW);

        assertThat(model.sync().synchronizingProperty().get()).isTrue();
        assertThat(model.pods()).isEmpty();
        assertThat(model.podPlaceholderProperty().get()).isEqualTo("Synchronizing…");
        assertThat(model.sync().textProperty().get()).isEqualTo("Synchronizing…");

        state.setSync(SyncState.SYNCED, "");

        assertThat(model.sync().synchronizingProperty().get()).isFalse();
        assertThat(model.pods()).extracting(PodRow::name).containsExactly("prometheus-0");
        assertThat(model.sync().textProperty().get()).isEqualTo("Synced");
    }

    @Test
    void emptyNamespaceSaysNoPodsOnlyAfterSync() {
        state.setSync(SyncState.SYNCED, "");

        assertThat(model.pods()).isEmpty();
        assertThat(model.podPlaceholderProperty().get()).isEqualTo("No pods in this namespace");
    }

    @Test
    void createdPodAppearsFormattedLikeKubectl() {
        state.setSync(SyncState.SYNCED, "");

        putPod(state, "alertmanager-1", "node-b", true, 3, NOW.minus(Duration.ofMinutes(5)));

        assertThat(model.pods()).containsExactly(
                new PodRow("alertmanager-1", "node-b", "Running", "1/1", 3, "5m", true));
    }

    @Test
    void deletedPodDisappears() {
        state.setSync(SyncState.SYNCED, "");
        putPod(state, "grafana-abc", "node-a", true, 0, NOW);
        putPod(state, "prometheus-0", "node-a", true, 0, NOW);

        removePod(state, "grafana-abc");

        assertThat(model.pods()).extracting(PodRow::name).containsExactly("prometheus-0");
    }

    @Test
    void missingStackWorkloadsAreShownAsNotDeployed() {
        state.setSync(SyncState.SYNCED, "");

        assertThat(model.workloads()).extracting(WorkloadRow::name)
                .containsExactly("prometheus", "grafana", "alertmanager");
        assertThat(model.workloads()).allSatisfy(w -> {
            assertThat(w.health()).isEqualTo(Health.MISSING);
            assertThat(w.statusText()).isEqualTo("not deployed");
        });
    }

    @Test
    void replicaChangeShowsAndFewerReadyThanDesiredIsDegraded() {
        state.setSync(SyncState.SYNCED, "");
        putStatefulSet(state, "prometheus", 2, 2);
        assertThat(model.workloads().get(0)).extracting(WorkloadRow::desired, WorkloadRow::health)
                .containsExactly(2, Health.OK);

        putStatefulSet(state, "prometheus", 3, 2);

        WorkloadRow prometheus = model.workloads().get(0);
        assertThat(prometheus.desired()).isEqualTo(3);
        assertThat(prometheus.ready()).isEqualTo(2);
        assertThat(prometheus.health()).isEqualTo(Health.DEGRADED);
        assertThat(prometheus.statusText()).isEqualTo("2/3 ready");
    }

    @Test
    void reconnectingShowsBannerWithDetailAndKeepsTheLastPicture() {
        state.setSync(SyncState.SYNCED, "");
        putPod(state, "prometheus-0", "node-a", true, 0, NOW);

        state.setSync(SyncState.RECONNECTING, "connect timed out");

        assertThat(model.sync().connectionLostProperty().get()).isTrue();
        assertThat(model.sync().bannerTextProperty().get())
                .isEqualTo("Connection lost — retrying… (connect timed out)");
        assertThat(model.sync().textProperty().get()).isEqualTo("Connection lost — retrying");
        assertThat(model.pods()).extracting(PodRow::name).containsExactly("prometheus-0");
    }

    @Test
    void bannerGoesAwayWhenSyncedAgain() {
        state.setSync(SyncState.SYNCED, "");
        state.setSync(SyncState.RECONNECTING, "watch lost for Pod");

        state.setSync(SyncState.SYNCED, "");

        assertThat(model.sync().connectionLostProperty().get()).isFalse();
        assertThat(model.sync().bannerTextProperty().get()).isEmpty();
    }

    @Test
    void nodeSummaryCountsReadyNodes() {
        state.setSync(SyncState.SYNCED, "");
        putNode(state, "node-a", true);
        putNode(state, "node-b", true);
        putNode(state, "node-c", false);

        assertThat(model.nodeSummaryProperty().get()).isEqualTo("3 nodes, 2 ready");
    }

    @Test
    void detachedModelIgnoresItsOldStateAndShowsNotConnected() {
        state.setSync(SyncState.SYNCED, "");
        putPod(state, "prometheus-0", "node-a", true, 0, NOW);

        model.detach();
        putPod(state, "prometheus-1", "node-a", true, 0, NOW);

        assertThat(model.pods()).isEmpty();
        assertThat(model.sync().stateProperty().get()).isNull();
        assertThat(model.podPlaceholderProperty().get()).isEqualTo("Not connected");
    }

    @Test
    void attachingAnotherStateShowsOnlyThatState() {
        state.setSync(SyncState.SYNCED, "");
        putPod(state, "old-0", "node-a", true, 0, NOW);
        ClusterState other = new ClusterState();
        other.setSync(SyncState.SYNCED, "");
        putPod(other, "new-0", "node-b", true, 0, NOW);

        model.attach(other);
        putPod(state, "old-1", "node-a", true, 0, NOW);

        assertThat(model.pods()).extracting(PodRow::name).containsExactly("new-0");
    }
}
