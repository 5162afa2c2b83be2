package io.neurectomy.console.core.stack;

import java.util.List;

/**
 * A secret value nobody gave, rendered with a recognisable placeholder so that the manifests can be checked without
 * production secrets ({@link StackManifests#renderWithPlaceholders}). A stack holding one must never be applied.
 *
 * @param name        the value's name in {@code values.yaml} (as a values file sets it)
 * @param description what the value is, from the catalog
 * @param placeholder the text rendered in its place; it names the value and never looks like a real secret
 * @param usedAt      where the templates use it ({@code file:line}), in reading order
 */
public record UnsetSecret(String name, String description, String placeholder, List<String> usedAt) {
    /** What every placeholder starts with (after the scheme in a URL), so it is easy to spot in a rendered file. */
    public static final String MARK = "UNSET-SECRET-";

    public UnsetSecret {
        usedAt = List.copyOf(usedAt);
    }

    /** A placeholder of {@code type}'s form naming {@code name}, or null when the type admits none. */
    static String placeholderFor(String name, ValueType type) {
        String text = switch (type) {
            case URL -> "https://unset-secret.invalid/" + MARK + name;
            case HTPASSWD -> "unset-secret:" + MARK + name;
            default -> MARK + name;
        };
        return type.valid(text) ? text : null;
    }
}
