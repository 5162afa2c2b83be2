package io.neurectomy.console.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.StackObjects;
import io.neurectomy.console.ui.deploy.UpgradeWizardModel.Strategy;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Upgrade tab's models on the fabric8 mock with an inline task runner: the strategy offered (blue-green for
 * Prometheus only), the version checked for the chosen strategy, and which of Switch back / Switch forward / Remove
 * the open blue-green upgrade offers, as the Services' selectors and annotation say; a switch that goes the way
 * offered.
 */
class UpgradeTabModelTest {
    private static final String NS = MockCluster.NAMESPACE;
    private static final String ANNOTATION = "monitoring-console.neurectomy.io/blue-green";
    private static final String GREEN = "prometheus-v2-55-1";

    private MockCluster cluster;
    private KubernetesClient admin;
    private ClusterSession session;
    private StackViewModel stack;
    private UpgradeWizardModel wizard;
    private UpgradeActionsModel actions;
    private final List<String> asked = new ArrayList<>();

    private final DialogService dialogs = new DialogService() {
        @Override
        public boolean confirm(String title, String message, String confirm) {
            asked.add(title);
            return true;
        }

        @Override
        public boolean confirmTyped(String title, String message, String name, String confirm) {
            asked.add(title + " [type " + name + "]");
            return false;
        }

        @Override
        public void error(String title, String message, Throwable details) {
        }

        @Override
        public void notify(Level level, String title, String text) {
        }
    };

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        admin = cluster.adminClient();
        session = cluster.openSession("test");
        stack = new StackViewModel(new InlineTaskRunner(), Runnable::run, StackManifests::bundled, new ActivityLog(),
                dialogs);
        wizard = stack.upgrade();
        actions = stack.upgradeActions();
        stack.attach(session);
    }

    @AfterEach
    void stop() {
        session.close();
        cluster.close();
    }

    @Test
    void blueGreenIsOfferedForPrometheusOnlyAndAnotherComponentGoesBackToRolling() {
        assertThat(wizard.componentProperty().get()).isEqualTo(StackComponent.PROMETHEUS);
        assertThat(wizard.blueGreenAvailable().get()).isTrue();
        assertThat(wizard.strategyProperty().get()).isEqualTo(Strategy.ROLLING);
        assertThat(wizard.blueGreen().get()).isFalse();

        wizard.strategyProperty().set(Strategy.BLUE_GREEN);
        assertThat(wizard.blueGreen().get()).isTrue();
        assertThat(wizard.strategyNote().get()).contains("TSDB starts empty").contains("No backup is taken");

        wizard.componentProperty().set(StackComponent.ALERTMANAGER);
        assertThat(wizard.blueGreenAvailable().get()).isFalse();
        assertThat(wizard.strategyProperty().get()).isEqualTo(Strategy.ROLLING);
        assertThat(wizard.blueGreen().get()).isFalse();
        assertThat(wizard.strategyNote().get()).isEqualTo("Blue-green is for Prometheus only: Alertmanager upgrades"
                + " in place.");

        // Even set by hand, blue-green does not count for another component.
        wizard.strategyProperty().set(Strategy.BLUE_GREEN);
        assertThat(wizard.blueGreen().get()).isFalse();
    }

    @Test
    void theVersionIsCheckedForTheChosenStrategyAsItIsTyped() {
        // A tag Prometheus can run in place, but too long to name a StatefulSet after.
        String longTag = "v2.55.1-" + "a".repeat(50);
        wizard.versionProperty().set(longTag);
        assertThat(wizard.versionError().get()).isEmpty();
        assertThat(wizard.flow().canGoNext().get()).isTrue();

        wizard.strategyProperty().set(Strategy.BLUE_GREEN);
        assertThat(wizard.versionError().get()).contains("too long");
        assertThat(wizard.flow().canGoNext().get()).isFalse();

        wizard.versionProperty().set("v2.55.1");
        assertThat(wizard.versionError().get()).isEmpty();
        assertThat(wizard.flow().canGoNext().get()).isTrue();

        wizard.versionProperty().set("v2.55 .1");
        assertThat(wizard.versionError().get()).isNotEmpty();
        assertThat(wizard.flow().canGoNext().get()).isFalse();

        wizard.versionProperty().set("");
        assertThat(wizard.versionError().get()).as("nothing typed is no error yet").isEmpty();
        assertThat(wizard.flow().canGoNext().get()).isFalse();
    }

    @Test
    void theSwitchOfferedFollowsTheSideTheServicesSelect() {
        assertThat(actions.stateProperty().get()).isNull();
        assertThat(actions.statusProperty().get()).isEqualTo("No blue-green upgrade open.");
        assertThat(actions.switchBackOffered().get()).isFalse();
        assertThat(actions.switchForwardOffered().get()).isFalse();
        assertThat(actions.removeOffered().get()).isFalse();

        openBlueGreen("v2.55.1", "v2.55.1");
        actions.refresh();
        assertThat(actions.stateProperty().get().selected()).isEqualTo(GREEN);
        assertThat(actions.stateProperty().get().services()).containsExactly("Service/prometheus",
                "Service/prometheus-headless");
        assertThat(actions.stateProperty().get().createdReady()).isEqualTo("2 of 2 ready");
        assertThat(actions.switchBackOffered().get()).isTrue();
        assertThat(actions.switchForwardOffered().get()).isFalse();
        assertThat(actions.removeOffered().get()).isTrue();
        assertThat(actions.stateProperty().get().unselected()).isEqualTo("prometheus");

        select("prometheus", "v2.53.0");
        select("prometheus-headless", "v2.53.0");
        actions.refresh();
        assertThat(actions.switchBackOffered().get()).isFalse();
        assertThat(actions.switchForwardOffered().get()).isTrue();
        assertThat(actions.stateProperty().get().unselected()).isEqualTo(GREEN);

        select("prometheus", "v2.55.1");
        actions.refresh();
        assertThat(actions.stateProperty().get().selected()).as("the Services disagree").isNull();
        assertThat(actions.switchBackOffered().get()).isFalse();
        assertThat(actions.switchForwardOffered().get()).isFalse();
        assertThat(actions.removeOffered().get()).isFalse();
    }

    @Test
    void switchBackPointsTheServicesAtTheOldSideAndTheStatusFollows() {
        openBlueGreen("v2.55.1", "v2.55.1");
        actions.refresh();
        assertThat(actions.switchBackOffered().get()).isTrue();

        actions.switchSides();

        assertThat(actions.operation().errorProperty().get()).isEmpty();
        assertThat(asked).containsExactly("Switch Prometheus in monitoring back to StatefulSet/prometheus"
                + " (v2.53.0)");
        assertThat(selectedVersion("prometheus")).isEqualTo("v2.53.0");
        assertThat(selectedVersion("prometheus-headless")).isEqualTo("v2.53.0");
        assertThat(actions.resultProperty().get()).startsWith("Service/prometheus, Service/prometheus-headless:"
                + " StatefulSet/" + GREEN + " → StatefulSet/prometheus (v2.53.0).");
        assertThat(actions.switchForwardOffered().get()).as("read again after the switch").isTrue();

        actions.switchSides();

        assertThat(asked).last().isEqualTo("Switch Prometheus in monitoring to StatefulSet/" + GREEN
                + " (v2.55.1)");
        assertThat(selectedVersion("prometheus")).isEqualTo("v2.55.1");
        assertThat(actions.switchBackOffered().get()).isTrue();
    }

    @Test
    void removeAsksForTheUnselectedStatefulSetsNameAndAWrongAnswerDeletesNothing() {
        openBlueGreen("v2.55.1", "v2.55.1");
        actions.refresh();
        assertThat(actions.deleteVolumesProperty().get()).as("unticked by default").isFalse();

        actions.removeOld();

        assertThat(asked).singleElement().asString().endsWith("[type prometheus]");
        assertThat(actions.resultProperty().get()).isEqualTo("Remove: not confirmed; nothing changed.");
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName("prometheus").get()).isNotNull();
        assertThat(actions.operation().busyProperty().get()).isFalse();
    }

    @Test
    void rollbackWithoutAConnectionSaysSo() {
        stack.attach(null);
        actions.rollback(StackComponent.GRAFANA);
        assertThat(actions.operation().errorProperty().get()).startsWith("Connect to a cluster first");
        assertThat(asked).isEmpty();
    }

    // ---- the cluster ------------------------------------------------------------------------------------------

    /** StatefulSets prometheus (v2.53.0) and GREEN (v2.55.1), two ready pods each, the Services switched to GREEN. */
    private void openBlueGreen(String prometheusSelects, String headlessSelects) {
        cluster.createStatefulSet("prometheus", 2, 2);
        cluster.createStatefulSet(GREEN, 2, 2);
        for (String sts : List.of("prometheus", GREEN)) {
            for (int i = 0; i < 2; i++) {
                admin.pods().inNamespace(NS).resource(new PodBuilder(StackObjects.statefulSetPod(sts, i, "node-a"))
                        .editStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .endStatus().build()).create();
            }
        }
        String sides = "{\"old\":\"prometheus\",\"oldVersion\":\"v2.53.0\",\"new\":\"" + GREEN + "\","
                + "\"newVersion\":\"v2.55.1\",\"selector\":{\"app\":\"prometheus\"}}";
        for (Map.Entry<String, String> e : Map.of("prometheus", prometheusSelects, "prometheus-headless",
                headlessSelects).entrySet()) {
            Service s = new ServiceBuilder().withNewMetadata().withName(e.getKey()).withNamespace(NS)
                    .addToAnnotations(ANNOTATION, sides).endMetadata().withNewSpec()
                    .withSelector(Map.of("app", "prometheus", "version", e.getValue())).endSpec().build();
            admin.services().inNamespace(NS).resource(s).create();
        }
    }

    private void select(String service, String version) {
        admin.services().inNamespace(NS).withName(service).edit(s -> {
            Map<String, String> selector = new LinkedHashMap<>(s.getSpec().getSelector());
            selector.put("version", version);
            s.getSpec().setSelector(selector);
            return s;
        });
    }

    private String selectedVersion(String service) {
        return admin.services().inNamespace(NS).withName(service).get().getSpec().getSelector().get("version");
    }
}
