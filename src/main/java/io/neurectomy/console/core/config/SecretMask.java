package io.neurectomy.console.core.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the values in a YAML text that look secret — webhook URLs, passwords, API keys, tokens, routing keys — so an
 * editor or a diff can show the rest of the file safely. {@link #mask} replaces each value with a numbered
 * placeholder that {@link Masked#unmask} puts back, so a user can edit around secrets without seeing them;
 * {@link #redact} replaces them for good (for text that is only shown).
 */
public final class SecretMask {
    /** A masked text and the values behind its placeholders. {@link #toString()} shows no value. */
    public record Masked(String text, Map<String, String> values) {
        public Masked {
            values = Map.copyOf(values);
        }

        /** {@code edited} with every placeholder still in it replaced by the value it hides. */
        public String unmask(String edited) {
            Matcher m = PLACEHOLDER.matcher(edited);
            StringBuilder out = new StringBuilder(edited.length() + 64);
            while (m.find()) {
                String value = values.get(m.group());
                m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
            }
            m.appendTail(out);
            return out.toString();
        }

        /** Whether the text hides anything. */
        public boolean hidesAnything() {
            return !values.isEmpty();
        }

        @Override
        public String toString() {
            return "Masked[" + values.size() + " value(s) hidden]";
        }
    }

    /** What is shown instead of a value that is only displayed. */
    public static final String REDACTED = "••••••";

    /** Keys whose values are secret: *url (webhooks), *password*, *token*, *secret*, *key (api_key, routing_key…). */
    private static final Pattern KEY = Pattern.compile(
            "(?i)(url|password|passwd|token|secret|credentials|api_key|routing_key|service_key|auth_key|webhook)");
    /** A {@code key: value} line (optionally a list item), the value not a block or a reference to a file. */
    private static final Pattern LINE = Pattern.compile(
            "^(\\s*(?:-\\s+)?)([A-Za-z0-9_.-]+)(\\s*:\\s+)(\\S.*?)(\\s+#.*)?$");
    private static final Pattern PLACEHOLDER = Pattern.compile("‹secret-\\d+›");

    private SecretMask() {
    }

    /** Whether a field of this name holds a secret. Fields naming a file ({@code *_file}) do not. */
    public static boolean secretKey(String key) {
        return KEY.matcher(key).find() && !key.toLowerCase(java.util.Locale.ROOT).endsWith("_file");
    }

    /** Replaces each secret value by a placeholder {@code ‹secret-N›}. */
    public static Masked mask(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        String masked = replace(text, value -> {
            String token = "‹secret-" + (values.size() + 1) + "›";
            values.put(token, value);
            return token;
        });
        return new Masked(masked, values);
    }

    /** Replaces each secret value by {@link #REDACTED}. */
    public static String redact(String text) {
        return replace(text, value -> REDACTED);
    }

    private static String replace(String text, java.util.function.UnaryOperator<String> hide) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            Matcher m = LINE.matcher(line);
            if (m.matches() && secretKey(m.group(2)) && !isBlockOrEmpty(m.group(4))) {
                out.append(m.group(1)).append(m.group(2)).append(m.group(3)).append(hide.apply(m.group(4)))
                        .append(m.group(5) == null ? "" : m.group(5));
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static boolean isBlockOrEmpty(String value) {
        return value.isEmpty() || value.equals("|") || value.equals(">") || value.startsWith("|-")
                || value.startsWith(">-") || value.equals("''") || value.equals("\"\"");
    }
}
