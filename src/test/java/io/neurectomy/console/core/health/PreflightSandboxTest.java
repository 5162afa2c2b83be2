package io.neurectomy.console.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Preflight against the sandbox's API (three Ready nodes of 8 CPU and 31 GiB, StorageClass standard, IngressClass
 * nginx): production fits; a cordoned or tainted node leaves two, a deleted StorageClass and requests beyond any
 * node's room each block the deploy with their finding; more replicas than nodes under required anti-affinity block
 * it, preferred anti-affinity and zone spread that cannot be met warn. Each test undoes its fault.
 */
class PreflightSandboxTest {
    private static final String NS = "monitoring";

    private static SandboxCluster sandbox;
    private static KubernetesClient admin;
    private static ClusterSession session;

    @BeforeAll
    static void start() {
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));
        admin = sandbox.adminClient();
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static RenderedStack production(Map<String, String> extra) {
        Map<String, String> values = new LinkedHashMap<>(Map.of("clusterName", "sandbox", "domain",
                "sandbox.localhost", "storageClass", "standard"));
        values.putAll(extra);
        return Preflight.render("production", null, values);
    }

    private static HealthReport preflight(RenderedStack stack) throws InterruptedException {
        return Preflight.check(session, stack, Duration.ofSeconds(5));
    }

    private static List<Finding> findings(HealthReport report, String code) {
        return report.findings().stream().filter(f -> f.code().equals(code)).toList();
    }

    private static Finding only(HealthReport report, String code, Severity severity) {
        List<Finding> of = findings(report, code).stream().filter(f -> f.severity() == severity).toList();
        assertThat(of).as(code + " " + severity + " in " + report.findings()).hasSize(1);
        return of.get(0);
    }

    @Test
    void productionFitsTheSandbox() throws InterruptedException {
        HealthReport report = preflight(production(Map.of()));

        assertThat(report.findings()).as(report.summary()).allSatisfy(f -> assertThat(f.severity())
                .isEqualTo(Severity.OK));
        assertThat(report.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(report.results()).extracting(r -> r.probe().code()).containsExactly("preflight-version",
                "preflight-nodes", "preflight-resources", "preflight-storageclass", "preflight-ingressclass",
                "preflight-spread");
        assertThat(only(report, "preflight-version", Severity.OK).message()).startsWith("Kubernetes 1.30");
        assertThat(only(report, "preflight-nodes", Severity.OK).message()).isEqualTo("3 schedulable nodes:"
                + " sandbox-node-a, sandbox-node-b, sandbox-node-c");
        // 2 × (2 CPU, 8 GiB) + 2 × (1 CPU, 2 GiB) + 3 × (0.5 CPU, 1 GiB).
        assertThat(only(report, "preflight-resources", Severity.OK).message()).startsWith("the stack's requests"
                + " (7.5 CPU, 23 GiB) fit on 3 schedulable nodes");
        assertThat(only(report, "preflight-storageclass", Severity.OK).subject()).isEqualTo("StorageClass/standard");
        assertThat(only(report, "preflight-ingressclass", Severity.OK).subject()).isEqualTo("IngressClass/nginx");
        assertThat(findings(report, "preflight-spread")).extracting(f -> f.subject() + ": " + f.message())
                .containsExactlyInAnyOrder(
                        "StatefulSet/prometheus: 2 replicas, each on its own node and zone (3 of 3 schedulable"
                                + " nodes have room for one)",
                        "StatefulSet/alertmanager: 3 replicas, each on its own node and zone (3 of 3 schedulable"
                                + " nodes have room for one)",
                        "Deployment/grafana: 2 replicas, each on its own node and zone (3 of 3 schedulable nodes"
                                + " have room for one)");
    }

    @Test
    void moreReplicasThanNodesUnderRequiredAntiAffinityLeaveOnePending() throws InterruptedException {
        HealthReport report = preflight(production(Map.of("prometheusReplicas", "4")));

        Finding critical = only(report, "preflight-spread", Severity.CRITICAL);
        assertThat(critical.subject()).isEqualTo("StatefulSet/prometheus");
        assertThat(critical.message()).isEqualTo("4 replicas must each run on a different node, and only 3 nodes"
                + " with room for one (sandbox-node-a, sandbox-node-b, sandbox-node-c): 1 would stay Pending");
        assertThat(critical.fix()).isEqualTo("Add schedulable nodes with room for 2 CPU, 8 GiB until there are 4"
                + " nodes, or lower prometheusReplicas to 3.");
        assertThat(critical.evidence()).contains("required podAntiAffinity on kubernetes.io/hostname",
                "sandbox-node-a (zone zone-a): free 8 CPU, 31 GiB, fits one pod");
        // The zone spread is a preference: four replicas over three zones share one, and that is a warning.
        Finding warning = only(report, "preflight-spread", Severity.WARNING);
        assertThat(warning.subject()).isEqualTo("StatefulSet/prometheus");
        assertThat(warning.message()).isEqualTo("4 replicas over 3 zones (zone-a, zone-b, zone-c): up to 2 would"
                + " share one, and losing that zone takes them together");
        assertThat(report.status().exitCode()).isEqualTo(3);
    }

    @Test
    void fewerNodesLeaveRequiredReplicasPendingAndPreferredOnesSharing() throws InterruptedException {
        cordon("sandbox-node-a", true);
        try {
            HealthReport two = preflight(production(Map.of()));

            // Prometheus (required, 2 replicas) still fits; the three Alertmanagers (preferred) share a node.
            assertThat(findings(two, "preflight-spread")).filteredOn(f -> f.severity() == Severity.CRITICAL)
                    .isEmpty();
            assertThat(findings(two, "preflight-spread")).filteredOn(f -> f.severity() == Severity.WARNING)
                    .extracting(f -> f.subject() + ": " + f.message()).containsExactly(
                            "StatefulSet/alertmanager: 3 replicas over 2 nodes (sandbox-node-b, sandbox-node-c): up"
                                    + " to 2 would share one, and losing that node takes them together",
                            "StatefulSet/alertmanager: 3 replicas over 2 zones (zone-b, zone-c): up to 2 would"
                                    + " share one, and losing that zone takes them together");

            cordon("sandbox-node-b", true);
            HealthReport one = preflight(production(Map.of()));

            Finding critical = only(one, "preflight-spread", Severity.CRITICAL);
            assertThat(critical.subject()).isEqualTo("StatefulSet/prometheus");
            assertThat(critical.message()).isEqualTo("2 replicas must each run on a different node, and only 1 node"
                    + " with room for one (sandbox-node-c): 1 would stay Pending");
            assertThat(critical.fix()).endsWith("or lower prometheusReplicas to 1.");
            assertThat(one.status().exitCode()).isEqualTo(3);
        } finally {
            cordon("sandbox-node-a", false);
            cordon("sandbox-node-b", false);
        }
        assertThat(preflight(production(Map.of())).status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void nodesInOneZoneWarnThatAZoneLossTakesEveryReplica() throws InterruptedException {
        for (String node : List.of("sandbox-node-b", "sandbox-node-c")) {
            zone(node, "zone-a");
        }
        try {
            HealthReport report = preflight(production(Map.of()));

            List<Finding> spread = findings(report, "preflight-spread");
            assertThat(spread).filteredOn(f -> f.severity() != Severity.WARNING).isEmpty();
            assertThat(spread).extracting(f -> f.subject() + ": " + f.message()).containsExactlyInAnyOrder(
                    "StatefulSet/prometheus: 2 replicas over 1 zone (zone-a): up to 2 would share one, and losing"
                            + " that zone takes them together",
                    "StatefulSet/alertmanager: 3 replicas over 1 zone (zone-a): up to 3 would share one, and losing"
                            + " that zone takes them together",
                    "Deployment/grafana: 2 replicas over 1 zone (zone-a): up to 2 would share one, and losing"
                            + " that zone takes them together");
            assertThat(spread.get(0).fix()).startsWith("Add schedulable nodes in other zones with room for");
            assertThat(report.status()).isEqualTo(HealthStatus.WARNING);
        } finally {
            zone("sandbox-node-b", "zone-b");
            zone("sandbox-node-c", "zone-c");
        }
        assertThat(preflight(production(Map.of())).status()).isEqualTo(HealthStatus.HEALTHY);
    }

    private static void cordon(String node, boolean unschedulable) {
        admin.nodes().withName(node).edit(n -> new NodeBuilder(n).editOrNewSpec()
                .withUnschedulable(unschedulable ? Boolean.TRUE : null).endSpec().build());
    }

    private static void zone(String node, String zone) {
        admin.nodes().withName(node).edit(n -> new NodeBuilder(n).editMetadata()
                .addToLabels("topology.kubernetes.io/zone", zone).endMetadata().build());
    }

    @Test
    void aCordonedNodeLeavesTwoAndATaintedOneIsNotCounted() throws InterruptedException {
        admin.nodes().withName("sandbox-node-a").edit(n -> new NodeBuilder(n).editOrNewSpec().withUnschedulable(true)
                .endSpec().build());
        try {
            HealthReport report = preflight(production(Map.of()));

            Finding error = only(report, "preflight-nodes", Severity.ERROR);
            assertThat(error.subject()).isEqualTo("nodes");
            assertThat(error.message()).isEqualTo("2 schedulable nodes of 3; the stack needs 3");
            assertThat(only(report, "preflight-nodes", Severity.INFO)).satisfies(f -> {
                assertThat(f.subject()).isEqualTo("sandbox-node-a");
                assertThat(f.message()).isEqualTo("not counted: cordoned (unschedulable)");
            });
            assertThat(report.status().exitCode()).isEqualTo(3);
        } finally {
            admin.nodes().withName("sandbox-node-a").edit(n -> new NodeBuilder(n).editOrNewSpec()
                    .withUnschedulable(null).endSpec().build());
        }
        admin.nodes().withName("sandbox-node-b").edit(n -> new NodeBuilder(n).editOrNewSpec().withTaints(
                new TaintBuilder().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").build())
                .endSpec().build());
        try {
            HealthReport report = preflight(production(Map.of()));

            assertThat(only(report, "preflight-nodes", Severity.ERROR).message()).startsWith("2 schedulable nodes");
            assertThat(only(report, "preflight-nodes", Severity.INFO).message()).isEqualTo("not counted: taint"
                    + " dedicated=gpu:NoSchedule that the stack does not tolerate");
        } finally {
            admin.nodes().withName("sandbox-node-b").edit(n -> new NodeBuilder(n).editOrNewSpec().withTaints()
                    .endSpec().build());
        }
        assertThat(preflight(production(Map.of())).status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void aDeletedStorageClassBlocksTheDeploy() throws InterruptedException {
        StorageClass standard = admin.storage().v1().storageClasses().withName("standard").get();
        admin.storage().v1().storageClasses().withName("standard").delete();
        try {
            HealthReport report = preflight(production(Map.of()));

            Finding error = only(report, "preflight-storageclass", Severity.ERROR);
            assertThat(error.subject()).isEqualTo("StorageClass/standard");
            assertThat(error.message()).isEqualTo("does not exist: the volumes of alertmanager, prometheus cannot be"
                    + " provisioned");
            assertThat(report.status().exitCode()).isEqualTo(3);
        } finally {
            standard.getMetadata().setResourceVersion(null);
            admin.storage().v1().storageClasses().resource(standard).create();
        }
        assertThat(preflight(production(Map.of())).status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void requestsBeyondEveryNodesRoomBlockTheDeploy() throws InterruptedException {
        HealthReport report = preflight(production(Map.of("prometheusMemoryRequest", "40Gi",
                "prometheusMemoryLimit", "40Gi")));

        List<Finding> errors = findings(report, "preflight-resources");
        assertThat(errors).extracting(Finding::severity).containsOnly(Severity.ERROR);
        assertThat(errors).extracting(Finding::subject).containsExactlyInAnyOrder("prometheus-0", "prometheus-1");
        assertThat(errors.get(0).message()).startsWith("requests 2 CPU, 40 GiB, and no schedulable node has that"
                + " free (the most: ");
        assertThat(errors.get(0).evidence()).contains("sandbox-node-a: allocatable 8 CPU, 31 GiB");
        assertThat(report.status().exitCode()).isEqualTo(3);
    }
}
