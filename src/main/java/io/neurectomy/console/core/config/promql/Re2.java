package io.neurectomy.console.core.config.promql;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Conservative check of a regular expression as Prometheus and Alertmanager compile it (Go's RE2 syntax).
 *
 * <p>Java's engine stands in for RE2. Where the two differ it errs on the side of accepting: a pattern is refused only
 * when it is clearly invalid for RE2 — Java cannot compile it either (for a reason RE2 shares), or it uses a Perl
 * feature RE2 lacks (look-around, back-references, possessive or atomic groups).
 */
public final class Re2 {
    private Re2() {
    }

    private static final int CACHE_LIMIT = 4096;
    /** Verdicts by pattern: an editor re-validates the same patterns on every keystroke. */
    private static final Map<String, Optional<String>> PROBLEMS = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> EMPTY_MATCHES = new ConcurrentHashMap<>();

    /** Why RE2 would refuse {@code regex}, or empty when it would (as far as can be told) accept it. */
    public static Optional<String> problem(String regex) {
        Optional<String> known = PROBLEMS.get(regex);
        if (known != null) {
            return known;
        }
        if (PROBLEMS.size() > CACHE_LIMIT) {
            PROBLEMS.clear();
        }
        Optional<String> verdict = compute(regex);
        PROBLEMS.put(regex, verdict);
        return verdict;
    }

    private static Optional<String> compute(String regex) {
        Optional<String> perl = perlOnly(regex);
        if (perl.isPresent()) {
            return perl;
        }
        try {
            Pattern.compile(javaForm(regex));
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            String d = e.getDescription() == null ? "" : e.getDescription();
            // Unicode classes and POSIX forms RE2 knows under names Java does not: do not guess, accept.
            if (d.contains("character property") || d.contains("Unknown character script")
                    || d.contains("Unknown Unicode property") || d.contains("Unknown inline modifier")
                    || d.contains("Illegal/unsupported escape")) {
                return Optional.empty();
            }
            return Optional.of(d.toLowerCase(java.util.Locale.ROOT) + (e.getIndex() >= 0 ? " at position "
                    + (e.getIndex() + 1) : ""));
        }
    }

    /** Whether the (anchored, as Prometheus anchors it) regex matches the empty string; false when unsure. */
    public static boolean matchesEmpty(String regex) {
        Boolean known = EMPTY_MATCHES.get(regex);
        if (known != null) {
            return known;
        }
        if (EMPTY_MATCHES.size() > CACHE_LIMIT) {
            EMPTY_MATCHES.clear();
        }
        boolean result = computeMatchesEmpty(regex);
        EMPTY_MATCHES.put(regex, result);
        return result;
    }

    private static boolean computeMatchesEmpty(String regex) {
        try {
            return Pattern.compile("^(?:" + javaForm(regex) + ")$").matcher("").matches();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private static String javaForm(String regex) {
        return regex.replace("(?P<", "(?<");
    }

    private static Optional<String> perlOnly(String regex) {
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char n = regex.charAt(i + 1);
                if (!inClass && n >= '1' && n <= '9') {
                    return Optional.of("back-reference \\" + n + " at position " + (i + 1) + " is not supported by "
                            + "RE2 (Prometheus's regex engine); rewrite without it");
                }
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++;
                } else if (i + 2 < regex.length() && regex.charAt(i + 1) == '^' && regex.charAt(i + 2) == ']') {
                    i += 2;
                }
                continue;
            }
            if (c == '(' && regex.startsWith("(?", i)) {
                String rest = regex.substring(i + 2);
                String what = rest.startsWith("=") ? "look-ahead (?=" : rest.startsWith("!") ? "negative look-ahead (?!"
                        : rest.startsWith("<=") ? "look-behind (?<=" : rest.startsWith("<!")
                        ? "negative look-behind (?<!" : rest.startsWith(">") ? "atomic group (?>" : null;
                if (what != null) {
                    return Optional.of(what + " at position " + (i + 1) + " is not supported by RE2 (Prometheus's "
                            + "regex engine); rewrite without it");
                }
            }
            if ((c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < regex.length() && regex.charAt(i + 1) == '+'
                    && i > 0) {
                return Optional.of("possessive quantifier " + c + "+ at position " + (i + 1) + " is not supported by "
                        + "RE2 (Prometheus's regex engine); drop the second +");
            }
        }
        return Optional.empty();
    }
}
