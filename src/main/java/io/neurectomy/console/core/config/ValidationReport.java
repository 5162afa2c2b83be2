package io.neurectomy.console.core.config;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of validating one file: every problem, in order of position, and what promtool / amtool said when they
 * were run.
 *
 * @param kind        what the text was validated as
 * @param problems    errors and warnings, sorted by line and column
 * @param toolVerdict the external tool's verdict in one line (or why it was not run), empty when no tool was asked
 */
public record ValidationReport(ConfigKind kind, List<Problem> problems, Optional<String> toolVerdict) {
    public ValidationReport {
        problems = List.copyOf(problems);
        toolVerdict = toolVerdict == null ? Optional.empty() : toolVerdict;
    }

    /** Whether the file would be accepted: no problem is an error. */
    public boolean valid() {
        return problems.stream().noneMatch(Problem::isError);
    }

    /** The problems that are errors. */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    /** The problems that are warnings. */
    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }
}
