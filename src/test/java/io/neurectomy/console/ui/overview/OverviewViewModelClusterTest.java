package io.neurectomy.console.ui.overview;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.SyncState;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.ui.fx.FxCoalescer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** The overview fed by a real session watching a CRUD mock API server. */
class OverviewViewModelClusterTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    /** Stands in for the FX thread: refreshes and reads of the view model happen only here. */
    private final ExecutorService ui = Executors.newSingleThreadExecutor();
    private final OverviewViewModel model = new OverviewViewModel(
            refresh -> new FxCoalescer(refresh, ui, (task, delay) -> ui.execute(task), System::currentTimeMillis, 0),
            Instant::now);
    private MockCluster cluster;
    private ClusterSession session;

    @BeforeEach
    void connect() throws Exception {
        cluster = new MockCluster();
        cluster.createNode("node-a", true);
        cluster.createStatefulSet("prometheus", 2, 2);
        cluster.createPod("prometheus-0", "node-a", true, 0, Instant.now());
        session = cluster.openSession("mock");
        onUi(() -> {
            model.attach(session.state());
            return null;
        });
    }

    @AfterEach
    void close() {
        session.close();
        cluster.close();
        ui.shutdownNow();
    }

    @Test
    void showsWhatTheClusterHasOnceSynced() throws Exception {
        await(m -> m.sync().stateProperty().get() == SyncState.SYNCED);

        assertThat(onUi(() -> names())).containsExactly("prometheus-0");
        assertThat(onUi(() -> model.nodeSummaryProperty().get())).isEqualTo("1 node, 1 ready");
    }

    @Test
    void podCreatedInTheClusterAppears() throws Exception {
        await(m -> m.sync().stateProperty().get() == SyncState.SYNCED);

        cluster.createPod("prometheus-1", "node-a", false, 1, Instant.now());

        await(m -> names().contains("prometheus-1"));
        PodRow pod = onUi(() -> model.pods().get(1));
        assertThat(pod.ready()).isEqualTo("0/1");
        assertThat(pod.restarts()).isEqualTo(1);
    }

    @Test
    void podDeletedInTheClusterDisappears() throws Exception {
        await(m -> names().contains("prometheus-0"));

        cluster.deletePod("prometheus-0");

        await(m -> names().isEmpty());
    }

    @Test
    void replicaChangeInTheClusterShows() throws Exception {
        await(m -> m.sync().stateProperty().get() == SyncState.SYNCED);

        cluster.scaleStatefulSet("prometheus", 3);

        await(m -> m.workloads().get(0).desired() == 3);
    }

    private List<String> names() {
        return model.pods().stream().map(PodRow::name).toList();
    }

    private <T> T onUi(Callable<T> read) throws Exception {
        return ui.submit(read).get(5, TimeUnit.SECONDS);
    }

    /** Polls the view model (on its thread) until the condition holds, failing after the deadline. */
    private void await(Predicate<OverviewViewModel> condition) throws Exception {
        WaitForAsyncUtils.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS, () -> onUi(() -> condition.test(model)));
    }
}
