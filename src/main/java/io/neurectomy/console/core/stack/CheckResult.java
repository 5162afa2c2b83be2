package io.neurectomy.console.core.stack;

/**
 * One finding of a consistency check.
 *
 * @param check    the check that found it
 * @param severity how bad it is
 * @param object   the object concerned ({@code Kind/name}, or a file such as {@code rules:slo.yml})
 * @param location where it is written ({@code file:line}), or empty
 * @param message  what is wrong and what to do, in a sentence or two
 */
public record CheckResult(StackCheck check, Severity severity, String object, String location, String message) {

    /** How bad a finding is. */
    public enum Severity {
        /** The stack would not work as intended (or would not be accepted): fix before deploying. */
        ERROR,
        /** The stack works but loses something it promises (HA, isolation): fix or accept knowingly. */
        WARNING,
        /** Worth knowing. */
        INFO
    }

    @Override
    public String toString() {
        return severity + " [" + check.id() + "] " + object + (location.isEmpty() ? "" : " (" + location + ")")
                + ": " + message;
    }
}
