package io.neurectomy.console.core.config.promql;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.testing.RealServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parser accepts and refuses the same expressions as Prometheus's own (through promtool check rules, which
 * parses every rule's expr): each expression below becomes a recording rule of one file, and the set of rules
 * promtool reports must equal the set this parser refuses.
 */
class PromqlAgreementTest {
    private static final List<String> EXPRESSIONS = List.of(
            "up", "up{job=\"a\"}", "{__name__=\"up\"}", "up{}", "{}", "{job=\"\"}", "{job=~\".*\"}", "{job=~\".+\"}",
            "{job!=\"\"}", "up{job=\"a\",}", "up{job=a}", "up{job==\"a\"}", "up{job=~\"(\"}",
            "rate(x[5m])", "rate(x)", "rate(x[5m] offset 1h)", "rate(x[5m]) offset 1h", "x offset 1h [5m]",
            "x[5m] offset -1h", "x @ 100", "x @ start()", "x @ end() offset 5m", "sum(x) @ 100", "x @ 1 @ 2",
            "x offset 1m offset 2m", "x[5m:1m]", "x[5m:]", "rate(x[5m])[1h:5m]", "x[5m][1h:]", "(x)[5m]",
            "sum(x)[5m]", "max_over_time(sum(rate(x[1m]))[1h:5m])", "x[5m30s]", "x[30s5m]", "x[5]", "x[1.5m]",
            "sum(x)", "sum by (a) (x)", "sum(x) by (a)", "sum without (a, b,) (x)", "sum by (a) (x) by (b)",
            "sum(x, y)", "sum()", "topk(3, x)", "topk(x)", "topk(\"3\", x)", "count_values(\"v\", x)",
            "count_values(3, x)", "quantile(0.9, x)", "sum(x[5m])", "sum by (a:b) (x)", "group(x)",
            "stddev(x)", "stdvar without () (x)",
            "x + y", "x + on(a) y", "x + ignoring(a) group_left(b) y", "x + on(a) group_right y",
            "x + group_left y", "x and y", "x and on(a) group_left y", "x or 1", "1 + 1", "1 > 1", "1 > bool 1",
            "x > bool 1", "x + bool 1", "x == bool y", "1 + on(a) x", "1 + on() x", "x * on(a) group_left(a) y",
            "2 ^ 3 ^ 2", "-x", "- - x", "-\"s\"", "-x[5m]", "+1", "x atan2 y", "x unless y", "x[5m] + 1",
            "\"a\" + 1", "x % 2", "x / -2",
            "abs(x)", "abs(x, y)", "abs()", "absent(nonexistent)", "absent_over_time(x[5m])", "clamp(x, 0, 1)",
            "clamp(x, 0)", "clamp_max(x, 1)", "day_of_week()", "day_of_week(x)", "day_of_week(x, y)",
            "histogram_quantile(0.9, rate(h[5m]))", "histogram_quantile(0.9, h[5m])", "holt_winters(x[5m], 0.5, 0.5)",
            "label_replace(x, \"a\", \"$1\", \"b\", \"(.*)\")", "label_replace(x, \"a\", \"$1\", \"b\")",
            "label_join(x, \"a\", \",\")", "label_join(x, \"a\", \",\", \"b\", \"c\")", "label_join(x, \"a\")",
            "pi()", "time()", "time(x)", "predict_linear(x[1h], 3600)", "round(x)", "round(x, 0.5)",
            "round(x, 1, 2)", "scalar(x)", "scalar(x) > bool 1", "vector(1)", "vector(x)", "sort_desc(x)",
            "timestamp(x)", "quantile_over_time(0.5, x[5m])", "rat(x[5m])", "nonexistent_fn(x)", "rate(x[5m],)",
            "sum(rate(x[5m])) by (job) / on(job) group_left sum(y) by (job)", "x > 5m", "5m", "x offset 5",
            "x{a=\"\\.\"}", "x{a=\"\\\\.\"}", "x{a=`\\.`}", "x{a='b'}", "x{a=\"b\"} # trailing comment",
            "0x1F + 1e3 + .5 + Inf + NaN", "1e", "sum(x", "x)", "x y", "x +", "(x", "()",
            "sum", "by", "on", "bool", "and", "offset",
            "without", "group_left", "ignoring", "atan2", "sum{a=\"b\"}",
            "sum by", "topk", "sum + 1", "by{a=\"b\"}", "x + by", "count_values",
            "x{a=~\"(?i)foo\"}", "x{a=~\"\\\\d+\"}", "x{a=~\"a{2,3}\"}", "x{a=~\"[[:alpha:]]+\"}",
            "x{a=~\"(?P<n>a)\"}", "x{a=~\"a++\"}", "x{a=~\"(?=a)\"}", "x{a=~\"\\\\1\"}",
            "count by (le) (x{le=~\"0.5|1\"})", "sum(x) without (a) * 2", "avg(x) + on() group_left vector(1)"
    );

    @TempDir
    Path tmp;

    @Test
    void refusesExactlyWhatPrometheusRefuses() throws Exception {
        Path promtool = RealServers.require(RealServers.PROMTOOL);
        StringBuilder file = new StringBuilder("groups:\n  - name: agreement\n    rules:\n");
        TreeMap<Integer, String> exprByLine = new TreeMap<>();
        for (int i = 0; i < EXPRESSIONS.size(); i++) {
            file.append("      - record: r").append(i).append('\n');
            int line = file.toString().split("\n", -1).length;
            exprByLine.put(line, EXPRESSIONS.get(i));
            file.append("        expr: '").append(EXPRESSIONS.get(i).replace("'", "''")).append("'\n");
        }
        Path rules = tmp.resolve("agreement.yml");
        Files.writeString(rules, file, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", rules.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Set<String> refusedByPromtool = new TreeSet<>();
        Matcher m = Pattern.compile("agreement\\.yml: (\\d+):\\d+: ").matcher(output);
        while (m.find()) {
            refusedByPromtool.add(exprByLine.get(Integer.parseInt(m.group(1))));
        }
        Set<String> refusedHere = new TreeSet<>();
        for (String e : EXPRESSIONS) {
            if (PromqlParser.check(e).isPresent()) {
                refusedHere.add(e);
            }
        }

        assertThat(refusedByPromtool).as("promtool found some errors").isNotEmpty();
        Set<String> onlyHere = new TreeSet<>(refusedHere);
        onlyHere.removeAll(refusedByPromtool);
        Set<String> onlyPromtool = new TreeSet<>(refusedByPromtool);
        onlyPromtool.removeAll(refusedHere);
        assertThat(onlyHere).as("refused here but accepted by promtool").isEmpty();
        assertThat(onlyPromtool).as("refused by promtool but accepted here:\n" + output).isEmpty();
    }
}
