package io.neurectomy.console.ui.config;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.neurectomy.console.core.config.ConfigTarget;
import io.neurectomy.console.core.config.LineColumn;
import io.neurectomy.console.core.config.ValidationReport;
import io.neurectomy.console.core.util.TextDiff;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Config section on its own stage: type an error, see the marker, fix it, save, and see the diff. */
class ConfigViewUiTest {
    private final FxRobot robot = new FxRobot();
    private FakeConfigService service;
    private FxTaskRunner runner;
    private ConfigViewModel model;

    @BeforeEach
    void show() throws Exception {
        service = new FakeConfigService()
                .put(ConfigTarget.PROMETHEUS, Map.of("prometheus.yml", ConfigEditorModelTest.PROMETHEUS))
                .put(ConfigTarget.ALERTMANAGER, Map.of("alertmanager.yml", ConfigEditorModelTest.ALERTMANAGER))
                .put(ConfigTarget.RULES, Map.of("a.yml", "groups: []\n"));
        FxToolkit.registerPrimaryStage();
        runner = new FxTaskRunner();
        FxToolkit.setupStage(stage -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            model = new ConfigViewModel(runner, new ActivityLog(), new ScriptedDialogs());
            stage.setScene(new Scene((javafx.scene.Parent) new ConfigView(model).node(), 1100, 720));
            stage.show();
            model.attach(service);
        });
        FxWait.until(() -> !model.editor(ConfigTarget.PROMETHEUS).documents().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.setupFixture(() -> model.detach());
        FxToolkit.cleanupStages();
        runner.close();
    }

    private CodeArea editor() {
        return robot.lookup(".yaml-editor").queryAllAs(CodeArea.class).stream()
                .filter(a -> a.getScene() != null && a.isVisible() && a.getText().contains("scrape_interval"))
                .findFirst().orElseThrow();
    }

    private static boolean underlined(CodeArea area) {
        return IntStream.range(0, area.getLength())
                .anyMatch(i -> area.getStyleOfChar(i).contains("problem-error"));
    }

    @Test
    void typeAnErrorSeeTheMarkerFixItSaveAndSeeTheDiff() throws Exception {
        CodeArea area = editor();
        int at = area.getText().indexOf("15s") + 2;
        robot.interact(() -> {
            area.requestFocus();
            area.moveTo(at);
            area.selectRange(at, at + 1);
        });
        robot.write("x");
        FxWait.until(() -> underlined(area));
        assertThat(area.getText()).contains("scrape_interval: 15x");
        Set<String> styles = Set.copyOf(area.getStyleOfChar(area.getText().indexOf("15x")));
        assertThat(styles).contains("problem-error");
        ConfigDocument doc = model.editor(ConfigTarget.PROMETHEUS).documents().get(0);
        assertThat(doc.findings()).anySatisfy(p -> assertThat(LineColumn.of(p).line()).isEqualTo(2));

        // Fix it: 20s.
        robot.interact(() -> area.selectRange(area.getText().indexOf("15x"), area.getText().indexOf("15x") + 3));
        robot.write("20s");
        FxWait.until(() -> !underlined(area) && doc.findings().stream().noneMatch(ValidationReport::isError));

        robot.press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        FxWait.until(() -> robot.lookup("#config-review").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        ListView<TextDiff.Line> diff = (ListView<TextDiff.Line>) robot.lookup("#config-review .config-diff")
                .query();
        assertThat(diff.getItems()).contains(new TextDiff.Line(TextDiff.Kind.REMOVED, 2, 0, "  scrape_interval: 15s"),
                new TextDiff.Line(TextDiff.Kind.ADDED, 0, 2, "  scrape_interval: 20s"));
        assertThat(service.applied).isEmpty();

        FxWait.click(robot, "#config-review-apply");
        FxWait.until(() -> !service.applied.isEmpty() && !doc.dirty());
        assertThat(service.applied.get(0).get("prometheus.yml")).contains("scrape_interval: 20s");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#config-review").tryQuery()).isEmpty();
        assertThat(robot.lookup(".config-status").queryAllAs(Label.class).stream().filter(Node::isVisible)
                .map(Label::getText)).anySatisfy(t -> assertThat(t).contains("reloaded and verified"));
    }

    @Test
    void theAlertmanagerEditorHidesSecretsUntilRevealed() throws Exception {
        FxWait.click(robot, "Alertmanager config");
        WaitForAsyncUtils.waitForFxEvents();
        CodeArea area = robot.lookup(".yaml-editor").queryAllAs(CodeArea.class).stream()
                .filter(a -> a.getText().contains("receivers")).findFirst().orElseThrow();
        assertThat(area.getText()).doesNotContain("SECRET").contains("‹secret-1›");
        FxWait.click(robot, "#config-reveal");
        FxWait.until(() -> area.getText().contains("hooks.slack.com/services/T0/B0/SECRET"));
        Node reveal = robot.lookup("#config-reveal").query();
        robot.clickOn(reveal);
        FxWait.until(() -> !area.getText().contains("SECRET"));
    }

    @Test
    void aConcurrentChangeShowsBaseTheirsMineAndTheMerge() throws Exception {
        ConfigEditorModel editor = model.editor(ConfigTarget.PROMETHEUS);
        ConfigDocument doc = editor.documents().get(0);
        robot.interact(() -> doc.textProperty().set(ConfigEditorModelTest.PROMETHEUS
                .replace("scrape_interval: 15s", "scrape_interval: 20s")));
        service.changeBehindTheEditorsBack(ConfigTarget.PROMETHEUS, Map.of("prometheus.yml",
                ConfigEditorModelTest.PROMETHEUS.replace("evaluation_interval: 15s", "evaluation_interval: 30s")));
        robot.press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        FxWait.until(() -> robot.lookup("#config-review").tryQuery().isPresent());
        FxWait.click(robot, "#config-review-apply");
        FxWait.until(() -> robot.lookup("#config-conflict").tryQuery().isPresent());
        assertThat(robot.lookup("#config-conflict .tab").queryAll()).hasSize(3);
        assertThat(service.applied).isEmpty();

        FxWait.click(robot, "#config-use-merge");
        FxWait.until(() -> robot.lookup("#config-conflict").tryQuery().isEmpty());
        assertThat(editor.documents().get(0).content()).contains("scrape_interval: 20s")
                .contains("evaluation_interval: 30s");
        assertThat(editor.base().orElseThrow().resourceVersion())
                .isEqualTo(service.read(ConfigTarget.PROMETHEUS).resourceVersion());
    }
}
