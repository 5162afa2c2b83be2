package io.neurectomy.console.core.config;

import io.neurectomy.console.core.check.Finding;

/**
 * Where a validation finding is in its text: line and column from 1, 0 when unknown. A {@link Finding} carries it as
 * its location ({@code "12:5"}, {@code "12"} without a column, empty when unknown); the editor reads it back to
 * underline the place.
 */
public record LineColumn(int line, int column) {
    public static final LineColumn UNKNOWN = new LineColumn(0, 0);

    public LineColumn {
        line = Math.max(0, line);
        column = line == 0 ? 0 : Math.max(0, column);
    }

    /** The place of {@code finding}, parsed from its location; {@link #UNKNOWN} when it has none. */
    public static LineColumn of(Finding finding) {
        return parse(finding.location());
    }

    /** Parses {@code "line:column"} or {@code "line"}; {@link #UNKNOWN} for anything else. */
    public static LineColumn parse(String location) {
        if (location == null || location.isBlank()) {
            return UNKNOWN;
        }
        String[] parts = location.strip().split(":", 2);
        try {
            return new LineColumn(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    public boolean known() {
        return line > 0;
    }

    /** The form a finding's location takes: {@code "12:5"}, {@code "12"}, or empty when unknown. */
    public String location() {
        return line == 0 ? "" : column == 0 ? String.valueOf(line) : line + ":" + column;
    }
}
