package io.neurectomy.console.core.config.promql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromqlParserTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "up",
        "up{job=\"prometheus\", instance=~\"10\\\\..*\",}",
        "{__name__=~\"node_.+\"}",
        "rate(http_requests_total[5m])",
        "rate(http_requests_total[1h30m] offset -5m @ end())",
        "sum by (job) (rate(x[5m])) / ignoring(code) group_left sum without (code) (rate(y[5m]))",
        "sum(rate(x[5m])) by (job)",
        "max_over_time(deriv(rate(x[1m])[5m:1m])[1h:])",
        "histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))",
        "label_join(up, \"foo\", \",\", \"a\", \"b\", \"c\")",
        "round(x, 5)",
        "day_of_week()",
        "-x ^ 2",
        "1 + 2 * 3 > bool 4",
        "time() - 0x1F + 1e3 + .5 + Inf - NaN",
        "count_values(\"v\", build_info)",
        "a or b and c unless d",
        "x atan2 y",
        "label_replace(up, `raw\\string`, `x`, \"a\", \"(.*)\")",
        "foo # a comment\n + bar",
    })
    void acceptsValidExpressions(String expr) {
        assertThat(PromqlParser.check(expr)).as(expr).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rate(x)|5|expected type range vector in call to function \"rate\", got instant vector",
        "sum(x|5|expected \",\" or \")\"",
        "x offset 5|9|expected a duration",
        "rate(x[5m]) offset 1m|12|offset modifier must be preceded by",
        "x offset 5m [5m]|12|no offset modifiers allowed before range",
        "(x)[5m]|3|ranges only allowed for vector selectors",
        "x[5m][5m:]|5|subquery is only allowed on instant vector, got range vector",
        "1 > 2|2|comparisons between scalars must use BOOL modifier",
        "x + bool y|2|bool modifier can only be used on comparison operators",
        "x and 1|2|set operator \"and\" not allowed in binary scalar expression",
        "x and on(a) group_left y|2|no grouping allowed for \"and\" operation",
        "x * on(a) group_left(a) y|2|must not occur in ON and GROUP clause at once",
        "1 * on(a) x|2|vector matching only allowed between instant vectors",
        "{}|0|vector selector must contain at least one non-empty matcher",
        "{a=\"\"}|0|vector selector must contain at least one non-empty matcher",
        "x{__name__=\"y\"}|2|metric name must not be set twice",
        "x{a=~\"(\"}|5|invalid regular expression",
        "x{a=~\"(?=b)\"}|5|look-ahead",
        "x{a=b}|4|expected string",
        "x{a==\"b\"}|3|a matcher uses a single =",
        "topk(x)|0|expected 2, got 1",
        "sum(x, y)|0|expected 1, got 2",
        "quantile(\"a\", x)|9|expected type scalar in aggregation parameter, got string",
        "sum(x[5m])|4|expected type instant vector in aggregation expression, got range vector",
        "clamp(x, 1)|0|expected 3 argument(s) in call to \"clamp\", got 2",
        "round(x, 1, 2)|0|expected at most 2 argument(s) in call to \"round\", got 3",
        "label_join(x, \"a\")|0|expected at least 3 argument(s)",
        "rat(x[5m])|0|unknown function with name \"rat\"; did you mean rate?",
        "x > 5m|4|unexpected duration \"5m\"",
        "x[5x]|2|bad number or duration syntax",
        "x[30m1h]|2|bad duration",
        "sum by (a) x|11|aggregation operator",
        "rate(x[5m],)|10|trailing commas not allowed",
        "bool|0|unexpected keyword",
        "x / by (job) sum(y)|4|belongs right after an aggregation operator",
        "x + |3|unexpected end of input",
        "\"abc|0|unterminated quoted string",
        "\"a\\.b\"|2|unknown escape sequence",
        "x y|2|after a complete expression",
        "-\"a\"|0|unary expression only allowed on expressions of type scalar or instant vector",
        "x[5m] + 1|0|binary expression must contain only scalar and instant vector types",
        "x @ 1 @ 2|6|may not be set multiple times",
        "x * group_left y|4|needs on(...) or ignoring(...)",
        "|0|the expression is empty",
    })
    void reportsErrorsWithTheirOffset(String expr, int offset, String message) {
        String e = expr == null ? "" : expr;
        PromqlError error = PromqlParser.check(e).orElseThrow(() -> new AssertionError("accepted: " + e));

        assertThat(error.message()).contains(message);
        assertThat(error.offset()).as(error.message()).isEqualTo(offset);
    }

    @Test
    void refusesNonAsciiNamesWithoutHanging() {
        assertThat(PromqlParser.check("métrique_total")).hasValueSatisfying(e -> {
            assertThat(e.offset()).isEqualTo(1);
            assertThat(e.message()).contains("unexpected character 'é'");
        });
        assertThat(PromqlParser.check("é")).isPresent();
        assertThat(PromqlParser.check("x{a=\"é\"}")).isEmpty();
        assertThat(PromqlParser.check("x[５m]")).isPresent();
    }

    @Test
    void refusesPathologicalNestingInsteadOfOverflowingTheStack() {
        String deep = "(".repeat(100_000) + "x" + ")".repeat(100_000);

        assertThat(PromqlParser.check(deep)).hasValueSatisfying(e -> assertThat(e.message())
                .contains("nested more than 200 levels"));
        assertThat(PromqlParser.check("-".repeat(50_000) + "x")).isPresent();
        assertThat(PromqlParser.check("(".repeat(150) + "x" + ")".repeat(150))).isEmpty();
    }

    @Test
    void typesTheResult() {
        assertThat(PromqlParser.parse("x[5m]").type()).contains(ValueType.MATRIX);
        assertThat(PromqlParser.parse("1 + 1").type()).contains(ValueType.SCALAR);
        assertThat(PromqlParser.parse("\"s\"").type()).contains(ValueType.STRING);
        assertThat(PromqlParser.parse("scalar(x) * 2").type()).contains(ValueType.SCALAR);
        assertThat(PromqlParser.parse("x * 2").type()).contains(ValueType.VECTOR);
    }
}
