package io.neurectomy.console.core.operation;

import java.util.Objects;

/**
 * What the user must do before an operation runs.
 *
 * @param kind  none, a plain yes, or a typed name
 * @param name  for {@link Kind#TYPED}: what must be typed (the namespace for a destroy, the archive for a
 *              restore); else empty
 * @param prompt the question asked, e.g. "Destroy the stack in monitoring?"
 */
public record Confirmation(Kind kind, String name, String prompt) {
    /** How strongly an operation must be confirmed. */
    public enum Kind {
        /** Reads or writes only local files the user asked for: runs at once. */
        NONE,
        /** Changes the cluster: a yes (or {@code --yes}). */
        YES,
        /** Destroys or replaces what cannot be got back: the name typed in full (or {@code --yes}). */
        TYPED
    }

    public Confirmation {
        Objects.requireNonNull(kind, "kind");
        name = name == null ? "" : name;
        prompt = prompt == null ? "" : prompt;
        if (kind == Kind.TYPED && name.isBlank()) {
            throw new IllegalArgumentException("A typed confirmation needs the name to type");
        }
    }

    public static Confirmation none() {
        return new Confirmation(Kind.NONE, "", "");
    }

    public static Confirmation yes(String prompt) {
        return new Confirmation(Kind.YES, "", prompt);
    }

    public static Confirmation typed(String name, String prompt) {
        return new Confirmation(Kind.TYPED, name, prompt);
    }

    /** Whether {@code answer} (typed by the user) confirms. */
    public boolean acceptedBy(String answer) {
        String a = answer == null ? "" : answer.strip();
        return switch (kind) {
            case NONE -> true;
            case YES -> a.equalsIgnoreCase("yes") || a.equalsIgnoreCase("y");
            case TYPED -> a.equals(name);
        };
    }
}
