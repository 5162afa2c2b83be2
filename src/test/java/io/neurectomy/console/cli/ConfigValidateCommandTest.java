package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.testing.YamlBombs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ConfigValidateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path tmp;

    private int run(String... args) {
        CommandLine cli = ConsoleCommand.commandLine(options -> {
            throw new AssertionError("the window must not open");
        });
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private Path file(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void validFileExitsZeroAndSaysSo() throws Exception {
        Path f = file("prometheus.yml", "scrape_configs:\n  - job_name: a\n    static_configs:\n"
                + "      - targets: ['a:9100']\n");

        int code = run("config", "validate", f.toString());

        assertThat(code).isZero();
        assertThat(out.toString().lines()).containsExactly(f + ": valid prometheus file");
    }

    @Test
    void invalidFileExitsOneWithFileLineColumnLines() throws Exception {
        Path f = file("rules.yml", "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x)\n"
                + "        for: 5 min\n");

        int code = run("config", "validate", f.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                f + ":5:20: error: alert 'A': PromQL: expected type range vector in call to function \"rate\", got "
                        + "instant vector; add a range, e.g. rate(metric[5m]) [promql]",
                f + ":6:14: error: rules[0].for: '5 min' is not a valid duration; write 5m [rules]"
                        .replace("rules[0]", "groups[0].rules[0]"),
                f + ": INVALID rules file: 2 errors");
    }

    @Test
    void warningsAloneKeepExitCodeZero() throws Exception {
        Path f = file("r.yml", "groups:\n  - name: g\n    rules:\n      - record: requests_rate\n"
                + "        expr: rate(x[5m])\n");

        int code = run("config", "validate", "--kind", "rules", f.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains(f + ":4:17: warning: recording rule 'requests_rate' is not named")
                .contains(f + ": valid rules file (1 warning)");
    }

    @Test
    void kindGivenExplicitlyOverridesTheGuess() throws Exception {
        Path f = file("am.yml", "route:\n  receiver: a\nreceivers:\n  - name: a\n");

        assertThat(run("config", "validate", "--kind", "alertmanager", f.toString())).isZero();
        assertThat(run("config", "validate", "--kind", "prometheus", f.toString())).isEqualTo(1);
        assertThat(out.toString()).contains(f + ":1:1: error: unknown field 'route' at the top level");
    }

    @Test
    void unreadableFileExitsTwo() {
        int code = run("config", "validate", tmp.resolve("missing.yml").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read " + tmp.resolve("missing.yml") + ": no such file");
    }

    @Test
    void unknownKindIsAUsageError() throws Exception {
        Path f = file("x.yml", "groups: []\n");

        assertThat(run("config", "validate", "--kind", "grafana", f.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("expected prometheus, rules or alertmanager");
    }

    @Test
    void unguessableKindAsksForKind() throws Exception {
        Path f = file("x.yml", "foo: bar\n");

        assertThat(run("config", "validate", f.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("pass --kind prometheus|rules|alertmanager");
    }

    @Test
    void missingFileArgumentIsAUsageError() {
        assertThat(run("config", "validate")).isEqualTo(2);
        assertThat(run("config")).isEqualTo(2);
        assertThat(err.toString()).contains("validate");
    }

    @Test
    void jsonOutputIsOneDocumentWithEveryFindingAndItsPlace() throws Exception {
        Path f = file("rules.yml", "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x)\n"
                + "        for: 5 min\n");

        int code = run("config", "validate", "--output", "json", f.toString());

        assertThat(code).isEqualTo(1);
        JsonNode doc = JsonMapper.builder().build().readTree(out.toString());
        assertThat(doc.path("valid").asBoolean()).isFalse();
        assertThat(doc.path("kind").asString()).isEqualTo("rules");
        assertThat(doc.path("errors").asInt()).isEqualTo(2);
        List<String> findings = new ArrayList<>();
        doc.path("findings").forEach(x -> findings.add(x.path("severity").asString() + " " + x.path("code").asString()
                + " " + x.path("line").asInt() + ":" + x.path("column").asInt()));
        assertThat(findings).containsExactly("error promql 5:20", "error rules 6:14");
    }

    @Test
    // the timeout catches only the minutes the report saw, not a slow machine
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theNestedAliasConfigIsRefusedWithTheLimitItsPlaceAndWhatToDo() throws Exception {
        Path f = file("prometheus.yml", YamlBombs.nestedAliases(10, 9));

        int code = run("config", "validate", "--kind", "prometheus", "--tools", f.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                f + ":7:30: error: YAML limit: more than 50 aliases (*name) to lists or mappings; write the repeated"
                        + " parts out, or use fewer anchors (&name) [yaml]",
                f + ": promtool not run: the file breaks a YAML limit",
                f + ": INVALID prometheus file: 1 error");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void deeplyNestedFileIsRefusedWithTheDepthLimit() throws Exception {
        Path f = file("prometheus.yml", YamlBombs.deepLists(150));

        int code = run("config", "validate", "--kind", "prometheus", f.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains(f + ":1:103: error: YAML limit: lists and mappings are nested more than"
                + " 100 deep; flatten the document");
    }

    @Test
    void aFileLargerThanTheLimitIsNotRead() throws Exception {
        Path f = file("prometheus.yml", YamlBombs.oversized(9 * 1024 * 1024));

        int code = run("config", "validate", "--kind", "prometheus", f.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read " + f + ": YAML limit: the document is " + Files.size(f)
                + " bytes, more than the 8388608 the console reads; split it, or remove what it does not need");
    }
}
