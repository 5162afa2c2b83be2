package io.neurectomy.console.cli;

import io.neurectomy.console.core.ConsoleException;

/** A command was given options that do not fit together or a file it cannot read: exit code 2, nothing done. */
public final class UsageException extends ConsoleException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
