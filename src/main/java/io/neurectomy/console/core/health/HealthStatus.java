package io.neurectomy.console.core.health;

import io.neurectomy.console.core.check.Severity;

/**
 * The verdict of a health run, and the exit code {@code health} gives for it.
 *
 * <p>UNKNOWN findings of single probes (a component whose pods cannot be asked) are shown with their reasons but do
 * not decide the verdict; the stack counts as not checked only when its namespace could not be read at all.
 */
public enum HealthStatus {
    HEALTHY(0, "healthy"),
    WARNING(1, "warnings"),
    CRITICAL(3, "critical"),
    NOT_CHECKED(4, "could not check");

    private final int exitCode;
    private final String label;

    HealthStatus(int exitCode, String label) {
        this.exitCode = exitCode;
        this.label = label;
    }

    /** 0 healthy, 1 warnings only, 3 critical, 4 could not check (2 stays the usage error). */
    public int exitCode() {
        return exitCode;
    }

    public String label() {
        return label;
    }

    /** The verdict that a finding of {@code severity} asks for on its own. */
    static HealthStatus of(Severity severity) {
        return switch (severity) {
            case CRITICAL, ERROR -> CRITICAL;
            case WARNING -> WARNING;
            case UNKNOWN, INFO, OK -> HEALTHY;
        };
    }
}
