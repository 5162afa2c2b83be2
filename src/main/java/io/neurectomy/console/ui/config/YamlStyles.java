package io.neurectomy.console.ui.config;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.config.LineColumn;
import io.neurectomy.console.core.config.ValidationReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * The style classes of a YAML text for the editor: keys, comments, strings, numbers and booleans, list dashes,
 * placeholders of hidden secrets, and the problems underlined where they are (line and column, to the end of the
 * token; the whole line when no column is known).
 */
final class YamlStyles {
    private static final Pattern TOKENS = Pattern.compile(
            "(?<COMMENT>(?:^|(?<=\\s))#[^\\n]*)"
                    + "|(?<SECRET>‹secret-\\d+›)"
                    + "|(?<KEY>^[ \\t]*(?:-[ \\t]+)?[^\\s:#'\"\\[\\]{}][^:\\n#]*?(?=:(?:\\s|$)))"
                    + "|(?<STRING>\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\n]|'')*')"
                    + "|(?<DASH>^[ \\t]*-(?=\\s))"
                    + "|(?<NUMBER>(?<=[\\s:\\[,])-?\\d+(?:\\.\\d+)?(?:[smhdwy]|ms)?(?=\\s|$|,|\\]))"
                    + "|(?<BOOL>(?<=[\\s:])(?:true|false|null|~)(?=\\s|$))",
            Pattern.MULTILINE);

    private YamlStyles() {
    }

    /** Syntax styles with the problems laid over them. */
    static StyleSpans<Collection<String>> compute(String text, List<Finding> findings) {
        StyleSpans<Collection<String>> syntax = syntax(text);
        if (findings.isEmpty() || text.isEmpty()) {
            return syntax;
        }
        return syntax.overlay(problemSpans(text, findings), (a, b) -> {
            if (b.isEmpty()) {
                return a;
            }
            List<String> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        });
    }

    static StyleSpans<Collection<String>> syntax(String text) {
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        Matcher m = TOKENS.matcher(text);
        int last = 0;
        while (m.find()) {
            String style = m.group("COMMENT") != null ? "yaml-comment"
                    : m.group("SECRET") != null ? "yaml-secret"
                    : m.group("KEY") != null ? "yaml-key"
                    : m.group("STRING") != null ? "yaml-string"
                    : m.group("DASH") != null ? "yaml-dash"
                    : m.group("NUMBER") != null ? "yaml-number" : "yaml-bool";
            spans.add(Collections.emptyList(), m.start() - last);
            spans.add(Collections.singleton(style), m.end() - m.start());
            last = m.end();
        }
        spans.add(Collections.emptyList(), text.length() - last);
        return spans.create();
    }

    /** Character ranges {@code [start, end)} that a finding covers in {@code text}. */
    static int[] range(String text, Finding finding) {
        LineColumn at = LineColumn.of(finding);
        int line = Math.max(1, at.line());
        int start = 0;
        for (int l = 1; l < line; l++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                start = text.length();
                break;
            }
            start = nl + 1;
        }
        int lineEnd = text.indexOf('\n', start);
        if (lineEnd < 0) {
            lineEnd = text.length();
        }
        if (at.column() <= 0) {
            int first = start;
            while (first < lineEnd && Character.isWhitespace(text.charAt(first))) {
                first++;
            }
            return new int[] {first, Math.max(first + 1, lineEnd)};
        }
        int from = Math.min(start + at.column() - 1, lineEnd);
        int to = from;
        while (to < lineEnd && !Character.isWhitespace(text.charAt(to))) {
            to++;
        }
        return new int[] {from, Math.max(to, from + 1)};
    }

    private static StyleSpans<Collection<String>> problemSpans(String text, List<Finding> findings) {
        // Ranges sorted, overlaps merged (an error wins over a warning on the same characters).
        List<int[]> ranges = new ArrayList<>();
        for (Finding f : findings) {
            int[] r = range(text, f);
            ranges.add(new int[] {Math.min(r[0], text.length()), Math.min(r[1], text.length()),
                    ValidationReport.isError(f) ? 1 : 0});
        }
        ranges.sort((x, y) -> Integer.compare(x[0], y[0]));
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        int last = 0;
        for (int[] r : ranges) {
            int from = Math.max(r[0], last);
            if (r[1] <= from) {
                continue;
            }
            spans.add(Collections.emptyList(), from - last);
            spans.add(Collections.singleton(r[2] == 1 ? "problem-error" : "problem-warning"), r[1] - from);
            last = r[1];
        }
        spans.add(Collections.emptyList(), Math.max(0, text.length() - last));
        return spans.create();
    }
}
