package io.neurectomy.console.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.core.ops.ResourceRequest.Preset;
import io.neurectomy.console.core.stack.StackComponent;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The resize's figures and inputs, and the retention size arithmetic of the storage expansion. */
class ResourceRequestTest {
    @Test
    void thePresetsAreTheDeploymentGuidesFigures() {
        assertThat(Preset.DEFAULT.of(StackComponent.PROMETHEUS).describe()).isEqualTo("cpu 2/4, memory 8Gi/16Gi");
        assertThat(Preset.DEFAULT.of(StackComponent.ALERTMANAGER).describe())
                .isEqualTo("cpu 500m/1, memory 1Gi/2Gi");
        assertThat(Preset.DEFAULT.of(StackComponent.GRAFANA).describe()).isEqualTo("cpu 1/2, memory 2Gi/4Gi");
        assertThat(Preset.HIGH.of(StackComponent.PROMETHEUS).describe()).isEqualTo("cpu 8/8, memory 32Gi/32Gi");
        assertThat(Preset.HIGH.of(StackComponent.GRAFANA).describe()).isEqualTo("cpu 4/4, memory 8Gi/8Gi");
        assertThat(Preset.HIGH.of(StackComponent.ALERTMANAGER).describe()).isEqualTo("cpu 2/2, memory 4Gi/4Gi");
        assertThat(Preset.ULTRA.of(StackComponent.PROMETHEUS).describe()).isEqualTo("cpu 16/16, memory 64Gi/64Gi");
        assertThat(Preset.ULTRA.of(StackComponent.GRAFANA).describe()).isEqualTo("cpu 8/8, memory 16Gi/16Gi");
        assertThat(Preset.ULTRA.of(StackComponent.ALERTMANAGER).describe()).isEqualTo("cpu 4/4, memory 8Gi/8Gi");
        assertThat(Preset.named(" High ")).contains(Preset.HIGH);
        assertThat(Preset.named("huge")).isEmpty();
    }

    @Test
    void customValuesKeepWhatIsLeftOutOfTheContainersResources() {
        ResourceRequest current = Preset.DEFAULT.of(StackComponent.PROMETHEUS);

        ResourceRequest merged = ResourceRequest.custom("3", "12Gi:24Gi").over(current);

        assertThat(merged.describe()).isEqualTo("cpu 3/4, memory 12Gi/24Gi");
        assertThat(ResourceRequest.custom("1000m", null).over(current).sameAs(
                ResourceRequest.custom("1", null).over(current))).isTrue();
    }

    @Test
    void badCustomValuesSayWhatToTypeInstead() {
        assertThatThrownBy(() -> ResourceRequest.custom(null, " ")).hasMessageContaining("Give --cpu, --memory or"
                + " both");
        assertThatThrownBy(() -> ResourceRequest.custom("4:2", null)).hasMessageContaining("The CPU request 4 is"
                + " above its limit 2");
        assertThatThrownBy(() -> ResourceRequest.custom(null, "8")).hasMessageContaining("give a unit (8Gi or 8Mi)");
        assertThatThrownBy(() -> ResourceRequest.custom("two", null)).hasMessageContaining("The CPU request 'two'"
                + " is not a Kubernetes quantity (cores: 2, 1.5 or 500m)");
        assertThatThrownBy(() -> ResourceRequest.custom("1:2:3", null)).hasMessageContaining("--cpu takes REQUEST"
                + " or REQUEST:LIMIT");
        assertThatThrownBy(() -> ResourceRequest.custom("0", null)).hasMessageContaining("more than zero");
    }

    @Test
    void prometheusSizesArePowersOfTwoAndRoundDown() {
        assertThat(ExpandStorageOperation.prometheusBytes("160GB")).contains(BigDecimal.valueOf(160L << 30));
        assertThat(ExpandStorageOperation.prometheusBytes("160Gi")).isEmpty();
        assertThat(ExpandStorageOperation.prometheusSize(BigDecimal.valueOf(240L << 30))).isEqualTo("240GB");
        assertThat(ExpandStorageOperation.prometheusSize(BigDecimal.valueOf((819L << 30) + 1))).isEqualTo("819GB");
        assertThat(ExpandStorageOperation.prometheusSize(BigDecimal.valueOf(5L << 30))).isEqualTo("5120MB");
    }
}
