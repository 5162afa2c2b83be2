package io.neurectomy.console.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of one validation, placing each at a YAML node's line and column. */
final class Findings {
    private final List<Problem> problems = new ArrayList<>();
    private final String source;

    Findings(String source) {
        this.source = source;
    }

    void error(Node at, String message) {
        add(Problem.Severity.ERROR, at, message, source);
    }

    void warning(Node at, String message) {
        add(Problem.Severity.WARNING, at, message, source);
    }

    void add(Problem.Severity severity, Node at, String message, String from) {
        int line = at == null ? 0 : at.getStartMark().getLine() + 1;
        int column = at == null ? 0 : at.getStartMark().getColumn() + 1;
        problems.add(new Problem(severity, line, column, message, from));
    }

    void add(Problem problem) {
        problems.add(problem);
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /** The problems sorted by position (unknown positions last), then as found. */
    List<Problem> sorted() {
        List<Problem> copy = new ArrayList<>(problems);
        copy.sort(Comparator.comparingInt((Problem p) -> p.line() == 0 ? Integer.MAX_VALUE : p.line())
                .thenComparingInt(Problem::column));
        return copy;
    }
}
