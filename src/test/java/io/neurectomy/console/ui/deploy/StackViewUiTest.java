package io.neurectomy.console.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.ops.deploy.ObjectChange;
import io.neurectomy.console.sandbox.Binaries;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.BundledManifests;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.FindingsView;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.time.Duration;
import java.util.List;
import javafx.scene.Parent;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Stack section on its own stage (headless): the wizard walked through its preflight page to its review page on
 * an empty sandbox, and a preflight that blocks the deploy.
 *
 * <p>A scenario, in this order on purpose: the review of a first deploy needs the empty namespace, and the apply
 * then destroy test takes it through a whole deploy and back to empty. Giving each test a sandbox of its own would
 * start real Prometheus and Alertmanager processes twice more; the order is the user's own path through the wizard.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackViewUiTest {
    @TempDir
    static java.nio.file.Path dir;

    private static SandboxCluster sandbox;
    private static ClusterSession session;

    private final FxRobot robot = new FxRobot();
    private FxTaskRunner runner;
    private StackViewModel stack;
    private DeployWizardModel model;

    @BeforeAll
    static void start() {
        sandbox = SandboxCluster.start(true, SandboxCluster.Options.defaults().withBinaries(Binaries.none()));
        // No stack, so no namespace monitoring yet: the session watches default; the wizard deploys to monitoring.
        session = new ClusterConnector(Duration.ofSeconds(10)).connect(
                KubeconfigLoader.load(List.of(sandbox.kubeconfig())), SandboxCluster.CONTEXT, "default");
    }

    @AfterAll
    static void stopAll() {
        if (session != null) {
            session.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void show() throws Exception {
        runner = new FxTaskRunner();
        FxToolkit.registerPrimaryStage();
        // The window's theme: the view's colours are its lookups.
        WaitForAsyncUtils.asyncFx(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet())).get();
        FxToolkit.setupSceneRoot(() -> {
            stack = new StackViewModel(runner, new ActivityLog(), new TypedConfirmation("monitoring"));
            model = stack.deploy();
            stack.attach(session);
            return (Parent) new StackView(stack).node();
        });
        FxToolkit.setupStage(stage -> {
            stage.setWidth(1180);
            stage.setHeight(720);
        });
        FxToolkit.showStage();
    }

    @AfterEach
    void hide() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stack.detach()).get();
        FxToolkit.cleanupStages();
        runner.close();
    }

    @SuppressWarnings("unchecked")
    private ListView<ObjectChange> planList() {
        return robot.lookup("#planList").queryAs(ListView.class);
    }

    private void walkToTheReviewPage() throws Exception {
        FxWait.until(() -> robot.lookup("#environmentChoice").tryQuery().isPresent() && !model.environments()
                .isEmpty());
        FxWait.click(robot, "#nextButton");
        FxWait.until(() -> robot.lookup("#value-domain").tryQuery().isPresent());
        robot.clickOn("#value-domain").write("example.org");
        robot.clickOn("#value-storageClass").write("standard");
        robot.type(KeyCode.ENTER);
        // Preflight: the sandbox can take staging, so nothing blocks the way on.
        FxWait.until(() -> robot.lookup("#preflightPage").tryQuery().isPresent() && !model.busyProperty().get()
                && !model.preflight().findings().isEmpty());
        assertThat(FxWait.text(robot, "#preflightSummary")).startsWith("Healthy: ");
        FxWait.click(robot, "#nextButton");
        FxWait.until(() -> robot.lookup("#secretsPage").tryQuery().isPresent());

        // Secrets are masked until revealed; Generate reveals the password so it can be noted.
        robot.clickOn("#slackWebhookField").write("https://hooks.slack.com/services/T0/B0/X");
        assertThat(robot.lookup("#slackWebhookField").queryAs(PasswordField.class).isVisible()).isTrue();
        assertThat(robot.lookup("#slackWebhookFieldRevealed").queryAs(TextField.class).isVisible()).isFalse();
        robot.clickOn("#pagerdutyKeyField").write("0123456789abcdef");
        FxWait.click(robot, "#generatePasswordButton");
        assertThat(robot.lookup("#grafanaPasswordFieldRevealed").queryAs(TextField.class).getText()).hasSize(24);
        robot.clickOn("#basicAuthUserField").write("admin");
        robot.clickOn("#basicAuthPasswordField").write("admin-password");
        FxWait.click(robot, "#addUserButton");
        FxWait.until(() -> model.secrets().basicAuthUsers().contains("admin"));
        FxWait.click(robot, "#nextButton");

        try {
            FxWait.until(() -> model.pageProperty().get() == DeployWizardModel.Page.REVIEW
                    && !model.busyProperty().get());
            // The list sits in a SplitPane, whose skin adds it to the scene graph at the next pulse.
            FxWait.until(() -> robot.lookup("#planList").tryQuery().isPresent());
        } catch (Exception | AssertionError e) {
            throw new AssertionError("not on the review page: " + model.pageProperty().get() + ", error: "
                    + model.operation().errorProperty().get(), e);
        }
    }

    @Test
    @Order(1)
    void theWizardShowsThePlanOfAFirstDeployOnTheReviewPage() throws Exception {
        walkToTheReviewPage();

        List<String> lines = WaitForAsyncUtils.waitForAsyncFx(30_000, () -> planList().getItems().stream()
                .map(ObjectChange::line).toList());
        List<String> bundled = BundledManifests.objects();
        assertThat(lines).allMatch(l -> l.startsWith("create    "));
        assertThat(lines).extracting(BundledManifests::objectOf).containsExactlyInAnyOrderElementsOf(bundled);
        assertThat(lines.get(0)).isEqualTo("create    Namespace/monitoring");
        assertThat(lines).contains("create    StatefulSet/prometheus (monitoring)",
                "create    Secret/grafana-admin (monitoring)", "create    Ingress/grafana (monitoring)");
        assertThat(robot.lookup("#planSummary").queryLabeled().getText())
                .isEqualTo(bundled.size() + " to create, 0 to update, 0 unchanged.");
        assertThat(robot.lookup("#planDiff").queryAs(TextArea.class).getText())
                .contains("Namespace/monitoring does not exist yet");
        assertThat(robot.lookup("#nextButton").queryButton().getText()).isEqualTo("Apply");
        // Nothing was written before the user applies.
        try (var admin = sandbox.adminClient()) {
            assertThat(admin.namespaces().withName("monitoring").get()).isNull();
        }

        robot.type(KeyCode.ESCAPE);
        try {
            FxWait.until(() -> robot.lookup("#secretsPage").tryQuery().isPresent());
        } catch (Exception e) {
            throw new AssertionError("page " + model.pageProperty().get() + " busy " + model.busyProperty().get()
                    + " focus " + robot.lookup("#stackView").query().getScene().getFocusOwner(), e);
        }
    }

    @Test
    @Order(2)
    void applyWaitsForEveryReplicaThenDestroyEmptiesTheNamespace() throws Exception {
        walkToTheReviewPage();
        FxWait.click(robot, "#nextButton");

        FxWait.until(() -> model.pageProperty().get() == DeployWizardModel.Page.HEALTH && !model.busyProperty().get());
        assertThat(model.operation().errorProperty().get()).isEmpty();
        int objects = BundledManifests.objects().size();
        assertThat(model.operation().steps()).as("one step per object, then the wait and the health check")
                .hasSize(objects + 2);
        assertThat(model.operation().steps().subList(0, objects)).allMatch(row -> row.detail().equals("created"));
        List<Finding> health = robot.lookup("#healthList").queryAs(FindingsView.class).getItems();
        assertThat(health).filteredOn(f -> f.code().equals("workload-ready"))
                .extracting(f -> f.severity() + " " + f.subject() + ": " + f.message())
                .contains("OK StatefulSet/prometheus: ready 2/2", "OK StatefulSet/alertmanager: ready 3/3",
                        "OK Deployment/grafana: ready 1/1");
        assertThat(robot.lookup("#wizardStatus").queryLabeled().getText()).isEqualTo("Every replica is ready.");

        WaitForAsyncUtils.asyncFx(() -> {
            javafx.scene.control.TabPane tabs = robot.lookup("#stackView").queryAs(javafx.scene.control.TabPane.class);
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "destroyTab".equals(t.getId()))
                    .findFirst().orElseThrow());
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        FxWait.click(robot, "#destroyPlanButton");
        DestroyModel destroy = stack.destroy();
        try {
            FxWait.until(() -> !destroy.plan().isEmpty());
        } catch (Exception e) {
            throw new AssertionError("no destroy plan; error: " + destroy.operation().errorProperty().get(), e);
        }
        // The backup is ticked by default; this sandbox runs no Prometheus process, so it fails and nothing goes.
        assertThat(robot.lookup("#destroyBackup").queryAs(javafx.scene.control.CheckBox.class).isSelected()).isTrue();
        WaitForAsyncUtils.asyncFx(() -> destroy.backupDirProperty().set(dir.resolve("backups").toString())).get();
        robot.clickOn("#exportPassphrase").write("a long passphrase");
        robot.clickOn("#exportPassphraseRepeat").write("a long passphrase");
        FxWait.click(robot, "#destroyButton");
        FxWait.until(() -> !robot.lookup("#destroyError").queryLabeled().getText().isEmpty());
        assertThat(robot.lookup("#destroyError").queryLabeled().getText())
                .startsWith("The backup failed, so nothing was deleted");
        FxWait.until(() -> !robot.lookup("#destroyResult").queryLabeled().getText().isEmpty());
        assertThat(robot.lookup("#destroyResult").queryLabeled().getText()).startsWith("Failed: 0 of 5 steps done");
        try (var admin = sandbox.adminClient()) {
            assertThat(admin.apps().statefulSets().inNamespace("monitoring").list().getItems()).hasSize(2);
        }

        // Unticked: the warning shows, and destroy goes without a backup.
        FxWait.click(robot, "#destroyBackup");
        FxWait.until(() -> robot.lookup("#destroyNoBackupWarning").queryLabeled().isVisible());
        FxWait.until(() -> destroy.plan().stream().anyMatch(l -> l.contains("no backup is taken")));
        FxWait.click(robot, "#destroyButton");

        // Until this destroy's own result: the one without a backup, or a failure other than the first one's.
        FxWait.until(() -> robot.lookup("#destroyResult").queryLabeled().getText().startsWith("No backup was taken.")
                || !robot.lookup("#destroyError").queryLabeled().getText().isEmpty() && !robot.lookup("#destroyError")
                .queryLabeled().getText().startsWith("The backup failed"));
        assertThat(robot.lookup("#destroyResult").queryLabeled().getText()).startsWith("No backup was taken.");
        assertThat(robot.lookup("#destroyArchive").queryLabeled().getText()).isEmpty();
        try (var admin = sandbox.adminClient()) {
            assertThat(admin.apps().statefulSets().inNamespace("monitoring").list().getItems()).isEmpty();
            assertThat(admin.pods().inNamespace("monitoring").list().getItems()).isEmpty();
            assertThat(admin.configMaps().inNamespace("monitoring").list().getItems()).isEmpty();
        }
    }

    @Test
    @Order(3)
    void thePreflightPageShowsACriticalFindingThatBlocksTheDeployUntilDeployAnyway() throws Exception {
        FxWait.until(() -> robot.lookup("#environmentChoice").tryQuery().isPresent() && !model.environments()
                .isEmpty());
        FxWait.click(robot, "#nextButton");
        FxWait.until(() -> robot.lookup("#value-domain").tryQuery().isPresent());
        robot.clickOn("#value-domain").write("example.org");
        robot.clickOn("#value-storageClass").write("standard");
        // The field sits below the values page's fold: filled on the FX thread, as typing would fill it.
        TextField replicas = robot.lookup("#value-prometheusReplicas").queryAs(TextField.class);
        WaitForAsyncUtils.asyncFx(() -> replicas.setText("4")).get();
        FxWait.click(robot, "#nextButton");

        FxWait.until(() -> robot.lookup("#preflightPage").tryQuery().isPresent() && !model.busyProperty().get()
                && !model.preflight().findings().isEmpty());
        List<Finding> shown = robot.lookup("#preflightList").queryAs(FindingsView.class).getItems();
        assertThat(shown).first().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(io.neurectomy.console.core.check.Severity.CRITICAL);
            assertThat(f.subject()).isEqualTo("StatefulSet/prometheus");
            assertThat(f.message()).startsWith("4 replicas must each run on a different node");
        });
        // The user sees it: a cell's title names the workload and the message, its severity is spelled out.
        FxWait.until(() -> robot.lookup("#preflightList").lookup(".finding-title").queryAll().stream()
                .anyMatch(n -> n.isVisible() && ((javafx.scene.control.Labeled) n).getText()
                        .startsWith("StatefulSet/prometheus: 4 replicas must each run on a different node")));
        FxWait.until(() -> robot.lookup("#preflightList").lookup(".finding-severity").queryAll().stream()
                .anyMatch(n -> n.isVisible() && ((javafx.scene.control.Labeled) n).getText().equals("Critical")));
        assertThat(FxWait.text(robot, "#preflightSummary")).startsWith("Critical: 1 critical");
        assertThat(robot.lookup("#nextButton").queryButton().isDisabled()).isTrue();

        FxWait.click(robot, "#preflightDeployAnyway");
        FxWait.until(() -> !robot.lookup("#nextButton").queryButton().isDisabled());
        FxWait.click(robot, "#nextButton");
        FxWait.until(() -> robot.lookup("#secretsPage").tryQuery().isPresent());
    }

    /** The user types {@code name} into every typed confirmation. */
    private record TypedConfirmation(String name) implements DialogService {
        @Override
        public boolean confirm(String title, String message, String confirm) {
            return false;
        }

        @Override
        public boolean confirmTyped(String title, String message, String expected, String confirm) {
            return name.equals(expected);
        }

        @Override
        public void error(String title, String message, Throwable details) {
        }

        @Override
        public void notify(Level level, String title, String text) {
        }
    }
}
