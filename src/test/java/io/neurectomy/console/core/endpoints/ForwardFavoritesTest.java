package io.neurectomy.console.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.testing.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Favorite forwards per context: kept across runs, and started again only when the user opted in. */
class ForwardFavoritesTest {
    private static final String NS = "monitoring";

    @TempDir
    Path dir;

    @Test
    void favoritesAreKeptPerContextAcrossRuns() {
        ConsoleSettings settings = ConsoleSettings.load(dir);
        ForwardFavorites favorites = new ForwardFavorites(settings);
        ForwardSpec prometheus = ForwardPreset.PROMETHEUS.spec(NS);
        ForwardSpec pinned = ForwardSpec.parse("pod/alertmanager-0", NS).withLocalPort(19093);
        ForwardSpec custom = ForwardSpec.parse("svc/my-app:8080", "apps").withHealth(HealthCheck.http("/healthz"));
        favorites.add("prod", prometheus);
        favorites.add("prod", pinned);
        favorites.add("prod", prometheus);
        favorites.add("lab", custom);
        settings.save();

        ForwardFavorites again = new ForwardFavorites(ConsoleSettings.load(dir));

        assertThat(again.list("prod")).containsExactly(prometheus, pinned);
        assertThat(again.list("lab")).containsExactly(custom);
        assertThat(again.list("other")).isEmpty();
        assertThat(again.contains("prod", pinned)).isTrue();
        assertThat(again.contains("lab", pinned)).isFalse();
    }

    @Test
    void removingAFavoriteKeepsTheOthersAndTheOtherSettings() {
        ConsoleSettings settings = ConsoleSettings.load(dir);
        settings.setLastContext("prod");
        ForwardFavorites favorites = new ForwardFavorites(settings);
        favorites.add("prod", ForwardPreset.GRAFANA.spec(NS));
        favorites.add("prod", ForwardPreset.PROMETHEUS.spec(NS));
        favorites.remove("prod", ForwardPreset.GRAFANA.spec(NS));
        favorites.remove("prod", ForwardPreset.ALERTMANAGER.spec(NS));
        settings.save();

        ConsoleSettings loaded = ConsoleSettings.load(dir);
        assertThat(new ForwardFavorites(loaded).list("prod")).containsExactly(ForwardPreset.PROMETHEUS.spec(NS));
        assertThat(loaded.lastContext()).contains("prod");
    }

    @Test
    void contextNamesWithSpecialCharactersAreKeysLikeAnyOther() throws Exception {
        ConsoleSettings settings = ConsoleSettings.load(dir);
        String eks = "arn:aws:eks:eu-west-1:123456789012:cluster/prod = main";
        new ForwardFavorites(settings).add(eks, ForwardPreset.PROMETHEUS.spec(NS));
        settings.save();

        assertThat(new ForwardFavorites(ConsoleSettings.load(dir)).list(eks))
                .containsExactly(ForwardPreset.PROMETHEUS.spec(NS));
        assertThat(Files.readString(settings.file())).contains("monitoring|svc/prometheus|9090|0|127.0.0.1|/-/ready");
    }

    @Test
    void aNonLoopbackFavoriteKeepsItsAddressButNotItsConfirmation() {
        ConsoleSettings settings = ConsoleSettings.load(dir);
        ForwardFavorites favorites = new ForwardFavorites(settings);
        favorites.add("prod", ForwardPreset.GRAFANA.spec(NS).withBindAddress("0.0.0.0", true));
        settings.save();

        ForwardSpec loaded = new ForwardFavorites(ConsoleSettings.load(dir)).list("prod").get(0);
        assertThat(loaded.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(loaded.needsConfirmation()).isTrue();
    }

    @Test
    void unreadableEntriesAreSkipped() {
        ConsoleSettings settings = ConsoleSettings.load(dir);
        settings.setForwardFavorites("prod", List.of("garbage", "monitoring|svc/prometheus|9090|0|127.0.0.1|/-/ready",
                "monitoring|deploy/x|80|0|127.0.0.1|"));

        assertThat(new ForwardFavorites(settings).list("prod")).containsExactly(ForwardPreset.PROMETHEUS.spec(NS));
    }

    @Test
    void favoritesStartAgainOnlyWhenTheUserOptedIn() {
        ConsoleSettings settings = ConsoleSettings.load(dir);
        ForwardFavorites favorites = new ForwardFavorites(settings);
        favorites.add("lab", ForwardPreset.PROMETHEUS.spec(NS));
        favorites.add("lab", ForwardSpec.parse("prometheus-1", NS));
        favorites.add("lab", ForwardPreset.GRAFANA.spec(NS).withBindAddress("0.0.0.0", true));
        favorites.add("prod", ForwardPreset.ALERTMANAGER.spec(NS));
        assertThat(favorites.restoreAtStart()).isFalse();

        try (MockCluster cluster = new MockCluster()) {
            cluster.createPod("prometheus-1", "node-a", true, 0, Instant.now());
            try (ClusterSession session = cluster.openSession("lab");
                    PortForwardManager manager = new PortForwardManager(session)) {
                assertThat(favorites.restore(manager).started()).isEmpty();
                assertThat(manager.forwards()).isEmpty();

                favorites.setRestoreAtStart(true);
                ForwardFavorites.Restored restored = favorites.restore(manager);

                assertThat(restored.started()).extracting(Forward::spec).containsExactly(
                        ForwardPreset.PROMETHEUS.spec(NS), ForwardSpec.parse("prometheus-1", NS));
                assertThat(restored.needConfirmation()).containsExactly(ForwardPreset.GRAFANA.spec(NS)
                        .withBindAddress("0.0.0.0", false));
                assertThat(restored.problems()).isEmpty();
                assertThat(manager.forwards()).hasSize(2);
            }
        }
        settings.save();
        assertThat(ConsoleSettings.load(dir).restoreForwardFavorites()).isTrue();
    }
}
