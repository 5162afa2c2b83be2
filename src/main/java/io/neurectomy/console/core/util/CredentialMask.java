package io.neurectomy.console.core.util;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks anything shaped like a credential in free text: bearer and basic tokens, values of keys that name a secret,
 * Slack and PagerDuty webhook URLs, passwords in URLs. Used for the console's own log file and for pod logs shown
 * in the window or printed by {@code logs}, which may carry what a server logged of its configuration.
 */
public final class CredentialMask {
    public static final String MASK = "******";

    private static final List<Pattern> PATTERNS = List.of(
            // Authorization headers: "Bearer xyz", "Basic xyz".
            Pattern.compile("(?i)\\b(bearer|basic)\\s+([A-Za-z0-9._~+/=-]{8,})"),
            // key: value and key=value pairs whose key names a secret (KEY_WORD, checked on the key); an
            // "Authorization: Bearer ..." keeps its scheme word (the pattern above has masked the credential after
            // it). The key is a whole run of key characters, taken possessively: a pattern that searched the run for
            // the word backtracked over every start and end in it, seconds for one long line of "a.a.a.…".
            Pattern.compile("(?i)(?<![a-z0-9_.-])([a-z0-9_.-]++)(\"?\\s*[:=]\\s*\"?)"),
            // Incoming-webhook URLs carry their secret in the path.
            Pattern.compile("(?i)(https://hooks\\.slack\\.com/services/)(\\S+)"),
            Pattern.compile("(?i)(https://events\\.pagerduty\\.com/\\S*?)([A-Za-z0-9]{20,})"),
            // Userinfo in URLs: scheme://user:password@host
            Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/\\s:@]+:)([^@\\s/]+)(@)"));

    /**
     * The value after a key that names a secret (pattern 1); a scheme word whose credential pattern 0 masked stays.
     */
    private static final Pattern VALUE = Pattern.compile("(?i)(?!(?:bearer|basic)\\s+\\*{6})[^\\s\",;}]+");

    /** What a key must contain to name a secret (pattern 1). */
    private static final Pattern KEY_WORD = Pattern.compile(
            "(?i)token|password|passwd|secret|api[_-]?key|client-key-data|access[_-]?key|authorization");

    private CredentialMask() {
    }

    /**
     * Words one of which a line must contain (in any case) for the pattern of the same index to match it. Checked
     * first, because most lines contain none and the patterns cost tens of microseconds a line: pod logs run every
     * line through here.
     */
    private static final List<List<String>> TRIGGERS = List.of(
            List.of("bearer", "basic"),
            List.of("token", "passw", "secret", "api", "key", "authorization"),
            List.of("hooks.slack.com"),
            List.of("events.pagerduty.com"),
            List.of("@"));

    /** Returns the text with every credential-shaped value replaced by {@value #MASK}. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        String result = text;
        if (mayMatch(lower, 0)) {
            result = replace(PATTERNS.get(0), result, m -> m.group(1) + " " + MASK);
        }
        if (mayMatch(lower, 1)) {
            result = maskPairs(result);
        }
        if (mayMatch(lower, 2)) {
            result = replace(PATTERNS.get(2), result, m -> m.group(1) + MASK);
        }
        if (mayMatch(lower, 3)) {
            result = replace(PATTERNS.get(3), result, m -> m.group(1) + MASK);
        }
        if (mayMatch(lower, 4)) {
            result = replace(PATTERNS.get(4), result, m -> m.group(1) + MASK + m.group(3));
        }
        return result;
    }

    /**
     * Masks the value of each key: value or key=value pair whose key names a secret. A key that names none is passed
     * over without its value, so the value is still looked at as text of its own ("url https://h/?token=x", or a
     * YAML error quoting "column 23:" before the line "password: x").
     */
    private static String maskPairs(String text) {
        Matcher key = PATTERNS.get(1).matcher(text);
        Matcher value = VALUE.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from < text.length() && key.find(from)) {
            from = key.end(1);
            if (!KEY_WORD.matcher(key.group(1)).find()) {
                continue;
            }
            value.region(key.end(), text.length());
            if (!value.lookingAt()) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, key.end()).append(MASK);
            copied = value.end();
            from = value.end();
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean mayMatch(String lower, int pattern) {
        for (String word : TRIGGERS.get(pattern)) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static String replace(Pattern pattern, String text, Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
