package io.neurectomy.console.core.ops.deploy;

import io.neurectomy.console.core.ConsoleException;
import java.util.List;

/**
 * A deploy, validate or destroy that failed, with a message saying what to do; when some objects were already
 * written, {@link #done()} and {@link #notDone()} say which ("Kind/name"), and the message lists them too.
 */
public class DeployException extends ConsoleException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> done;
    private final transient List<String> notDone;

    public DeployException(String message, Throwable cause) {
        this(message, cause, List.of(), List.of());
    }

    public DeployException(String message, Throwable cause, List<String> done, List<String> notDone) {
        super(message, cause);
        this.done = List.copyOf(done);
        this.notDone = List.copyOf(notDone);
    }

    /** Objects written (or deleted) before the failure. */
    public List<String> done() {
        return done;
    }

    /** Objects not written (or not deleted), the failed one first. */
    public List<String> notDone() {
        return notDone;
    }
}
