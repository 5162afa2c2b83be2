package io.neurectomy.console.core.stack;

/**
 * One thing wrong with the stack's files or values, located where a person can fix it.
 *
 * @param file    the file, relative to the stack's root (e.g. {@code manifests/08-prometheus.yaml}) or the user's
 *                values file as given
 * @param line    1-based line, 0 when the problem concerns no particular line
 * @param message what is wrong and what to do, without secret values
 */
public record StackProblem(String file, int line, String message) {

    /** {@code file:line: message}, the form compilers use. */
    @Override
    public String toString() {
        return (line > 0 ? file + ":" + line : file) + ": " + message;
    }
}
