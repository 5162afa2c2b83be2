package io.neurectomy.console.core.health;

import io.neurectomy.console.core.check.Check;
import java.util.Objects;

/**
 * One health check: what it is called, where it belongs, what a person would run by hand to see the same, and the
 * check itself.
 *
 * @param code  stable identifier, also the code of the findings it returns ({@code prometheus-targets})
 * @param area  the part of the stack it looks at
 * @param title what it verifies, in a few words
 * @param guide the deployment guide's equivalent (a kubectl, curl or amtool command)
 * @param check reads the stack through the context and returns what it found
 */
public record HealthProbe(String code, HealthArea area, String title, String guide, Check<HealthContext> check) {
    public HealthProbe {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(guide, "guide");
        Objects.requireNonNull(check, "check");
    }

    /** The guide's equivalent for the stack in {@code namespace} (its placeholder {@code NS} filled in). */
    public String guide(String namespace) {
        return guide.replaceAll("\\bNS\\b", namespace);
    }
}
