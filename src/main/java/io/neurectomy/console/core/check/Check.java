package io.neurectomy.console.core.check;

import java.util.List;

/**
 * Something the console checks, over a subject it is given (a topology snapshot, a rendered stack, a config text, a
 * session). Returns what it found; a check that cannot run returns an {@link Severity#UNKNOWN} finding saying why,
 * never nothing.
 *
 * @param <T> what it checks
 */
@FunctionalInterface
public interface Check<T> {
    List<Finding> check(T subject);
}
