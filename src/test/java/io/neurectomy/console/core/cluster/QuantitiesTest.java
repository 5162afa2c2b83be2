package io.neurectomy.console.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @ParameterizedTest(name = "{0} = {1} millicores")
    @CsvSource({
            "500m, 500",
            "2, 2000",
            "0.5, 500",
            "1.25, 1250",
            "100u, 1",          // rounded up, as the API server reports milli-values
            "250000n, 1",
            "1k, 1000000",
            "1e3, 1000000",
            "1E3, 1000000",
            "15e-1, 1500",
            "0, 0",
            "+3, 3000",
            ".5, 500",
            "2.m, 2",
    })
    void cpuInMillicores(String text, long expected) {
        assertThat(Quantities.cpuMillis(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
            "1Ki, 1024",
            "1Mi, 1048576",
            "8Gi, 8589934592",
            "1.5Gi, 1610612736",
            "1Ti, 1099511627776",
            "1Pi, 1125899906842624",
            "1Ei, 1152921504606846976",
            "1k, 1000",
            "129M, 129000000",
            "2G, 2000000000",
            "1T, 1000000000000",
            "1P, 1000000000000000",
            "1E, 1000000000000000000",
            "129e6, 129000000",
            "128974848, 128974848",
            "123Mi, 128974848",
            "128974848000m, 128974848",
            "1500m, 2",                       // 1.5 bytes, rounded up
            "0.1Ki, 103",                     // 102.4, rounded up
            "9Ei, 9223372036854775807",       // more than a long holds: capped
    })
    void memoryInBytes(String text, long expected) {
        assertThat(Quantities.bytes(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'' is unset")
    @ValueSource(strings = {"", " ", "abc", "Gi", "1Zi", "1 Gi", "1e", "1.2.3", "--1", "1KiB", "-1", "-500m"})
    void unreadableOrNegativeAmountsAreUnset(String text) {
        assertThat(Quantities.cpuMillis(text)).isEqualTo(Resources.UNSET);
        assertThat(Quantities.bytes(text)).isEqualTo(Resources.UNSET);
    }

    @Test
    void parseGivesTheExactAmountAndSaysWhatIsWrong() {
        assertThat(Quantities.parse("1.5Gi")).isEqualByComparingTo(new BigDecimal("1610612736"));
        assertThat(Quantities.parse("-2m")).isEqualByComparingTo(new BigDecimal("-0.002"));
        assertThatThrownBy(() -> Quantities.parse("12XB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown suffix 'XB'");
        assertThatThrownBy(() -> Quantities.parse("Mi")).hasMessageContaining("expected a number");
        assertThatThrownBy(() -> Quantities.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsFabric8QuantitiesAndResourceMaps() {
        assertThat(Quantities.cpuMillis(new Quantity("250m"))).isEqualTo(250);
        assertThat(Quantities.bytes(new Quantity("2", "Gi"))).isEqualTo(2L << 30);
        assertThat(Quantities.cpuMillis((Quantity) null)).isEqualTo(Resources.UNSET);
        assertThat(Quantities.resources(Map.of("cpu", new Quantity("1.5"), "memory", new Quantity("512Mi"))))
                .isEqualTo(new Resources(1500, 512L << 20));
        assertThat(Quantities.resources(Map.of("memory", new Quantity("1G"))))
                .isEqualTo(new Resources(Resources.UNSET, 1_000_000_000L));
        assertThat(Quantities.resources(null)).isEqualTo(Resources.NONE);
        assertThat(Quantities.resources(Map.of())).isEqualTo(Resources.NONE);
    }
}
