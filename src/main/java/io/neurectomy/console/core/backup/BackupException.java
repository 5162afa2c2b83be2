package io.neurectomy.console.core.backup;

import io.neurectomy.console.core.ConsoleException;

/** A backup, verify, list, retention or S3 operation failed; the message says what happened and what to do. */
public class BackupException extends ConsoleException {
    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
