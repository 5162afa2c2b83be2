package io.neurectomy.console.core.stack;

/**
 * One value the stack's templates use, as {@code values.yaml} declares it.
 *
 * @param name         the variable's name ({@code ${name}} in templates)
 * @param type         the form its value must have
 * @param description  what it is, for people (wizard labels, messages)
 * @param defaultValue the default (may use other {@code ${values}}), or null when the user must supply it
 * @param secret       never shown or logged; the deploy wizard asks for it
 * @param allowEmpty   whether an empty value is acceptable
 */
public record ValueSpec(String name, ValueType type, String description, String defaultValue, boolean secret,
        boolean allowEmpty) {

    /** Whether the user must supply this value (it has no default). */
    public boolean required() {
        return defaultValue == null;
    }
}
