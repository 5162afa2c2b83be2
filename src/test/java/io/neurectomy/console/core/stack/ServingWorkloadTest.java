package io.neurectomy.console.core.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.StackObjects;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workload a component runs in is the one its Service sends traffic to: its own until a blue-green upgrade
 * switches the Service to a second StatefulSet and removes the first.
 */
class ServingWorkloadTest {
    private static final String NS = MockCluster.NAMESPACE;
    private static final String GREEN = "prometheus-v2-55-1";

    private MockCluster cluster;
    private KubernetesClient admin;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        admin = cluster.adminClient();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private void service(Map<String, String> selector) {
        admin.services().resource(new ServiceBuilder().withNewMetadata().withName("prometheus").withNamespace(NS)
                .endMetadata().withNewSpec().withSelector(selector).endSpec().build()).createOr(e -> e.update());
    }

    /** A StatefulSet whose pods are labelled {@code app=prometheus}, and {@code version} when given. */
    private void statefulSet(String name, String version) {
        StatefulSet sts = StackObjects.statefulSet(name, 2, 2);
        sts.getSpec().getTemplate().getMetadata().getLabels().put("app", "prometheus");
        if (version != null) {
            sts.getSpec().getTemplate().getMetadata().getLabels().put("version", version);
        }
        admin.apps().statefulSets().resource(sts).create();
    }

    private String name() {
        return ServingWorkload.name(admin, NS, StackComponent.PROMETHEUS);
    }

    @Test
    void beforeAnyBlueGreenUpgradeItIsTheComponentsOwnWorkload() {
        statefulSet("prometheus", null);
        service(Map.of("app", "prometheus"));
        assertThat(name()).isEqualTo("prometheus");
    }

    @Test
    void whileBothSidesRunItIsTheOneTheServiceSelects() {
        statefulSet("prometheus", "v2.54.1");
        statefulSet(GREEN, "v2.55.1");
        service(Map.of("app", "prometheus", "version", "v2.55.1"));
        assertThat(name()).isEqualTo(GREEN);

        service(Map.of("app", "prometheus", "version", "v2.54.1"));
        assertThat(name()).as("switched back").isEqualTo("prometheus");
    }

    @Test
    void afterTheOldSideIsRemovedItIsTheNewStatefulSet() {
        statefulSet(GREEN, "v2.55.1");
        service(Map.of("app", "prometheus", "version", "v2.55.1"));
        assertThat(name()).isEqualTo(GREEN);
        assertThat(StackComponent.PROMETHEUS.runs(name())).isTrue();
    }

    @Test
    void aServiceThatSelectsTwoStatefulSetsOtherThanItsOwnIsAnErrorThatSaysWhich() {
        statefulSet(GREEN, "v2.55.1");
        statefulSet("prometheus-v3-0-1", "v3.0.1");
        service(Map.of("app", "prometheus"));
        assertThatThrownBy(this::name).isInstanceOf(ConsoleException.class)
                .hasMessageContaining("prometheus-v2-55-1, prometheus-v3-0-1").hasMessageContaining("switch");
    }

    @Test
    void withNoServiceOrNoWorkloadItSelectsItIsTheOwnName() {
        statefulSet(GREEN, "v2.55.1");
        assertThat(name()).as("no Service").isEqualTo("prometheus");
        service(Map.of("app", "prometheus", "version", "v9"));
        assertThat(name()).as("the Service selects nothing").isEqualTo("prometheus");
    }

    @Test
    void anAccountThatMayNotReadServicesGetsTheOwnName() {
        statefulSet(GREEN, "v2.55.1");
        cluster.server().expect().get().withPath("/api/v1/namespaces/" + NS + "/services/prometheus")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").build()).always();
        assertThat(name()).isEqualTo("prometheus");
    }

    @Test
    void blueGreenSidesAreRecognisedByNameAndNothingElseIs() {
        assertThat(StackComponent.ofWorkload(GREEN)).contains(StackComponent.PROMETHEUS);
        assertThat(StackComponent.ofPod(GREEN + "-1")).contains(StackComponent.PROMETHEUS);
        assertThat(StackComponent.ofWorkload("prometheus-node-exporter")).isEmpty();
        assertThat(StackComponent.ofPod("prometheus-node-exporter-x2x9k")).isEmpty();
        assertThat(StackComponent.ofWorkload("grafana-v10-4-0")).as("Grafana has no blue-green sides").isEmpty();
        assertThat(StackComponent.PROMETHEUS.sideName("v3.0.1")).isEqualTo("prometheus-v3-0-1");
        assertThat(StackComponent.PROMETHEUS.sideName("3.0.1")).isEqualTo("prometheus-v3-0-1");
        assertThat(StackComponent.PROMETHEUS.isSide(StackComponent.PROMETHEUS.sideName("2.55.1-rc.0"))).isTrue();
    }
}
