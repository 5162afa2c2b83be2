package io.neurectomy.console.ui.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.ConnectionException;
import io.neurectomy.console.core.cluster.ConnectionException.Reason;
import io.neurectomy.console.core.cluster.KubeContext;
import io.neurectomy.console.core.cluster.Kubeconfig;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.testing.KubeconfigFiles;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectViewModelTest {
    private static final Path DEFAULT_FILE = Path.of("/home/me/.kube/config");
    private static final Path OTHER_FILE = Path.of("/home/me/lab.yaml");

    private static MockCluster cluster;
    private static Path fixture;

    @TempDir
    Path configDir;

    private final List<ClusterSession> opened = new ArrayList<>();
    private final List<String> connectedTo = new ArrayList<>();
    private ConsoleSettings settings;

    @BeforeAll
    static void startCluster(@TempDir Path fixtureDir) {
        cluster = new MockCluster();
        fixture = KubeconfigFiles.twoContexts(fixtureDir, cluster.url());
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @AfterEach
    void closeSessions() {
        opened.forEach(ClusterSession::close);
    }

    private ConnectViewModel model(TaskRunner runner, Function<List<Path>, Kubeconfig> loader,
                                   SessionConnector connector) {
        settings = settings == null ? ConsoleSettings.load(configDir) : settings;
        return new ConnectViewModel(() -> List.of(DEFAULT_FILE), loader, connector, settings, runner);
    }

    private ConnectViewModel model() {
        return model(new InlineTaskRunner(), ConnectViewModelTest::twoContexts, this::openSession);
    }

    /** Whatever files the view model asks for, the real loader reads the two-context fixture. */
    private static Kubeconfig twoContexts(List<Path> files) {
        return KubeconfigLoader.load(List.of(fixture));
    }

    private ClusterSession openSession(Kubeconfig kubeconfig, String context, String namespace) {
        connectedTo.add(context + "/" + namespace);
        ClusterSession session = cluster.openSession(context, namespace);
        opened.add(session);
        return session;
    }

    @Test
    void listsTheContextsAndPreselectsTheCurrentContext() {
        ConnectViewModel model = model(new InlineTaskRunner(), ConnectViewModelTest::twoContexts,
                this::openSession);

        model.loadInitial();

        assertThat(model.kubeconfigFiles()).containsExactly(DEFAULT_FILE);
        assertThat(model.contexts()).extracting(KubeContext::name).containsExactly("production", "staging");
        assertThat(model.selectedContextProperty().get().name()).isEqualTo("staging");
        assertThat(model.namespaceProperty().get()).isEqualTo("monitoring");
        assertThat(model.connectDisabledProperty().get()).isFalse();
    }

    @Test
    void preselectsTheContextAndNamespaceUsedLastTime() {
        settings = ConsoleSettings.load(configDir);
        settings.setLastContext("production");
        settings.setLastNamespace("observability");
        ConnectViewModel model = model(new InlineTaskRunner(), ConnectViewModelTest::twoContexts,
                this::openSession);

        model.loadInitial();

        assertThat(model.selectedContextProperty().get().name()).isEqualTo("production");
        assertThat(model.namespaceProperty().get()).isEqualTo("observability");
    }

    @Test
    void kubeconfigErrorIsShownInlineAndAnotherFileCanStillBeChosen() {
        ConnectViewModel model = model(new InlineTaskRunner(), files -> {
            if (files.contains(DEFAULT_FILE)) {
                throw new ConnectionException(Reason.KUBECONFIG_MISSING,
                        "No kubeconfig at /home/me/.kube/config: choose a file or set KUBECONFIG");
            }
            return twoContexts(files);
        }, this::openSession);

        model.loadInitial();

        assertThat(model.loadErrorProperty().get())
                .isEqualTo("No kubeconfig at /home/me/.kube/config: choose a file or set KUBECONFIG");
        assertThat(model.contexts()).isEmpty();
        assertThat(model.connectDisabledProperty().get()).isTrue();

        model.useFile(OTHER_FILE);

        assertThat(model.loadErrorProperty().get()).isEmpty();
        assertThat(model.kubeconfigFiles()).containsExactly(OTHER_FILE);
        assertThat(model.contexts()).hasSize(2);
    }

    @Test
    void chosenFileIsRememberedAndLoadedNextTime() {
        List<List<Path>> loaded = new ArrayList<>();
        Function<List<Path>, Kubeconfig> loader = files -> {
            loaded.add(files);
            return twoContexts(files);
        };
        model(new InlineTaskRunner(), loader, this::openSession).useFile(OTHER_FILE);

        settings = ConsoleSettings.load(configDir);
        model(new InlineTaskRunner(), loader, this::openSession).loadInitial();

        assertThat(loaded).last().isEqualTo(List.of(OTHER_FILE));
    }

    @Test
    void connectingOpensASessionAndRemembersContextAndNamespace() {
        ConnectViewModel model = model();
        model.loadInitial();
        model.namespaceProperty().set(" monitoring ");

        model.connect();

        assertThat(connectedTo).containsExactly("staging/monitoring");
        assertThat(model.statusProperty().get()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(model.sessionProperty().get()).isSameAs(opened.get(0));
        assertThat(model.statusTextProperty().get()).startsWith("Connected to http").endsWith("(v1.30.2)");
        ConsoleSettings saved = ConsoleSettings.load(configDir);
        assertThat(saved.lastContext()).contains("staging");
        assertThat(saved.lastNamespace()).contains("monitoring");
    }

    @Test
    void connectionFailureShowsTheMessageInline() {
        ConnectViewModel model = model(new InlineTaskRunner(), ConnectViewModelTest::twoContexts, (k, c, n) -> {
            throw new ConnectionException(Reason.UNREACHABLE,
                    "Cannot reach https://staging.example.com:6443: connection refused. Check VPN.");
        });
        model.loadInitial();

        model.connect();

        assertThat(model.statusProperty().get()).isEqualTo(ConnectionStatus.FAILED);
        assertThat(model.statusTextProperty().get()).isEqualTo("Connection failed");
        assertThat(model.connectErrorProperty().get())
                .isEqualTo("Cannot reach https://staging.example.com:6443: connection refused. Check VPN.");
        assertThat(model.sessionProperty().get()).isNull();
    }

    @Test
    void switchingContextClosesTheOldSessionBeforeOpeningTheNewOne() {
        List<Boolean> previousClosedWhenOpening = new ArrayList<>();
        ConnectViewModel model = model(new InlineTaskRunner(), ConnectViewModelTest::twoContexts, (k, c, n) -> {
            previousClosedWhenOpening.add(opened.isEmpty() || opened.get(opened.size() - 1).isClosed());
            return openSession(k, c, n);
        });
        model.loadInitial();
        model.connect();
        ClusterSession first = model.sessionProperty().get();

        model.selectedContextProperty().set(model.contexts().get(0));
        model.connect();

        assertThat(previousClosedWhenOpening).containsExactly(true, true);
        assertThat(first.isClosed()).isTrue();
        assertThat(model.sessionProperty().get()).isNotSameAs(first);
        assertThat(connectedTo).containsExactly("staging/monitoring", "production/monitoring");
    }

    @Test
    void reconnectOpensANewSessionForTheSameContext() {
        ConnectViewModel model = model();
        model.loadInitial();
        model.connect();
        ClusterSession first = model.sessionProperty().get();
        model.selectedContextProperty().set(model.contexts().get(0));

        model.reconnect();

        assertThat(first.isClosed()).isTrue();
        assertThat(connectedTo).containsExactly("staging/monitoring", "staging/monitoring");
        assertThat(model.sessionProperty().get().isClosed()).isFalse();
    }

    @Test
    void cancellingClosesASessionThatArrivesAfterwards() {
        QueuedTaskRunner runner = new QueuedTaskRunner();
        ConnectViewModel model = model(runner, ConnectViewModelTest::twoContexts, this::openSession);
        model.loadInitial();
        runner.runAll();

        model.connect();
        assertThat(model.statusProperty().get()).isEqualTo(ConnectionStatus.CONNECTING);
        assertThat(model.connectDisabledProperty().get()).isTrue();
        model.cancel();
        runner.runAll();

        assertThat(model.statusProperty().get()).isEqualTo(ConnectionStatus.DISCONNECTED);
        assertThat(model.sessionProperty().get()).isNull();
        assertThat(opened).singleElement().satisfies(s -> assertThat(s.isClosed()).isTrue());
    }

    @Test
    void disconnectClosesTheSession() {
        ConnectViewModel model = model();
        model.loadInitial();
        model.connect();
        ClusterSession session = model.sessionProperty().get();

        model.disconnect();

        assertThat(session.isClosed()).isTrue();
        assertThat(model.sessionProperty().get()).isNull();
        assertThat(model.statusTextProperty().get()).isEqualTo("Disconnected");
    }

    /**
     * Runs background work only when the test says so; a cancelled task still runs its work (as a thread that
     * ignores the interrupt would) but reports nothing.
     */
    private static final class QueuedTaskRunner implements TaskRunner {
        private final List<Runnable> queue = new ArrayList<>();

        @Override
        public <T> Cancellable run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
            boolean[] cancelled = new boolean[1];
            queue.add(() -> {
                T result;
                try {
                    result = work.call();
                } catch (Exception e) {
                    if (!cancelled[0]) {
                        onFailure.accept(e);
                    }
                    return;
                }
                if (!cancelled[0]) {
                    onSuccess.accept(result);
                }
            });
            return new Cancellable() {
                @Override
                public void cancel() {
                    cancelled[0] = true;
                }

                @Override
                public boolean isCancelled() {
                    return cancelled[0];
                }
            };
        }

        @Override
        public Cancellable run(Runnable work) {
            return run(() -> {
                work.run();
                return null;
            }, r -> { }, e -> { });
        }

        void runAll() {
            while (!queue.isEmpty()) {
                queue.remove(0).run();
            }
        }

        @Override
        public void close() {
            queue.clear();
        }
    }
}
