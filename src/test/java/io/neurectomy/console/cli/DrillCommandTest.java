package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.testing.KubeconfigFiles;
import io.neurectomy.console.testing.MockCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drill}'s refusals: an unknown scenario, and a cluster that offers no fault injection. */
class DrillCommandTest {
    @TempDir
    Path dir;

    private final CommandLineRun cli = new CommandLineRun();

    @Test
    void aScenarioWithoutADrillIsAUsageErrorNamingTheDrills() {
        int code = cli.run("drill", "meteor-strike", "--yes");

        assertThat(code).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("no drill for 'meteor-strike'; drills: cluster-loss, node-failure,"
                + " pod-failure, storage-failure. Nothing was changed.");
    }

    @Test
    void aPodForTheClusterLossDrillIsAUsageError() {
        int code = cli.run("drill", "cluster-loss", "--pod", "prometheus-0", "--yes");

        assertThat(code).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("--node is for node-failure, and --pod for pod-failure and storage-failure.");
    }

    @Test
    void aTargetForTheOtherScenarioIsAUsageError() {
        int code = cli.run("drill", "pod-failure", "--node", "node-a", "--yes");

        assertThat(code).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("--node is for node-failure, and --pod for pod-failure and"
                + " storage-failure.");
        assertThat(cli.run("drill", "node-failure", "--pod", "prometheus-0", "--yes")).isEqualTo(
                OperationRunner.USAGE);
    }

    @Test
    void theStorageFailureDrillIsRefusedOnAClusterWithoutFaultInjectionBeforeAnyArchiveIsWritten() {
        try (MockCluster cluster = new MockCluster()) {
            Path kubeconfig = KubeconfigFiles.twoContexts(dir.resolve("kube-storage"), cluster.url());
            System.setProperty("console.dataDir", dir.resolve("data").toString());
            int code;
            try {
                code = cli.on(kubeconfig, "drill", "storage-failure", "--pod", "prometheus-1", "--yes",
                        "--timeout", "5");
            } finally {
                System.clearProperty("console.dataDir");
            }

            assertThat(code).isEqualTo(OperationRunner.FAILED);
            assertThat(cli.err()).contains("A drill injects a real fault").contains("nothing was changed");
            assertThat(dir.resolve("data")).satisfiesAnyOf(d -> assertThat(d).doesNotExist(),
                    d -> assertThat(java.nio.file.Files.walk(d).filter(f -> f.toString().endsWith(".tar.gz")))
                            .isEmpty());
        }
    }

    @Test
    void aClusterWithoutFaultInjectionIsRefusedAndNothingChanges() {
        try (MockCluster cluster = new MockCluster()) {
            Path kubeconfig = KubeconfigFiles.twoContexts(dir.resolve("kube"), cluster.url());

            int code = cli.on(kubeconfig, "drill", "node-failure", "--yes", "--timeout", "5");

            assertThat(code).isEqualTo(OperationRunner.FAILED);
            assertThat(cli.err()).contains("A drill injects a real fault, so it runs only on a cluster that offers"
                    + " fault injection").contains("nothing was changed");
            assertThat(cluster.adminClient().nodes().list().getItems()).isEmpty();
        }
    }
}
