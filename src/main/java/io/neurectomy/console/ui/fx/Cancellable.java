package io.neurectomy.console.ui.fx;

/** Handle on background work that the user may stop. */
public interface Cancellable {
    /** Stops the work (interrupting it) and guarantees that none of its callbacks runs afterwards. */
    void cancel();

    boolean isCancelled();
}
