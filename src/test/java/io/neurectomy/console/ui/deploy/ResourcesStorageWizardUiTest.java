package io.neurectomy.console.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.AlertmanagerHttp;
import io.neurectomy.console.testing.AnsweringDialogs;
import io.neurectomy.console.testing.Conflicts;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.ui.deploy.ResizeWizardModel.Sizing;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Resources and Storage tabs on their own stage (headless), on a sandbox with real Alertmanagers, each wizard
 * walked to the end: a size the nodes cannot hold keeps Resize disabled until "Go on anyway" is ticked, then
 * Alertmanager resized to custom values (every replica replaced, the cluster whole); and Alertmanager's volumes
 * expanded, with the same pods running on. Alertmanager's resources are put back after each test.
 */
class ResourcesStorageWizardUiTest {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String NS = "monitoring";

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient admin;
    private static AlertmanagerHttp http;

    private final FxRobot robot = new FxRobot();
    private FxTaskRunner runner;
    private StackViewModel stack;

    @BeforeAll
    static void start() throws InterruptedException {
        RealServers.require(RealServers.ALERTMANAGER);
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
        admin = sandbox.adminClient();
        http = new AlertmanagerHttp(admin, NS);
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        HealthChecker.awaitSync(session, Duration.ofMinutes(2));
        http.awaitCluster(WAIT, 3);
    }

    @AfterAll
    static void stopAll() {
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

    @BeforeEach
    void show() throws Exception {
        runner = new FxTaskRunner();
        FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet())).get();
        FxToolkit.setupSceneRoot(() -> {
            stack = new StackViewModel(runner, new ActivityLog(), AnsweringDialogs.always(false));
            stack.attach(session);
            return (Parent) new StackView(stack).node();
        });
        FxToolkit.setupStage(stage -> {
            stage.setWidth(1180);
            stage.setHeight(820);
        });
        FxToolkit.showStage();
    }

    /** Alertmanager back at its default resources, as an admin would put it back by hand. */
    @AfterEach
    void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stack.detach()).get();
        FxToolkit.cleanupStages();
        runner.close();
        var defaults = StackComponent.ALERTMANAGER.defaults();
        Map<String, Quantity> requests = Map.of("cpu", new Quantity(defaults.requests().cpuMillis() + "m"),
                "memory", new Quantity(String.valueOf(defaults.requests().memoryBytes())));
        if (!"512Mi".equals(requestOf(template()))) {
            http.awaitCluster(WAIT, 3);
            return;
        }
        Conflicts.retry(WAIT, "the defaults written back", () -> admin.apps().statefulSets().inNamespace(NS)
                .withName("alertmanager").edit(s -> {
                    s.getSpec().getTemplate().getSpec().getContainers().get(0).setResources(
                            new ResourceRequirementsBuilder().withRequests(requests).withLimits(Map.of("cpu",
                                    new Quantity(defaults.limits().cpuMillis() + "m"), "memory",
                                    new Quantity(String.valueOf(defaults.limits().memoryBytes())))).build());
                    return s;
                }));
        Poll.until(WAIT, "every Alertmanager back at its default memory", () -> pods().size() == 3
                && pods().stream().noneMatch(p -> "512Mi".equals(requestOf(p.getSpec().getContainers().get(0)))));
        http.awaitCluster(WAIT, 3);
    }

    private static io.fabric8.kubernetes.api.model.Container template() {
        return admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").get().getSpec().getTemplate()
                .getSpec().getContainers().get(0);
    }

    private static String requestOf(io.fabric8.kubernetes.api.model.Container c) {
        return String.valueOf(c.getResources().getRequests().get("memory"));
    }

    private static List<Pod> pods() {
        return admin.pods().inNamespace(NS).withLabel("app", "alertmanager").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static Map<String, String> uids() {
        return pods().stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                p -> p.getMetadata().getUid()));
    }

    private boolean disabled(String id) {
        return robot.lookup(id).queryButton().isDisabled();
    }

    private boolean shown(String id) {
        return robot.lookup(id).match(Node::isVisible).tryQuery().isPresent();
    }

    @SuppressWarnings("unchecked")
    private <T> void choose(String id, T value) throws Exception {
        ChoiceBox<T> box = robot.lookup(id).queryAs(ChoiceBox.class);
        WaitForAsyncUtils.asyncFx(() -> box.setValue(value)).get();
    }

    @SuppressWarnings("unchecked")
    private List<String> listed(String id) throws Exception {
        ListView<String> list = robot.lookup(id).queryAs(ListView.class);
        return WaitForAsyncUtils.asyncFx(() -> List.copyOf(list.getItems())).get();
    }

    private void awaitFinished(OperationWizardModel<?> model) {
        Poll.until(Duration.ofMinutes(8), "the operation to end", () -> {
            try {
                return WaitForAsyncUtils.asyncFx(() -> model.finishedProperty().get()).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theResourcesWizardHoldsBackASizeTheNodesCannotTakeAndResizesAlertmanagerToTheEnd() throws Exception {
        ResizeWizardModel model = stack.resize();
        FxWait.click(robot, "#resourcesTab");
        FxWait.until(() -> shown("#resizeChoosePage") && !disabled("#resizeNextButton"));

        // The guide's High load preset for Prometheus: 32Gi on nodes of 31Gi.
        choose("#resizeComponentChoice", StackComponent.PROMETHEUS);
        choose("#resizeSizingChoice", Sizing.HIGH);
        FxWait.until(() -> FxWait.text(robot, "#resizePresetText").equals("cpu 8/8, memory 32Gi/32Gi"
                + " (request/limit)"));
        FxWait.click(robot, "#resizeNextButton");
        FxWait.until(() -> model.planProperty().get() != null);
        assertThat(listed("#resizeNotesList")).anyMatch(n -> n.startsWith("Room on the nodes (critical):"
                + " prometheus-0 would request 8 CPU, 32 GiB"));
        assertThat(FxWait.text(robot, "#resizeNextButton")).isEqualTo("Resize");
        assertThat(disabled("#resizeNextButton")).as("Resize waits for the override").isTrue();
        // The box appears as the review page fills in, which moves it: click until it is ticked.
        FxWait.clickUntil(robot, () -> robot.lookup("#resizeOverride").match(Node::isVisible).tryQuery(),
                () -> model.overrideProperty().get());
        FxWait.until(() -> model.planProperty().get() != null && !disabled("#resizeNextButton"));
        assertThat(listed("#resizeNotesList")).anyMatch(n -> n.startsWith("Going on anyway, as asked"));
        FxWait.click(robot, "#resizeBackButton");
        FxWait.until(() -> shown("#resizeChoosePage"));

        // Alertmanager, custom values that fit.
        Map<String, String> before = uids();
        choose("#resizeComponentChoice", StackComponent.ALERTMANAGER);
        choose("#resizeSizingChoice", Sizing.CUSTOM);
        robot.clickOn("#resizeCpu").write("250m:1");
        robot.clickOn("#resizeMemory").write("512Mi:1Gi");
        FxWait.click(robot, "#resizeNextButton");
        FxWait.until(() -> model.planProperty().get() != null && !disabled("#resizeNextButton"));
        assertThat(FxWait.text(robot, "#resizePlanTitle")).isEqualTo("Resize Alertmanager in monitoring: cpu 250m/1,"
                + " memory 512Mi/1Gi");
        assertThat(listed("#resizeChangesList")).contains("update    StatefulSet/alertmanager container alertmanager"
                + "  — cpu 500m/1, memory 1Gi/2Gi → cpu 250m/1, memory 512Mi/1Gi (request/limit)");
        assertThat(shown("#resizeOverride")).as("room enough: no override offered").isFalse();
        assertThat(uids()).as("nothing changes before Resize").isEqualTo(before);

        FxWait.click(robot, "#resizeNextButton");
        awaitFinished(model);

        assertThat(FxWait.text(robot, "#resizeResult")).startsWith("StatefulSet/alertmanager container alertmanager:"
                + " cpu 500m/1, memory 1Gi/2Gi → cpu 250m/1, memory 512Mi/1Gi (request/limit), 3 replicas.");
        assertThat(pods()).hasSize(3).allSatisfy(p -> {
            assertThat(before).doesNotContainValue(p.getMetadata().getUid());
            assertThat(requestOf(p.getSpec().getContainers().get(0))).isEqualTo("512Mi");
        });
        http.awaitCluster(WAIT, 3);
    }

    @Test
    void theStorageWizardExpandsAlertmanagersVolumesWithThePodsRunningOn() throws Exception {
        StorageWizardModel model = stack.storage();
        Map<String, String> before = uids();
        FxWait.click(robot, "#storageTab");
        FxWait.until(() -> shown("#storageChoosePage"));
        choose("#storageComponentChoice", StackComponent.ALERTMANAGER);
        robot.clickOn("#storageSize").write("20Gi");
        FxWait.until(() -> !disabled("#storageNextButton"));
        FxWait.click(robot, "#storageNextButton");
        FxWait.until(() -> model.planProperty().get() != null);
        assertThat(FxWait.text(robot, "#storagePlanTitle")).isEqualTo("Expand the Alertmanager volumes in monitoring"
                + " to 20Gi");
        assertThat(listed("#storageChangesList")).contains("update    PersistentVolumeClaim/alertmanager-storage"
                + "-alertmanager-0  — 10Gi → 20Gi (StorageClass standard)");
        assertThat(FxWait.text(robot, "#storageNextButton")).isEqualTo("Expand");

        FxWait.click(robot, "#storageNextButton");
        awaitFinished(model);

        assertThat(FxWait.text(robot, "#storageResult")).startsWith("StatefulSet/alertmanager: volumes 10Gi → 20Gi.")
                .endsWith("Pods that ran on unchanged: alertmanager-0, alertmanager-1, alertmanager-2.");
        assertThat(uids()).isEqualTo(before);
        for (int i = 0; i < 3; i++) {
            assertThat(admin.persistentVolumeClaims().inNamespace(NS).withName("alertmanager-storage-alertmanager-"
                    + i).get().getStatus().getCapacity().get("storage")).isEqualTo(new Quantity("20Gi"));
        }
    }
}
