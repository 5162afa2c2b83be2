package io.neurectomy.console.ui.shell;

import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.config.ConfigTarget;
import io.neurectomy.console.core.endpoints.ForwardPreset;
import io.neurectomy.console.core.endpoints.ForwardState;
import io.neurectomy.console.core.health.HealthStatus;
import io.neurectomy.console.core.topology.WhatIfMode;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.ui.topology.TopologyViewModel;
import io.neurectomy.console.testing.Screenshots;
import io.neurectomy.console.testing.KubeconfigFiles;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.testing.MockCluster;
import io.neurectomy.console.testing.ServerProcesses;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Renders the screenshots of docs/images on demand, in a real window:
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" mvn test -Dtest=ScreenshotCaptureTest
 * -Dconsole.screenshots=docs/images -Dtestfx.headless=false -Dglass.platform=gtk -Djava.awt.headless=false}.
 */
@EnabledIfSystemProperty(named = "console.screenshots", matches = ".+",
        disabledReason = "it renders the pictures under docs/images on demand, with -Dconsole.screenshots=DIR")
class ScreenshotCaptureTest {

    @TempDir
    Path configDir;

    @Test
    void captureConnectAndOverview() throws Exception {
        Path out = Path.of(System.getProperty("console.screenshots"));
        Files.createDirectories(out);
        FxRobot robot = new FxRobot();
        try (MockCluster cluster = seededCluster()) {
            Path kubeconfigFile = KubeconfigFiles.twoContexts(configDir.resolve("kube"), cluster.url());
            ConsoleServices services = new ConsoleServices(() -> List.of(kubeconfigFile), KubeconfigLoader::load,
                    (kubeconfig, context, namespace) -> cluster.openSession(context, namespace),
                    ConsoleSettings.load(configDir), new FxTaskRunner());
            FxToolkit.registerPrimaryStage();
            ConsoleApp app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                    () -> robot.lookup("#contextList").queryTableView().getItems().size() == 2);
            WaitForAsyncUtils.waitForFxEvents();
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("connect.png"));

            robot.clickOn("#connectButton");
            // The window lands on Health; the overview shows its verdict line once the first check is done.
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> !app.shell().health().summaryProperty().get().isEmpty()));
            WaitForAsyncUtils.asyncFx(() -> app.shell().show(Section.OVERVIEW));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                    () -> robot.lookup("#podTable").tryQuery().map(n -> ((TableView<?>) n).getItems().size() == 8)
                            .orElse(false));
            WaitForAsyncUtils.waitForFxEvents();
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("overview.png"));
            WaitForAsyncUtils.asyncFx(() -> app.shell().toggleTheme());
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.shell().darkThemeProperty().get());
            WaitForAsyncUtils.waitForFxEvents();
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("overview-dark.png"));
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
    }

    /** A mock cluster with the stack's workloads on three nodes, one Alertmanager pod not ready. */
    private static MockCluster seededCluster() throws Exception {
        MockCluster cluster = new MockCluster();
        for (String node : List.of("worker-1", "worker-2", "worker-3")) {
            cluster.createNode(node, true);
        }
        cluster.createStatefulSet("prometheus", 2, 2);
        cluster.createDeployment("grafana", 2, 2);
        cluster.createStatefulSet("alertmanager", 3, 2);
        cluster.createDeployment("kube-state-metrics", 1, 1);
        Instant now = Instant.now();
        cluster.createPod("alertmanager-0", "worker-1", true, 0, now);
        cluster.createPod("alertmanager-1", "worker-2", true, 1, now);
        cluster.createPod("alertmanager-2", "worker-3", false, 4, now);
        cluster.createPod("grafana-6d9f7c8b5-k2x7q", "worker-2", true, 0, now);
        cluster.createPod("grafana-6d9f7c8b5-p8w4n", "worker-3", true, 0, now);
        cluster.createPod("kube-state-metrics-7b4c9d-xz2lm", "worker-1", true, 0, now);
        cluster.createPod("prometheus-0", "worker-1", true, 0, now);
        cluster.createPod("prometheus-1", "worker-2", true, 0, now);
        return cluster;
    }

    /**
     * The Health section and the topology on a fresh sandbox (with real Prometheus and Alertmanager processes when
     * they are installed): health, the topology, a simulated drain of a node, and a node failed through the sandbox
     * action.
     */
    @Test
    void captureTopology() throws Exception {
        Path out = Path.of(System.getProperty("console.screenshots"));
        Files.createDirectories(out);
        FxRobot robot = new FxRobot();
        try (SandboxCluster sandbox = SandboxCluster.start(false)) {
            ConsoleServices services = SandboxServices.connectingTo(sandbox, configDir);
            FxToolkit.registerPrimaryStage();
            ConsoleApp app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
            TopologyViewModel topology = app.shell().topology();
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> app.shell().connect().sessionProperty()
                    .get() != null);
            // Health, where the window lands: the stack settled (healthy, Grafana unknown), one finding opened.
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> app.shell().health().statusProperty().get() == HealthStatus.HEALTHY
                            && !app.shell().health().checkingProperty().get()));
            robot.clickOn(robot.lookup(".finding-title").match((javafx.scene.control.Label l) -> l.getText() != null
                    && l.getText().startsWith("StatefulSet/prometheus")).queryAs(Node.class));
            WaitForAsyncUtils.waitForFxEvents(5);
            robot.moveTo("#statusBar");
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("health.png"));
            // The Targets and Alerts tabs, as they read after a check.
            robot.clickOn("#healthTabTargets");
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> !app.shell().healthTargets().rows().isEmpty()
                            && !app.shell().healthTargets().loadingProperty().get()));
            WaitForAsyncUtils.waitForFxEvents(5);
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("health-targets.png"));
            robot.clickOn("#healthTabAlerts");
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> !app.shell().healthAlerts().groups().isEmpty()));
            WaitForAsyncUtils.waitForFxEvents(5);
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("health-alerts.png"));
            robot.clickOn("#healthTabFindings");

            WaitForAsyncUtils.asyncFx(() -> app.shell().show(Section.TOPOLOGY));
            // Every stack pod ready, and the findings computed on that picture.
            WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> topology.lanes().stream().flatMap(l -> l.pods().stream())
                            .filter(p -> p.ready().equals("1/1")).count() >= 7));
            settle(app);
            robot.moveTo("#statusBar");
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("topology.png"));

            WaitForAsyncUtils.asyncFx(() -> topology.selection().selectNode("sandbox-node-a"));
            WaitForAsyncUtils.asyncFx(() -> topology.whatIf().simulate(WhatIfMode.DRAIN));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> topology.whatIf().resultProperty().get() != null);
            settle(app);
            robot.moveTo("#statusBar");
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("topology-whatif.png"));

            WaitForAsyncUtils.asyncFx(() -> topology.selection().selectNode("sandbox-node-b"));
            settle(app);
            robot.clickOn("#failNode");
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> topology.notReadyCountProperty().get() == 1 && !topology.findings().isEmpty()));
            WaitForAsyncUtils.asyncFx(() -> app.shell().toggleTheme());
            settle(app);
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("topology-failed-dark.png"));
            WaitForAsyncUtils.asyncFx(() -> app.shell().toggleTheme());
            WaitForAsyncUtils.asyncFx(() -> topology.pods().setNodeFailed("sandbox-node-b", false));

            // The Port-forwards page with the three launchers used: Grafana tells honestly that the sandbox has none.
            WaitForAsyncUtils.asyncFx(() -> {
                app.shell().show(Section.FORWARDS);
                app.shell().forwards().launch(ForwardPreset.PROMETHEUS);
                app.shell().forwards().launch(ForwardPreset.ALERTMANAGER);
                app.shell().forwards().launch(ForwardPreset.GRAFANA);
            });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> app.shell().forwards().rows().stream()
                            .filter(r -> r.state() == ForwardState.ACTIVE).count() == 2));
            WaitForAsyncUtils.waitForFxEvents(5);
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("port-forwards.png"));

            // Logs: prometheus-0's own log, followed, with the warnings and errors it wrote.
            WaitForAsyncUtils.asyncFx(() -> {
                app.shell().show(Section.LOGS);
                app.shell().logs().openPod("prometheus-0");
            });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> app.shell().logs().buffer().shown().size() >= 10));
            WaitForAsyncUtils.waitForFxEvents(5);
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("logs.png"));

            // The Config section: an error in the Prometheus config, underlined, then the review of a valid edit.
            var editor = app.shell().config().editor(ConfigTarget.PROMETHEUS);
            WaitForAsyncUtils.asyncFx(() -> app.shell().show(Section.CONFIG));
            try {
                WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                        () -> !editor.documents().isEmpty()));
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the Prometheus config did not load: " + editor.errorProperty().get()
                        + " / " + editor.statusProperty().get() + " / " + editor.serviceProperty().get(), e);
            }
            String live = WaitForAsyncUtils.waitForAsyncFx(30_000, () -> editor.documents().get(0).content());
            WaitForAsyncUtils.asyncFx(() -> {
                var doc = editor.documents().get(0);
                doc.textProperty().set(live.replaceFirst("scrape_interval: 15s", "scrape_intervall: 15s"));
                editor.validate(doc);
            });
            WaitForAsyncUtils.waitForFxEvents(5);
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("config-editor.png"));
            WaitForAsyncUtils.asyncFx(() -> {
                var doc = editor.documents().get(0);
                doc.textProperty().set(live.replaceFirst("scrape_interval: 15s", "scrape_interval: 30s"));
                editor.review();
            });
            WaitForAsyncUtils.waitForFxEvents(5);
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("config-review.png"));
            WaitForAsyncUtils.asyncFx(editor::revert);

            // Backups: one taken (with the TSDB), verified, and the restore wizard's plan.
            WaitForAsyncUtils.asyncFx(() -> app.shell().show(Section.BACKUPS));
            WaitForAsyncUtils.waitForFxEvents(5);
            robot.interact(() -> {
                javafx.scene.control.TextField dir = robot.lookup("#backupsDirectory").queryAs(
                        javafx.scene.control.TextField.class);
                dir.setText(configDir.resolve("backups").toString());
                dir.fireEvent(new javafx.event.ActionEvent());
            });
            robot.clickOn("#backupsPassphrase").write("screenshot passphrase");
            robot.clickOn("#backupNow");
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> robot.lookup("#backupsTable").queryTableView().getItems().size() == 1
                            && !robot.lookup("#backupNow").query().isDisabled()));
            robot.interact(() -> robot.lookup("#backupsTable").queryTableView().getSelectionModel().select(0));
            robot.clickOn("#backupsVerify");
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> !robot.lookup("#backupNow").query().isDisabled()));
            WaitForAsyncUtils.waitForFxEvents(5);
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("backups.png"));
            robot.clickOn("#backupsRestore");
            WaitForAsyncUtils.waitForFxEvents(5);
            robot.clickOn("#restorePlan");
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> !robot.lookup("#restorePlanLines").queryListView().getItems().isEmpty()));
            WaitForAsyncUtils.waitForFxEvents(5);
            Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("backups-restore-plan.png"));

            // The Activity panel: the backup and verify above, a sync to an unreachable bucket that failed, and a
            // second backup running, held in its silences step while the Alertmanagers are stopped.
            robot.clickOn("S3");
            robot.clickOn("#s3Bucket").write("monitoring-backups");
            robot.clickOn("#s3Endpoint").write("http://127.0.0.1:1");
            int ended = WaitForAsyncUtils.waitForAsyncFx(30_000, () -> app.shell().activity().recent().size());
            robot.clickOn("#s3Sync");
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                    () -> app.shell().activity().recent().size() > ended));
            // The sync's failure is also shown in a dialog: read, and closed.
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#errorDialog").tryQuery().isPresent());
            robot.clickOn(robot.lookup("#errorDialog .button").queryButton());
            robot.clickOn("Archives");
            ServerProcesses.signal(sandbox, "alertmanager", "STOP");
            try {
                robot.clickOn("#backupNow");
                robot.clickOn("#activityButton");
                WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup(
                        "#activityRunning .task-cancel-button").tryQuery().map(b -> !b.isDisabled()).orElse(false));
                WaitForAsyncUtils.waitForFxEvents(5);
                robot.moveTo("#statusBar");
                Screenshots.save(robot.lookup("#mainWindow").query(), out.resolve("activity.png"));
            } finally {
                ServerProcesses.signal(sandbox, "alertmanager", "CONT");
            }
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
    }

    /** Waits until the topology shows the session's latest picture and the FX thread has drawn it. */
    private static void settle(ConsoleApp app) throws Exception {
        var session = app.shell().connect().sessionProperty().get();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.waitForAsyncFx(30_000,
                () -> app.shell().topology().shownVersionProperty().get() == session.state().snapshot().version()));
        WaitForAsyncUtils.waitForFxEvents(5);
    }
}
