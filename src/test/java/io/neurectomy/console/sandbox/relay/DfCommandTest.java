package io.neurectomy.console.sandbox.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.PodVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code df} in a sandbox pod prints a persistent volume as the busybox {@code df} of the Prometheus image does:
 * the claim's capacity as size, the pod's use as used, in its columns; other paths are the host's {@code df}.
 */
class DfCommandTest {
    private static final long GIB = 1024L * 1024 * 1024;

    @TempDir
    Path root;
    private PodRuntime runtime;

    @BeforeEach
    void volume() throws Exception {
        Files.createDirectories(root.resolve("prometheus/wal"));
        runtime = new PodRuntime("monitoring", "prometheus-0", root, Map.of(), root.resolve("log"), null,
                () -> List.of(new PodVolume("/prometheus", "prometheus-storage-prometheus-0", 200 * GIB,
                        1024 * 1024)));
    }

    private ExecCommand.Plan plan(String... command) {
        return ExecCommand.plan(List.of(command), runtime);
    }

    @Test
    void humanReadableSizesInBusyboxColumns() {
        ExecCommand.Plan plan = plan("df", "-h", "/prometheus");
        assertThat(plan.answered()).isTrue();
        assertThat(plan.output()).isEqualTo("""
                Filesystem                Size      Used Available Use% Mounted on
                /dev/sdb                200.0G      1.0M    200.0G   0% /prometheus
                """);
    }

    @Test
    void kilobyteBlocksByDefaultAndWithK() {
        String expected = """
                Filesystem           1K-blocks      Used Available Use% Mounted on
                /dev/sdb             209715200      1024 209714176   0% /prometheus
                """;
        assertThat(plan("df", "-k", "/prometheus/wal").output()).isEqualTo(expected);
        assertThat(plan("df", "/prometheus").output()).isEqualTo(expected);
        assertThat(plan("df").output()).isEqualTo(expected);
    }

    @Test
    void aFullerVolumeShowsItsShareRoundedAsDfDoes() {
        runtime = new PodRuntime("monitoring", "prometheus-0", root, Map.of(), root.resolve("log"), null,
                () -> List.of(new PodVolume("/prometheus", "c", 200 * GIB, 170 * GIB + 512 * 1024 * 1024)));
        assertThat(plan("df", "-h", "/prometheus").output()).endsWith(
                "/dev/sdb                200.0G    170.5G     29.5G  85% /prometheus\n");
    }

    @Test
    void aMissingPathOnTheVolumeIsRefusedAndOtherPathsGoToTheHostsDf() {
        ExecCommand.Plan missing = plan("df", "-h", "/prometheus/nope");
        assertThat(missing.refusal()).isEqualTo("df: /prometheus/nope: can't find mount point");
        assertThat(missing.refusalExitCode()).isEqualTo(1);
        ExecCommand.Plan host = plan("df", "-h", "/etc");
        assertThat(host.answered()).isFalse();
        assertThat(host.argv()).containsExactly("df", "-h", root.resolve("etc").toString());
    }
}
