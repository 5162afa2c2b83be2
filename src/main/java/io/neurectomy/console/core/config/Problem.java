package io.neurectomy.console.core.config;

import java.util.Objects;

/**
 * One finding of a validation, at a place in the text.
 *
 * @param severity whether the file is refused ({@link Severity#ERROR}) or only questionable
 * @param line     line of the text, from 1; 0 when unknown
 * @param column   column of the line, from 1; 0 when unknown
 * @param message  what is wrong and how to fix it; never contains a secret value
 * @param source   who found it: {@code yaml}, {@code prometheus}, {@code rules}, {@code alertmanager},
 *                 {@code promql}, {@code promtool} or {@code amtool}
 */
public record Problem(Severity severity, int line, int column, String message, String source) {
    /** How bad a problem is. */
    public enum Severity { ERROR, WARNING }

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
        line = Math.max(0, line);
        column = Math.max(0, column);
    }

    /** Whether the file is refused because of this problem. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return line + ":" + column + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message
                + " [" + source + "]";
    }
}
