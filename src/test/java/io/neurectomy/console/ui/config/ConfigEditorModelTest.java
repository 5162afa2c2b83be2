package io.neurectomy.console.ui.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.config.ConfigTarget;
import io.neurectomy.console.core.config.LineColumn;
import io.neurectomy.console.core.config.ValidationReport;
import io.neurectomy.console.core.util.TextDiff;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import io.neurectomy.console.testing.Poll;
import io.neurectomy.console.testing.YamlBombs;
import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfigEditorModelTest {
    static final String PROMETHEUS = """
            global:
              scrape_interval: 15s
              evaluation_interval: 15s
            scrape_configs:
              - job_name: prometheus
                static_configs:
                  - targets: ['localhost:9090']
            """;
    static final String ALERTMANAGER = """
            route:
              receiver: slack
            receivers:
              - name: slack
                slack_configs:
                  - api_url: 'https://hooks.slack.com/services/T0/B0/SECRET'
                    channel: '#alerts'
            """;

    private FakeConfigService service;
    private final ActivityLog activity = new ActivityLog();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private ConfigEditorModel prometheus;

    private ConfigEditorModel editor(ConfigTarget target) {
        ConfigEditorModel editor = new ConfigEditorModel(target, new InlineTaskRunner(), Runnable::run, activity,
                dialogs);
        editor.attach(service);
        return editor;
    }

    @BeforeEach
    void setUp() {
        service = new FakeConfigService().put(ConfigTarget.PROMETHEUS, Map.of("prometheus.yml", PROMETHEUS))
                .put(ConfigTarget.ALERTMANAGER, Map.of("alertmanager.yml", ALERTMANAGER))
                .put(ConfigTarget.RULES, Map.of("a.yml", "groups: []\n"));
        prometheus = editor(ConfigTarget.PROMETHEUS);
    }

    private ConfigDocument doc() {
        return prometheus.documents().get(0);
    }

    @Test
    void anErrorBlocksTheReviewAndIsPlacedAtItsLine() {
        doc().textProperty().set(PROMETHEUS.replace("scrape_interval: 15s", "scrape_interval: 15x"));
        prometheus.validate(doc());
        assertThat(doc().findings()).anySatisfy(p -> {
            assertThat(ValidationReport.isError(p)).isTrue();
            assertThat(LineColumn.of(p).line()).isEqualTo(2);
        });
        assertThat(doc().dirty()).isTrue();
        assertThat(prometheus.review()).isFalse();
        assertThat(prometheus.errorProperty().get()).contains("error(s) to fix");
        assertThat(service.applied).isEmpty();
    }

    @Test
    void aValidEditIsReviewedAsADiffThenAppliedAndSaved() {
        doc().textProperty().set(PROMETHEUS.replace("scrape_interval: 15s", "scrape_interval: 20s"));
        assertThat(prometheus.review()).isTrue();
        assertThat(prometheus.reviewProperty().get()).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo("prometheus.yml");
            assertThat(d.diff().lines()).contains(new TextDiff.Line(TextDiff.Kind.ADDED, 0, 2,
                    "  scrape_interval: 20s"));
        });
        prometheus.apply();
        assertThat(service.applied).singleElement().satisfies(data -> assertThat(data.get("prometheus.yml"))
                .contains("scrape_interval: 20s"));
        assertThat(doc().dirty()).isFalse();
        assertThat(prometheus.reportProperty().get().success()).isTrue();
        assertThat(prometheus.history()).hasSize(1);
        // The apply ran as an operation the Activity panel lists, step by step, and its outcome was notified.
        assertThat(activity.running()).isEmpty();
        assertThat(activity.recent()).singleElement().satisfies(op -> assertThat(op.steps())
                .extracting(row -> row.step().id() + " " + row.state()).containsExactly("validate DONE", "write DONE",
                        "reload-prometheus-0 DONE", "reload-prometheus-1 DONE", "rollback SKIPPED"));
        assertThat(dialogs.notified).singleElement().asString().startsWith("SUCCESS");
    }

    @Test
    void aConcurrentChangeOffersTheMergeAndLosesNothing() {
        doc().textProperty().set(PROMETHEUS.replace("scrape_interval: 15s", "scrape_interval: 20s"));
        service.changeBehindTheEditorsBack(ConfigTarget.PROMETHEUS, Map.of("prometheus.yml",
                PROMETHEUS.replace("evaluation_interval: 15s", "evaluation_interval: 30s")));
        prometheus.review();
        prometheus.apply();
        assertThat(prometheus.conflictProperty().get()).isNotNull();
        assertThat(prometheus.conflictProperty().get().clean()).isTrue();
        assertThat(service.applied).isEmpty();

        prometheus.useMerge();
        assertThat(doc().content()).contains("scrape_interval: 20s").contains("evaluation_interval: 30s");
        prometheus.review();
        prometheus.apply();
        assertThat(service.applied).singleElement().satisfies(data -> assertThat(data.get("prometheus.yml"))
                .contains("scrape_interval: 20s").contains("evaluation_interval: 30s"));
    }

    @Test
    void aRolledBackApplyKeepsTheEditAndShowsTheServersWords() {
        service.refuseContaining = "scrape_interval: 20s";
        doc().textProperty().set(PROMETHEUS.replace("scrape_interval: 15s", "scrape_interval: 20s"));
        prometheus.review();
        prometheus.apply();
        assertThat(prometheus.reportProperty().get().rolledBack()).isTrue();
        assertThat(dialogs.notified).singleElement().asString().startsWith("ERROR");
        assertThat(prometheus.errorProperty().get()).contains("previous config is back");
        assertThat(doc().content()).contains("scrape_interval: 20s");
        assertThat(doc().dirty()).isTrue();
        // The next apply goes against the restored version: no conflict.
        service.refuseContaining = null;
        prometheus.review();
        prometheus.apply();
        assertThat(prometheus.conflictProperty().get()).isNull();
        assertThat(service.applied).hasSize(1);
    }

    @Test
    void secretValuesStayHiddenUntilRevealedAndInTheReview() {
        ConfigEditorModel am = editor(ConfigTarget.ALERTMANAGER);
        ConfigDocument doc = am.documents().get(0);
        assertThat(doc.textProperty().get()).doesNotContain("SECRET").contains("‹secret-1›");
        doc.textProperty().set(doc.textProperty().get().replace("'#alerts'", "'#ops'"));
        assertThat(doc.content()).contains("hooks.slack.com/services/T0/B0/SECRET").contains("#ops");
        assertThat(am.review()).isTrue();
        assertThat(am.reviewProperty().get().toString()).doesNotContain("SECRET");
        doc.setRevealed(true);
        assertThat(doc.textProperty().get()).contains("SECRET").contains("#ops");
        am.apply();
        assertThat(service.applied).singleElement().satisfies(d -> assertThat(d.get("alertmanager.yml"))
                .contains("SECRET").contains("#ops"));
    }

    @Test
    void ruleFilesCanBeAddedAndRemoved() {
        ConfigEditorModel rules = editor(ConfigTarget.RULES);
        assertThat(rules.addFile("bad name")).isEmpty();
        assertThat(rules.addFile("extra.yml")).isPresent();
        rules.removeFile(rules.documents().get(0));
        assertThat(rules.documents()).extracting(ConfigDocument::key).containsExactly("extra.yml");
        assertThat(rules.review()).isTrue();
        rules.apply();
        assertThat(service.applied).singleElement().satisfies(d -> assertThat(d).containsOnlyKeys("extra.yml"));
    }

    @Test
    void aRestartRunsOnlyOnceTheUserConfirmedIt() {
        prometheus.restartServer();
        assertThat(dialogs.asked).singleElement().asString().contains("Restart every replica?");
        assertThat(service.restarted).isEmpty();
        assertThat(prometheus.statusProperty().get()).isEqualTo("Nothing was changed.");

        dialogs.answers.add(true);
        prometheus.restartServer();
        assertThat(service.restarted).containsExactly("prometheus");
        assertThat(prometheus.statusProperty().get()).contains("2 of 2 replicas restarted and ready");
        assertThat(activity.recent()).singleElement().satisfies(op -> assertThat(op.titleProperty().get())
                .isEqualTo("Restart prometheus"));
    }

    @Test
    void aReloadNeedsNoConfirmationAndRunsOnTheChosenReplica() {
        prometheus.reloadServer(java.util.Optional.of("prometheus-1"));
        assertThat(dialogs.asked).isEmpty();
        assertThat(prometheus.statusProperty().get()).isEqualTo("reloaded");
        assertThat(activity.recent()).singleElement().satisfies(op -> assertThat(op.steps())
                .extracting(row -> row.step().id()).containsExactly("reload-prometheus-1"));
    }

    @Test
    void pastingTheNestedAliasConfigShowsTheAliasLimitWhileTyping() {
        ConfigDocument doc = doc();
        doc.setContent(YamlBombs.nestedAliases(10, 9));

        prometheus.validateWhileTyping(doc);

        // the verdict is set by the validation thread (this model's "FX" executor runs inline); a read that overlaps
        // the one write is simply tried again
        Poll.until(Duration.ofSeconds(60), "the background verdict arrives", () -> {
            try {
                return doc.findings().stream().anyMatch(f -> f.message().startsWith("YAML limit:"));
            } catch (ConcurrentModificationException e) {
                return false;
            }
        });
        assertThat(doc.findings()).singleElement().satisfies(f -> {
            assertThat(f.message()).startsWith("YAML limit: more than 50 aliases");
            assertThat(LineColumn.of(f).line()).isEqualTo(7);
        });
    }
}
