package io.neurectomy.console.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.AlertmanagerHttp;
import io.neurectomy.console.testing.AnsweringDialogs;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import tools.jackson.databind.JsonNode;

/**
 * The Scale tab on its own stage (headless), on a sandbox with real Alertmanagers: the wizard walked to the end
 * twice, Alertmanager 3 → 4 (peers read from each replica's own {@code /api/v2/status}), then 4 → 3 deleting the
 * removed replica's volume, which Scale allows only once the component's name is typed.
 */
class ScaleWizardUiTest {
    private static final String NS = "monitoring";
    private static final String CLAIM3 = "alertmanager-storage-alertmanager-3";

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient admin;
    private static AlertmanagerHttp http;

    private final FxRobot robot = new FxRobot();
    private FxTaskRunner runner;
    private StackViewModel stack;
    private ScaleWizardModel model;

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
            model = stack.scale();
            stack.attach(session);
            return (Parent) new StackView(stack).node();
        });
        FxToolkit.setupStage(stage -> {
            stage.setWidth(1180);
            stage.setHeight(760);
        });
        FxToolkit.showStage();
    }

    @AfterEach
    void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stack.detach()).get();
        FxToolkit.cleanupStages();
        runner.close();
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

    private static int replicasOnServer() {
        return admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").get().getSpec().getReplicas();
    }

    private boolean nextDisabled() {
        return robot.lookup("#scaleNextButton").queryButton().isDisabled();
    }

    /** Waits until the run ends (a scale waits for replicas and peers: longer than FxWait's deadline may allow). */
    private void awaitFinished() {
        Poll.until(Duration.ofMinutes(8), "the scale to end", () -> {
            try {
                return WaitForAsyncUtils.asyncFx(() -> model.finishedProperty().get()).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private List<String> listed(String id) throws Exception {
        ListView<String> list = robot.lookup(id).queryAs(ListView.class);
        return WaitForAsyncUtils.asyncFx(() -> List.copyOf(list.getItems())).get();
    }

    @Test
    void theScaleWizardWalkedToTheEndTwiceScalesUpThenDeletesAVolumeOnlyOnceTheNameIsTyped() throws Exception {
        Poll.until(Duration.ofMinutes(3), "three clustered Alertmanagers", () -> peersOf("alertmanager-0").size()
                == 3);
        FxWait.click(robot, "#scaleTab");
        FxWait.until(() -> robot.lookup("#scaleChoosePage").match(Node::isVisible).tryQuery().isPresent()
                && !nextDisabled());

        // Alertmanager is chosen, at 3: one click up makes 4.
        FxWait.click(robot, "#scaleReplicasSpinner .increment-arrow-button");
        FxWait.until(() -> model.replicasProperty().get() == 4);
        FxWait.click(robot, "#scaleNextButton");
        FxWait.until(() -> model.planProperty().get() != null);
        assertThat(FxWait.text(robot, "#scalePlanTitle")).isEqualTo("Scale Alertmanager in monitoring from 3 to 4"
                + " replicas");
        assertThat(listed("#scaleChangesList")).contains(
                "update    StatefulSet/alertmanager  — replicas 3 → 4",
                "update    PodDisruptionBudget/alertmanager-pdb  — minAvailable 2 → 3: still 1 of the 4 replicas"
                        + " may be down at a time");
        assertThat(listed("#scaleNotesList")).anyMatch(n -> n.startsWith("Anti-affinity"));
        assertThat(FxWait.text(robot, "#scaleNextButton")).isEqualTo("Scale");
        assertThat(replicasOnServer()).as("nothing changes before Scale").isEqualTo(3);

        FxWait.click(robot, "#scaleNextButton");
        awaitFinished();

        assertThat(FxWait.text(robot, "#scaleResult")).startsWith("StatefulSet/alertmanager: 3 → 4 replicas.");
        assertThat(replicasOnServer()).isEqualTo(4);
        Set<String> peers = peersOf("alertmanager-0");
        assertThat(peers).hasSize(4);
        for (String replica : IntStream.range(0, 4).mapToObj(i -> "alertmanager-" + i).toList()) {
            assertThat(peersOf(replica)).as("the peers %s reports", replica).isEqualTo(peers);
        }
        String claimUid = admin.persistentVolumeClaims().inNamespace(NS).withName(CLAIM3).get().getMetadata()
                .getUid();

        // Back down to 3, deleting alertmanager-3's volume: Scale waits for the name.
        FxWait.click(robot, "#scaleAgainButton");
        FxWait.until(() -> robot.lookup("#scaleChoosePage").match(Node::isVisible).tryQuery().isPresent());
        FxWait.click(robot, "#scaleReplicasSpinner .decrement-arrow-button");
        FxWait.until(() -> model.replicasProperty().get() == 3);
        FxWait.click(robot, "#scaleDeleteVolumes");
        FxWait.click(robot, "#scaleNextButton");
        FxWait.until(() -> model.planProperty().get() != null);
        assertThat(listed("#scaleChangesList")).contains("delete    PersistentVolumeClaim/" + CLAIM3
                + "  — deleted with its data after its pod is gone");
        assertThat(FxWait.text(robot, "#scaleTypedPrompt")).endsWith("Type alertmanager to confirm.");
        assertThat(nextDisabled()).isTrue();
        robot.clickOn("#scaleTypedName").write("alert");
        assertThat(nextDisabled()).as("half the name").isTrue();
        robot.write("manager");
        FxWait.until(() -> !nextDisabled());

        FxWait.click(robot, "#scaleNextButton");
        awaitFinished();

        assertThat(FxWait.text(robot, "#scaleResult")).startsWith("StatefulSet/alertmanager: 4 → 3 replicas.")
                .contains("Volumes deleted: " + CLAIM3);
        assertThat(replicasOnServer()).isEqualTo(3);
        Poll.until(Duration.ofMinutes(1), CLAIM3 + " deleted", () -> {
            var claim = admin.persistentVolumeClaims().inNamespace(NS).withName(CLAIM3).get();
            return claim == null || claim.getMetadata().getDeletionTimestamp() != null
                    || !claim.getMetadata().getUid().equals(claimUid);
        });
        assertThat(peersOf("alertmanager-0")).hasSize(3);
    }
}
