package io.neurectomy.console.core.operation;

import io.neurectomy.console.core.ConsoleException;

/** Thrown by an operation that stopped because the user cancelled it. */
public class OperationCancelledException extends ConsoleException {
    private static final long serialVersionUID = 1L;

    public OperationCancelledException() {
        super("Cancelled.");
    }

    public OperationCancelledException(String message) {
        super(message);
    }
}
