package io.neurectomy.console.core.config;

import java.util.List;

/**
 * The check every write passes first: returns the problems that forbid writing {@code text} as {@code key} of
 * {@code target} (empty: it may be written). The transaction calls it before touching the cluster.
 */
@FunctionalInterface
public interface ConfigGate {
    List<String> problems(ConfigTarget target, String key, String text);

    /**
     * The standard gate: {@code validator}'s errors (with line and column) forbid the write; warnings do not.
     */
    static ConfigGate validating(ConfigValidator validator) {
        return (target, key, text) -> validator.validate(target.kind(), text).errors().stream()
                .map(f -> (f.location().isEmpty() ? "" : f.location() + ": ") + ValidationReport.describe(f))
                .toList();
    }

    /** A gate that lets everything through: only for tests that must reach the server's own checks. */
    static ConfigGate none() {
        return (target, key, text) -> List.of();
    }
}
