package io.neurectomy.console.core.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.Resources;
import org.junit.jupiter.api.Test;

class StackComponentTest {
    private static final long GI = 1024L * 1024 * 1024;

    @Test
    void defaultResourcesAreTheOnesTheBundledValuesDeclare() {
        assertThat(StackComponent.PROMETHEUS.defaults()).isEqualTo(new StackComponent.Defaults(
                new Resources(2000, 8 * GI), new Resources(4000, 16 * GI)));
        assertThat(StackComponent.GRAFANA.defaults().limits()).isEqualTo(new Resources(2000, 4 * GI));
        assertThat(StackComponent.ALERTMANAGER.defaults().requests()).isEqualTo(new Resources(500, GI));
    }

    @Test
    void podsBelongToTheirComponentByName() {
        assertThat(StackComponent.ofPod("prometheus-1")).contains(StackComponent.PROMETHEUS);
        assertThat(StackComponent.ofPod("grafana-7d9c5b-x2x9k")).contains(StackComponent.GRAFANA);
        assertThat(StackComponent.ofPod("alertmanager-web-0")).isEmpty();
        assertThat(StackComponent.ofPod("node-exporter-abcde")).isEmpty();
    }

    @Test
    void onlyPrometheusAndAlertmanagerReloadTheirConfig() {
        assertThat(StackComponent.PROMETHEUS.reload()).isPresent();
        assertThat(StackComponent.ALERTMANAGER.reload()).isPresent();
        assertThat(StackComponent.GRAFANA.reload()).isEmpty();
    }
}
