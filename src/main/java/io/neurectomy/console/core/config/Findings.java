package io.neurectomy.console.core.config;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Collects the findings of one validation, placing each at a YAML node's line and column. A finding's code is who
 * found it ({@code yaml}, {@code prometheus}, {@code rules}, {@code alertmanager}, {@code promql}, {@code promtool},
 * {@code amtool}); its location is {@code line:column} ({@link LineColumn}).
 */
final class Findings {
    private final List<Finding> found = new ArrayList<>();
    private final String source;
    private boolean refused;

    Findings(String source) {
        this.source = source;
    }

    /** A finding of {@code source} at {@code line}:{@code column} (0 when unknown). */
    static Finding at(Severity severity, int line, int column, String message, String source) {
        return Finding.of(severity, source, "", message).withLocation(new LineColumn(line, column).location());
    }

    void error(Node at, String message) {
        add(Severity.ERROR, at, message, source);
    }

    void warning(Node at, String message) {
        add(Severity.WARNING, at, message, source);
    }

    void add(Severity severity, Node at, String message, String from) {
        int line = at == null ? 0 : at.getStartMark().getLine() + 1;
        int column = at == null ? 0 : at.getStartMark().getColumn() + 1;
        found.add(at(severity, line, column, message, from));
    }

    void add(Finding finding) {
        found.add(finding);
    }

    /** Notes that the text broke a YAML limit and was not parsed: nothing else should read it. */
    void refuse(Finding finding) {
        found.add(finding);
        refused = true;
    }

    boolean refused() {
        return refused;
    }

    boolean hasErrors() {
        return found.stream().anyMatch(ValidationReport::isError);
    }

    /** The findings sorted by position (unknown positions last), then as found. */
    List<Finding> sorted() {
        List<Finding> copy = new ArrayList<>(found);
        copy.sort(Comparator.comparingInt((Finding f) -> {
            int line = LineColumn.of(f).line();
            return line == 0 ? Integer.MAX_VALUE : line;
        }).thenComparingInt(f -> LineColumn.of(f).column()));
        return copy;
    }
}
