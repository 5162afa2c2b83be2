package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterConnector;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.settings.ConsoleSettings;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.KubeconfigFiles;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.shell.ActivityViewModel.Entry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Activity panel in the whole window (headless): a running operation listed with its progress, and Cancel. */
class ActivityPanelUiTest {

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private final FxTaskRunner runner = new FxTaskRunner();
    private ConsoleApp app;
    /** Holds the slow operation's first step until the test lets it go. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch inFirstStep = new CountDownLatch(1);
    /** The steps whose work ran, in order: the operation's own record. */
    private final List<String> ran = new CopyOnWriteArrayList<>();

    /** Three steps; the first waits for the test. */
    private final class SlowBackup implements Operation<Void> {
        @Override
        public Plan plan(Cancellation cancellation) {
            return Plan.of("backup", "Slow backup", List.of(new Step("archive", "Archive the configs"),
                    new Step("tsdb", "Snapshot the TSDB"), new Step("upload", "Upload")));
        }

        @Override
        public OperationResult<Void> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
            return Execution.run(plan, listener, cancellation, ex -> {
                ex.step("archive", () -> {
                    ran.add("archive");
                    inFirstStep.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
                ex.step("tsdb", () -> {
                    ran.add("tsdb");
                });
                ex.step("upload", () -> {
                    ran.add("upload");
                });
                return null;
            });
        }
    }

    @BeforeEach
    void start() throws Exception {
        Path kubeconfig = KubeconfigFiles.twoContexts(dir.resolve("kube"), "https://127.0.0.1:1");
        ConsoleServices services = new ConsoleServices(() -> List.of(kubeconfig), KubeconfigLoader::load,
                new ClusterConnector(Duration.ofSeconds(10))::connect, ConsoleSettings.load(dir.resolve("config")),
                new FxTaskRunner());
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        runner.close();
    }

    @Test
    void aRunningOperationIsListedAndItsCancelStopsItAfterTheCurrentStep() throws Exception {
        AtomicReference<OperationModel<Void>> operation = new AtomicReference<>();
        AtomicReference<OperationResult<Void>> result = new AtomicReference<>();
        WaitForAsyncUtils.asyncFx(() -> {
            OperationModel<Void> op = new OperationModel<>(new SlowBackup(), runner, Platform::runLater,
                    app.shell().activity());
            operation.set(op);
            op.plan(plan -> op.run(result::set), error -> { });
        });
        assertThat(inFirstStep.await(20, TimeUnit.SECONDS)).as("the first step started").isTrue();
        FxWait.until(() -> FxWait.text(robot, "#activityButton").equals("1 running"));

        FxWait.click(robot, "#activityButton");

        FxWait.until(() -> robot.lookup("#activityRunning .task-cancel-button").tryQuery()
                .map(b -> !b.isDisabled()).orElse(false));
        assertThat(labelIn("#activityRunning", ".task-title")).isEqualTo("Slow backup");
        assertThat(labelIn("#activityRunning", ".task-message")).isEqualTo("Archive the configs");

        FxWait.click(robot, "#activityRunning .task-cancel-button");

        FxWait.until(() -> labelIn("#activityRunning", ".task-message").equals("Cancelling after the current step…"));
        release.countDown();
        FxWait.until(() -> result.get() != null);
        assertThat(result.get().cancelled()).isTrue();
        assertThat(ran).as("the later steps did not run").containsExactly("archive");
        assertThat(result.get().outcome("tsdb").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        assertThat(result.get().outcome("upload").status()).isEqualTo(StepOutcome.Status.NOT_RUN);
        FxWait.until(() -> robot.lookup("#activityRunning .task-cancel-button").tryQuery().isEmpty());
        ListView<Entry> recent = robot.lookup("#activityRecent").queryListView();
        FxWait.until(() -> recent.getItems().size() == 1);
        assertThat(recent.getItems().get(0).operation()).isSameAs(operation.get());
        assertThat(recent.getItems().get(0).outcome().label()).isEqualTo("Cancelled");
        // The list's cells are laid out on a later pulse than its items change: wait for the row to be drawn.
        FxWait.until(() -> labelIn("#activityRecent", ".list-cell .label").equals("Slow backup"));
        assertThat(WaitForAsyncUtils.waitForAsyncFx(30_000, () -> robot.lookup("#activityRecent .outcome-summary")
                .queryAll().stream().map(n -> ((Text) n).getText()).toList()))
                .containsExactly("Cancelled: 1 of 3 steps done, 2 not run.");
        assertThat(FxWait.text(robot, "#activityButton")).isEqualTo("Activity");
    }

    @Test
    void ctrlShiftAOpensAndClosesThePanel() throws Exception {
        assertThat(robot.lookup("#activityPanel").tryQuery()).isEmpty();

        press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.A);
        FxWait.until(() -> robot.lookup("#activityPanel").tryQuery().map(Node::isVisible).orElse(false));
        assertThat(robot.lookup("#activityRecent").queryListView().getItems()).isEmpty();

        press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.A);
        FxWait.until(() -> robot.lookup("#activityPanel").tryQuery().isEmpty());
        assertThat(MainWindow.SHORTCUTS).anySatisfy(s -> assertThat(s[0]).isEqualTo("Ctrl+Shift+A"));
    }

    @Test
    void f1ListsTheShortcutsInADialogThatCloses() throws Exception {
        press(KeyCode.F1);

        FxWait.until(() -> robot.lookup("#shortcutsDialog").tryQuery().isPresent());
        assertThat(WaitForAsyncUtils.waitForAsyncFx(30_000, () -> robot.lookup("#shortcutsTable .label").queryAll()
                .stream().map(n -> ((Label) n).getText()).toList())).contains("Ctrl+Shift+A", "F1");

        Button close = robot.lookup("#shortcutsDialog .button").queryButton();
        FxWait.click(robot, close);
        FxWait.until(() -> robot.lookup("#shortcutsDialog").tryQuery().isEmpty());
    }

    /** The text of the first label with {@code styleClass} under the node with {@code id}, read on the FX thread. */
    private String labelIn(String id, String styleClass) {
        return WaitForAsyncUtils.waitForAsyncFx(30_000, () -> robot.lookup(id + " " + styleClass).queryAll().stream()
                .filter(Node::isVisible).map(n -> ((Label) n).getText()).filter(t -> t != null && !t.isEmpty())
                .findFirst().orElse(""));
    }

    private void press(KeyCode... keys) {
        robot.press(keys);
        KeyCode[] reversed = new KeyCode[keys.length];
        for (int i = 0; i < keys.length; i++) {
            reversed[i] = keys[keys.length - 1 - i];
        }
        robot.release(reversed);
    }
}
