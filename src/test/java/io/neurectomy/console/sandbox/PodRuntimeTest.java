package io.neurectomy.console.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pod's stand-in is the same stand-in however often it is looked up, whatever reads its volumes. */
class PodRuntimeTest {
    private static final Path ROOT = Path.of("/tmp/pods/monitoring/prometheus-0");

    @Test
    void twoLookUpsOfOneStandInAreEqualThoughEachHasItsOwnVolumeReader() {
        PodRuntime first = new PodRuntime("monitoring", "prometheus-0", ROOT, Map.of(9090, 20001),
                ROOT.resolve("log"), null, () -> List.of(new PodVolume("/prometheus", "claim", 10, 1)));
        PodRuntime again = new PodRuntime("monitoring", "prometheus-0", ROOT, Map.of(9090, 20001),
                ROOT.resolve("log"), null, () -> List.of(new PodVolume("/prometheus", "claim", 10, 2)));

        assertThat(again).isEqualTo(first).hasSameHashCodeAs(first);
    }

    @Test
    void aRestartOnOtherPortsIsAnotherStandIn() {
        PodRuntime first = new PodRuntime("monitoring", "prometheus-0", ROOT, Map.of(9090, 20001),
                ROOT.resolve("log"), null);
        PodRuntime restarted = new PodRuntime("monitoring", "prometheus-0", ROOT, Map.of(9090, 20002),
                ROOT.resolve("log"), null);

        assertThat(restarted).isNotEqualTo(first);
    }
}
