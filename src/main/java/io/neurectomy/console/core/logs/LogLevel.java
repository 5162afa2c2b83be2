package io.neurectomy.console.core.logs;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The severity a log line states of itself, as Prometheus, Alertmanager and Grafana write it: logfmt
 * ({@code level=error}, {@code lvl=eror}), JSON ({@code "level":"warn"}), or klog's leading letter
 * ({@code E1126 12:00:00.000000 ...}). {@link #UNKNOWN} when the line says nothing.
 */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG, UNKNOWN;

    private static final Pattern JSON = Pattern.compile("\"(?:level|lvl|severity)\"\\s*:\\s*\"([A-Za-z]+)\"");
    private static final Pattern KLOG = Pattern.compile("^([EWID])\\d{4} \\d{2}:\\d{2}:\\d{2}");

    /** The level {@code line} states, or {@link #UNKNOWN}. */
    public static LogLevel of(String line) {
        if (line == null || line.isEmpty()) {
            return UNKNOWN;
        }
        // logfmt first, without a regex: every line of a log goes through here.
        String logfmt = logfmtValue(line, "level=");
        if (logfmt == null) {
            logfmt = logfmtValue(line, "lvl=");
        }
        if (logfmt != null) {
            return named(logfmt);
        }
        Matcher m;
        if (line.indexOf('{') >= 0) {
            m = JSON.matcher(line);
            if (m.find()) {
                return named(m.group(1));
            }
        }
        m = KLOG.matcher(line);
        if (m.find()) {
            return switch (m.group(1)) {
                case "E" -> ERROR;
                case "W" -> WARN;
                case "I" -> INFO;
                default -> DEBUG;
            };
        }
        return UNKNOWN;
    }

    /** The letters after {@code key} (and an optional quote) where {@code key} starts the line or follows a space. */
    private static String logfmtValue(String line, String key) {
        for (int at = line.indexOf(key); at >= 0; at = line.indexOf(key, at + 1)) {
            if (at > 0 && !Character.isWhitespace(line.charAt(at - 1))) {
                continue;
            }
            int start = at + key.length();
            if (start < line.length() && line.charAt(start) == '"') {
                start++;
            }
            int end = start;
            while (end < line.length() && isAsciiLetter(line.charAt(end))) {
                end++;
            }
            if (end > start) {
                return line.substring(start, end);
            }
        }
        return null;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static LogLevel named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "error", "eror", "err", "crit", "critical", "fatal", "panic", "alert", "emerg" -> ERROR;
            case "warn", "warning" -> WARN;
            case "info", "notice" -> INFO;
            case "debug", "dbug", "trace" -> DEBUG;
            default -> UNKNOWN;
        };
    }

    /** Whether a line of this level passes a filter that shows {@code least} and more severe levels. */
    public boolean atLeast(LogLevel least) {
        if (least == UNKNOWN || least == DEBUG) {
            return true;
        }
        return this != UNKNOWN && this.ordinal() <= least.ordinal();
    }
}
