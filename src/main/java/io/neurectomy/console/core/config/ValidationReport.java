package io.neurectomy.console.core.config;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of validating one file: every finding (errors and warnings, each with its {@link LineColumn} as
 * location and its source as code), in order of position, and what promtool / amtool said when they were run.
 *
 * @param kind        what the text was validated as
 * @param findings    errors and warnings, sorted by line and column
 * @param toolVerdict the external tool's verdict in one line (or why it was not run), empty when no tool was asked
 */
public record ValidationReport(ConfigKind kind, List<Finding> findings, Optional<String> toolVerdict) {
    public ValidationReport {
        findings = List.copyOf(findings);
        toolVerdict = toolVerdict == null ? Optional.empty() : toolVerdict;
    }

    /** Whether the file would be accepted: no finding is an error. */
    public boolean valid() {
        return findings.stream().noneMatch(ValidationReport::isError);
    }

    /** The findings that are errors. */
    public List<Finding> errors() {
        return findings.stream().filter(ValidationReport::isError).toList();
    }

    /** The findings that are warnings. */
    public List<Finding> warnings() {
        return findings.stream().filter(f -> !isError(f)).toList();
    }

    /** Whether {@code finding} refuses the file (an error, not a warning). */
    public static boolean isError(Finding finding) {
        return finding.severity() == Severity.ERROR || finding.severity() == Severity.CRITICAL;
    }

    /** {@code error: message [source]}: a finding as the command line and the write gate print it. */
    public static String describe(Finding finding) {
        return finding.severity().name().toLowerCase(Locale.ROOT) + ": " + finding.message() + " [" + finding.code()
                + "]";
    }
}
