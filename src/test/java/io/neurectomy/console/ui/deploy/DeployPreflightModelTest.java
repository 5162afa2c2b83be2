package io.neurectomy.console.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.ui.deploy.DeployWizardModel.Page;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deploy wizard's Preflight page against an empty sandbox (three Ready nodes in three zones, StorageClass
 * standard): the findings of the environment and values chosen appear; a critical one blocks the way to the deploy
 * until the user chooses to deploy anyway; warnings do not block.
 */
class DeployPreflightModelTest {
    private static SandboxCluster sandbox;
    private static ClusterSession session;

    private StackViewModel stack;
    private DeployWizardModel model;

    @BeforeAll
    static void start() {
        sandbox = SandboxCluster.start(true, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, "default");
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void wizard() {
        stack = new StackViewModel(new InlineTaskRunner(), Runnable::run, StackManifests::bundled, new ActivityLog(),
                new NoDialogs());
        model = stack.deploy();
        stack.attach(session);
    }

    private void value(String name, String value) {
        model.values().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow().valueProperty()
                .set(value);
    }

    /** Environment production, the required values, then {@code name=value} pairs; Next to the preflight page. */
    private void walkToPreflight(String... extra) {
        model.environmentProperty().set("production");
        model.next();
        value("domain", "sandbox.localhost");
        value("storageClass", "standard");
        for (int i = 0; i < extra.length; i += 2) {
            value(extra[i], extra[i + 1]);
        }
        model.next();
        assertThat(model.operation().errorProperty().get()).isEmpty();
        assertThat(model.pageProperty().get()).isEqualTo(Page.PREFLIGHT);
    }

    private static String line(Finding f) {
        return f.severity() + " " + f.code() + " " + f.subject();
    }

    @Test
    void productionOnTheSandboxPassesAndTheWayToTheSecretsIsOpen() {
        walkToPreflight();

        PreflightModel preflight = model.preflight();
        assertThat(preflight.findings()).extracting(DeployPreflightModelTest::line).contains(
                "OK preflight-nodes nodes", "OK preflight-storageclass StorageClass/standard",
                "OK preflight-spread StatefulSet/prometheus", "OK preflight-spread StatefulSet/alertmanager");
        assertThat(preflight.findings()).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.OK));
        assertThat(preflight.blockingProperty().get()).isFalse();
        assertThat(preflight.summaryProperty().get()).startsWith("Healthy: ")
                .endsWith("The cluster can take the stack.");
        assertThat(model.flow().canGoNext().get()).isTrue();

        model.next();

        assertThat(model.pageProperty().get()).isEqualTo(Page.SECRETS);
        assertThat(preflight.verdictProperty().get()).startsWith("Preflight: Healthy: ");
    }

    @Test
    void moreReplicasThanNodesBlockTheDeployUntilTheUserDeploysAnyway() {
        walkToPreflight("prometheusReplicas", "4");

        PreflightModel preflight = model.preflight();
        assertThat(preflight.findings()).first().satisfies(f -> {
            assertThat(line(f)).isEqualTo("CRITICAL preflight-spread StatefulSet/prometheus");
            assertThat(f.message()).startsWith("4 replicas must each run on a different node, and only 3 nodes");
        });
        assertThat(preflight.blockingProperty().get()).isTrue();
        assertThat(preflight.summaryProperty().get()).startsWith("Critical: 1 critical, 1 warning, ")
                .endsWith("The deploy is blocked: fix the critical and error findings and run preflight again, or"
                        + " tick Deploy anyway.");
        assertThat(model.flow().canGoNext().get()).isFalse();

        model.next();
        assertThat(model.pageProperty().get()).as("Next does not pass a critical finding").isEqualTo(Page.PREFLIGHT);

        // Back to the values, fix them, and preflight runs again: nothing blocks.
        model.back();
        assertThat(model.pageProperty().get()).isEqualTo(Page.VALUES);
        value("prometheusReplicas", "3");
        model.next();
        assertThat(model.pageProperty().get()).isEqualTo(Page.PREFLIGHT);
        assertThat(preflight.blockingProperty().get()).isFalse();
        assertThat(preflight.findings()).noneMatch(f -> f.severity() == Severity.CRITICAL);

        // Or keep the four replicas, and choose explicitly to deploy anyway.
        model.back();
        value("prometheusReplicas", "4");
        model.next();
        assertThat(model.flow().canGoNext().get()).isFalse();
        preflight.deployAnywayProperty().set(true);
        assertThat(model.flow().canGoNext().get()).isTrue();
        model.next();
        assertThat(model.pageProperty().get()).isEqualTo(Page.SECRETS);
        assertThat(preflight.verdictProperty().get()).startsWith("Preflight: Critical: 1 critical")
                .endsWith("; deploying anyway despite the blocking findings.");
    }

    @Test
    void nodesInOneZoneWarnWithoutBlocking() {
        try (var admin = sandbox.adminClient()) {
            zone(admin, "sandbox-node-b", "zone-a");
            zone(admin, "sandbox-node-c", "zone-a");
            try {
                walkToPreflight();

                PreflightModel preflight = model.preflight();
                assertThat(preflight.findings()).filteredOn(f -> f.severity() != Severity.OK)
                        .extracting(DeployPreflightModelTest::line).containsExactlyInAnyOrder(
                                "WARNING preflight-spread StatefulSet/prometheus",
                                "WARNING preflight-spread StatefulSet/alertmanager",
                                "WARNING preflight-spread Deployment/grafana");
                assertThat(preflight.blockingProperty().get()).isFalse();
                assertThat(preflight.summaryProperty().get()).startsWith("Warnings: 3 warning, ")
                        .endsWith("the warnings do not block the deploy.");
                assertThat(model.flow().canGoNext().get()).isTrue();
            } finally {
                zone(admin, "sandbox-node-b", "zone-b");
                zone(admin, "sandbox-node-c", "zone-c");
            }
        }
        // Run again reads the nodes as they are now.
        model.preflight().rerun();
        assertThat(model.preflight().findings()).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.OK));
    }

    private static void zone(KubernetesClient admin, String node, String zone) {
        admin.nodes().withName(node).edit(n -> new NodeBuilder(n).editMetadata()
                .addToLabels("topology.kubernetes.io/zone", zone).endMetadata().build());
    }

    /** No dialog is expected on the way to the secrets page. */
    private static final class NoDialogs implements DialogService {
        @Override
        public boolean confirm(String title, String message, String confirm) {
            throw new AssertionError("no confirmation expected: " + title);
        }

        @Override
        public boolean confirmTyped(String title, String message, String name, String confirm) {
            throw new AssertionError("no confirmation expected: " + title);
        }

        @Override
        public void error(String title, String message, Throwable details) {
        }

        @Override
        public void notify(Level level, String title, String text) {
        }
    }
}
