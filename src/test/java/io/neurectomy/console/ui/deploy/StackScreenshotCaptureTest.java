package io.neurectomy.console.ui.deploy;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.ops.deploy.DeployOperation;
import io.neurectomy.console.core.ops.deploy.ObjectChange;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.Screenshots;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogHost;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.scene.Parent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders docs/images/stack-review.png and stack-preflight.png on demand, in a real window (see ScreenshotCaptureTest
 * for the command): the review page of a deploy that changes the retention and the secrets of a deployed staging
 * stack, and the preflight page of a production stack the sandbox's nodes cannot keep apart.
 */
@EnabledIfSystemProperty(named = "console.screenshots", matches = ".+",
        disabledReason = "it renders the pictures under docs/images on demand, with -Dconsole.screenshots=DIR")
class StackScreenshotCaptureTest {

    @Test
    void captureTheReviewPage() throws Exception {
        Path out = Path.of(System.getProperty("console.screenshots"));
        Files.createDirectories(out);
        FxRobot robot = new FxRobot();
        String values;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("stack/fixtures/test-values.yaml")) {
            values = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (MockCluster cluster = new MockCluster(new VersionInfo.Builder().withMajor("1").withMinor("30")
                .withGitVersion("v1.30.2").build()); ClusterSession session = cluster.openSession("production-eu");
                FxTaskRunner runner = new FxTaskRunner()) {
            seedNodesAndClasses(cluster.adminClient());
            RenderedStack deployed = StackManifests.bundled().render("staging", "values.yaml", values, Map.of());
            DeployOperation deploy = new DeployOperation(session, current -> deployed, Duration.ZERO);
            deploy.run(deploy.plan(Cancellation.none()), ProgressListener.none(), Cancellation.none());

            Path valuesFile = Files.createTempFile("values", ".yaml");
            Files.writeString(valuesFile, values);
            FxToolkit.registerPrimaryStage();
            WaitForAsyncUtils.asyncFx(() -> javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet())).get();
            DeployWizardModel[] model = new DeployWizardModel[1];
            FxToolkit.setupSceneRoot(() -> {
                StackViewModel stack = new StackViewModel(runner, new ActivityLog(), new DialogHost());
                model[0] = stack.deploy();
                stack.attach(session);
                return (Parent) new StackView(stack).node();
            });
            FxToolkit.setupStage(stage -> {
                stage.setWidth(1180);
                stage.setHeight(720);
            });
            FxToolkit.showStage();
            FxWait.until(() -> !model[0].values().isEmpty());
            WaitForAsyncUtils.asyncFx(() -> {
                model[0].valuesFileProperty().set(valuesFile.toString());
                model[0].values().stream().filter(v -> v.name().equals("prometheusRetention")).findFirst()
                        .orElseThrow().valueProperty().set("10d");
                model[0].next();
            }).get();
            FxWait.until(() -> model[0].pageProperty().get() == DeployWizardModel.Page.VALUES);
            WaitForAsyncUtils.asyncFx(model[0]::next).get();
            try {
                FxWait.until(() -> model[0].pageProperty().get() == DeployWizardModel.Page.PREFLIGHT
                        && model[0].flow().canGoNext().get());
            } catch (Exception e) {
                throw new AssertionError("preflight does not let the deploy on: "
                        + model[0].preflight().summaryProperty().get() + " " + model[0].preflight().findings(), e);
            }
            WaitForAsyncUtils.asyncFx(model[0]::next).get();
            FxWait.until(() -> model[0].pageProperty().get() == DeployWizardModel.Page.SECRETS);
            WaitForAsyncUtils.asyncFx(() -> {
                model[0].generatePassword();
                model[0].secrets().revealSecretsProperty().set(false);
                model[0].secrets().slackWebhookUrlProperty()
                        .set("https://hooks.slack.com/services/T00000000/B00000000/XXXX");
                model[0].secrets().pagerdutyRoutingKeyProperty().set("0123456789abcdef0123456789abcdef");
                model[0].secrets().newUserProperty().set("oncall");
                model[0].secrets().newUserPasswordProperty().set("oncall-password");
                model[0].addUser();
                model[0].next();
            }).get();
            FxWait.until(() -> model[0].pageProperty().get() == DeployWizardModel.Page.REVIEW);
            WaitForAsyncUtils.asyncFx(() -> model[0].selectedChangeProperty().set(model[0].changes().stream()
                    .filter(c -> c.ref().equals("StatefulSet/prometheus") && c.action() == ObjectChange.Action.UPDATE)
                    .findFirst().orElseThrow())).get();
            WaitForAsyncUtils.waitForFxEvents();
            Screenshots.save(robot.lookup("#stackView").query(), out.resolve("stack-review.png"));
            FxToolkit.cleanupStages();
            Files.deleteIfExists(valuesFile);
        }
    }

    /**
     * Renders docs/images/stack-preflight.png: the Preflight page of production with four Prometheus replicas on the
     * sandbox's three nodes, where required anti-affinity would leave one Pending.
     */
    @Test
    void captureThePreflightPage() throws Exception {
        Path out = Path.of(System.getProperty("console.screenshots"));
        Files.createDirectories(out);
        FxRobot robot = new FxRobot();
        try (SandboxCluster sandbox = SandboxCluster.start(true, SandboxCluster.Options.defaults()
                .withBinaries(Binaries.none()));
                ClusterSession session = new ClusterConnector(Duration.ofSeconds(10)).connect(KubeconfigLoader.load(
                        List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, "default");
                FxTaskRunner runner = new FxTaskRunner()) {
            FxToolkit.registerPrimaryStage();
            WaitForAsyncUtils.asyncFx(() -> javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet())).get();
            DeployWizardModel[] model = new DeployWizardModel[1];
            FxToolkit.setupSceneRoot(() -> {
                StackViewModel stack = new StackViewModel(runner, new ActivityLog(), new DialogHost());
                model[0] = stack.deploy();
                stack.attach(session);
                return (Parent) new StackView(stack).node();
            });
            FxToolkit.setupStage(stage -> {
                stage.setWidth(1180);
                stage.setHeight(720);
            });
            FxToolkit.showStage();
            FxWait.until(() -> !model[0].values().isEmpty());
            WaitForAsyncUtils.asyncFx(() -> {
                model[0].environmentProperty().set("production");
                model[0].next();
                Map.of("domain", "example.org", "storageClass", "standard", "prometheusReplicas", "4").forEach(
                        (name, value) -> model[0].values().stream().filter(v -> v.name().equals(name)).findFirst()
                                .orElseThrow().valueProperty().set(value));
                model[0].next();
            }).get();
            FxWait.until(() -> model[0].pageProperty().get() == DeployWizardModel.Page.PREFLIGHT
                    && !model[0].busyProperty().get() && !model[0].preflight().findings().isEmpty());
            WaitForAsyncUtils.waitForFxEvents();
            Screenshots.save(robot.lookup("#stackView").query(), out.resolve("stack-preflight.png"));
            FxToolkit.cleanupStages();
        }
    }

    /** What a real cluster has and the mock lacks: three nodes in three zones, the StorageClass and IngressClass. */
    private static void seedNodesAndClasses(KubernetesClient admin) {
        for (String zone : List.of("a", "b", "c")) {
            admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + zone)
                    .addToLabels("kubernetes.io/hostname", "node-" + zone)
                    .addToLabels("topology.kubernetes.io/zone", "eu-west-1" + zone).endMetadata()
                    .withNewStatus().addToAllocatable("cpu", new Quantity("8")).addToAllocatable("memory",
                            new Quantity("31Gi")).addNewCondition().withType("Ready").withStatus("True")
                    .endCondition().endStatus().build()).create();
        }
        admin.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                .withName("fast-ssd").endMetadata().withProvisioner("ebs.csi.aws.com").withAllowVolumeExpansion(true)
                .build()).create();
        admin.network().v1().ingressClasses().resource(new IngressClassBuilder().withNewMetadata().withName("nginx")
                .endMetadata().withNewSpec().withController("k8s.io/ingress-nginx").endSpec().build()).create();
    }
}
