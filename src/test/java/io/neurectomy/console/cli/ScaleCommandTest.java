package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.AlertmanagerHttp;
import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/** {@code scale} on the sandbox with real Alertmanagers: the plan alone, a usage error, and 3 → 5 with --yes. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleCommandTest {
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final String NS = "monitoring";

    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    private static AlertmanagerHttp http;

    private final CommandLineRun cli = new CommandLineRun();

    @BeforeAll
    static void start() {
        RealServers.require(RealServers.ALERTMANAGER);
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
        admin = sandbox.adminClient();
        http = new AlertmanagerHttp(admin, NS);
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

    private static int replicas() {
        return admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").get().getSpec().getReplicas();
    }

    private static Set<String> peersOf(String replica) {
        try {
            JsonNode cluster = http.get(replica, "/api/v2/status").path("cluster");
            Set<String> names = new TreeSet<>();
            cluster.path("peers").forEach(p -> names.add(p.path("name").asString("")));
            return names;
        } catch (IOException e) {
            return Set.of();
        }
    }

    @Test
    @Order(1)
    void withoutYesOutsideATerminalItPrintsThePlanAndChangesNothing() {
        int code = run("scale", "alertmanager", "5");

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Scale Alertmanager in monitoring from 3 to 5 replicas",
                "update    StatefulSet/alertmanager", "update    PodDisruptionBudget/alertmanager-pdb",
                "Anti-affinity", "Nothing was changed. Run again with --yes to go ahead.");
        assertThat(replicas()).isEqualTo(3);
    }

    @Test
    @Order(2)
    void anUnknownComponentOrCountIsAUsageError() {
        assertThat(run("scale", "loki", "2", "--yes")).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("unknown component 'loki'");
        assertThat(run("scale", "alertmanager", "0", "--yes")).isEqualTo(OperationRunner.USAGE);
        assertThat(replicas()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void scaleAlertmanagerFiveYesEndsWithFivePeersInOneCluster() {
        int code = run("scale", "alertmanager", "5", "--yes");

        assertThat(code).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("StatefulSet/alertmanager: 3 → 5 replicas");
        assertThat(replicas()).isEqualTo(5);
        List<String> five = IntStream.range(0, 5).mapToObj(i -> "alertmanager-" + i).toList();
        Set<String> peers = peersOf("alertmanager-0");
        assertThat(peers).hasSize(5);
        for (String replica : five) {
            assertThat(peersOf(replica)).as("the peers %s reports", replica).isEqualTo(peers);
        }
    }
}
