package io.neurectomy.console.core.config.promql;

/**
 * A PromQL syntax or type error.
 *
 * @param offset  where in the expression (0-based character offset)
 * @param message what is wrong, in Prometheus's words where they are clear, with a hint where one helps
 */
public record PromqlError(int offset, String message) {
}
