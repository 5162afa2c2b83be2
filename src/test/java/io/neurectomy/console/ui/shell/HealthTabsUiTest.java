package io.neurectomy.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.neurectomy.console.core.endpoints.AlertmanagerApi.Alert;
import io.neurectomy.console.sandbox.SandboxCluster;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.RealServers;
import io.neurectomy.console.testing.ServerProcesses;
import io.neurectomy.console.ui.health.AlertsViewModel;
import io.neurectomy.console.ui.health.TargetsViewModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Health section's Targets and Alerts tabs in the window, on the sandbox with its real Prometheus and
 * Alertmanager processes: a target whose process is stopped shows among the failing rows, which come first, down,
 * with its scrape error (the sandbox's Grafana targets, which have no process, are down from the start); the firing
 * Watchdog is listed under its name; a silence created by clicks is active at the real Alertmanager, and expiring it
 * by clicks (confirmed) expires it there.
 */
class HealthTabsUiTest {
    private static final String NS = "monitoring";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private SandboxCluster sandbox;
    private ConsoleApp app;
    private String stopped;

    @BeforeEach
    void start() throws Exception {
        // What a previous test's teardown left behind (a port-forward cut by the closing sandbox) is not this test's.
        WaitForAsyncUtils.clearExceptions();
        RealServers.require(RealServers.PROMETHEUS);
        RealServers.require(RealServers.ALERTMANAGER);
        sandbox = SandboxCluster.start(false);
        ConsoleServices services = SandboxServices.connectingTo(sandbox, dir.resolve("config"));
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(services));
        Poll.until(WAIT, "Prometheus and Alertmanager ready", () -> ready("prometheus") == 2
                && ready("alertmanager") == 3);
        FxWait.until(() -> robot.lookup("#healthView").tryQuery().map(Node::isVisible).orElse(false));
    }

    @AfterEach
    void stop() throws Exception {
        if (stopped != null) {
            ServerProcesses.signalPod(sandbox, NS, stopped, "CONT");
        }
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        if (sandbox != null) {
            sandbox.close();
        }
        WaitForAsyncUtils.clearExceptions();
    }

    @Test
    void aStoppedTargetIsDownWithItsErrorAmongTheFailingRowsListedFirst() throws Exception {
        FxWait.click(robot, "#healthTabTargets");
        TableView<TargetsViewModel.Row> table = robot.lookup("#targetsTable").queryTableView();
        FxWait.until(() -> table.getItems().stream().filter(r -> r.target().pod().equals("alertmanager-2")
                && r.target().health().equals("up")).count() == 2);

        ServerProcesses.signalPod(sandbox, NS, "alertmanager-2", "STOP");
        stopped = "alertmanager-2";

        // Each replica's next scrape of it times out; the tab follows the health checks while it is shown.
        FxWait.until(() -> table.getItems().stream().filter(r -> r.down() && r.target().pod().equals("alertmanager-2"))
                .count() == 2);
        List<TargetsViewModel.Row> rows = onFx(() -> List.copyOf(table.getItems()));
        int down = (int) rows.stream().filter(TargetsViewModel.Row::down).count();
        assertThat(rows.subList(0, down)).as("the failing rows first").allMatch(TargetsViewModel.Row::down);
        assertThat(rows.subList(down, rows.size())).noneMatch(TargetsViewModel.Row::down)
                .anyMatch(r -> r.target().health().equals("up"));
        List<TargetsViewModel.Row> stoppedRows = rows.stream().filter(r -> r.target().pod().equals("alertmanager-2"))
                .toList();
        assertThat(stoppedRows).allSatisfy(r -> {
            assertThat(r.target().health()).isEqualTo("down");
            assertThat(r.target().job()).isEqualTo("alertmanager");
            assertThat(r.target().lastError()).isNotBlank();
        });
        assertThat(stoppedRows).extracting(r -> r.target().replica())
                .containsExactlyInAnyOrder("prometheus-0", "prometheus-1");

        // The filter keeps what names the stopped pod; the replica choice keeps one replica's rows.
        FxWait.click(robot, "#targetsFilter");
        robot.write("alertmanager-2");
        FxWait.until(() -> table.getItems().size() == 2 && table.getItems().stream().allMatch(
                r -> r.target().pod().equals("alertmanager-2")));
        robot.interact(() -> app.shell().healthTargets().replicaProperty().set("prometheus-1"));
        FxWait.until(() -> table.getItems().size() == 1
                && table.getItems().get(0).target().replica().equals("prometheus-1"));
        TableView<?> discovery = robot.lookup("#targetsDiscovery").queryTableView();
        assertThat(onFx(() -> discovery.getItems().size())).isPositive();
    }

    @Test
    void theWatchdogIsListedAndASilenceIsCreatedAndExpiredByClicks() throws Exception {
        FxWait.click(robot, "#healthTabAlerts");
        TreeTableView<Object> tree = robot.lookup("#alertsTree").query();
        FxWait.until(() -> watchdog(tree).isPresent());
        assertThat(onFx(() -> watchdog(tree).orElseThrow().getParent().getValue())).as("its group")
                .isInstanceOfSatisfying(AlertsViewModel.Group.class, g -> assertThat(g.name()).isEqualTo("Watchdog"));

        // Select the Watchdog's row and silence it: its labels are the dialog's matchers.
        // The tree is refreshed live: rows and buttons are clicked where they still are, until the click took.
        FxWait.clickUntil(robot, () -> robot.lookup((TreeTableRow<?> r) -> r.getItem() instanceof Alert a
                && a.name().equals("Watchdog")).tryQuery(), () -> tree.getSelectionModel().getSelectedItem() != null
                && tree.getSelectionModel().getSelectedItem().getValue() instanceof Alert a
                && a.name().equals("Watchdog"));
        FxWait.clickUntil(robot, () -> robot.lookup("#alertsSilence").tryQuery(),
                () -> robot.lookup("#silenceDialog").tryQuery().isPresent());
        TextArea matchers = robot.lookup("#silenceMatchers").query();
        String prefilled = onFx(matchers::getText);
        assertThat(prefilled).contains("alertname=\"Watchdog\"").contains("severity=\"info\"");
        Button create = robot.lookup((Button b) -> "Create silence".equals(b.getText())).queryButton();
        assertThat(onFx(create::isDisabled)).as("no comment yet").isTrue();
        String comment = "maintenance " + UUID.randomUUID();
        TextField commentField = robot.lookup("#silenceComment").query();
        // The comment is entered on the FX thread, as HealthAckUiTest fills its dialog: keys the headless robot types
        // into a dialog's window did not reliably reach the field.
        robot.interact(() -> commentField.setText(comment));
        FxWait.until(() -> comment.equals(commentField.getText()));
        FxWait.until(() -> !create.isDisabled());
        FxWait.click(robot, create);

        JsonNode silence = Poll.until(WAIT, () -> silences().stream().filter(s -> s.path("comment").asString()
                .equals(comment)).findFirst(), Optional::isPresent, "the silence at Alertmanager").orElseThrow();
        String id = silence.path("id").asString();
        assertThat(silence.path("status").path("state").asString()).isEqualTo("active");
        assertThat(silence.path("createdBy").asString()).isEqualTo(System.getProperty("user.name"));
        List<String> names = new ArrayList<>();
        silence.path("matchers").forEach(m -> names.add(m.path("name").asString() + "=" + m.path("value")
                .asString()));
        assertThat(names).contains("alertname=Watchdog");
        Duration length = Duration.between(java.time.Instant.parse(silence.path("startsAt").asString()),
                java.time.Instant.parse(silence.path("endsAt").asString()));
        assertThat(length).isBetween(Duration.ofMinutes(119), Duration.ofHours(2));
        // The window lists it, and the Watchdog as silenced by it.
        FxWait.until(() -> watchdog(tree).map(i -> i.getValue() instanceof Alert a && a.silencedBy().contains(id))
                .orElse(false));

        // Expire it by its row's button, confirmed.
        FxWait.clickUntil(robot, () -> robot.lookup((Button b) -> "Expire".equals(b.getText())
                && id.equals(b.getUserData()) && b.getScene() != null).tryQuery(),
                () -> robot.lookup("#confirmation").tryQuery().isPresent());
        DialogPane confirmation = robot.lookup("#confirmation").query();
        assertThat(onFx(confirmation::getHeaderText)).isEqualTo("Expire silence " + id + "?");
        assertThat(silenceState(id)).as("nothing expired before the yes").isEqualTo("active");
        FxWait.click(robot, robot.from(confirmation).lookup((Button b) -> "Expire".equals(b.getText()))
                .queryButton());

        Poll.until(WAIT, "the silence expired at Alertmanager", () -> "expired".equals(silenceState(id)));
        FxWait.until(() -> robot.lookup((Button b) -> id.equals(b.getUserData())).tryQuery().isEmpty());
    }

    /** The Watchdog's row in the alerts tree, if shown. */
    private static Optional<TreeItem<Object>> watchdog(TreeTableView<Object> tree) {
        return tree.getRoot().getChildren().stream().flatMap(g -> g.getChildren().stream())
                .filter(i -> i.getValue() instanceof Alert a && a.name().equals("Watchdog")).findFirst();
    }

    private long ready(String app) {
        return sandbox.adminClient().pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
                .filter(Readiness::isPodReady).count();
    }

    /** The silences alertmanager-1 keeps, through a port-forward of the test's own. */
    private List<JsonNode> silences() {
        try (LocalPortForward forward = sandbox.adminClient().pods().inNamespace(NS).withName("alertmanager-1")
                .portForward(9093)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + forward.getLocalPort() + "/api/v2/silences"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            List<JsonNode> list = new ArrayList<>();
            JSON.readTree(response.body()).forEach(list::add);
            return list;
        } catch (Exception e) {
            return List.of();
        }
    }

    private String silenceState(String id) {
        return silences().stream().filter(s -> s.path("id").asString().equals(id)).findFirst()
                .map(s -> s.path("status").path("state").asString()).orElse("");
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) {
        return WaitForAsyncUtils.waitForAsyncFx(30_000, read);
    }

    /** Clicks the centre of the first shown node {@code query} finds, found and measured on the FX thread. */
}
