package io.neurectomy.console.core.runbook;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The health findings that point to a scenario: a finding matches when its code is one of the signals' and it is at
 * least as urgent as that signal asks (and, where a signal names one, about a subject starting with its prefix).
 * Acknowledged or not, OK, INFO and UNKNOWN findings never match: they say nothing is broken.
 *
 * @param signals what to look for, in the order the docs list them
 */
public record Detection(List<Signal> signals) {
    /**
     * One kind of finding that points to the scenario.
     *
     * @param code    the finding's code (a health probe's code, e.g. {@code prometheus-ready})
     * @param atLeast the least urgent severity that counts ({@link Severity#WARNING} counts warnings, errors and
     *                critical findings)
     * @param subject a prefix the finding's subject must start with ({@code prometheus-}), or empty for any
     */
    public record Signal(String code, Severity atLeast, String subject) {
        public Signal {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(atLeast, "atLeast");
            subject = subject == null ? "" : subject;
            if (!atLeast.actionable()) {
                throw new IllegalArgumentException("A signal counts only findings that ask for action, not "
                        + atLeast);
            }
        }

        /** Whether {@code finding} is this signal. */
        public boolean matches(Finding finding) {
            return finding.code().equals(code) && finding.actionable()
                    && finding.severity().compareTo(atLeast) <= 0 && finding.subject().startsWith(subject);
        }

        /** {@code prometheus-ready (WARNING or worse)}, for docs and the plan. */
        public String describe() {
            String level = atLeast == Severity.CRITICAL ? "CRITICAL" : atLeast.name() + " or worse";
            return code + " (" + level + (subject.isEmpty() ? "" : ", about " + subject + "…") + ")";
        }
    }

    public Detection {
        signals = List.copyOf(signals);
        if (signals.isEmpty()) {
            throw new IllegalArgumentException("A detection needs at least one signal");
        }
    }

    /** A detection of each {@code code} at {@code atLeast} or worse, about any subject. */
    public static Detection of(Severity atLeast, String... codes) {
        return new Detection(Arrays.stream(codes).map(c -> new Signal(c, atLeast, "")).toList());
    }

    /** This detection with one more signal. */
    public Detection and(String code, Severity atLeast) {
        List<Signal> more = new ArrayList<>(signals);
        more.add(new Signal(code, atLeast, ""));
        return new Detection(more);
    }

    /** The findings among {@code findings} that point to the scenario, most urgent first. */
    public List<Finding> matches(Collection<Finding> findings) {
        return findings.stream().filter(f -> signals.stream().anyMatch(s -> s.matches(f)))
                .sorted(Finding.URGENCY).toList();
    }

    /** The codes looked at, without repeats. */
    public List<String> codes() {
        return signals.stream().map(Signal::code).distinct().toList();
    }

    /** One line for people: "prometheus-ready (WARNING or worse), pod-restarts (ERROR or worse)". */
    public String describe() {
        return String.join(", ", signals.stream().map(Signal::describe).toList());
    }
}
