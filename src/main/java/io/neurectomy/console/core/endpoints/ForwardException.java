package io.neurectomy.console.core.endpoints;

import io.neurectomy.console.core.ConsoleException;

/** A port-forward could not be set up as asked (bad target text, a port out of range, a refused bind address). */
public final class ForwardException extends ConsoleException {
    private static final long serialVersionUID = 1L;

    public ForwardException(String message) {
        super(message);
    }

    public ForwardException(String message, Throwable cause) {
        super(message, cause);
    }
}
