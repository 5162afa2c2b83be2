package io.neurectomy.console.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.testing.YamlBombs;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile YAML given to the validator is refused with the limit it breaks, its place and what to do; the generous
 * timeouts only catch a validator that would otherwise work for minutes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConfigYamlLimitsTest {
    private static final ConfigValidator BUILT_IN = ConfigValidator.builtIn();

    private static Finding onlyError(String text) {
        ValidationReport report = BUILT_IN.validate(ConfigKind.PROMETHEUS, text);
        assertThat(report.valid()).isFalse();
        assertThat(report.errors()).as(report.findings().toString()).hasSize(1);
        Finding f = report.errors().get(0);
        assertThat(f.code()).isEqualTo("yaml");
        return f;
    }

    @Test
    void theNestedAliasConfigFromTheReportIsRefusedAtTheFirstAliasOverTheLimit() {
        String bomb = YamlBombs.nestedAliases(10, 9);
        assertThat(bomb.length()).isLessThan(500);

        Finding f = onlyError(bomb);

        // a0 takes line 1; line 7 holds aliases 46..54: the 51st is its sixth, at column 30.
        assertThat(f.message()).isEqualTo("YAML limit: more than 50 aliases (*name) to lists or mappings; write the"
                + " repeated parts out, or use fewer anchors (&name)");
        assertThat(LineColumn.of(f).line()).isEqualTo(7);
        assertThat(LineColumn.of(f).column()).isEqualTo(30);
    }

    @Test
    void fewAliasesThatStillExpandExponentiallyAreRefused() {
        // 48 aliases, under the count limit, expanding to 2^24 items
        Finding f = onlyError(YamlBombs.nestedAliases(24, 2));

        assertThat(f.message()).startsWith("YAML limit: aliases expand the document by more than 100000 nodes; ");
        assertThat(LineColumn.of(f).line()).isPositive();
    }

    @Test
    void aListThatContainsItselfIsRefused() {
        Finding f = onlyError("global: {}\nrule_files: &a\n  - *a\n");

        assertThat(f.message()).isEqualTo("YAML limit: an alias refers to the list or mapping that contains it;"
                + " remove the alias: the document must not contain itself");
        // placed at the list that contains itself
        assertThat(LineColumn.of(f).line()).isEqualTo(2);
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedWhereItCrossesIt() {
        Finding f = onlyError(YamlBombs.deepLists(150));

        assertThat(f.message()).startsWith("YAML limit: lists and mappings are nested more than 100 deep; ");
        // the top mapping is level 1, so the 100th '[' (column 3 + 100) is level 101
        assertThat(LineColumn.of(f).line()).isEqualTo(1);
        assertThat(LineColumn.of(f).column()).isEqualTo(103);
    }

    @Test
    void aliasesNestedDeeperThanTheLimitWhenExpandedAreRefused() {
        // 60 levels written out, then an alias of them placed 60 levels deep: 120 once expanded
        String deep = "[".repeat(60) + "]".repeat(60);
        String text = "a: &deep " + deep + "\nb: " + "[".repeat(59) + "*deep" + "]".repeat(59) + "\n";

        Finding f = onlyError(text);

        assertThat(f.message()).startsWith("YAML limit: with its aliases expanded, lists and mappings are nested more"
                + " than 100 deep; ");
    }

    @Test
    void aDocumentLargerThanTheLimitIsRefusedBeforeParsing() {
        String text = YamlBombs.oversized(9 * 1024 * 1024);

        Finding f = onlyError(text);

        assertThat(f.message()).isEqualTo("YAML limit: the document is " + text.length() + " characters, more than"
                + " the 8388608 the console reads; split it, or remove what it does not need");
    }

    @Test
    void ordinaryAnchorsAndMergeKeysStillValidate() {
        String text = "scrape_configs:\n"
                + "  - job_name: a\n    relabel_configs: &relabel\n      - source_labels: [__address__]\n"
                + "        target_label: instance\n    static_configs: [{targets: ['a:9100']}]\n"
                + "  - job_name: b\n    relabel_configs: *relabel\n    static_configs: [{targets: ['b:9100']}]\n";

        ValidationReport report = BUILT_IN.validate(ConfigKind.PROMETHEUS, text);

        assertThat(report.errors()).as(report.findings().toString()).isEmpty();
    }
}
