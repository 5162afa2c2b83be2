package io.neurectomy.console.core.config;

import io.neurectomy.console.core.config.promql.Re2;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Alertmanager's matcher syntax ({@code name="value"}, {@code name=~"regex"}, lists in braces), as amtool reads it. */
final class Matchers {
    private static final Pattern MATCHER = Pattern.compile("^\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(=~|=|!=|!~)\\s*"
            + "((?s).*?)\\s*$");

    /** One parsed matcher. */
    record Parsed(String name, String op, String value) {
    }

    private Matchers() {
    }

    /** Why a matchers string ({@code a="b", c=~"d"}, optionally in braces) does not parse; empty when it does. */
    static Optional<String> problem(String text, List<Parsed> out) {
        String s = text.strip();
        if (s.startsWith("{") && s.endsWith("}")) {
            s = s.substring(1, s.length() - 1);
        } else if (s.startsWith("{") || s.endsWith("}")) {
            return Optional.of("unbalanced braces; write {a=\"b\"} or a=\"b\"");
        }
        for (String part : split(s)) {
            if (part.isBlank()) {
                continue;
            }
            Matcher m = MATCHER.matcher(part);
            if (!m.matches()) {
                String hint = part.contains("==") ? "use a single = (a=\"b\")" : part.contains(":")
                        && !part.contains("=") ? "matchers are written name=\"value\", not name: value"
                        : "write name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\"";
                return Optional.of("bad matcher format '" + clip(part) + "'; " + hint);
            }
            String raw = m.group(3);
            if (raw.startsWith("=") || raw.startsWith("~")) {
                return Optional.of("bad matcher format '" + clip(part) + "'; the operators are =, !=, =~ and !~ "
                        + "(a single =, no spaces inside the operator)");
            }
            String value = raw;
            if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
                value = raw.substring(1, raw.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            } else if (raw.startsWith("\"") || raw.endsWith("\"") && !raw.startsWith("\"")) {
                return Optional.of("matcher '" + m.group(1) + "' has an unbalanced quote; close the value's quotes");
            }
            if (m.group(2).endsWith("~")) {
                Optional<String> re = Re2.problem(value);
                if (re.isPresent()) {
                    return Optional.of("matcher '" + m.group(1) + m.group(2) + "' has an invalid regular expression: "
                            + re.get());
                }
            }
            out.add(new Parsed(m.group(1), m.group(2), value));
        }
        return Optional.empty();
    }

    private static String clip(String s) {
        String t = s.strip();
        return t.length() > 60 ? t.substring(0, 57) + "…" : t;
    }

    /** Splits on commas outside double quotes. */
    private static List<String> split(String s) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted && i + 1 < s.length()) {
                current.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
