package io.neurectomy.console.core.check;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing a check found: the one vocabulary of the topology's high-availability findings, the bundled stack's
 * consistency checks, config validation problems and the deploy's health summary (and of the health checks that
 * build on it).
 *
 * @param severity how urgent
 * @param code     stable identifier of the kind of finding ({@code replicas-share-node}, {@code yaml}), for tests,
 *                 filters and JSON
 * @param subject  what it is about: a workload, node, pod, object ({@code ConfigMap/prometheus-config}) or file
 * @param message  one line: what is wrong (or right); never a secret value
 * @param detail   what it means, in a sentence or two, or empty
 * @param fix      what fixes it, or empty
 * @param location where it is written ({@code file:line}, {@code line:column}), or empty
 * @param evidence the data the check read, for people who want to see why, or empty
 * @param action   the console's action that helps, if there is one
 */
public record Finding(Severity severity, String code, String subject, String message, String detail, String fix,
                      String location, String evidence, Optional<FixAction> action) {

    /** Most urgent first, then by subject and code: the order every list of findings is shown in. */
    public static final Comparator<Finding> URGENCY = Comparator.comparing(Finding::severity)
            .thenComparing(Finding::subject).thenComparing(Finding::code);

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        subject = subject == null ? "" : subject;
        Objects.requireNonNull(message, "message");
        detail = detail == null ? "" : detail;
        fix = fix == null ? "" : fix;
        location = location == null ? "" : location;
        evidence = evidence == null ? "" : evidence;
        action = action == null ? Optional.empty() : action;
    }

    /** A finding with no fix, location, evidence or action (add them with the {@code with…} methods). */
    public static Finding of(Severity severity, String code, String subject, String message) {
        return new Finding(severity, code, subject, message, "", "", "", "", Optional.empty());
    }

    public Finding withDetail(String text) {
        return new Finding(severity, code, subject, message, text, fix, location, evidence, action);
    }

    public Finding withFix(String text) {
        return new Finding(severity, code, subject, message, detail, text, location, evidence, action);
    }

    public Finding withLocation(String where) {
        return new Finding(severity, code, subject, message, detail, fix, where, evidence, action);
    }

    public Finding withEvidence(String data) {
        return new Finding(severity, code, subject, message, detail, fix, location, data, action);
    }

    public Finding withAction(FixAction fixAction) {
        return new Finding(severity, code, subject, message, detail, fix, location, evidence,
                Optional.of(fixAction));
    }

    /** Whether the finding asks for action ({@link Severity#actionable()}). */
    public boolean actionable() {
        return severity.actionable();
    }

    /** {@code WARNING [replicas-share-node] prometheus (file:line): message — fix}, for logs and plain output. */
    @Override
    public String toString() {
        return severity + " [" + code + "] " + subject + (location.isEmpty() ? "" : " (" + location + ")") + ": "
                + message + (fix.isEmpty() ? "" : " — " + fix);
    }
}
