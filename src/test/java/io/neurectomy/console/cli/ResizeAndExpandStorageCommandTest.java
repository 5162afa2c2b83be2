package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.AlertmanagerHttp;
import io.neurectomy.console.testing.RealServers;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code resize} and {@code expand-storage} on the sandbox with real Alertmanagers: usage errors before connecting,
 * the plan alone without --yes, a resize the nodes cannot hold refused without --force, a shrink refused, and an
 * expansion with --yes --output json that keeps every pod.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResizeAndExpandStorageCommandTest {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String NS = "monitoring";

    private static SandboxCluster sandbox;
    private static KubernetesClient admin;

    private final CommandLineRun cli = new CommandLineRun();

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.ALERTMANAGER);
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
        admin = sandbox.adminClient();
        new AlertmanagerHttp(admin, NS).awaitCluster(WAIT, 3);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private int run(String... args) {
        return cli.on(sandbox.kubeconfig(), args);
    }

    private static ResourceRequirements resources(String sts) {
        return admin.apps().statefulSets().inNamespace(NS).withName(sts).get().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getResources();
    }

    private static Map<String, String> uids(String app) {
        return admin.pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
    }

    private static String claimRequest(int ordinal) {
        return admin.persistentVolumeClaims().inNamespace(NS).withName("alertmanager-storage-alertmanager-"
                + ordinal).get().getSpec().getResources().getRequests().get("storage").toString();
    }

    @Test
    @Order(1)
    void badValuesAreUsageErrorsThatSayWhatToType() {
        assertThat(run("resize", "alertmanager", "--preset", "huge")).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("unknown preset 'huge'; use default, high or ultra");
        assertThat(run("resize", "alertmanager", "--cpu", "4:2")).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("The CPU request 4 is above its limit 2");
        assertThat(run("resize", "alertmanager", "--memory", "8")).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("give a unit (8Gi or 8Mi)");
        assertThat(run("resize", "alertmanager", "--preset", "high", "--cpu", "2")).isEqualTo(OperationRunner.USAGE);
        assertThat(run("resize", "alertmanager")).isEqualTo(OperationRunner.USAGE);
        assertThat(run("expand-storage", "grafana", "20Gi")).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("Grafana keeps no data on volumes of its own");
        assertThat(run("expand-storage", "alertmanager", "20")).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("less than 1Gi: give a unit (e.g. 20Gi)");
        assertThat(run("expand-storage", "alertmanager", "20Gi", "--retention-size", "10GB"))
                .isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("Only Prometheus has a retention size");
    }

    @Test
    @Order(2)
    void withoutYesOutsideATerminalItPrintsThePlanAndChangesNothing() {
        ResourceRequirements before = resources("alertmanager");

        int code = run("resize", "alertmanager", "--cpu", "250m");

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("update    StatefulSet/alertmanager container alertmanager",
                "cpu 500m/1, memory 1Gi/2Gi → cpu 250m/1, memory 1Gi/2Gi", "Room on the nodes (ok)",
                "Nothing was changed. Run again with --yes to go ahead.");
        assertThat(resources("alertmanager")).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aResizeTheNodesCannotHoldIsRefusedWithoutForce() {
        ResourceRequirements before = resources("prometheus");
        Map<String, String> pods = uids("prometheus");

        int code = run("resize", "prometheus", "--preset", "high", "--yes");

        assertThat(code).isEqualTo(OperationRunner.FAILED);
        assertThat(cli.out()).contains("Room on the nodes (critical): prometheus-0 would request 8 CPU, 32 GiB");
        assertThat(cli.err()).contains("The nodes cannot hold Prometheus", "Nothing was changed", "--force");
        assertThat(resources("prometheus")).isEqualTo(before);
        assertThat(uids("prometheus")).isEqualTo(pods);
    }

    @Test
    @Order(4)
    void aShrinkIsRefused() {
        String before = claimRequest(0);

        int code = run("expand-storage", "alertmanager", "1Gi", "--yes");

        assertThat(code).isEqualTo(OperationRunner.FAILED);
        assertThat(cli.err()).contains("Volumes cannot shrink: alertmanager-storage-alertmanager-0 already asks for "
                + before);
        assertThat(claimRequest(0)).isEqualTo(before);
    }

    @Test
    @Order(5)
    void expandStorageYesGrowsEveryVolumeAndKeepsEveryPod() throws Exception {
        Map<String, String> pods = uids("alertmanager");

        int code = run("expand-storage", "alertmanager", "20Gi", "--yes", "--output", "json");

        assertThat(code).as(cli.out() + cli.err()).isZero();
        JsonNode doc = JsonMapper.builder().build().readTree(cli.out());
        assertThat(doc.toString()).contains("\"podsKept\":[\"alertmanager-0\",\"alertmanager-1\","
                + "\"alertmanager-2\"]");
        for (int i = 0; i < 3; i++) {
            assertThat(claimRequest(i)).isEqualTo("20Gi");
        }
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").get().getSpec()
                .getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage").toString())
                .isEqualTo("20Gi");
        assertThat(uids("alertmanager")).isEqualTo(pods);
        for (Pod p : admin.pods().inNamespace(NS).withLabel("app", "alertmanager").list().getItems()) {
            assertThat(p.getMetadata().getOwnerReferences()).isNotEmpty();
        }
    }
}
