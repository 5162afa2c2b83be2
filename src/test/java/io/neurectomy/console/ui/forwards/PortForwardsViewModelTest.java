package io.neurectomy.console.ui.forwards;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.endpoints.ForwardFavorites;
import io.neurectomy.console.core.endpoints.ForwardPreset;
import io.neurectomy.console.core.endpoints.ForwardSpec;
import io.neurectomy.console.core.endpoints.ForwardState;
import io.neurectomy.console.core.endpoints.PortForwardManager;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.AnsweringDialogs;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.ui.fx.FxCoalescer;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The port-forwards page model against the sandbox's real Prometheus and Alertmanager, without an FX toolkit: a
 * single thread stands in for the FX thread (every call and read goes through it), background work runs inline.
 */
class PortForwardsViewModelTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Duration ACTIVE_WITHIN = Duration.ofSeconds(15);
    private static final String NS = "monitoring";

    private static SandboxCluster sandbox;
    private static ClusterSession session;

    @TempDir
    Path dir;

    private final ExecutorService ui = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-ui");
        t.setDaemon(true);
        return t;
    });
    private final List<String> clipboard = new CopyOnWriteArrayList<>();
    private final List<String> opened = new CopyOnWriteArrayList<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile boolean confirm;
    private final List<PortForwardManager> managers = new ArrayList<>();
    private final List<PortForwardsViewModel> models = new ArrayList<>();

    private ConsoleSettings settings;
    private PortForwardsViewModel vm;
    private PortForwardManager manager;

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false);
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        Poll.until(WAIT, "Prometheus and Alertmanager pods ready", () -> ready("prometheus-") == 2
                && ready("alertmanager-") == 3);
    }

    @AfterAll
    static void stopAll() {
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static long ready(String prefix) {
        return session.state().snapshot().pods().stream().filter(p -> p.name().startsWith(prefix) && p.ready())
                .count();
    }

    @BeforeEach
    void newModel() throws Exception {
        settings = ConsoleSettings.load(dir);
        vm = newModel(settings);
        manager = newManager();
        onUi(() -> vm.attach(manager));
    }

    @AfterEach
    void close() throws Exception {
        for (PortForwardsViewModel m : models) {
            onUi(m::detach);
        }
        managers.forEach(PortForwardManager::close);
        ui.shutdownNow();
    }

    private PortForwardsViewModel newModel(ConsoleSettings s) {
        PortForwardsViewModel m = new PortForwardsViewModel(new InlineTaskRunner(), s, opened::add, clipboard::add,
                new AnsweringDialogs((title, message, button) -> {
                    asked.add(title);
                    return confirm;
                }),
                refresh -> new FxCoalescer(refresh, ui, (task, delay) -> ui.execute(task), () -> 0L, 0),
                Instant::now);
        models.add(m);
        return m;
    }

    private PortForwardManager newManager() {
        PortForwardManager m = new PortForwardManager(session);
        managers.add(m);
        return m;
    }

    // ---- helpers: everything the model does happens on the stand-in FX thread -----------------------------------

    private <T> T onUi(Callable<T> work) throws Exception {
        return ui.submit(work).get(30, TimeUnit.SECONDS);
    }

    private void onUi(Runnable work) throws Exception {
        ui.submit(work).get(30, TimeUnit.SECONDS);
    }

    private List<ForwardRow> rows(PortForwardsViewModel m) {
        try {
            return onUi(() -> List.copyOf(m.rows()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String error() throws Exception {
        return onUi(() -> vm.errorMessageProperty().get());
    }

    private ForwardRow awaitRow(PortForwardsViewModel m, Predicate<ForwardRow> condition, String description) {
        return Poll.until(ACTIVE_WITHIN, () -> rows(m), rs -> rs.stream().anyMatch(condition), description)
                .stream().filter(condition).findFirst().orElseThrow();
    }

    private ForwardRow awaitActive(PortForwardsViewModel m, String title) {
        return awaitRow(m, r -> r.title().equals(title) && r.state() == ForwardState.ACTIVE, title + " ACTIVE");
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    private static int get(String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    // ---- tests --------------------------------------------------------------------------------------------------

    @Test
    void launchingPrometheusGivesAnActiveRowWhoseUrlAnswersReady() throws Exception {
        onUi(() -> vm.launch(ForwardPreset.PROMETHEUS));

        ForwardRow row = awaitActive(vm, "Prometheus");

        assertThat(row.pod()).startsWith("prometheus-");
        assertThat(row.url()).startsWith("http://127.0.0.1:");
        assertThat(row.exposed()).isFalse();
        assertThat(row.target()).isEqualTo("monitoring/svc/prometheus");
        assertThat(get(row.url() + "-/ready")).isEqualTo(200);
        ForwardRow counted = awaitRow(vm, r -> r.id() == row.id() && r.connections() >= 1 && r.bytesIn() > 0,
                "the request counted in the row");
        assertThat(counted.trafficText()).contains(" in / ");
        assertThat(error()).isEmpty();
    }

    @Test
    void launchingTheSameComponentTwiceKeepsOneForward() throws Exception {
        onUi(() -> vm.launch(ForwardPreset.ALERTMANAGER));
        ForwardRow row = awaitActive(vm, "Alertmanager");

        onUi(() -> vm.launch(ForwardPreset.ALERTMANAGER));

        assertThat(rows(vm)).hasSize(1);
        assertThat(onUi(() -> vm.noticeProperty().get())).contains("already forwarded at " + row.url());
    }

    @Test
    void bindingAllAddressesIsRefusedWhenTheUserDeclines() throws Exception {
        confirm = false;

        boolean started = onUi(() -> vm.forwardCustom("svc/prometheus", "9090", "", "0.0.0.0"));

        assertThat(started).isFalse();
        assertThat(asked).containsExactly("Listen on 0.0.0.0?");
        assertThat(manager.forwards()).isEmpty();
        assertThat(rows(vm)).isEmpty();
        assertThat(error()).contains("Not started").contains("0.0.0.0");
    }

    @Test
    void bindingAllAddressesStartsWithTheWarningFlagWhenTheUserConfirms() throws Exception {
        confirm = true;

        boolean started = onUi(() -> vm.forwardCustom("svc/prometheus", "9090", "", "0.0.0.0"));

        assertThat(started).isTrue();
        assertThat(asked).containsExactly("Listen on 0.0.0.0?");
        ForwardRow row = awaitActive(vm, "Prometheus");
        assertThat(row.exposed()).isTrue();
        assertThat(row.url()).startsWith("http://127.0.0.1:");
        assertThat(row.kubectl()).endsWith("--address 0.0.0.0");
        assertThat(get(row.url() + "-/ready")).isEqualTo(200);
    }

    @Test
    void stopRemovesTheRowAndClosesThePort() throws Exception {
        onUi(() -> vm.launch(ForwardPreset.PROMETHEUS));
        ForwardRow row = awaitActive(vm, "Prometheus");
        int port = port(row.url());
        assertThat(free(port)).isFalse();

        onUi(() -> vm.stop(row));

        Poll.until(ACTIVE_WITHIN, "the row removed", () -> rows(vm).isEmpty());
        assertThat(manager.forwards()).isEmpty();
        assertThat(free(port)).isTrue();
    }

    @Test
    void aPinnedBusyPortShowsFailedWithItsReasonOnTheErrorLine() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();

            onUi(() -> vm.forwardCustom("prometheus-0", "9090", String.valueOf(port), ""));

            ForwardRow row = awaitRow(vm, r -> r.state() == ForwardState.FAILED, "FAILED row");
            assertThat(row.reason()).isNotEmpty();
            assertThat(row.stateText()).startsWith("FAILED: ");
            Poll.until(ACTIVE_WITHIN, "the failure on the error line", () -> {
                try {
                    return error().startsWith("pod/prometheus-0:9090 failed: ") && error().contains(row.reason());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void badInputGoesToTheErrorLineAndStartsNothing() throws Exception {
        assertThat(onUi(() -> vm.forwardCustom("svc/my-app", "", "", ""))).isFalse();
        assertThat(error()).contains("Which port");
        assertThat(onUi(() -> vm.forwardCustom("prometheus-0", "9090", "70000", ""))).isFalse();
        assertThat(error()).contains("local port").contains("70000");
        assertThat(onUi(() -> vm.forwardCustom("prometheus-0", "9090", "", "not-an-ip"))).isFalse();
        assertThat(error()).contains("bind address");
        assertThat(manager.forwards()).isEmpty();
    }

    @Test
    void copyUrlAndKubectlCommandGoToTheClipboardAndOpenGoesToTheBrowser() throws Exception {
        onUi(() -> vm.launch(ForwardPreset.PROMETHEUS));
        ForwardRow row = awaitActive(vm, "Prometheus");

        onUi(() -> vm.copyUrl(row));
        onUi(() -> vm.copyKubectlCommand(row));
        onUi(() -> vm.open(row));

        int port = port(row.url());
        assertThat(clipboard).containsExactly("http://127.0.0.1:" + port + "/",
                "kubectl port-forward --context " + SandboxCluster.CONTEXT + " -n monitoring svc/prometheus "
                        + port + ":9090");
        assertThat(opened).containsExactly(row.url());
    }

    @Test
    void favoritesAreKeptPerContextAndRestoredOnAttachWhenTheUserOptedIn() throws Exception {
        onUi(() -> vm.launch(ForwardPreset.ALERTMANAGER));
        ForwardRow row = awaitActive(vm, "Alertmanager");

        onUi(() -> vm.setFavorite(row, true));
        onUi(() -> vm.restoreFavoritesAtStartProperty().set(true));

        awaitRow(vm, r -> r.id() == row.id() && r.favorite(), "the row marked favorite");
        ConsoleSettings saved = ConsoleSettings.load(dir);
        assertThat(saved.restoreForwardFavorites()).isTrue();
        assertThat(new ForwardFavorites(saved).list(SandboxCluster.CONTEXT))
                .containsExactly(ForwardPreset.ALERTMANAGER.spec(NS));
        assertThat(saved.forwardFavorites("another-context")).isEmpty();

        // The next start: a new model and session manager over the saved settings.
        onUi(vm::detach);
        PortForwardsViewModel next = newModel(ConsoleSettings.load(dir));
        PortForwardManager nextManager = newManager();
        onUi(() -> next.attach(nextManager));

        assertThat(nextManager.forwards()).hasSize(1);
        ForwardRow restored = awaitActive(next, "Alertmanager");
        assertThat(restored.favorite()).isTrue();
    }

    @Test
    void favoritesAreNotRestoredWithoutTheUsersChoice() throws Exception {
        new ForwardFavorites(settings).add(SandboxCluster.CONTEXT, ForwardPreset.PROMETHEUS.spec(NS));
        settings.save();
        PortForwardsViewModel next = newModel(ConsoleSettings.load(dir));
        PortForwardManager nextManager = newManager();

        onUi(() -> next.attach(nextManager));

        assertThat(nextManager.forwards()).isEmpty();
        assertThat(onUi(() -> next.favorites())).containsExactly(ForwardPreset.PROMETHEUS.spec(NS));
    }

    @Test
    void aRestoredFavoriteOnAllAddressesIsConfirmedAgain() throws Exception {
        ForwardSpec exposed = ForwardPreset.PROMETHEUS.spec(NS).withBindAddress("0.0.0.0", true);
        ForwardFavorites favs = new ForwardFavorites(settings);
        favs.add(SandboxCluster.CONTEXT, exposed);
        favs.setRestoreAtStart(true);
        settings.save();
        confirm = false;
        PortForwardsViewModel next = newModel(ConsoleSettings.load(dir));
        PortForwardManager nextManager = newManager();

        onUi(() -> next.attach(nextManager));

        assertThat(asked).containsExactly("Listen on 0.0.0.0?");
        assertThat(nextManager.forwards()).isEmpty();
    }

    @Test
    void detachStopsEveryForwardAndClearsThePage() throws Exception {
        onUi(() -> vm.launch(ForwardPreset.PROMETHEUS));
        onUi(() -> vm.launch(ForwardPreset.ALERTMANAGER));
        int prometheus = port(awaitActive(vm, "Prometheus").url());
        int alertmanager = port(awaitActive(vm, "Alertmanager").url());

        onUi(vm::detach);

        assertThat(rows(vm)).isEmpty();
        assertThat(onUi(() -> vm.attachedProperty().get())).isFalse();
        assertThat(manager.forwards()).isEmpty();
        assertThat(free(prometheus)).isTrue();
        assertThat(free(alertmanager)).isTrue();
        onUi(() -> vm.launch(ForwardPreset.PROMETHEUS));
        assertThat(error()).isEqualTo(PortForwardsViewModel.NOT_CONNECTED);
    }
}
