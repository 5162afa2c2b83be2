package io.neurectomy.console.core;

/**
 * Base of every error the core reports: its message is written for a person and says what to do next.
 *
 * <p>Library exceptions (fabric8, SnakeYAML, I/O) are wrapped, never shown alone. Secret values never appear in
 * a message.
 */
public class ConsoleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConsoleException(String message) {
        super(message);
    }

    public ConsoleException(String message, Throwable cause) {
        super(message, cause);
    }
}
