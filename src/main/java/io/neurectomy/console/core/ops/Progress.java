package io.neurectomy.console.core.ops;

/**
 * Where a long operation reports how far it is: steps for plans (deploy, destroy, reload, restore), bytes for
 * transfers (backup, upload). Called from the operation's own thread; a GUI listener hands the value to the FX
 * thread itself, a CLI listener prints it.
 */
@FunctionalInterface
public interface Progress {
    /** Step {@code done} of {@code total} has started or finished; {@code message} says what it is doing. */
    void step(int done, int total, String message);

    /** {@code done} bytes of {@code total} (or -1 when unknown) have been moved. */
    default void bytes(long done, long total) {
    }

    /** A progress sink that ignores everything. */
    static Progress none() {
        return (done, total, message) -> {
        };
    }
}
