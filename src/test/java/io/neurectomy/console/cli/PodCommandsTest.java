package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.SandboxMarker;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Poll;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code delete-pod} and {@code node-fault} against the sandbox (API only): the window's operations on the CLI. */
class PodCommandsTest {
    private static SandboxCluster sandbox;

    private final CommandLineRun cli = new CommandLineRun();
    private KubernetesClient admin;

    @BeforeAll
    static void start() {
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void client() {
        admin = sandbox.adminClient();
    }

    @AfterEach
    void closeClient() {
        admin.close();
    }

    private int run(String... args) {
        return cli.on(sandbox.kubeconfig(), args);
    }

    private Pod pod(String name) {
        return admin.pods().inNamespace("monitoring").withName(name).get();
    }

    @Test
    void deletePodNamesItsControllerAndTheControllerReplacesIt() {
        String before = Poll.until(Duration.ofSeconds(120), () -> pod("alertmanager-1"), p -> p != null,
                "alertmanager-1 exists").getMetadata().getUid();

        int code = run("delete-pod", "alertmanager-1", "--yes");

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("StatefulSet alertmanager will create a replacement",
                "[1/1] Delete pod monitoring/alertmanager-1: done");
        Poll.until(Duration.ofSeconds(120), "a new alertmanager-1", () -> {
            Pod now = pod("alertmanager-1");
            return now != null && !now.getMetadata().getUid().equals(before);
        });
    }

    @Test
    void deletePodOfAPodThatDoesNotExistFailsSayingSo() {
        int code = run("delete-pod", "prometheus-7", "--yes");

        assertThat(code).isEqualTo(OperationRunner.FAILED);
        assertThat(cli.err()).contains("Pod prometheus-7 does not exist in namespace monitoring");
    }

    @Test
    void nodeFaultFailsAndRecoversANodeWhereTheClusterOffersIt() {
        String node = admin.nodes().list().getItems().get(0).getMetadata().getName();

        assertThat(run("node-fault", "fail", node)).as(cli.err()).isZero();
        assertThat(annotation(node)).isEqualTo("true");

        assertThat(run("node-fault", "recover", node)).as(cli.err()).isZero();
        assertThat(annotation(node)).isNull();
    }

    @Test
    void nodeFaultWithAnUnknownActionIsAUsageError() {
        assertThat(run("node-fault", "explode", "node-a")).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("unknown action 'explode'; use fail or recover");
    }

    private String annotation(String node) {
        Node n = admin.nodes().withName(node).get();
        return n.getMetadata().getAnnotations() == null ? null
                : n.getMetadata().getAnnotations().get(SandboxMarker.NODE_FAILED_ANNOTATION);
    }
}
