package io.neurectomy.console.core.operation;

import java.util.Objects;

/**
 * One thing a plan changes.
 *
 * @param action  what happens to it
 * @param subject what it is: {@code ConfigMap/prometheus-config}, {@code prometheus-1}, an archive's file name
 * @param detail  more for people who want it (a diff, a size, a reason), or empty; never a secret value
 */
public record Change(Action action, String subject, String detail) {
    /** What a plan does to a thing. */
    public enum Action {
        CREATE, UPDATE, DELETE, RESTART, RELOAD, WRITE, UPLOAD, DOWNLOAD, UNCHANGED
    }

    public Change {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        detail = detail == null ? "" : detail;
    }

    /** {@code update  ConfigMap/prometheus-config}, the form plans are printed in. */
    public String line() {
        return String.format("%-9s %s", action.name().toLowerCase(java.util.Locale.ROOT), subject);
    }
}
