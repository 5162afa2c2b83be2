package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The new side of a blue-green upgrade as made from the bundled Prometheus StatefulSet, and the names it gets. */
class BlueGreenNewSideTest {
    private static final String IMAGE = "quay.io/prometheus/prometheus:v3.0.1";

    private static StatefulSet bundled() throws Exception {
        String text = Files.readString(Path.of("resources/manifests/08-prometheus.yaml"))
                .replaceAll("\\$\\{prometheusReplicas}", "2").replaceAll("\\$\\{[A-Za-z]+}", "x");
        return Serialization.unmarshal(text, StatefulSet.class);
    }

    @Test
    void theNewSideCarriesTheVersionLabelInItsPodsSelectorAndSpreadAndHasItsOwnName() throws Exception {
        StatefulSet old = bundled();

        StatefulSet s = BlueGreenOperation.newSide(old, "prometheus-v3-0-1", IMAGE);

        assertThat(s.getMetadata().getName()).isEqualTo("prometheus-v3-0-1");
        assertThat(s.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "prometheus",
                "version", "v3.0.1"));
        assertThat(s.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("version", "v3.0.1")
                .containsEntry("app", "prometheus");
        assertThat(s.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE);
        assertThat(s.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().get(0).getLabelSelector().getMatchLabels())
                .containsEntry("version", "v3.0.1");
        assertThat(s.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().get(0).getLabelSelector()
                .getMatchLabels()).containsEntry("version", "v3.0.1");
        assertThat(s.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName())
                .isEqualTo("prometheus-storage");
        assertThat(s.getSpec().getServiceName()).isEqualTo(old.getSpec().getServiceName());
        assertThat(s.getSpec().getTemplate().getSpec().getVolumes())
                .isEqualTo(old.getSpec().getTemplate().getSpec().getVolumes());
        // the old one is not changed by it
        assertThat(old.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "prometheus"));
        assertThat(old.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("version");
    }

    @Test
    void namesFollowTheVersionAndReplaceAnEarlierOne() {
        assertThat(BlueGreen.nameFor("v3.0.1")).isEqualTo("prometheus-v3-0-1");
        assertThat(BlueGreen.nameFor("3.1.0")).isEqualTo("prometheus-v3-1-0");
        assertThat(BlueGreen.nameFor("V2.55.1_rc1")).isEqualTo("prometheus-v2-55-1-rc1");
    }

    @Test
    void aVersionThatCannotBeALabelOrMakesTooLongANameIsRefused() {
        assertThatThrownBy(() -> BlueGreenOperation.checkedVersion("_v3")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("cannot be a label value");
        assertThatThrownBy(() -> BlueGreenOperation.checkedVersion("v3.0.1-" + "a".repeat(45)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
        assertThat(BlueGreenOperation.checkedVersion(" v3.0.1 ")).isEqualTo("v3.0.1");
    }
}
