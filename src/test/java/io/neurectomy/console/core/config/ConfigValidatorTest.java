package io.neurectomy.console.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.testing.RealServers;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Positions and messages of each kind of problem, secrets kept out of messages, robustness, and the tools merged. */
class ConfigValidatorTest {
    private static final ConfigValidator BUILT_IN = ConfigValidator.builtIn();

    private static Finding only(ConfigKind kind, String text) {
        ValidationReport report = BUILT_IN.validate(kind, text);
        assertThat(report.errors()).as(report.findings().toString()).hasSize(1);
        return report.errors().get(0);
    }

    private static void at(Finding p, int line, int column, String message) {
        assertThat(p.message()).contains(message);
        assertThat(LineColumn.of(p).line()).as(p.toString()).isEqualTo(line);
        assertThat(LineColumn.of(p).column()).as(p.toString()).isEqualTo(column);
    }

    @Test
    void yamlSyntaxErrorIsPlacedAtItsLineAndColumn() {
        Finding p = only(ConfigKind.PROMETHEUS, "global:\n  scrape_interval: 15s\n scrape_timeout: 10s\n");

        at(p, 3, 2, "YAML syntax");
        assertThat(p.code()).isEqualTo("yaml");
    }

    @Test
    void unknownFieldSuggestsTheClosestKnownOne() {
        Finding p = only(ConfigKind.PROMETHEUS, "global:\n  scrape_intervall: 15s\n");

        at(p, 2, 3, "unknown field 'scrape_intervall' in global; did you mean 'scrape_interval'?");
        assertThat(p.code()).isEqualTo("prometheus");
    }

    @Test
    void badDurationSaysHowToWriteIt() {
        Finding p = only(ConfigKind.PROMETHEUS, "scrape_configs:\n  - job_name: a\n    scrape_interval: 5 minutes\n");

        at(p, 3, 22, "scrape_configs[0].scrape_interval: '5 minutes' is not a valid duration; write 5m");
    }

    @Test
    void invalidLabelNameProposesAValidOne() {
        Finding p = only(ConfigKind.PROMETHEUS, "global:\n  external_labels:\n    k8s-cluster: a\n");

        at(p, 3, 5, "'k8s-cluster' is not a valid label name");
        assertThat(p.message()).contains("'k8s_cluster'");
    }

    @Test
    void regexThatRe2RefusesIsAnError() {
        Finding p = only(ConfigKind.PROMETHEUS, "scrape_configs:\n  - job_name: a\n    metric_relabel_configs:\n"
                + "      - action: drop\n        source_labels: [__name__]\n        regex: '(?!go_).*'\n");

        at(p, 6, 16, "negative look-ahead");
    }

    @Test
    void duplicateJobNamePointsAtTheSecondAndNamesTheFirst() {
        Finding p = only(ConfigKind.PROMETHEUS, "scrape_configs:\n  - job_name: a\n  - job_name: b\n  - job_name: a\n");

        at(p, 4, 15, "job_name 'a' is used twice (first at line 2)");
    }

    @Test
    void kubernetesDiscoveryIsAccepted() {
        ValidationReport report = BUILT_IN.validate(ConfigKind.PROMETHEUS, "scrape_configs:\n  - job_name: pods\n"
                + "    kubernetes_sd_configs:\n      - role: pod\n    consul_sd_configs:\n      - server: c:8500\n");

        assertThat(report.findings()).isEmpty();
    }

    @Test
    void duplicateGroupNameIsAnError() {
        Finding p = only(ConfigKind.RULES, "groups:\n  - name: g\n    rules: []\n  - name: g\n    rules: []\n");

        at(p, 4, 11, "group name 'g' is repeated in the same file (first at line 2)");
        assertThat(p.code()).isEqualTo("rules");
    }

    @Test
    void missingExprIsAnError() {
        Finding p = only(ConfigKind.RULES, "groups:\n  - name: g\n    rules:\n      - alert: Down\n        for: 1m\n");

        at(p, 4, 9, "alert 'Down' has no expr");
    }

    @Test
    void forMustBeADuration() {
        Finding p = only(ConfigKind.RULES, "groups:\n  - name: g\n    rules:\n      - alert: Down\n"
                + "        expr: up == 0\n"
                + "        for: 10\n");

        at(p, 6, 14, "'10' is not a valid duration; add a unit, e.g. 10s");
    }

    @Test
    void alertAndRecordAreExclusive() {
        Finding p = only(ConfigKind.RULES, "groups:\n  - name: g\n    rules:\n      - alert: A\n        record: a:b:c\n"
                + "        expr: up\n");

        at(p, 4, 9, "has both 'alert' and 'record'");
    }

    @Test
    void recordingRuleOutsideTheNamingConventionIsOnlyAWarning() {
        ValidationReport report = BUILT_IN.validate(ConfigKind.RULES, "groups:\n  - name: g\n    rules:\n"
                + "      - record: requests_rate\n        expr: rate(x[5m])\n");

        assertThat(report.valid()).isTrue();
        assertThat(report.warnings()).singleElement().satisfies(p -> at(p, 4, 17, "is not named "
                + "level:metric:operations"));
    }

    @Test
    void labelValuesMustBeStrings() {
        ValidationReport report = BUILT_IN.validate(ConfigKind.RULES, "groups:\n  - name: g\n    rules:\n"
                + "      - alert: A\n        expr: up == 0\n        labels:\n          page: true\n"
                + "          team: [a, b]\n");

        assertThat(report.errors()).singleElement().satisfies(p -> at(p, 8, 17, "labels.team must be a string, "
                + "not a list"));
        assertThat(report.warnings()).singleElement().satisfies(p -> at(p, 7, 17, "which YAML reads as a boolean; "
                + "quote it"));
    }

    @Test
    void promqlErrorIsPlacedInsideABlockScalar() {
        Finding p = only(ConfigKind.RULES, "groups:\n  - name: g\n    rules:\n      - record: a:b:c\n        expr: |\n"
                + "          sum by (job) (\n            rate(x[5m] offset)\n          )\n");

        at(p, 7, 30, "PromQL: unexpected \")\" after offset; expected a duration");
        assertThat(p.code()).isEqualTo("promql");
    }

    @Test
    void promqlErrorIsPlacedInsideADoubleQuotedScalarWithEscapes() {
        Finding p = only(ConfigKind.RULES, "groups:\n  - name: g\n    rules:\n      - record: a:b:c\n"
                + "        expr: \"sum(x{a=\\\"b\\\"}) by (job) +\"\n");

        at(p, 5, 42, "unexpected end of input");
    }

    @Test
    void undefinedReceiverSuggestsTheDefinedOne() {
        Finding p = only(ConfigKind.ALERTMANAGER, "route:\n  receiver: team-a\n  routes:\n    - receiver: tema-b\n"
                + "receivers:\n  - name: team-a\n  - name: team-b\n");

        at(p, 4, 17, "route.routes[0] uses receiver 'tema-b', which is not defined; did you mean 'team-b'?");
        assertThat(p.code()).isEqualTo("alertmanager");
    }

    @Test
    void matcherSyntaxIsCheckedInBothForms() {
        ValidationReport report = BUILT_IN.validate(ConfigKind.ALERTMANAGER, "route:\n  receiver: r\n  routes:\n"
                + "    - receiver: r\n      matchers: ['severity=\"critical\"', 'team=~\"a|(b\"']\n"
                + "    - receiver: r\n      match_re:\n        team: '(x'\n"
                + "receivers:\n  - name: r\n");

        assertThat(report.errors()).hasSize(2);
        at(report.errors().get(0), 5, 41, "matcher 'team=~' has an invalid regular expression");
        at(report.errors().get(1), 8, 15, "match_re.team: invalid regular expression");
    }

    @Test
    void inhibitRuleLabelsAndTimeIntervalsAreChecked() {
        ValidationReport report = BUILT_IN.validate(ConfigKind.ALERTMANAGER, "route:\n  receiver: r\n  routes:\n"
                + "    - receiver: r\n      active_time_intervals: [office]\n"
                + "inhibit_rules:\n  - source_matchers: [a=\"b\"]\n    equal: [ok, not-ok]\n"
                + "receivers:\n  - name: r\n"
                + "time_intervals:\n  - name: office\n    time_intervals:\n      - times:\n"
                + "          - {start_time: '18:00', end_time: '09:00'}\n        months: ['march:january']\n");

        assertThat(report.errors()).extracting(f -> LineColumn.of(f).line()).containsExactly(8, 15, 16);
        assertThat(report.errors().get(0).message()).contains("'not-ok' is not a valid label name");
        assertThat(report.errors().get(1).message()).contains("start_time must be before end_time");
        assertThat(report.errors().get(2).message()).contains("months range 'march:january' ends before it starts");
    }

    @Test
    void secretValuesNeverAppearInMessages() {
        String secret = "hunter2-VERY-secret";
        List<String> texts = List.of(
                "global:\n  slack_api_url: 'https://hooks.slack.com/services/" + secret + " x'\nroute:\n  receiver: r\n"
                        + "receivers:\n  - name: r\n",
                "route:\n  receiver: r\nreceivers:\n  - name: r\n    webhook_configs:\n      - url: 'hxxp://"
                        + secret + "'\n",
                "global:\n  smtp_auth_password: " + secret + "\n  smtp_auth_pasword: " + secret + "\n",
                "scrape_configs:\n  - job_name: a\n    basic_auth:\n      password: " + secret + "\n    bearer_token: "
                        + secret + "\n",
                "scrape_configs:\n  - job_name: a\n    basic_auth:\n      password: " + secret + " : x\n");

        for (String text : texts) {
            for (ConfigKind kind : ConfigKind.values()) {
                ValidationReport report = ConfigValidator.withTools().validate(kind, text);
                assertThat(report.findings()).isNotEmpty().allSatisfy(p -> assertThat(p.message()).doesNotContain(
                        secret));
                assertThat(report.toolVerdict().orElse("")).doesNotContain(secret);
            }
        }
    }

    @Test
    void neverThrowsOnTruncatedOrMangledInput() throws Exception {
        try (Stream<Path> files = Files.walk(corpus())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                for (int cut = 0; cut < text.length(); cut += 7) {
                    for (ConfigKind kind : ConfigKind.values()) {
                        String noise = cut % 3 == 0 ? "\t: [{" : cut % 3 == 1 ? "é⁄\u0000" : "";
                        String mangled = text.substring(0, cut) + noise + text.substring(cut).replace("up", "ùp");
                        ValidationReport report = BUILT_IN.validate(kind, mangled);
                        assertThat(report.findings()).noneSatisfy(p -> assertThat(p.code()).isEqualTo(
                                ConfigValidator.INTERNAL_FAILURE));
                    }
                }
            }
        }
    }

    @Test
    void refusesPathologicalNestingWithAProblemNotACrash() {
        String yaml = "groups: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        String promql = "groups:\n  - name: g\n    rules:\n      - record: a:b:c\n        expr: '"
                + "(".repeat(20_000) + "x" + ")".repeat(20_000) + "'\n";

        assertThat(BUILT_IN.validate(ConfigKind.RULES, yaml).errors()).singleElement()
                .satisfies(p -> assertThat(p.code()).isEqualTo("yaml"));
        assertThat(BUILT_IN.validate(ConfigKind.RULES, promql).errors()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("nested more than 200 levels"));
    }

    @Test
    void givesTheSameAnswerFromManyThreadsAtOnce() throws Exception {
        String text = Files.readString(corpus().resolve("rules/valid-promql-features.yml"));
        ValidationReport expected = BUILT_IN.validate(ConfigKind.RULES, text + "\n      - record: x\n");

        List<ValidationReport> reports = IntStream.range(0, 64).parallel()
                .mapToObj(i -> BUILT_IN.validate(ConfigKind.RULES, text + "\n      - record: x\n")).toList();

        assertThat(reports).allSatisfy(r -> assertThat(r).isEqualTo(expected));
    }

    @Test
    void guessesTheKindFromTheTopLevelFields() {
        assertThat(ConfigValidator.guessKind("groups: []\n")).contains(ConfigKind.RULES);
        assertThat(ConfigValidator.guessKind("route:\n  receiver: a\n")).contains(ConfigKind.ALERTMANAGER);
        assertThat(ConfigValidator.guessKind("scrape_configs: []\n")).contains(ConfigKind.PROMETHEUS);
        assertThat(ConfigValidator.guessKind("- a\n")).isEmpty();
        assertThat(ConfigValidator.guessKind("a: [")).isEmpty();
        assertThat(ConfigValidator.guessKind("route:\n\treceiver: a\n")).contains(ConfigKind.ALERTMANAGER);
    }

    @Test
    void aLongKubernetesLabelSelectorIsJudgedWithoutOverflowingTheStack() {
        // A set of 50,000 values: a regular expression over it overflowed the stack, an Error no caller catches.
        String values = "a,".repeat(50_000);
        String text = "scrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs:\n      - role: pod\n"
                + "        selectors:\n          - role: pod\n            label: 'app in (" + values + "b)'\n"
                + "          - role: node\n";

        ValidationReport report = BUILT_IN.validate(ConfigKind.PROMETHEUS, text);

        assertThat(report.errors()).extracting(p -> p.message()).anySatisfy(m -> assertThat(m)
                .contains("role pod supports only pod selectors"));
        assertThat(report.errors()).extracting(p -> p.message()).noneSatisfy(m -> assertThat(m)
                .contains("does not parse"));
    }

    @Test
    void withToolsMergesWhatOnlyPromtoolFinds() {
        RealServers.require(RealServers.PROMTOOL);
        // A parenthesis left open in a template: the built-in checks do not parse template pipelines.
        String text = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n"
                + "        annotations:\n          summary: '{{ ($labels.job }}'\n";
        assertThat(BUILT_IN.validate(ConfigKind.RULES, text).valid()).isTrue();

        ValidationReport report = ConfigValidator.withTools().validate(ConfigKind.RULES, text);

        assertThat(report.valid()).isFalse();
        assertThat(report.errors()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("promtool");
            assertThat(p.message()).contains("unclosed left paren").doesNotContain("/tmp");
            assertThat(LineColumn.of(p).line()).isEqualTo(4);
        });
        assertThat(report.toolVerdict()).hasValueSatisfying(v -> assertThat(v).startsWith("promtool: FAILED"));
    }

    @Test
    void withToolsChecksKubernetesConfigsWithoutTheKindsDebianLacks() {
        RealServers.require(RealServers.PROMTOOL);
        String text = "scrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs:\n      - role: pod\n"
                + "        namespaces:\n          names: [monitoring]\n    relabel_configs:\n"
                + "      - source_labels: [__meta_kubernetes_pod_name]\n        target_label: pod\n";

        ValidationReport report = ConfigValidator.withTools().validate(ConfigKind.PROMETHEUS, text);

        assertThat(report.findings()).isEmpty();
        assertThat(report.toolVerdict()).hasValue("promtool: SUCCESS (checked without kubernetes_sd_configs, which "
                + "Debian's promtool lacks)");
    }

    @Test
    void withToolsSkipsPromtoolWhenTheMissingKindCannotBeCutOut() {
        RealServers.require(RealServers.PROMTOOL);
        String text = "scrape_configs:\n  - kubernetes_sd_configs: [{role: pod}]\n    job_name: pods\n";

        ValidationReport report = ConfigValidator.withTools().validate(ConfigKind.PROMETHEUS, text);

        assertThat(report.valid()).isTrue();
        assertThat(report.toolVerdict()).hasValueSatisfying(v -> assertThat(v).startsWith("promtool not run: the "
                + "configuration uses kubernetes_sd_configs"));
    }

    @Test
    void withToolsReportsAmtoolsVerdict() {
        RealServers.require(RealServers.AMTOOL);

        ValidationReport report = ConfigValidator.withTools().validate(ConfigKind.ALERTMANAGER,
                "route:\n  receiver: nobody\nreceivers:\n  - name: r\n");

        assertThat(report.errors()).extracting(Finding::code).containsExactlyInAnyOrder("alertmanager", "amtool");
        assertThat(report.errors()).anySatisfy(p -> assertThat(p.message()).contains("undefined receiver \"nobody\""));
    }

    private static Path corpus() throws URISyntaxException {
        return Path.of(ConfigValidatorTest.class.getClassLoader().getResource("config-corpus").toURI());
    }
}
