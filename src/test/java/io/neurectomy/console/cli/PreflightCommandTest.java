package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code preflight} in-process against the sandbox's API: its exit codes and output, as {@code health}'s. */
class PreflightCommandTest {
    private static SandboxCluster sandbox;
    private static KubernetesClient admin;

    private final CommandLineRun cli = new CommandLineRun();

    @BeforeAll
    static void start() {
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));
        admin = sandbox.adminClient();
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

    private int preflight(String... args) {
        cli.clearOut();
        List<String> all = new ArrayList<>(List.of("preflight"));
        all.addAll(List.of(args));
        all.addAll(List.of("--set", "clusterName=sandbox", "--set", "domain=sandbox.localhost"));
        return cli.on(sandbox.kubeconfig(), all.toArray(String[]::new));
    }

    @Test
    void anEnvironmentThatFitsExitsZero() {
        int code = preflight("staging", "--set", "storageClass=standard", "--verbose");

        assertThat(code).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).startsWith("Preflight of staging on " + SandboxCluster.CONTEXT + ": Healthy:")
                .contains("OK       At least 3 schedulable nodes (preflight-nodes)")
                .contains("by hand: kubectl get storageclass")
                .contains("OK       StorageClass/standard: exists (provisioner sandbox.neurectomy.io/local)");
    }

    @Test
    void aStorageClassTheClusterLacksExitsThreeAndNamesTheOnesItHas() {
        int code = preflight("production", "--set", "storageClass=fast-ssd", "--output", "json");

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(3);
        JsonNode doc = JsonMapper.builder().build().readTree(cli.out());
        assertThat(doc.path("status").asString()).isEqualTo("critical");
        JsonNode check = doc.path("checks").valueStream().filter(c -> c.path("code").asString()
                .equals("preflight-storageclass")).findFirst().orElseThrow();
        assertThat(check.path("area").asString()).isEqualTo("cluster");
        JsonNode finding = check.path("findings").get(0);
        assertThat(finding.path("severity").asString()).isEqualTo("error");
        assertThat(finding.path("subject").asString()).isEqualTo("StorageClass/fast-ssd");
        assertThat(finding.path("fix").asString()).contains("(standard)");
    }

    @Test
    void withoutItsStorageClassTheJunitReportFailsThatCheck() {
        StorageClass standard = admin.storage().v1().storageClasses().withName("standard").get();
        admin.storage().v1().storageClasses().withName("standard").delete();
        try {
            int code = preflight("production", "--set", "storageClass=standard", "--output", "junit");

            assertThat(code).as(cli.out() + cli.err()).isEqualTo(3);
            assertThat(cli.out()).contains("<failure type=\"ERROR\" message=\"StorageClass/standard: does not exist");
        } finally {
            standard.getMetadata().setResourceVersion(null);
            admin.storage().v1().storageClasses().resource(standard).create();
        }
    }

    @Test
    void moreReplicasThanNodesUnderRequiredAntiAffinityExitsThree() {
        int code = preflight("production", "--set", "storageClass=standard", "--set", "prometheusReplicas=4");

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(3);
        assertThat(cli.out()).startsWith("Preflight of production on " + SandboxCluster.CONTEXT + ": Critical:")
                .contains("CRITICAL StatefulSet/prometheus: 4 replicas must each run on a different node, and only 3"
                        + " nodes with room for one (sandbox-node-a, sandbox-node-b, sandbox-node-c): 1 would stay"
                        + " Pending")
                .contains("or lower prometheusReplicas to 3.");
    }

    /** Each node back in its own zone, whatever a test changed (the others count three zones). */
    @AfterEach
    void zonesBack() {
        for (String node : List.of("sandbox-node-a", "sandbox-node-b", "sandbox-node-c")) {
            String zone = "zone-" + node.charAt(node.length() - 1);
            if (!zone.equals(admin.nodes().withName(node).get().getMetadata().getLabels()
                    .get("topology.kubernetes.io/zone"))) {
                admin.nodes().withName(node).edit(n -> new NodeBuilder(n).editMetadata()
                        .addToLabels("topology.kubernetes.io/zone", zone).endMetadata().build());
            }
        }
    }

    @Test
    void nodesInOneZoneExitOneWithWarningsOnly() {
        for (String node : List.of("sandbox-node-b", "sandbox-node-c")) {
            admin.nodes().withName(node).edit(n -> new NodeBuilder(n).editMetadata()
                    .addToLabels("topology.kubernetes.io/zone", "zone-a").endMetadata().build());
        }
        int code = preflight("production", "--set", "storageClass=standard", "--output", "json");

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(1);
        JsonNode doc = JsonMapper.builder().build().readTree(cli.out());
        assertThat(doc.path("status").asString()).isEqualTo("warning");
        JsonNode check = doc.path("checks").valueStream().filter(c -> c.path("code").asString()
                .equals("preflight-spread")).findFirst().orElseThrow();
        assertThat(check.path("findings").valueStream().map(f -> f.path("severity").asString() + " "
                + f.path("subject").asString())).containsExactlyInAnyOrder("warning StatefulSet/prometheus",
                "warning StatefulSet/alertmanager", "warning Deployment/grafana");
    }

    @Test
    void anUnknownEnvironmentOrAMissingValueIsAUsageError() {
        assertThat(preflight("qa", "--set", "storageClass=standard")).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("Unknown environment 'qa'");
        assertThat(preflight("production")).as("storageClass has no default").isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("storageClass");
    }
}
