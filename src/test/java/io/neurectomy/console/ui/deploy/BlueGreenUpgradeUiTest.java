package io.neurectomy.console.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.health.HealthChecker;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.PodsObserved;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.PopupWindow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Upgrade tab's blue-green upgrade on its own stage (headless), on a sandbox with real Prometheus processes for
 * both sides: Roll back… of a component asks the plan's confirmation (declined: nothing restarts); the wizard
 * walked to the end with the blue-green strategy and a listed version (the Services select the new pods); Switch
 * back (they select the old pods again), Switch forward, then Remove old side, refused on a wrong name and done on
 * the StatefulSet's name typed (StatefulSet/prometheus and its pods gone, its claims kept).
 */
class BlueGreenUpgradeUiTest {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String TAG = "v2.55.1";
    private static final String GREEN = "prometheus-v2-55-1";
    private static final List<String> SERVICES = List.of("prometheus", "prometheus-headless");

    private static SandboxCluster sandbox;
    private static ClusterSession session;
    private static KubernetesClient admin;
    private static PodsObserved observed;

    private final FxRobot robot = new FxRobot();
    /** The titles of the confirmations asked (a typed one with the name it wants), in order. */
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile boolean answerYes;
    private volatile String typed = "";
    private FxTaskRunner runner;
    private StackViewModel stack;
    private UpgradeWizardModel model;

    private final DialogService dialogs = new DialogService() {
        @Override
        public boolean confirm(String title, String message, String confirm) {
            asked.add(title);
            return answerYes;
        }

        @Override
        public boolean confirmTyped(String title, String message, String name, String confirm) {
            asked.add(title + " [type " + name + "]");
            return typed.equals(name);
        }

        @Override
        public void error(String title, String message, Throwable details) {
        }

        @Override
        public void notify(Level level, String title, String text) {
        }
    };

    @BeforeAll
    static void start() throws InterruptedException {
        RealServers.require(RealServers.PROMETHEUS);
        sandbox = SandboxCluster.start(false, SandboxCluster.Options.defaults());
        admin = sandbox.adminClient();
        observed = new PodsObserved(admin, NS);
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, NS);
        HealthChecker.awaitSync(session, Duration.ofMinutes(2));
        Poll.until(WAIT, "both Prometheus replicas ready", () -> observed.pods("prometheus").size() == 2
                && observed.pods("prometheus").stream().allMatch(BlueGreenUpgradeUiTest::ready));
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
            stack = new StackViewModel(runner, new ActivityLog(), dialogs);
            model = stack.upgrade();
            stack.attach(session);
            return (Parent) new StackView(stack).node();
        });
        FxToolkit.setupStage(stage -> {
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        FxToolkit.showStage();
    }

    @AfterEach
    void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stack.detach()).get();
        FxToolkit.cleanupStages();
        runner.close();
    }

    @Test
    void aBlueGreenUpgradeInTheWindowSwitchesTheServicesBackAndForthThenRemovesTheOldSide() throws Exception {
        FxWait.click(robot, "#upgradeTab");
        FxWait.until(() -> robot.lookup("#upgradeChoosePage").match(Node::isVisible).tryQuery().isPresent());
        FxWait.until(() -> "No blue-green upgrade open.".equals(FxWait.text(robot, "#blueGreenStatus")));
        assertThat(shown("#blueGreenSwitchBack")).isFalse();
        assertThat(shown("#blueGreenRemove")).isFalse();

        rollBackAlertmanagerIsAskedAndDeclined();

        // Prometheus, blue-green, a listed version.
        choose("#upgradeComponentChoice", "Prometheus");
        choose("#upgradeStrategyChoice", "Blue-green (Prometheus)");
        FxWait.until(() -> model.blueGreen().get() && robot.lookup("#upgradeBackup").query().isDisabled());
        FxWait.clickUntil(robot, () -> robot.lookup("#upgradeSeed").match(Node::isVisible).tryQuery(),
                () -> model.seedProperty().get());
        robot.clickOn("#upgradeVersionChoice .text-field").write(TAG);
        FxWait.until(() -> TAG.equals(model.versionProperty().get()) && !nextDisabled());
        Map<String, String> oldUids = observed.uids("prometheus");

        FxWait.click(robot, "#upgradeNextButton");
        FxWait.until(() -> model.planProperty().get() != null);
        assertThat(FxWait.text(robot, "#upgradePlanTitle")).startsWith("Blue-green upgrade of Prometheus in"
                + " monitoring from ").endsWith(" to " + TAG + " (" + GREEN + ", 2 replicas)");
        assertThat(listed("#upgradeChangesList")).anyMatch(l -> l.contains("Service/prometheus "));
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName(GREEN).get()).as("nothing before Upgrade")
                .isNull();

        FxWait.click(robot, "#upgradeNextButton");
        Poll.until(Duration.ofMinutes(10), "the blue-green upgrade to end", () -> fx(() -> model.finishedProperty()
                .get()));

        assertThat(FxWait.text(robot, "#upgradeResult")).contains("StatefulSet/prometheus (")
                .contains("→ StatefulSet/" + GREEN + " (" + TAG + ")")
                .contains("Seeded: " + GREEN + "-0 ").contains(GREEN + "-1 ");
        assertThat(FxWait.text(robot, "#upgradeComparison").lines()).anyMatch(l -> l.startsWith("rule groups")
                && l.endsWith("(the same)"));
        for (String service : SERVICES) {
            assertThat(observed.selectedPods(service)).as(service).containsExactly(GREEN + "-0", GREEN + "-1");
        }
        assertThat(observed.uids("prometheus")).as("the old pods keep running").isEqualTo(oldUids);
        Map<String, String> greenUids = observed.uids(GREEN);

        // The status beside the wizard: both sides, the Services on the new one, Switch back offered.
        FxWait.until(() -> shown("#blueGreenSwitchBack") && !shown("#blueGreenSwitchForward"));
        assertThat(FxWait.text(robot, "#blueGreenOld")).startsWith("prometheus  ");
        assertThat(FxWait.text(robot, "#blueGreenNew")).startsWith(GREEN + "  " + TAG);
        assertThat(FxWait.text(robot, "#blueGreenSelected")).isEqualTo(GREEN + " (new)");

        answerYes = true;
        FxWait.click(robot, "#blueGreenSwitchBack");
        FxWait.until(() -> shown("#blueGreenSwitchForward") && !shown("#blueGreenSwitchBack"));
        assertThat(asked).last().asString().startsWith("Switch Prometheus in monitoring back to StatefulSet/"
                + "prometheus");
        for (String service : SERVICES) {
            assertThat(observed.selectedPods(service)).as(service).containsExactly("prometheus-0", "prometheus-1");
        }
        assertThat(FxWait.text(robot, "#blueGreenSelected")).isEqualTo("prometheus (old)");
        assertThat(observed.uids("prometheus")).isEqualTo(oldUids);
        assertThat(observed.uids(GREEN)).as("the new side keeps running").isEqualTo(greenUids);

        FxWait.click(robot, "#blueGreenSwitchForward");
        FxWait.until(() -> shown("#blueGreenSwitchBack") && !shown("#blueGreenSwitchForward"));
        for (String service : SERVICES) {
            assertThat(observed.selectedPods(service)).as(service).containsExactly(GREEN + "-0", GREEN + "-1");
        }

        // Remove old side: a wrong name removes nothing; the StatefulSet's name does, its volumes kept.
        assertThat(FxWait.text(robot, "#blueGreenRemove")).isEqualTo("Remove prometheus…");
        assertThat(fx(() -> stack.upgradeActions().deleteVolumesProperty().get())).as("unticked").isFalse();
        typed = GREEN;
        FxWait.click(robot, "#blueGreenRemove");
        FxWait.until(() -> FxWait.text(robot, "#upgradeActionResult").contains("not confirmed"));
        assertThat(asked).last().asString().endsWith("[type prometheus]");
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName("prometheus").get()).isNotNull();
        assertThat(observed.uids("prometheus")).isEqualTo(oldUids);

        typed = "prometheus";
        FxWait.click(robot, "#blueGreenRemove");
        FxWait.until(() -> FxWait.text(robot, "#upgradeActionResult").startsWith("Removed StatefulSet/prometheus"));
        assertThat(admin.apps().statefulSets().inNamespace(NS).withName("prometheus").get()).isNull();
        assertThat(observed.pods("prometheus")).isEmpty();
        assertThat(admin.persistentVolumeClaims().inNamespace(NS).list().getItems()).extracting(c -> c.getMetadata()
                .getName()).contains("prometheus-storage-prometheus-0", "prometheus-storage-prometheus-1");
        for (String service : SERVICES) {
            assertThat(observed.selectedPods(service)).as(service).containsExactly(GREEN + "-0", GREEN + "-1");
        }
        FxWait.until(() -> "No blue-green upgrade open.".equals(FxWait.text(robot, "#blueGreenStatus"))
                && !shown("#blueGreenRemove"));
    }

    /**
     * Alertmanager has no previous revision at first: Roll back says so. Once its template changed (held by its
     * partition, so no pod restarts), Roll back asks the plan's confirmation; declined, nothing restarts.
     */
    private void rollBackAlertmanagerIsAskedAndDeclined() throws Exception {
        choose("#upgradeComponentChoice", "Alertmanager");
        FxWait.until(() -> robot.lookup("#upgradeStrategyChoice").query().isDisabled());
        assertThat(FxWait.text(robot, "#upgradeStrategyNote")).startsWith("Blue-green is for Prometheus only");
        assertThat(FxWait.text(robot, "#upgradeRollbackButton")).isEqualTo("Roll back Alertmanager…");
        FxWait.click(robot, "#upgradeRollbackButton");
        FxWait.until(() -> FxWait.text(robot, "#upgradeActionError").contains("StatefulSet/alertmanager has no"
                + " previous revision"));
        assertThat(asked).isEmpty();

        int replicas = admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").get().getSpec()
                .getReplicas();
        admin.apps().statefulSets().inNamespace(NS).withName("alertmanager").edit(s -> {
            s.getSpec().getUpdateStrategy().setRollingUpdate(new RollingUpdateStatefulSetStrategy(null, replicas));
            s.getSpec().getTemplate().getMetadata().setAnnotations(Map.of("example.org/changed", "1"));
            return s;
        });
        Poll.until(WAIT, "a second revision of alertmanager", () -> admin.apps().controllerRevisions()
                .inNamespace(NS).list().getItems().stream().filter(r -> r.getMetadata().getName()
                        .startsWith("alertmanager-")).count() >= 2);
        Map<String, String> uids = observed.uids("alertmanager");
        answerYes = false;
        FxWait.click(robot, "#upgradeRollbackButton");
        FxWait.until(() -> FxWait.text(robot, "#upgradeActionResult").equals("Roll back: not confirmed; nothing"
                + " changed."));
        assertThat(asked).singleElement().asString().startsWith("Roll Alertmanager in monitoring back from ");
        assertThat(FxWait.text(robot, "#upgradeActionError")).isEmpty();
        assertThat(observed.uids("alertmanager")).isEqualTo(uids);
    }

    // ---- the window ------------------------------------------------------------------------------------------

    private boolean nextDisabled() {
        return robot.lookup("#upgradeNextButton").queryButton().isDisabled();
    }

    private boolean shown(String id) {
        return fx(() -> robot.lookup(id).tryQuery().map(n -> n.isVisible() && n.getParent().isVisible())
                .orElse(false));
    }

    /** Opens the choice box {@code id} and clicks its item {@code item}. */
    private void choose(String id, String item) throws Exception {
        FxWait.click(robot, id);
        FxWait.clickUntil(robot, () -> robot.lookup(".label").match((Label l) -> item.equals(l.getText())
                && l.getScene() != null && l.getScene().getWindow() instanceof PopupWindow w && w.isShowing())
                .tryQuery(), () -> item.equals(chosen(id)));
    }

    /** The item the choice box {@code id} shows. */
    private String chosen(String id) {
        ChoiceBox<?> box = robot.lookup(id).queryAs(ChoiceBox.class);
        return box.getValue() == null ? "" : converted(box);
    }

    private static <T> String converted(ChoiceBox<T> box) {
        return box.getConverter().toString(box.getValue());
    }

    private static <T> T fx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> listed(String id) {
        ListView<String> list = robot.lookup(id).queryAs(ListView.class);
        return fx(() -> List.copyOf(list.getItems()));
    }

    // ---- what an outside observer sees -----------------------------------------------------------------------

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }



}
